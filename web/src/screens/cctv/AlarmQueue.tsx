import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { Elapsed, typeLabel, Words } from '../../components/common';
import { useI18n, type I18n } from '../../i18n';
import { useStore } from '../../store';
import { showable } from './media';
import type { CameraAlarm } from '@contract/shapes';

/** What the operator is doing with the selected alarm: nothing yet, dismissing it, or making an incident of it. */
export type AlarmForm = 'none' | 'dismiss' | 'incident';

export interface AlarmQueueProps {
  readonly alarms: readonly CameraAlarm[];
  /** Whether the queue was read once (before, an empty list says nothing). */
  readonly loaded: boolean;
  readonly selected: string | null;
  readonly form: AlarmForm;
  readonly busy: boolean;
  onSelect(id: string): void;
  onForm(form: AlarmForm): void;
  onAcknowledge(alarm: CameraAlarm): void;
  onDismiss(alarm: CameraAlarm, reason: string): void;
  onIncident(alarm: CameraAlarm, body: { type: string; at: 'camera' | 'object'; summary: string }): void;
  onShow(alarm: CameraAlarm): void;
}

/** The alarm queue: most severe first, then the newest; the selected alarm opens with its actions. */
export function AlarmQueue(props: AlarmQueueProps) {
  const i18n = useI18n();
  if (!props.loaded) return <p className="empty">…</p>;
  if (props.alarms.length === 0) return <p className="empty" data-testid="no-alarm">{i18n.t('cctv.noAlarm')}</p>;
  return (
    <ol className="cctv-alarms" data-testid="alarm-queue">
      {props.alarms.map((alarm) => (
        <AlarmCard key={alarm.id} alarm={alarm} open={alarm.id === props.selected} {...props} />
      ))}
    </ol>
  );
}

function AlarmCard({ alarm, open, form, busy, onSelect, onForm, onAcknowledge, onDismiss, onIncident, onShow }: AlarmQueueProps & { alarm: CameraAlarm; open: boolean }) {
  const i18n = useI18n();
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (open) item.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  const score = alarm.topScore ?? alarm.score;
  return (
    <li
      ref={item}
      className={`cctv-alarm severity-${alarm.severity}${open ? ' selected' : ''}`}
      data-alarm={alarm.id}
      data-camera={alarm.camera}
      data-severity={alarm.severity}
      data-status={alarm.status}
      tabIndex={0}
      aria-current={open ? 'true' : undefined}
      onClick={() => !open && onSelect(alarm.id)}
      onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && onSelect(alarm.id)}
    >
      <div className="cctv-alarm-main">
        <Thumbnail alarm={alarm} />
        <div className="cctv-alarm-text">
          <div className="row">
            <span className={`badge cctv-severity ${alarm.severity}`}>{i18n.t(`cctv.severity.${alarm.severity}`)}</span>
            <strong data-testid="alarm-what">
              <AlarmLabel alarm={alarm} />
            </strong>
          </div>
          <div>
            <strong>
              <bdi data-testid="alarm-camera-name">{alarm.cameraName}</bdi>
            </strong>{' '}
            <bdi dir="ltr" className="muted" data-testid="alarm-camera">
              {alarm.camera}
            </bdi>
          </div>
          <div className="muted">
            <bdi dir="ltr" className="num" data-testid="alarm-time">
              {i18n.time(alarm.firstSeenAt)}
            </bdi>{' '}
            (
            <bdi dir="ltr">
              <Elapsed since={alarm.firstSeenAt} />
            </bdi>
            )
            {score !== null && (
              <>
                {' · '}
                <Words text={i18n.t('cctv.score')} vars={{ score: <bdi dir="ltr">{i18n.number(score * 100)}</bdi> }} />
              </>
            )}
            {alarm.zones.length > 0 && (
              <>
                {' · '}
                <Words text={i18n.t('cctv.zones')} vars={{ zones: <Tokens values={alarm.zones} /> }} />
              </>
            )}
          </div>
          {alarm.hotlist !== null && (
            <div className="stale" data-testid="alarm-hotlist">
              {alarm.plate !== null && (
                <>
                  <bdi dir="ltr" className="cctv-plate" data-testid="alarm-plate">
                    {alarm.plate}
                  </bdi>{' '}
                </>
              )}
              <Words text={i18n.t('cctv.onList')} vars={{ list: <bdi data-testid="alarm-hotlist-name">{alarm.hotlist.name}</bdi>, reason: <Code i18n={i18n} prefix="cctv.reason." code={alarm.hotlist.reason} /> }} />
              {alarm.hotlist.note !== null && (
                <>
                  {' · '}
                  <bdi data-testid="alarm-hotlist-note">{alarm.hotlist.note}</bdi>
                </>
              )}
            </div>
          )}
          {alarm.status === 'acknowledged' && alarm.actedAt !== null && (
            <div className="muted" data-testid="alarm-acked">
              <Words
                text={i18n.t('cctv.ackedBy')}
                vars={{
                  user: <bdi>{alarm.actedBy?.replace(/^user:/, '') ?? ''}</bdi>,
                  time: (
                    <bdi dir="ltr" className="num">
                      {i18n.time(alarm.actedAt)}
                    </bdi>
                  ),
                }}
              />
            </div>
          )}
        </div>
      </div>
      {open && <AlarmActions alarm={alarm} form={form} busy={busy} onForm={onForm} onAcknowledge={onAcknowledge} onDismiss={onDismiss} onIncident={onIncident} onShow={onShow} />}
    </li>
  );
}

