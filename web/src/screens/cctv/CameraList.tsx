import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get } from '../../api';
import { problemText, Words } from '../../components/common';
import { useI18n } from '../../i18n';
import { CameraStatusBadge } from './CameraStatusBadge';
import type { CameraStatus } from '@contract';
import type { Camera, IncidentCamera } from '@contract/shapes';

const SHOWN = 150;
const statusOrder: readonly CameraStatus[] = ['online', 'unknown', 'maintenance', 'offline'];
/** What an incident number looks like (CASA-2026-000123), typed in any case. */
const INCIDENT_NUMBER = /^[A-Z]{2,8}-\d{4}-\d{6,}$/;

/** The incident number the search holds, upper-cased, or null when it is a camera search. */
function incidentNumberIn(search: string): string | null {
  const text = search.trim().toUpperCase();
  return INCIDENT_NUMBER.test(text) ? text : null;
}

type Scene = { readonly number: string } & ({ readonly cameras: readonly IncidentCamera[] } | { readonly unknown: true } | { readonly error: string });

/**
 * The registry, searchable by name, id or district: one click puts a camera on the video wall. An
 * incident number in the search pulls up the cameras that see the incident's place, nearest first.
 */
export function CameraList({ cameras, error, onShow }: { cameras: ReadonlyMap<string, Camera>; error: string | null; onShow: (id: string) => void }) {
  const i18n = useI18n();
  const [search, setSearch] = useState('');
  const incident = incidentNumberIn(search);
  const [scene, setScene] = useState<Scene | null>(null);

  useEffect(() => {
    if (incident === null) return;
    let live = true;
    get<IncidentCamera[]>(`/incidents/${encodeURIComponent(incident)}/cameras`).then(
      (found) => live && setScene({ number: incident, cameras: found }),
      (failure: unknown) => live && setScene(failure instanceof ApiError && failure.status === 404 ? { number: incident, unknown: true } : { number: incident, error: problemText(failure) }),
    );
    return () => {
      live = false;
    };
  }, [incident]);

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
      {incident !== null ? (
        <IncidentScene scene={scene?.number === incident ? scene : null} number={incident} onShow={onShow} />
      ) : cameras.size === 0 ? (
        <p className="empty">{i18n.t('cctv.noCamera')}</p>
      ) : (
        <table className="list">
          <tbody>
            {found.slice(0, SHOWN).map((camera) => (
              <CameraRow key={camera.id} camera={camera} showTestId={`show-${camera.id}`} onShow={onShow}>
                <bdi dir="ltr" data-testid="camera-id">
                  {camera.id}
                </bdi>{' '}
                · {i18n.t(camera.ptz ? 'cctv.ptz' : 'cctv.fixed')}
                {camera.district !== null && (
                  <>
                    {' · '}
                    <bdi>{camera.district}</bdi>
                  </>
                )}
              </CameraRow>
            ))}
          </tbody>
        </table>
      )}
      {found.length > SHOWN && <p className="empty">{i18n.t('cctv.moreCameras', { n: i18n.number(found.length - SHOWN) })}</p>}
    </section>
  );
}

/** The cameras that see an incident searched by its number, nearest first, each one click from the wall. */
function IncidentScene({ scene, number, onShow }: { scene: Scene | null; number: string; onShow: (id: string) => void }) {
  const i18n = useI18n();
  return (
    <div className="cctv-incident-search" data-testid="incident-search" data-incident={number} data-state={scene === null ? 'loading' : 'cameras' in scene ? 'found' : 'unknown' in scene ? 'unknown' : 'error'}>
      <p className="cctv-hint">
        <strong>{i18n.t('cctv.incidentSearch')}</strong> <bdi dir="ltr" className="num">{number}</bdi>
      </p>
      {scene === null ? (
        <p className="empty">…</p>
      ) : 'unknown' in scene ? (
        <p className="empty">{i18n.t('cctv.noSuchIncident')}</p>
      ) : 'error' in scene ? (
        <p className="field-error">{scene.error}</p>
      ) : scene.cameras.length === 0 ? (
        <p className="empty">{i18n.t('cctv.noCameraOnScene')}</p>
      ) : (
        <table className="list">
          <tbody>
            {scene.cameras.map((camera) => (
              <CameraRow key={camera.id} camera={camera} showTestId={`scene-show-${camera.id}`} onShow={onShow}>
                <bdi dir="ltr">{camera.id}</bdi> ·{' '}
                <span className="num">
                  <Words text={i18n.t('cctv.metres')} vars={{ m: <bdi dir="ltr">{i18n.number(camera.distanceM)}</bdi> }} />
                </span>{' '}
                · {i18n.t(camera.ptz ? 'cctv.ptz' : 'cctv.fixed')}
              </CameraRow>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A camera in a list: its name, what `children` says of it, its state, and the button that puts it on the wall. */
function CameraRow({ camera, showTestId, onShow, children }: { camera: { id: string; name: string; status: CameraStatus }; showTestId: string; onShow: (id: string) => void; children: ReactNode }) {
  const i18n = useI18n();
  return (
    <tr data-camera={camera.id}>
      <td>
        <strong>
          <bdi>{camera.name}</bdi>
        </strong>
        <div className="muted">{children}</div>
      </td>
      <td>
        <CameraStatusBadge status={camera.status} />
      </td>
      <td>
        <button type="button" className="secondary" onClick={() => onShow(camera.id)} title={i18n.t('cctv.showOnWall')} data-testid={showTestId}>
          {i18n.t('cctv.show')}
        </button>
      </td>
    </tr>
  );
}
