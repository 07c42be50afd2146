import { useEffect, useState } from 'react';
import { get, post } from '../../api';
import { problemText, Words } from '../../components/common';
import { useI18n } from '../../i18n';
import type { Incident } from '@contract/shapes';
import { store } from '../../store';
import { CameraStatusBadge, compassPoint } from './CameraStatusBadge';
import type { IncidentCamera } from '@contract/shapes';
import { changedCamera } from './useCameras';

/**
 * The cameras that see an incident's place, nearest first (`GET /incidents/{n}/cameras`), for the
 * dispatcher's incident panel: each one's status and distance, and for a PTZ camera a button that turns
 * it to the scene (`POST /cameras/{id}/point`, with camera.operate). Asked again when the incident
 * moves and when one of the listed cameras has news on `/live`.
 */
export function IncidentCameras({ incident }: { incident: Incident }) {
  const i18n = useI18n();
  const [cameras, setCameras] = useState<readonly IncidentCamera[] | null>(null);
  // The camera turned is kept, not the sentence, so that it reads in the language chosen later.
  const [message, setMessage] = useState<{ kind: 'pointed'; camera: string } | { kind: 'error'; text: string } | null>(null);
  const [pointing, setPointing] = useState<string | null>(null);
  const { number } = incident;
  const { lat, lon } = incident.location;
  const canRead = store.can('camera.read');
  const canPoint = store.can('camera.operate');

  useEffect(() => {
    if (!canRead) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      void get<IncidentCamera[]>(`/incidents/${encodeURIComponent(number)}/cameras`).then(
        (found) => live && setCameras(found),
        (failure: unknown) => live && setMessage({ kind: 'error', text: problemText(failure) }),
      );
    load();
    // A camera registered or moved nearby, or one of the list gone offline.
    const off = store.onEvent((event) => {
      if (changedCamera(event) === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [number, lat, lon, canRead]);

  if (!canRead) return null;

  const point = async (camera: IncidentCamera) => {
    setPointing(camera.id);
    try {
      await post(`/cameras/${encodeURIComponent(camera.id)}/point`, { incident: number });
      setMessage({ kind: 'pointed', camera: camera.name });
    } catch (failure) {
      setMessage({ kind: 'error', text: problemText(failure) });
    } finally {
      setPointing(null);
    }
  };

  return (
    <section className="section" data-testid="incident-cameras" aria-labelledby={`cameras-${number}`}>
      <strong id={`cameras-${number}`}>{i18n.t('cctv.onScene')}</strong>
      {cameras === null ? (
        <span className="muted">…</span>
      ) : cameras.length === 0 ? (
        <span className="muted">{i18n.t('cctv.noCameraOnScene')}</span>
      ) : (
        <ul className="notes cctv-scene-cameras">
          {cameras.map((camera) => (
            <li key={camera.id} data-camera={camera.id} data-status={camera.status} className={camera.unavailable ? 'unavailable' : ''}>
              <div>
                <div className="row">
                  <strong>
                    <bdi>{camera.name}</bdi>
                  </strong>
                  <bdi dir="ltr" className="muted">
                    {camera.id}
                  </bdi>
                  <CameraStatusBadge status={camera.status} />
                </div>
                <div className="muted">
                  <span className="num">
                    <Words text={i18n.t('cctv.metres')} vars={{ m: <bdi dir="ltr">{i18n.number(camera.distanceM)}</bdi> }} />
                  </span> · {i18n.t(camera.ptz ? 'cctv.ptz' : 'cctv.fixed')} ·{' '}
                  <Words text={i18n.t('cctv.bearing')} vars={{ deg: <bdi dir="ltr">{`${i18n.number(camera.bearingDeg)}°`}</bdi>, point: i18n.t(compassPoint(camera.bearingDeg)) }} />
                  {camera.preset !== null && (
                    <>
                      {' · '}
                      <Words text={i18n.t('cctv.preset')} vars={{ name: <bdi>{camera.preset.name}</bdi> }} />
                    </>
                  )}
                </div>
              </div>
              {camera.ptz && canPoint && (
                <button type="button" className="secondary" disabled={pointing === camera.id || camera.unavailable} onClick={() => void point(camera)} data-testid={`point-${camera.id}`}>
                  {i18n.t('cctv.point')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {message?.kind === 'error' && (
        <span className="field-error" role="alert">
          {message.text}
        </span>
      )}
      {message?.kind === 'pointed' && (
        <span className="muted" role="status" data-testid="camera-pointed">
          <Words
            text={i18n.t('cctv.pointed')}
            vars={{
              camera: <bdi>{message.camera}</bdi>,
              number: (
                <bdi dir="ltr" data-testid="camera-pointed-incident">
                  {number}
                </bdi>
              ),
            }}
          />
        </span>
      )}
    </section>
  );
}
