import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ScreenProps } from '../App';
import { get, post } from '../api';
import { Elapsed, IncidentFacts, IncidentStatusBadge, Notes, PriorityBadge, StaleFlags, TimelineList, UnitStatusBadge, Words, problemText, typeLabel, useNow } from '../components/common';
import { useI18n, type MessageKey } from '../i18n';
import { OpsMap, type Selection } from '../map/OpsMap';
import { UnitKind, UnitStatus, byPriorityThenAge, dispatchTargetS, isOpen, manualUnitMoves } from '@contract';
import type { Assignment, Incident, Recommendation, RoadRoute, Unit } from '@contract/shapes';
import { store, useStore } from '../store';
import { useResource } from '../useResource';
import { IncidentCameras } from './cctv/IncidentCameras';
import { EodPanel } from './eod/EodPanel';
import { travelTime } from './field/RouteCard';
import { RouteWatch } from './field/useRoute';
import './Dispatcher.css';

const unitKinds: readonly UnitKind[] = Object.values(UnitKind);
const unitStatuses: readonly UnitStatus[] = Object.values(UnitStatus);

/** Whether a key was typed into a field (the screen's keys then do nothing). */
const typing = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

/**
 * The letter of a shortcut key as on a Latin keyboard, whatever the layout: `event.key` when it is a
 * Latin letter (AZERTY, QWERTY), else the key's place (`KeyA` on an Arabic keyboard, where it types ش).
 * None with Ctrl, Alt or Meta: those are the browser's and the system's.
 */
function shortcutLetter(event: KeyboardEvent): string | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase();
  return /^Key([A-Z])$/.exec(event.code)?.[1]?.toLowerCase();
}

/** An assignment this console just made, which its author may still take back. */
interface Undoable {
  readonly number: string;
  readonly callSign: string;
  /** When the chance ends, on this browser's clock (the server's window, counted from its answer). */
  readonly untilMs: number;
}

/**
 * The dispatcher's screen: open incidents by priority with running timers, the recommended units by
 * road time, one-key assignment, the unit board, and the selected incident's notes and timeline.
 */
