import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ScreenProps } from '../App';
import { post } from '../api';
import { problemText, Words } from '../components/common';
import { useI18n, type I18n } from '../i18n';
import { OpsMap, type CameraFeature } from '../map/OpsMap';
import { AlarmQueue, type AlarmForm } from './cctv/AlarmQueue';
import { CameraList } from './cctv/CameraList';
import type { CameraAlarm } from '@contract/shapes';
import { useAlarms } from './cctv/useAlarms';
import { useCameras } from './cctv/useCameras';
import { useVideoWall } from './cctv/useVideoWall';
import { VideoWall } from './cctv/VideoWall';

const isTyping = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

/**
 * The CCTV operator's screen: the alarm queue (live, most severe first) with one key to acknowledge,
 * dismiss or make an incident; the map of cameras as what they see, coloured by status; and the
 * operator's video wall, where every camera shown was first asked for through a journaled view.
 */
export function CctvScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const { alarms, loaded, error: alarmError, reload } = useAlarms();
  const { cameras, error: cameraError } = useCameras();
  const wall = useVideoWall();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [form, setForm] = useState<AlarmForm>('none');
  const [busy, setBusy] = useState(false);
  // Words made at display time, so that a message still showing reads in the language the operator switches to.
  const [toast, setToast] = useState<((words: I18n) => ReactNode) | null>(null);
  const [lastIndex, setLastIndex] = useState(0);

  // The selection follows the queue: when the selected alarm leaves (handled here or by a colleague),
  // the one that took its place is selected.
  const selected = alarms.find((alarm) => alarm.id === selectedId) ?? alarms[Math.min(lastIndex, alarms.length - 1)] ?? null;
  useEffect(() => {
    if (selected === null) return;
    if (selected.id !== selectedId) {
      setSelectedId(selected.id);
      setForm('none');
    }
    setLastIndex(alarms.indexOf(selected));
  }, [selected, selectedId, alarms]);

  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), 6_000);
    return () => clearTimeout(timer);
  }, [toast]);

  const select = (id: string) => {
    setSelectedId(id);
    setForm('none');
  };

  const act = async (alarm: CameraAlarm, path: string, body: object, done: (answer: unknown) => (words: I18n) => ReactNode) => {
    setBusy(true);
    try {
      const answer = await post<unknown>(`/camera-alarms/${encodeURIComponent(alarm.id)}/${path}`, body);
      setForm('none');
      setToast(() => done(answer));
      reload();
    } catch (failure) {
      setToast(() => () => problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  // Camera names and incident numbers are data: isolated in the sentence, whatever its direction.
  const camera = (alarm: CameraAlarm) => ({ camera: <bdi>{alarm.cameraName}</bdi> });
  const acknowledge = (alarm: CameraAlarm) => void act(alarm, 'acknowledge', {}, () => (words) => <Words text={words.t('cctv.acknowledged')} vars={camera(alarm)} />);
  const dismiss = (alarm: CameraAlarm, reason: string) => void act(alarm, 'dismiss', { reason }, () => (words) => <Words text={words.t('cctv.dismissed')} vars={camera(alarm)} />);
  const makeIncident = (alarm: CameraAlarm, body: { type: string; at: 'camera' | 'object'; summary: string }) =>
    void act(alarm, 'incident', body, (answer) => (words) => (
      <Words
        text={words.t('cctv.incidentMade')}
        vars={{
          number: (
            <bdi dir="ltr" data-testid="cctv-toast-incident">
              {(answer as { incident: string }).incident}
            </bdi>
          ),
        }}
      />
    ));
  const show = (alarm: CameraAlarm) => void wall.show(alarm.camera, alarm.incident ?? undefined);

  // Keys: arrows through the queue, A acknowledge, D dismiss, I incident, V wall, 1-9 tiles, Esc closes a form.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setForm('none');
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'arrowdown' || key === 'arrowup') {
        if (alarms.length === 0) return;
        event.preventDefault();
        const index = selected === null ? -1 : alarms.indexOf(selected);
        const next = alarms[Math.min(alarms.length - 1, Math.max(0, index + (key === 'arrowdown' ? 1 : -1)))]!;
        select(next.id);
        document.querySelector<HTMLElement>(`[data-alarm="${next.id}"]`)?.focus();
      } else if (/^[1-9]$/.test(key) && Number(key) <= wall.wall.tiles.length) {
        wall.selectTile(Number(key) - 1);
      } else if (selected !== null && !busy) {
        const allowed = selected.allowedActions;
        if (key === 'a' && allowed.includes('acknowledge')) acknowledge(selected);
        else if (key === 'd' && allowed.includes('dismiss')) setForm('dismiss');
        else if (key === 'i' && allowed.includes('incident')) setForm('incident');
        else if (key === 'v') show(selected);
        else return;
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const alarmed = useMemo(() => new Set(alarms.map((alarm) => alarm.camera)), [alarms]);
  const selectedCamera = selected === null ? undefined : cameras.get(selected.camera);
  const features = useMemo<CameraFeature[]>(
    () =>
      [...cameras.values()].map((camera) => ({
        id: camera.id,
        lat: camera.location.lat,
        lon: camera.location.lon,
        headingDeg: camera.headingDeg,
        fovDeg: camera.fovDeg,
        rangeM: camera.rangeM,
        ptz: camera.ptz,
        status: camera.status,
        selected: camera.id === selectedCamera?.id,
        alarm: alarmed.has(camera.id),
      })),
    [cameras, alarmed, selectedCamera?.id],
  );

  return (
    <div className="cctv" data-testid="cctv">
      <section className="column cctv-queue" aria-labelledby="cctv-alarms-title">
        <div className="shortcuts" data-testid="cctv-shortcuts">
          <strong>{i18n.t('shell.shortcuts')}</strong>
          <span><kbd>↑</kbd><kbd>↓</kbd> {i18n.t('cctv.keyMove')}</span>
          <span><kbd>A</kbd> {i18n.t('cctv.keyAck')}</span>
          <span><kbd>D</kbd> {i18n.t('cctv.keyDismiss')}</span>
          <span><kbd>I</kbd> {i18n.t('cctv.keyIncident')}</span>
          <span><kbd>V</kbd> {i18n.t('cctv.keyWall')}</span>
          <span><kbd>1</kbd>…<kbd>9</kbd> {i18n.t('cctv.keyTile')}</span>
          <span><kbd>Esc</kbd> {i18n.t('panel.close')}</span>
        </div>
        <h2 id="cctv-alarms-title">
          {i18n.t('cctv.alarms')} <span className="count" data-testid="alarm-count">({i18n.number(alarms.length)})</span>
        </h2>
        {alarmError !== null && (
          <p className="section field-error" role="alert">
            {alarmError}
          </p>
        )}
        <AlarmQueue
          alarms={alarms}
          loaded={loaded}
          selected={selected?.id ?? null}
          form={form}
          busy={busy}
          onSelect={select}
          onForm={setForm}
          onAcknowledge={acknowledge}
          onDismiss={dismiss}
          onIncident={makeIncident}
          onShow={show}
        />
      </section>
      <VideoWall control={wall} cameras={cameras} />
      <section className="cctv-side">
        <div className="map-cell">
          <OpsMap settings={settings.map} cameras={features} onSelectCamera={(id) => void wall.show(id)} focus={selectedCamera?.location ?? null} />
        </div>
        <CameraList cameras={cameras} error={cameraError} onShow={(id) => void wall.show(id)} />
      </section>
      {toast !== null && (
        <div className="toast" role="status" data-testid="cctv-toast">
          {toast(i18n)}
        </div>
      )}
    </div>
  );
}