function Thumbnail({ alarm }: { alarm: CameraAlarm }) {
  const i18n = useI18n();
  const [broken, setBroken] = useState(false);
  const url = alarm.snapshotUrl;
  if (url !== null && showable(url) && !broken) {
    return <img className="cctv-thumb" src={url} alt={i18n.t('cctv.snapshotOf', { camera: alarm.cameraName })} onError={() => setBroken(true)} data-testid="alarm-snapshot" />;
  }
  if (url !== null && /^https?:\/\//.test(url) && !broken) {
    // The console's security policy loads images from the centre only: say so rather than show a broken image.
    return (
      <div className="cctv-thumb placeholder blocked" data-testid="alarm-snapshot-blocked" title={i18n.t('cctv.snapshotBlocked')}>
        <CameraIcon />
        <span>{i18n.t('cctv.snapshotExternal')}</span>
        <a href={url} target="_blank" rel="noreferrer noopener" onClick={(e) => e.stopPropagation()}>
          {i18n.t('cctv.openSnapshot')}
        </a>
      </div>
    );
  }
  return (
    <div className="cctv-thumb placeholder" data-testid="alarm-no-snapshot">
      <CameraIcon />
      <span>{i18n.t('cctv.noSnapshot')}</span>
    </div>
  );
}

/** A camera drawn in SVG: the fonts of an operator's computer may lack any camera symbol. */
function CameraIcon() {
  return (
    <svg className="cctv-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path d="M4 7h3l1.5-2h7L17 7h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      <circle cx="12" cy="13" r="3.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

function AlarmActions({ alarm, form, busy, onForm, onAcknowledge, onDismiss, onIncident, onShow }: Omit<AlarmQueueProps, 'alarms' | 'loaded' | 'selected' | 'onSelect'> & { alarm: CameraAlarm }) {
  const i18n = useI18n();
  useStore('catalogue');
  const s = useStore();
  const [reason, setReason] = useState('');
  // A hotlist hit comes with the type its list's reason calls for (the operator may choose another).
  const [type, setType] = useState(alarm.incidentType ?? '');
  // At the object when the analytics or the camera's geometry placed it; a camera offline has none.
  const [at, setAt] = useState<'camera' | 'object'>(alarm.objectPosition === null ? 'camera' : 'object');
  const [summary, setSummary] = useState('');
  const allowed = new Set(alarm.allowedActions);
  const types = [...s.types].sort((a, b) => i18n.label(a.labels).localeCompare(i18n.label(b.labels), i18n.language));

  const dismiss = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() !== '') onDismiss(alarm, reason.trim());
  };
  const incident = (event: FormEvent) => {
    event.preventDefault();
    // Left empty, the summary is the alarm told in the operator's words (the server's own is in English).
    if (type !== '') onIncident(alarm, { type, at, summary: summary.trim() === '' ? alarmSummary(alarm, i18n) : summary.trim() });
  };
  return (
    <div className="cctv-actions" onClick={(e) => e.stopPropagation()}>
      <div className="cctv-action-buttons">
        {allowed.has('acknowledge') && (
          <button type="button" disabled={busy} onClick={() => onAcknowledge(alarm)} data-testid="alarm-acknowledge">
            {i18n.t('cctv.acknowledge')} <kbd>A</kbd>
          </button>
        )}
        {allowed.has('dismiss') && (
          <button type="button" className={form === 'dismiss' ? '' : 'secondary'} disabled={busy} onClick={() => onForm(form === 'dismiss' ? 'none' : 'dismiss')} data-testid="alarm-dismiss">
            {i18n.t('cctv.dismiss')} <kbd>D</kbd>
          </button>
        )}
        {allowed.has('incident') && (
          <button type="button" className={form === 'incident' ? '' : 'secondary'} disabled={busy} onClick={() => onForm(form === 'incident' ? 'none' : 'incident')} data-testid="alarm-incident">
            {i18n.t('cctv.makeIncident')} <kbd>I</kbd>
          </button>
        )}
        <button type="button" className="secondary" onClick={() => onShow(alarm)} data-testid="alarm-show">
          {i18n.t('cctv.showOnWall')} <kbd>V</kbd>
        </button>
      </div>
      {form === 'dismiss' && (
        <form className="form" onSubmit={dismiss} data-testid="dismiss-form">
          <label>
            {i18n.t('cctv.dismissReason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} autoFocus data-testid="dismiss-reason" />
          </label>
          <button type="submit" className="danger" disabled={busy || reason.trim() === ''}>
            {i18n.t('cctv.dismissConfirm')}
          </button>
        </form>
      )}
      {form === 'incident' && (
        <form className="form" onSubmit={incident} data-testid="incident-form">
          <label>
            {i18n.t('cctv.incidentType')}
            <select value={type} onChange={(e) => setType(e.target.value)} required autoFocus data-testid="incident-type-choice">
              <option value="" />
              {types.map((t) => (
                <option key={t.code} value={t.code}>
                  {typeLabel(t.code, i18n.language)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="row">
            <legend>{i18n.t('cctv.incidentAt')}</legend>
            {(['object', 'camera'] as const).map((place) => (
              <label key={place} className="row">
                <input
                  type="radio"
                  name={`at-${alarm.id}`}
                  value={place}
                  checked={at === place}
                  disabled={place === 'object' && alarm.objectPosition === null}
                  onChange={() => setAt(place)}
                  data-testid={`incident-at-${place}`}
                />{' '}
                {i18n.t(`cctv.at.${place}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {i18n.t('cctv.summary')}
            <input value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={500} placeholder={alarmSummary(alarm, i18n)} data-testid="incident-summary" />
          </label>
          <button type="submit" disabled={busy || type === ''} data-testid="incident-create">
            {i18n.t('cctv.create')}
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * "Object detected: person", "Wanted plate", "Camera offline"... in the operator's language. A Frigate
 * sub-label (a recognised face's name, a delivery company) is data, as is a label the console has no
 * words for yet: both stay isolated.
 */
function AlarmLabel({ alarm }: { alarm: CameraAlarm }) {
  const i18n = useI18n();
  const kind = <Code i18n={i18n} prefix="cctv.kind." code={alarm.kind} />;
  const seen = seenLabel(alarm);
  if (seen === null) return kind;
  const label = <Code i18n={i18n} prefix="cctv.label." code={seen} />;
  return (
    <Words
      text={i18n.t('cctv.kindLabel')}
      vars={{
        kind,
        label:
          alarm.subLabel === null ? (
            label
          ) : (
            <>
              {label} (<bdi>{alarm.subLabel}</bdi>)
            </>
          ),
      }}
    />
  );
}

/**
 * The summary of an incident made of `alarm` when the operator writes none, in the operator's language:
 * "إنذار الكاميرا bd-anfa-north (CAM-0101): لوحة مبحوث عنها؛ اللوحة 12345A6 في لائحة Vols Anfa (سيارة مسروقة)".
 */
function alarmSummary(alarm: CameraAlarm, i18n: I18n): string {
  const code = (prefix: string, value: string) => {
    const key = `${prefix}${value}`;
    return i18n.has(key) ? i18n.t(key) : value;
  };
  const kind = code('cctv.kind.', alarm.kind);
  const seen = seenLabel(alarm);
  const label = seen === null ? null : code('cctv.label.', seen);
  const what = label === null ? kind : i18n.t('cctv.kindLabel', { kind, label: alarm.subLabel === null ? label : `${label} (${alarm.subLabel})` });
  const camera = i18n.t('cctv.summaryOf', { camera: alarm.cameraName, id: alarm.camera, what });
  const plate = alarm.hotlist === null || alarm.plate === null ? '' : i18n.t('cctv.summaryPlate', { plate: alarm.plate, list: alarm.hotlist.name, reason: code('cctv.reason.', alarm.hotlist.reason) });
  return `${camera}${plate}`.slice(0, 500);
}

/** What the analytics saw (Frigate's label), when the alarm's kind says more than its kind alone. */
function seenLabel(alarm: CameraAlarm): string | null {
  return alarm.kind === 'camera_offline' || alarm.kind === 'plate_hit' ? null : alarm.label;
}

/** The console's words for a code the server sends, or the code itself, isolated, when it has none (a new Frigate label). */
function Code({ i18n, prefix, code }: { i18n: I18n; prefix: string; code: string }) {
  const key = `${prefix}${code}`;
  return i18n.has(key) ? <>{i18n.t(key)}</> : <bdi dir="ltr">{code}</bdi>;
}

/** Names typed in Latin (Frigate's zones), each isolated, separated the operator's way. */
function Tokens({ values }: { values: readonly string[] }) {
  const i18n = useI18n();
  return (
    <>
      {values.map((value, index) => (
        <Fragment key={index}>
          {index > 0 && i18n.t('cctv.listSeparator')}
          <bdi>{value}</bdi>
        </Fragment>
      ))}
    </>
  );
}