export function DispatcherScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const s = useStore('incidents', 'units');
  const [tab, setTab] = useState<'incidents' | 'units'>('incidents');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [toast, setToast] = useState<ReactNode | null>(null);
  const [undoable, setUndoable] = useState<Undoable | null>(null);

  const open = useMemo(() => [...s.incidents.values()].filter((i) => isOpen(i.status)).sort(byPriorityThenAge), [s.incidents, s.version('incidents')]);
  const selectedIncident = selection?.kind === 'incident' ? (s.incidents.get(selection.id) ?? null) : null;
  const selectedUnit = selection?.kind === 'unit' ? (s.units.get(selection.id) ?? null) : null;
  const routes = useAssignedRoutes(selectedIncident);
  const roadLines = useMemo(() => [...routes.values()].filter((r) => r.kind === 'road').map((r) => r.coordinates), [routes]);

  /** An assignment made here: offered for undo while the server allows it, else said in a toast. */
  const assigned = (number: string, assignment: Assignment | undefined, callSign: string) => {
    if (assignment === undefined || assignment.undoableUntil === null) {
      setToast(<Words text={i18n.t('dispatcher.assigned')} vars={{ unit: <bdi>{callSign}</bdi>, number: <bdi>{number}</bdi> }} />);
      return;
    }
    setToast(null);
    setUndoable({ number, callSign, untilMs: Date.now() + (Date.parse(assignment.undoableUntil) - Date.parse(assignment.assignedAt)) });
  };

  const undo = async () => {
    if (undoable === null) return;
    const { number, callSign } = undoable;
    setUndoable(null);
    const vars = { unit: <bdi>{callSign}</bdi>, number: <bdi>{number}</bdi> };
    try {
      await post(`/incidents/${number}/undo-assignment`, { unit: callSign });
      setToast(<Words text={i18n.t('dispatcher.undo.done')} vars={vars} />);
    } catch (failure) {
      setToast(<Words text={i18n.t('dispatcher.undo.refused')} vars={{ ...vars, reason: problemText(failure) }} />);
    }
  };

  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), 5_000);
    return () => clearTimeout(timer);
  }, [toast]);

  // Keys: arrows move through incidents, U switches to the unit board, I back to incidents, Z takes back
  // the assignment just made, Escape closes the panel (unless the panel used it: a question it asked).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.defaultPrevented) return;
      const letter = shortcutLetter(event);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (open.length === 0) return;
        event.preventDefault();
        const index = selectedIncident === null ? -1 : open.findIndex((i) => i.number === selectedIncident.number);
        const next = open[Math.min(open.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]!;
        setSelection({ kind: 'incident', id: next.number });
        document.querySelector<HTMLElement>(`[data-incident="${next.number}"]`)?.focus();
      } else if (letter === 'u') setTab('units');
      else if (letter === 'i') setTab('incidents');
      else if (letter === 'z' && undoable !== null) {
        event.preventDefault();
        void undo();
      } else if (event.key === 'Escape') setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="layout">
      <section className="column">
        <div className="shortcuts">
          <strong>{i18n.t('shell.shortcuts')}</strong>
          <span><kbd>↑</kbd><kbd>↓</kbd> {i18n.t('dispatcher.keyMove')}</span>
          <span><kbd>A</kbd> {i18n.t('dispatcher.keyAssign')}</span>
          <span><kbd>Z</kbd> {i18n.t('dispatcher.keyUndo')}</span>
          <span><kbd>I</kbd>/<kbd>U</kbd> {i18n.t('dispatcher.keyTabs')}</span>
          <span><kbd>Esc</kbd> {i18n.t('panel.close')}</span>
        </div>
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'incidents'} className={tab === 'incidents' ? '' : 'secondary'} onClick={() => setTab('incidents')} data-testid="tab-incidents">
            {i18n.t('dispatcher.incidents')} ({i18n.number(open.length)})
          </button>
          <button type="button" role="tab" aria-selected={tab === 'units'} className={tab === 'units' ? '' : 'secondary'} onClick={() => setTab('units')} data-testid="tab-units">
            {i18n.t('dispatcher.units')} ({i18n.number(s.units.size)})
          </button>
        </div>
        {tab === 'incidents' ? (
          <IncidentList incidents={open} selected={selectedIncident?.number ?? null} onSelect={(number) => setSelection({ kind: 'incident', id: number })} />
        ) : (
          <UnitBoard selected={selectedUnit?.callSign ?? null} onSelect={(callSign) => setSelection({ kind: 'unit', id: callSign })} />
        )}
      </section>
      <section className="map-cell">
        <OpsMap
          settings={settings.map}
          onSelect={setSelection}
          selectedIncident={selectedIncident?.number ?? null}
          routes={roadLines}
          focus={selectedIncident?.location ?? selectedUnit?.position ?? null}
        />
      </section>
      <section className="column" aria-live="polite">
        {selectedIncident !== null ? (
          <IncidentPanel
            key={selectedIncident.number}
            incident={selectedIncident}
            routes={routes}
            onClose={() => setSelection(null)}
            onDone={setToast}
            onAssigned={assigned}
            onSelectUnit={(cs) => setSelection({ kind: 'unit', id: cs })}
          />
        ) : selectedUnit !== null ? (
          <UnitPanel unit={selectedUnit} onClose={() => setSelection(null)} onDone={setToast} onSelectIncident={(n) => setSelection({ kind: 'incident', id: n })} />
        ) : (
          <p className="empty">{i18n.t('dispatcher.selectHint')}</p>
        )}
      </section>
      {toast !== null && (
        <div className="toast" role="status">
          {toast}
        </div>
      )}
      {undoable !== null && <UndoBar undoable={undoable} onUndo={() => void undo()} onEnd={() => setUndoable((u) => (u === undoable ? null : u))} />}
    </div>
  );
}

