import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ScreenProps } from '../App';
import { post } from '../api';
import { problemText, Words } from '../components/common';
import { useI18n } from '../i18n';
import { OpsMap } from '../map/OpsMap';
import type { LatLon, Unit } from '@contract/shapes';
import { store, useStore } from '../store';
import { AssignmentCard } from './field/AssignmentCard';
import { FieldNotes } from './field/FieldNotes';
import { usePositionSharing } from './field/positionSharing';
import { RouteCard, type MapFocus } from './field/RouteCard';
import { SharingCard } from './field/SharingCard';
import { OtherStatuses, StatusBar } from './field/StatusButtons';
import type { StatusMove } from './field/statusMoves';
import { useAssignment } from './field/useAssignment';
import { useRoute } from './field/useRoute';
import { WithdrawAlert } from './field/WithdrawAlert';

/**
 * The field unit screen, for a crew member on a phone: the unit's assignment, the road to it, the
 * status buttons of its course, notes, and the phone's position sent as the unit's AVL. Everything
 * follows `/live`; nothing needs a reload.
 */
export function FieldUnitScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const s = useStore('units');
  const username = s.me.user?.username;
  const unit = username === undefined ? undefined : crewUnit(s.units.values(), username);
  const sharing = usePositionSharing(unit?.callSign);

  if (s.version('units') === 0) {
    return (
      <div className="field-unit message">
        <p className="field-muted">{i18n.t('field.loading')}</p>
      </div>
    );
  }
  if (unit === undefined || username === undefined) {
    return (
      <div className="field-unit message" data-testid="field-no-unit">
        <div className="field-card">
          <h2>{i18n.t('field.noUnit', { username: username ?? '' })}</h2>
          <p>{i18n.t('field.noUnitHint')}</p>
          {/* An EOD officer not yet in a squad's crew still has the squads' board. */}
          {store.can('eod.operate') && store.can('eod.read') && (
            <a className="field-button secondary" href="#/eod" style={{ display: 'inline-flex', alignItems: 'center', justifySelf: 'start', border: '1px solid var(--accent)', textDecoration: 'none' }} data-testid="field-to-eod">
              {i18n.t('eod.board.open')}
            </a>
          )}
        </div>
      </div>
    );
  }
  return <UnitView key={unit.callSign} unit={unit} sharing={sharing} mapSettings={settings.map} />;
}

/**
 * The unit whose crew has this person: the one on an incident first, then one on duty. A person is
 * normally in one crew; a second would be a roster mistake the supervisor sees on the unit board.
 */
function crewUnit(units: Iterable<Unit>, username: string): Unit | undefined {
  const mine = [...units].filter((unit) => unit.crew.includes(username));
  const rank = (unit: Unit) => (unit.incident !== null ? 0 : unit.status !== 'off_duty' ? 1 : 2);
  return mine.sort((a, b) => rank(a) - rank(b) || a.callSign.localeCompare(b.callSign))[0];
}

interface ViewProps {
  readonly unit: Unit;
  readonly sharing: ReturnType<typeof usePositionSharing>;
  readonly mapSettings: ScreenProps['settings']['map'];
}

