import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { CameraStatusBadge } from './CameraStatusBadge';
import type { Camera, CameraStatus } from './types';

const SHOWN = 150;
const statusOrder: readonly CameraStatus[] = ['online', 'unknown', 'maintenance', 'offline'];

/** The registry, searchable by name, id or district: one click puts a camera on the video wall. */
export function CameraList({ cameras, error, onShow }: { cameras: ReadonlyMap<string, Camera>; error: string | null; onShow: (id: string) => void }) {
  const i18n = useI18n();
  const [search, setSearch] = useState('');
  const found = useMemo(() => {
    const words = search.trim().toLowerCase();
    return [...cameras.values()]
      .filter((c) => words === '' || `${c.id} ${c.name} ${c.district ?? ''}`.toLowerCase().includes(words))
      .sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || a.name.localeCompare(b.name));
  }, [cameras, search]);
  return (
    <section className="cctv-cameras" data-testid="camera-list" aria-labelledby="cctv-cameras-title">
      <h2 id="cctv-cameras-title">
        {i18n.t('cctv.cameras')} <span className="count">({i18n.number(cameras.size)})</span>
        <input className="grow" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={i18n.t('cctv.filter')} aria-label={i18n.t('cctv.filter')} />
      </h2>
      <p className="muted cctv-hint">{i18n.t('cctv.mapHint')}</p>
      {error !== null && <p className="field-error">{error}</p>}
      {cameras.size === 0 ? (
        <p className="empty">{i18n.t('cctv.noCamera')}</p>
      ) : (
        <table className="list">
          <tbody>
            {found.slice(0, SHOWN).map((camera) => (
              <tr key={camera.id} data-camera={camera.id}>
                <td>
                  <strong>{camera.name}</strong>
                  <div className="muted">
                    {camera.id} · {i18n.t(camera.ptz ? 'cctv.ptz' : 'cctv.fixed')}
                    {camera.district !== null && <> · {camera.district}</>}
                  </div>
                </td>
                <td>
                  <CameraStatusBadge status={camera.status} />
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => onShow(camera.id)} title={i18n.t('cctv.showOnWall')} data-testid={`show-${camera.id}`}>
                    {i18n.t('cctv.show')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {found.length > SHOWN && <p className="empty">{i18n.t('cctv.moreCameras', { n: i18n.number(found.length - SHOWN) })}</p>}
    </section>
  );
}