/**
 * The chance to take back the assignment just made: what was sent where, the seconds left, a button
 * and the key Z. It ends when the time is up or the unit sets off (the server would refuse).
 */
function UndoBar({ undoable, onUndo, onEnd }: { undoable: Undoable; onUndo: () => void; onEnd: () => void }) {
  const i18n = useI18n();
  const now = useNow(250);
  useStore('units');
  const unit = store.units.get(undoable.callSign);
  // Right after the assignment the board may still show the unit as it was; it has moved on once it is
  // en route or further, or on another incident.
  const movedOn = unit !== undefined && (unit.status === 'en_route' || unit.status === 'on_scene' || (unit.incident !== null && unit.incident !== undoable.number));
  const leftS = Math.ceil((undoable.untilMs - now) / 1_000);
  const over = leftS <= 0 || movedOn;
  useEffect(() => {
    if (over) onEnd();
  }, [over, onEnd]);
  if (over) return null;
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar" data-unit={undoable.callSign} data-incident={undoable.number} data-left={leftS}>
      <span>
        <Words text={i18n.t('dispatcher.undo.sent')} vars={{ unit: <bdi>{undoable.callSign}</bdi>, number: <bdi>{undoable.number}</bdi> }} />
      </span>
      <span className="num undo-left" data-testid="undo-left">
        {i18n.t('dispatcher.undo.left', { n: i18n.number(leftS) })}
      </span>
      <button type="button" onClick={onUndo} data-testid="undo-assignment">
        {i18n.t('dispatcher.undo.button')} <kbd>Z</kbd>
      </button>
    </div>
  );
}