function UnitView({ unit, sharing, mapSettings }: ViewProps) {
  const i18n = useI18n();
  useStore('incidents');
  const number = unit.incident;
  const incident = number === null ? undefined : store.incidents.get(number);
  const { assignment, reload } = useAssignment(unit.callSign, number);
  const heading = unit.status === 'dispatched' || unit.status === 'en_route';
  const route = useRoute(unit.callSign, incident?.location ?? null, number !== null && heading, number ?? undefined);
  const [moving, setMoving] = useState(false);
  const [acknowledging, setAcknowledging] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok'; text: ReactNode } | { kind: 'error'; text: string } | null>(null);
  useEffect(() => {
    if (message?.kind !== 'ok') return;
    const timer = setTimeout(() => setMessage(null), 15_000);
    return () => clearTimeout(timer);
  }, [message]);
  const fresh = useFreshAssignment(number);
  /** The crew's own move that takes the unit off its incident (cleared, stood down): said by the move itself. */
  const leaving = useRef(false);
  const previousNumber = useRef(number);
  // Taken off its incident by the centre (a release, an assignment undone): the crew is told why the card emptied.
  useEffect(() => {
    const before = previousNumber.current;
    previousNumber.current = number;
    if (number !== null) leaving.current = false;
    if (before === null || number !== null || leaving.current) return;
    setMessage({ kind: 'ok', text: <Words text={i18n.t('field.assignment.withdrawn')} vars={{ number: <bdi>{before}</bdi> }} /> });
  }, [number, i18n]);
  const [focus, setFocus] = useState<{ on: MapFocus; at: LatLon | null; tap: number }>({ on: 'incident', at: null, tap: 0 });

  // An incident no longer open (cleared, closed) is not in the store's list: ask for it.
  useEffect(() => {
    if (number !== null && !store.incidents.has(number)) void store.refreshIncident(number).catch(() => undefined);
  }, [number]);

  // A new assignment: the map goes to it.
  const incidentLat = incident?.location.lat;
  const incidentLon = incident?.location.lon;
  useEffect(() => {
    if (incidentLat !== undefined && incidentLon !== undefined) setFocus((f) => ({ on: 'incident', at: { lat: incidentLat, lon: incidentLon }, tap: f.tap }));
  }, [incidentLat, incidentLon]);
  // Free again: the map comes back to the unit.
  useEffect(() => {
    const position = store.units.get(unit.callSign)?.position ?? null;
    if (number === null && position !== null) setFocus((f) => ({ on: 'unit', at: { lat: position.lat, lon: position.lon }, tap: f.tap + 1 }));
  }, [number, unit.callSign]);

  const focusOn = (on: MapFocus) => {
    const at = on === 'incident' ? (incident?.location ?? null) : (store.units.get(unit.callSign)?.position ?? null);
    setFocus((f) => ({ on, at: at === null ? null : { lat: at.lat, lon: at.lon }, tap: f.tap + 1 }));
  };

  const acknowledge = useCallback(async () => {
    setAcknowledging(true);
    try {
      await post(`/units/${encodeURIComponent(unit.callSign)}/acknowledge`);
      setMessage(null);
      reload();
    } catch (failure) {
      setMessage({ kind: 'error', text: problemText(failure) });
    } finally {
      setAcknowledging(false);
    }
  }, [unit.callSign, reload]);

  const move = async (next: StatusMove) => {
    setMoving(true);
    setMessage(null);
    // Kept until the next assignment: the unit's board may say it left its incident after this returns.
    leaving.current = next.to !== 'en_route' && next.to !== 'on_scene';
    try {
      // Going en route or arriving says the order was received: acknowledge it on the way, if not yet done.
      if ((next.to === 'en_route' || next.to === 'on_scene') && assignment !== null && assignment !== undefined && assignment.acknowledgedAt === null) {
        await post(`/units/${encodeURIComponent(unit.callSign)}/acknowledge`).catch(() => undefined);
      }
      await post(`/units/${encodeURIComponent(unit.callSign)}/status`, { status: next.to });
      await store.refreshUnit(unit.callSign).catch(() => undefined);
      if (next.label === 'cleared' && number !== null) setMessage({ kind: 'ok', text: <Words text={i18n.t('field.move.clearedFrom')} vars={{ number: <bdi>{number}</bdi> }} /> });
      if (sharing.on) sharing.sendNow();
      reload();
    } catch (failure) {
      leaving.current = false;
      setMessage({ kind: 'error', text: problemText(failure) });
    } finally {
      setMoving(false);
    }
  };

  const canNote = store.can('incident.update');
  const hasPosition = useHasPosition(unit.callSign);
  // Each tap moves the focus by a hair, so the map flies again to a place it already flew to once.
  const mapFocus = focus.at === null ? null : { lat: focus.at.lat + focus.tap * 1e-9, lon: focus.at.lon };

  return (
    <div className="field-unit" data-unit={unit.callSign} data-status={unit.status}>
      <div className="field-map">
        <OpsMap
          settings={mapSettings}
          routes={route.kind === 'ready' && heading ? [route.route.coordinates] : []}
          focus={mapFocus}
          selectedIncident={number}
          incidentFilter={(candidate) => candidate.number === number}
        />
      </div>
      <div className="field-side">
        <div className="field-scroll">
          <WithdrawAlert callSign={unit.callSign} />
          {message !== null && (
            <p className={message.kind === 'error' ? 'field-message error' : 'field-message ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="field-message">
              {message.kind === 'error' ? i18n.t('common.error', { message: message.text }) : message.text}
            </p>
          )}
          <AssignmentCard unit={unit} incident={incident} assignment={assignment} fresh={fresh} acknowledging={acknowledging} onAcknowledge={() => void acknowledge()} />
          {number !== null && (
            <RouteCard route={route} onScene={!heading} focus={focus.on} canFocusUnit={hasPosition} onFocus={focusOn} />
          )}
          <SharingCard sharing={sharing} onToggle={sharing.setOn} />
          {number !== null && <FieldNotes number={number} canWrite={canNote} />}
          <OtherStatuses unit={unit} busy={moving} onMove={(m) => void move(m)} />
        </div>
        <StatusBar unit={unit} busy={moving} onMove={(m) => void move(m)} />
      </div>
    </div>
  );
}

/** True for a while after the unit is sent to a new incident (not when the screen opens on one); the phone buzzes. */
function useFreshAssignment(number: string | null): boolean {
  const previous = useRef<string | null | undefined>(undefined);
  const [fresh, setFresh] = useState(false);
  useEffect(() => {
    const before = previous.current;
    previous.current = number;
    if (number === null) setFresh(false);
    if (before === undefined || number === null || number === before) return;
    setFresh(true);
    navigator.vibrate?.([300, 150, 300]);
    const timer = setTimeout(() => setFresh(false), 20_000);
    return () => clearTimeout(timer);
  }, [number]);
  return fresh;
}

/** Whether the unit has a position at all; positions arrive as telemetry, so the units channel alone would not say. */
function useHasPosition(callSign: string): boolean {
  return useSyncExternalStore(
    (listener) => store.subscribe('positions', listener),
    () => (store.units.get(callSign)?.position ?? null) !== null,
  );
}