function IncidentList({ incidents, selected, onSelect }: { incidents: readonly Incident[]; selected: string | null; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  useStore('catalogue');
  if (incidents.length === 0) return <p className="empty">{i18n.t('dispatcher.noIncident')}</p>;
  return (
    <table className="list" data-testid="incident-list">
      <thead>
        <tr>
          <th>{i18n.t('field.priority')}</th>
          <th>{i18n.t('field.incident')}</th>
          <th>{i18n.t('field.status')}</th>
          <th>{i18n.t('dispatcher.age')}</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr
            key={incident.number}
            tabIndex={0}
            data-incident={incident.number}
            className={incident.number === selected ? 'selected' : ''}
            onClick={() => onSelect(incident.number)}
            onKeyDown={(event) => event.key === 'Enter' && onSelect(incident.number)}
          >
            <td>
              <PriorityBadge priority={incident.priority} />
            </td>
            <td>
              <strong>
                <bdi>{incident.number}</bdi>
              </strong>
              <div>{typeLabel(incident.type, i18n.language)}</div>
              <div className="muted">
                <bdi>{incident.address ?? incident.district ?? ''}</bdi>
              </div>
            </td>
            <td>
              <IncidentStatusBadge status={incident.status} />
            </td>
            <td>
              <Elapsed since={incident.createdAt} lateAfterS={incident.status === 'new' ? dispatchTargetS[incident.priority] : undefined} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Station {
  readonly code: string;
  readonly name: string;
  readonly nameAr: string | null;
  readonly area: string | null;
}

function UnitBoard({ selected, onSelect }: { selected: string | null; onSelect: (callSign: string) => void }) {
  const i18n = useI18n();
  const s = useStore('units');
  const stationList = useResource<Station[]>('/stations', ['station/']).data;
  const stations = useMemo(() => stationList ?? [], [stationList]);
  const [district, setDistrict] = useState('');
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [staleOnly, setStaleOnly] = useState(false);
  const districtOf = useMemo(() => new Map(stations.map((st) => [st.code, st.area ?? ''])), [stations]);
  const districts = useMemo(() => [...new Set(stations.map((st) => st.area).filter((a): a is string => a !== null))].sort(), [stations]);
  const units = [...s.units.values()]
    .filter((u) => (district === '' || districtOf.get(u.station) === district) && (kind === '' || u.kind === kind) && (status === '' || u.status === status) && (!staleOnly || u.positionStale || u.statusStale))
    .sort((a, b) => unitStatuses.indexOf(a.status) - unitStatuses.indexOf(b.status) || a.callSign.localeCompare(b.callSign));
  const counts = new Map<UnitStatus, number>();
  for (const u of s.units.values()) counts.set(u.status, (counts.get(u.status) ?? 0) + 1);
  return (
    <div data-testid="unit-board">
      <div className="section row">
        <select aria-label={i18n.t('field.district')} value={district} onChange={(e) => setDistrict(e.target.value)}>
          <option value="">{i18n.t('field.district')}: {i18n.t('common.all')}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <select aria-label={i18n.t('field.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{i18n.t('field.kind')}: {i18n.t('common.all')}</option>
          {unitKinds.map((k) => (
            <option key={k} value={k}>
              {i18n.t(`kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={i18n.t('field.status')} value={status} onChange={(e) => setStatus(e.target.value)} data-testid="unit-status-filter">
          <option value="">{i18n.t('field.status')}: {i18n.t('common.all')}</option>
          {unitStatuses.map((st) => (
            <option key={st} value={st}>
              {i18n.t(`ustatus.${st}` as MessageKey)} ({i18n.number(counts.get(st) ?? 0)})
            </option>
          ))}
        </select>
        <label className="row">
          <input type="checkbox" checked={staleOnly} onChange={(e) => setStaleOnly(e.target.checked)} /> {i18n.t('unit.stale')}
        </label>
      </div>
      <table className="list">
        <thead>
          <tr>
            <th>{i18n.t('dispatcher.unit')}</th>
            <th>{i18n.t('field.status')}</th>
            <th>{i18n.t('field.station')}</th>
            <th>{i18n.t('field.incident')}</th>
          </tr>
        </thead>
        <tbody>
          {units.slice(0, 300).map((unit) => (
            <tr key={unit.callSign} tabIndex={0} data-unit={unit.callSign} className={unit.callSign === selected ? 'selected' : ''} onClick={() => onSelect(unit.callSign)} onKeyDown={(e) => e.key === 'Enter' && onSelect(unit.callSign)}>
              <td>
                <strong>{unit.callSign}</strong>
                <div className="muted">{i18n.t(`kind.${unit.kind}` as MessageKey)}</div>
              </td>
              <td>
                <UnitStatusBadge status={unit.status} /> <Elapsed since={unit.statusSince} />
                <div>
                  <StaleFlags unit={unit} />
                </div>
              </td>
              <td>{unit.station}</td>
              <td>{unit.incident ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {units.length > 300 && <p className="empty">{i18n.t('dispatcher.moreUnits', { n: i18n.number(units.length - 300) })}</p>}
    </div>
  );
}

interface IncidentPanelProps {
  readonly incident: Incident;
  /** The routes (or straight-line estimates) of the units on their way, by call sign. */
  readonly routes: ReadonlyMap<string, RoadRoute>;
  readonly onClose: () => void;
  readonly onDone: (text: ReactNode) => void;
  /** A unit was sent from this panel; its assignment as the server answered (for the undo). */
  readonly onAssigned: (number: string, assignment: Assignment | undefined, callSign: string) => void;
  readonly onSelectUnit: (callSign: string) => void;
}

function IncidentPanel({ incident, routes, onClose, onDone, onAssigned, onSelectUnit }: IncidentPanelProps) {
  const i18n = useI18n();
  const [recommendation, setRecommendation] = useState<readonly Recommendation[] | null>(null);
  const [assignments, setAssignments] = useState<readonly Assignment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [otherUnit, setOtherUnit] = useState('');
  const [disposition, setDisposition] = useState('');
  const dispositions = useDispositions();
  const active = isOpen(incident.status);
  /** The unit `A` would send while the incident has one already: asked first, sent on A or Enter, dropped on Esc. */
  const [confirming, setConfirming] = useState<{ callSign: string; divert: boolean } | null>(null);
  /** An assignment on its way to the server: a second A meanwhile asks first too. */
  const sending = useRef(false);

  // Asked again when the store has the incident's new state (never from the raw event, which may
  // arrive before it: a closed incident has no recommendation), and when units change.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      const current = store.incidents.get(incident.number);
      void get<Assignment[]>(`/incidents/${incident.number}/units`).then((a) => live && setAssignments(a), () => undefined);
      if (current !== undefined && isOpen(current.status)) {
        void get<Recommendation[]>(`/incidents/${incident.number}/recommendation`).then(
          (r) => live && setRecommendation(r),
          (failure: unknown) => live && setError(problemText(failure)),
        );
      }
    };
    load();
    const off = store.subscribe('units', () => {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [incident.number, incident.updatedAt]);

  /** Sends a unit; any other than the first recommended needs the dispatcher's reason, journaled with it. */
  const assign = async (callSign: string, divert = false) => {
    const first = recommendation?.[0]?.callSign;
    const why = overrideReason.trim();
    if (callSign !== first && why === '') {
      setError(i18n.t('dispatcher.needOverrideReason'));
      return;
    }
    sending.current = true;
    try {
      const now = await post<Assignment[]>(`/incidents/${incident.number}/assign`, { units: [callSign], ...(divert ? { divert: true } : {}), ...(callSign !== first ? { reason: why } : {}) });
      setAssignments(now);
      setError(null);
      setOverrideReason('');
      setOtherUnit('');
      onAssigned(incident.number, now.filter((a) => a.callSign === callSign && a.releasedAt === null).at(-1), callSign);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      sending.current = false;
    }
  };

  const act = async (action: string) => {
    if (action === 'close' && disposition === '') {
      setError(i18n.t('dispatcher.needDisposition'));
      return;
    }
    try {
      await post(`/incidents/${incident.number}/${action}`, {
        ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
        ...(action === 'close' ? { disposition } : {}),
      });
      setReason('');
      setDisposition('');
      setError(null);
      onDone(<Words text={i18n.t('dispatcher.done')} vars={{ action: i18n.t(`dispatcher.action.${action}` as MessageKey), number: <bdi>{incident.number}</bdi> }} />);
    } catch (failure) {
      setError(problemText(failure));
    }
  };

  const current = assignments.filter((a) => a.releasedAt === null);
  // The units on the incident as the live board has them, and as the last answer had them.
  const onIncident = [...new Set([...[...store.units.values()].filter((u) => u.incident === incident.number).map((u) => u.callSign), ...current.map((a) => a.callSign)])].sort();

  const confirm = () => {
    if (confirming === null) return;
    setConfirming(null);
    void assign(confirming.callSign, confirming.divert);
  };

  // A: send the first recommended unit, at once when the incident has none yet, else after a question
  // (A again or Enter sends, Esc does not). Listened to before the screen's keys and before a focused
  // button's own Enter, so that the question's keys do only what it says.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target)) return;
      const letter = shortcutLetter(event);
      if (confirming !== null) {
        if (letter === 'a' || event.key === 'Enter') {
          event.preventDefault();
          confirm();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          setConfirming(null);
        }
        return;
      }
      const first = recommendation?.[0];
      if (letter !== 'a' || first === undefined) return;
      event.preventDefault();
      const divert = first.reason === 'divertible';
      if (onIncident.length > 0 || sending.current) setConfirming({ callSign: first.callSign, divert });
      else void assign(first.callSign, divert);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  });

  // Any available unit may be sent, the recommended ones first in the list above; these are the rest.
  const recommended = new Set(recommendation?.map((r) => r.callSign) ?? []);
  const available = [...store.units.values()].filter((u) => u.status === 'available' && !recommended.has(u.callSign)).sort((a, b) => a.callSign.localeCompare(b.callSign));
  const lifecycle = incident.allowedActions.filter((a) => a === 'close' || a === 'cancel' || a === 'reopen');
  return (
    <div data-testid="incident-panel" data-incident={incident.number}>
      <h2>
        <PriorityBadge priority={incident.priority} /> <Words text={i18n.t('panel.incident')} vars={{ number: <bdi>{incident.number}</bdi> }} />
        <span className="grow" />
        <button type="button" className="link" onClick={onClose} aria-label={i18n.t('panel.close')}>
          ✕
        </button>
      </h2>
      <div className="section">
        <IncidentFacts incident={incident} />
      </div>
      {active && (
        <section className="section" data-testid="recommendation">
          <strong>{i18n.t('dispatcher.recommended')}</strong>
          {recommendation === null ? (
            <span className="muted">…</span>
          ) : recommendation.length === 0 ? (
            <span className="muted">{i18n.t('dispatcher.noRecommendation')}</span>
          ) : (
            <table className="list">
              <tbody>
                {recommendation.map((r, index) => (
                  <tr key={r.callSign} data-recommended={r.callSign}>
                    <td>
                      <strong>
                        <bdi>{r.callSign}</bdi>
                      </strong>
                      <div className="muted">{i18n.t(`kind.${r.kind}` as MessageKey)}</div>
                    </td>
                    <td className="num">
                      {i18n.duration(r.etaS)}
                      <div className="muted">
                        <bdi>{i18n.t('dispatcher.km', { n: i18n.number(r.distanceM / 1_000, 1) })}</bdi>
                      </div>
                    </td>
                    <td>
                      {i18n.t(`dispatcher.reason.${r.reason}` as MessageKey)}
                      {r.divertFrom !== null && <div className="stale">{i18n.t('dispatcher.divertFrom', { number: r.divertFrom })}</div>}
                      {r.positionStale && <div className="stale">{i18n.t('unit.positionStale')}</div>}
                      {r.liveTraffic && <div className="muted" data-live-traffic={r.callSign}>{i18n.t('dispatcher.liveTraffic')}</div>}
                    </td>
                    <td>
                      <button type="button" onClick={() => void assign(r.callSign, r.reason === 'divertible')} data-testid={`assign-${r.callSign}`}>
                        {i18n.t('dispatcher.assign')} {index === 0 && <kbd>A</kbd>}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {confirming !== null && (
            <div className="assign-confirm" role="group" aria-labelledby="assign-confirm-title" data-testid="assign-confirm" data-unit={confirming.callSign}>
              <strong id="assign-confirm-title">{i18n.t('dispatcher.confirm.title')}</strong>
              <p>
                <Words
                  text={i18n.t('dispatcher.confirm.text')}
                  vars={{
                    number: <bdi>{incident.number}</bdi>,
                    units: <bdi>{onIncident.join(', ')}</bdi>,
                    unit: <bdi>{confirming.callSign}</bdi>,
                  }}
                />
              </p>
              <div className="row">
                <button type="button" onClick={confirm} data-testid="assign-confirm-send">
                  {i18n.t('dispatcher.confirm.send')} <kbd>A</kbd> <kbd>Enter</kbd>
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(null)} data-testid="assign-confirm-cancel">
                  {i18n.t('dispatcher.confirm.cancel')} <kbd>Esc</kbd>
                </button>
              </div>
            </div>
          )}
          <label className="override-reason">
            {i18n.t('dispatcher.overrideReason')}
            <input value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} maxLength={300} data-testid="override-reason" />
          </label>
          <form
            className="row other-unit"
            onSubmit={(event) => {
              event.preventDefault();
              if (otherUnit !== '') void assign(otherUnit);
            }}
          >
            <label className="grow">
              {i18n.t('dispatcher.other')}
              <select value={otherUnit} onChange={(e) => setOtherUnit(e.target.value)} data-testid="other-unit">
                <option value="">{available.length === 0 ? i18n.t('dispatcher.noUnitAvailable') : i18n.t('dispatcher.chooseUnit')}</option>
                {available.map((u) => (
                  <option key={u.callSign} value={u.callSign}>
                    {u.callSign} · {i18n.t(`kind.${u.kind}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="secondary" disabled={otherUnit === ''} data-testid="send-other">
              {i18n.t('dispatcher.send')}
            </button>
          </form>
        </section>
      )}
      <section className="section" data-testid="assigned-units">
        <strong>{i18n.t('dispatcher.assignedUnits')}</strong>
        {current.length === 0 ? (
          <span className="muted">{i18n.t('common.none')}</span>
        ) : (
          <ul className="notes">
            {current.map((a) => {
              const unit = store.units.get(a.callSign);
              const route = routes.get(a.callSign);
              return (
                <li key={a.callSign} data-assigned={a.callSign}>
                  <button type="button" className="link" onClick={() => onSelectUnit(a.callSign)}>
                    <bdi>{a.callSign}</bdi>
                  </button>{' '}
                  {unit !== undefined && <UnitStatusBadge status={unit.status} />} {a.etaS !== null && <span className="num">{i18n.t('dispatcher.eta', { time: i18n.duration(a.etaS) })}</span>}{' '}
                  <span className="muted">{a.acknowledgedAt === null ? i18n.t('dispatcher.notAcknowledged') : i18n.t('dispatcher.acknowledged', { time: i18n.time(a.acknowledgedAt) })}</span>
                  {route?.kind === 'straight_line' && (
                    <div className="muted num" data-testid={`straight-line-${a.callSign}`}>
                      {i18n.t('dispatcher.straightLine', {
                        distance: i18n.t('dispatcher.km', { n: i18n.number(route.distanceM / 1_000, route.distanceM < 100_000 ? 1 : 0) }),
                        time: travelTime(i18n, route.etaS, true),
                      })}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <EodPanel incident={incident} onDone={onDone} />
      <IncidentCameras incident={incident} />
      {lifecycle.length > 0 && (
        <section className="section row">
          {lifecycle.includes('close') && (
            <select value={disposition} onChange={(e) => setDisposition(e.target.value)} aria-label={i18n.t('dispatcher.disposition')} data-testid="disposition">
              <option value="">{i18n.t('dispatcher.chooseDisposition')}</option>
              {dispositions.map((d) => (
                <option key={d.code} value={d.code}>
                  {i18n.label(d.labels)}
                </option>
              ))}
            </select>
          )}
          <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={i18n.t('dispatcher.reason')} aria-label={i18n.t('dispatcher.reason')} data-testid="reason" />
          {lifecycle.map((action) => (
            <button key={action} type="button" className={action === 'cancel' ? 'danger' : ''} onClick={() => void act(action)} data-testid={`action-${action}`}>
              {i18n.t(`dispatcher.action.${action}` as MessageKey)}
            </button>
          ))}
        </section>
      )}
      {error !== null && (
        <p className="section field-error" role="alert">
          {error}
        </p>
      )}
      <Notes number={incident.number} canWrite={store.can('incident.update')} />
      <TimelineList number={incident.number} />
    </div>
  );
}

interface DispositionChoice {
  readonly code: string;
  readonly labels: { readonly ar: string; readonly fr: string; readonly en: string };
}

let dispositionList: Promise<readonly DispositionChoice[]> | undefined;

/** How an incident may end (the server's list, in three languages), read once per page. */
function useDispositions(): readonly DispositionChoice[] {
  const [list, setList] = useState<readonly DispositionChoice[]>([]);
  useEffect(() => {
    let live = true;
    dispositionList ??= get<DispositionChoice[]>('/incident-dispositions').catch((failure: unknown) => {
      dispositionList = undefined;
      throw failure;
    });
    dispositionList.then((found) => live && setList(found), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return list;
}

function UnitPanel({ unit, onClose, onDone, onSelectIncident }: { unit: Unit; onClose: () => void; onDone: (text: ReactNode) => void; onSelectIncident: (number: string) => void }) {
  const i18n = useI18n();
  const [error, setError] = useState<string | null>(null);
  const move = async (status: UnitStatus) => {
    try {
      await post(`/units/${encodeURIComponent(unit.callSign)}/status`, { status });
      setError(null);
      onDone(
        <>
          <bdi>{unit.callSign}</bdi>: {i18n.t(`ustatus.${status}` as MessageKey)}
        </>,
      );
    } catch (failure) {
      setError(problemText(failure));
    }
  };
  return (
    <div data-testid="unit-panel">
      <h2>
        {i18n.t('panel.unit', { callSign: unit.callSign })}
        <span className="grow" />
        <button type="button" className="link" onClick={onClose} aria-label={i18n.t('panel.close')}>
          ✕
        </button>
      </h2>
      <div className="section">
        <dl className="facts">
          <dt>{i18n.t('field.kind')}</dt>
          <dd>{i18n.t(`kind.${unit.kind}` as MessageKey)}</dd>
          <dt>{i18n.t('field.status')}</dt>
          <dd>
            <UnitStatusBadge status={unit.status} /> <Elapsed since={unit.statusSince} /> <StaleFlags unit={unit} />
          </dd>
          <dt>{i18n.t('field.station')}</dt>
          <dd>{unit.station}</dd>
          <dt>{i18n.t('field.crew')}</dt>
          <dd>{unit.crew.join(', ') || '—'}</dd>
          <dt>{i18n.t('field.capabilities')}</dt>
          <dd>{unit.capabilities.join(', ') || '—'}</dd>
          <dt>{i18n.t('field.incident')}</dt>
          <dd>
            {unit.incident === null ? (
              '—'
            ) : (
              <button type="button" className="link" onClick={() => onSelectIncident(unit.incident!)}>
                {unit.incident}
              </button>
            )}
          </dd>
          <dt>{i18n.t('field.lastFix')}</dt>
          <dd>{unit.position === null ? i18n.t('map.noPosition') : `${i18n.time(unit.position.at)} · ${unit.position.speedKmh === null ? '' : `${i18n.number(unit.position.speedKmh)} km/h`}`}</dd>
        </dl>
      </div>
      <div className="section row">
        {manualUnitMoves(unit.status).map((status) => (
          <button key={status} type="button" className="secondary" onClick={() => void move(status)} data-testid={`unit-move-${status}`}>
            {i18n.t(`ustatus.${status}` as MessageKey)}
          </button>
        ))}
      </div>
      {error !== null && <p className="section field-error">{error}</p>}
    </div>
  );
}

/**
 * The road from each unit still on its way to the incident (a straight-line estimate for a unit off the
 * road network), by call sign, asked again as the units move (`RouteWatch`: at most every 15 s, never
 * again after a refusal).
 */
function useAssignedRoutes(incident: Incident | null): ReadonlyMap<string, RoadRoute> {
  const [routes, setRoutes] = useState<ReadonlyMap<string, RoadRoute>>(new Map());
  useStore('units');
  const assigned = incident === null ? [] : [...store.units.values()].filter((u) => u.incident === incident.number && (u.status === 'dispatched' || u.status === 'en_route'));
  const key = assigned.map((u) => u.callSign).join(',');
  const lat = incident?.location.lat;
  const lon = incident?.location.lon;
  const number = incident?.number;
  useEffect(() => {
    setRoutes(new Map());
    if (number === undefined || lat === undefined || lon === undefined || key === '') return;
    const watches = key.split(',').map(
      (callSign) =>
        new RouteWatch(callSign, { lat, lon }, number, (state) => {
          if (state.kind === 'ready') setRoutes((all) => new Map(all).set(callSign, state.route));
          else if (state.kind === 'error') {
            setRoutes((all) => {
              const next = new Map(all);
              next.delete(callSign);
              return next;
            });
          }
        }),
    );
    const check = () => {
      for (const watch of watches) watch.check();
    };
    check();
    const off = store.subscribe('positions', check);
    const timer = setInterval(check, 15_000);
    return () => {
      for (const watch of watches) watch.stop();
      off();
      clearInterval(timer);
    };
  }, [number, lat, lon, key]);
  return routes;
}
