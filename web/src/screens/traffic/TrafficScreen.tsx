import { useMemo, useState, type ReactNode } from 'react';
import type { ScreenProps } from '../../App';
import { UnitStatusBadge } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import { closedRoadColour, cordonColours } from '../../map/cordons';
import { OpsMap } from '../../map/OpsMap';
import type { LatLon } from '@contract/shapes';
import { store, useStore } from '../../store';
import { ClosureCard } from '../eod/ClosureCard';
import type { RoadClosure, StandoffTableInForce } from '@contract/shapes';
import { useResource } from '../../useResource';
import { CongestionLegend, SlowestRoadsPanel, useCongestion } from './LiveSpeedsPanel';
import { ClosureEditor, pickInto, type ClosureDraft } from './ClosureEditor';
import { ClosuresPanel, closedLinesOf, useClosureEntries } from './ClosuresPanel';
import { RespondingPanel, useRespondingRoutes } from './RespondingPanel';
import { CorridorsPanel, TrafficEventsPanel, useCorridorTimes, useTrafficEvents } from './CorridorsPanel';
import { StopArrivalsPanel, TransitLegend, TransitVehiclesPanel, TransitWarningsPanel, useTransit } from './TransitPanel';
import '../eod/board.css';
import './traffic.css';

/**
 * The traffic room: the map with the units (call signs on their markers), the cordons in force and the
 * road segments they close; beside it, panels. Today's panels are the closures and the traffic units;
 * live speeds and public transport come as more entries of `panels`, each a titled section of the side
 * column.
 */
export function TrafficScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const closures = useResource<RoadClosure[]>('/eod/closures', ['cordon/']);
  const table = useResource<StandoffTableInForce>('/eod/standoff-table', ['standoff-table/']);
  const [focus, setFocus] = useState<{ at: LatLon; tap: number } | null>(null);
  const list = closures.data ?? NONE;
  // Every closed road routing avoids: the cordons' segments and the traffic room's own closures in force.
  const entries = useClosureEntries();
  const lines = useMemo(() => [...list.flatMap((closure) => closure.segments.map((segment) => segment.line)), ...closedLinesOf(entries.data ?? [])], [list, entries.data]);
  const canOperate = store.can('traffic.operate');
  const [draft, setDraft] = useState<ClosureDraft>({ kind: 'segment', points: [] });
  const show = (at: LatLon) => setFocus((was) => ({ at, tap: (was?.tap ?? 0) + 1 }));
  const responding = useRespondingRoutes();
  const congestion = useCongestion();
  const transit = useTransit();
  const [stop, setStop] = useState<string | null>(null);
  const corridors = useCorridorTimes();
  const trafficEvents = useTrafficEvents();
  const [corridor, setCorridor] = useState<number | null>(null);
  const [tab, setTab] = useState<TrafficTab>('roads');
  // What asks for the operator's eye on a tab they are not looking at: closures in force (the room's, the
  // feeds', the cordons'), units on their way, warnings near a line.
  const tabCounts: Partial<Record<TrafficTab, number>> = {
    closures: entries.data?.length,
    units: responding.data?.length,
    transit: transit.warnings.data?.length,
  };
  const corridorLine = corridors.data?.find((time) => time.corridor.id === corridor)?.line.coordinates;
  const respondingLines = useMemo(() => [...(responding.data ?? []).map((route) => route.coordinates), ...(corridorLine === undefined ? [] : [corridorLine])], [responding.data, corridorLine]);

  const panels: readonly { id: string; tab: TrafficTab; title: MessageKey; count?: number; body: ReactNode }[] = [
    { id: 'road-closures', tab: 'closures', title: 'closure.listTitle', count: entries.data?.length, body: <ClosuresPanel entries={entries} onShow={show} canOperate={canOperate} /> },
    ...(canOperate ? [{ id: 'closure-editor', tab: 'closures' as const, title: 'closure.editor' as const, body: <ClosureEditor draft={draft} onDraft={setDraft} onDone={() => entries.reload()} /> }] : []),
    {
      id: 'closures',
      tab: 'closures',
      title: 'traffic.closures',
      count: list.length,
      body:
        closures.data === undefined ? (
          <p className="traffic-muted">{closures.error ?? '…'}</p>
        ) : list.length === 0 ? (
          <p className="traffic-muted">{i18n.t('traffic.noClosure')}</p>
        ) : (
          <ul className="traffic-closures">
            {list.map((closure) => (
              <ClosureCard key={closure.incident} closure={closure} classes={table.data?.table.classes ?? []} withPerimeter onShow={() => show(closure.centre)} />
            ))}
          </ul>
        ),
    },
    { id: 'responding', tab: 'units', title: 'traffic.responding', count: responding.data?.length, body: <RespondingPanel routes={responding} onShow={show} /> },
    { id: 'slowest', tab: 'roads', title: 'traffic.slowest', body: <SlowestRoadsPanel /> },
    {
      id: 'corridors',
      tab: 'roads',
      title: 'corridor.title',
      count: corridors.data?.length,
      body: <CorridorsPanel times={corridors} selected={corridor} onSelect={(id, at) => {
            setCorridor(id);
            if (at !== null) show(at);
          }} />,
    },
    { id: 'traffic-events', tab: 'roads', title: 'trafficEvent.title', count: trafficEvents.data?.filter((event) => !event.closesRoad).length, body: <TrafficEventsPanel events={trafficEvents} onShow={show} /> },
    { id: 'transit-warnings', tab: 'transit', title: 'transit.warnings', count: transit.warnings.data?.length, body: <TransitWarningsPanel transit={transit} onShow={show} /> },
    { id: 'transit-vehicles', tab: 'transit', title: 'transit.vehicles', count: transit.vehicles.length, body: <TransitVehiclesPanel transit={transit} onShow={show} /> },
    { id: 'transit-arrivals', tab: 'transit', title: 'transit.arrivals', body: <StopArrivalsPanel stop={stop} transit={transit} /> },
    { id: 'units', tab: 'units', title: 'traffic.units', body: <TrafficUnits onShow={show} /> },
  ];

  return (
    <div className="traffic" data-testid="traffic-screen">
      <div className="traffic-side">
        <div className="traffic-tabs" role="tablist" aria-label={i18n.t('traffic.screen')}>
          {trafficTabs.map((id) => {
            const count = tabCounts[id];
            return (
              <button key={id} type="button" role="tab" id={`traffic-tab-${id}`} aria-selected={tab === id} aria-controls="traffic-tab-panel" data-testid={`traffic-tab-${id}`} onClick={() => setTab(id)}>
                {i18n.t(`traffic.tab.${id}`)}
                {count !== undefined && count > 0 && <span className="count num">{i18n.number(count)}</span>}
              </button>
            );
          })}
        </div>
        <div id="traffic-tab-panel" role="tabpanel" aria-labelledby={`traffic-tab-${tab}`}>
          {panels.filter((panel) => panel.tab === tab).map((panel) => (
            <section key={panel.id} className="traffic-panel" aria-labelledby={`traffic-${panel.id}`} data-testid={`traffic-${panel.id}`}>
              <h2 id={`traffic-${panel.id}`}>
                {i18n.t(panel.title)} {panel.count !== undefined && <span className="count num">{i18n.number(panel.count)}</span>}
              </h2>
              <div className="traffic-panel-body">{panel.body}</div>
            </section>
          ))}
        </div>
      </div>
      <div className="traffic-map">
        <OpsMap settings={settings.map} closedRoads={lines} onPick={canOperate && tab === 'closures' ? (at) => setDraft((was) => pickInto(was, at)) : undefined} congestion={congestion.lines} transit={transit.picture} onSelectStop={(id) => {
            setStop(id);
            setTab('transit');
          }} routes={respondingLines} unitLabels focus={focus === null ? null : { lat: focus.at.lat + focus.tap * 1e-9, lon: focus.at.lon }} />
        <ul className="traffic-legend" aria-label={i18n.t('map.legend')}>
          <li>
            <span className="swatch line" style={{ background: closedRoadColour }} /> {i18n.t('traffic.legend.closed')}
          </li>
          <li>
            <span className="swatch" style={{ background: cordonColours.mandatory }} /> {i18n.t('traffic.legend.mandatory')}
          </li>
          <li>
            <span className="swatch" style={{ background: cordonColours.preferred }} /> {i18n.t('traffic.legend.preferred')}
          </li>
          <CongestionLegend />
          <TransitLegend />
        </ul>
      </div>
    </div>
  );
}

const NONE: readonly RoadClosure[] = [];

/**
 * The side column's tabs: the roads (speeds, corridors, the traffic centre's events), the closures (the
 * room's own, the feeds', the cordons', with the editor), the units (on their way, traffic units), and
 * public transport. The map shows everything whatever the tab.
 */
const trafficTabs = ['roads', 'closures', 'units', 'transit'] as const;
type TrafficTab = (typeof trafficTabs)[number];

/** The traffic units on duty, with their status and incident; a tap shows one on the map. */
function TrafficUnits({ onShow }: { onShow: (at: LatLon) => void }) {
  const i18n = useI18n();
  useStore('units');
  const units = [...store.units.values()].filter((unit) => unit.kind === 'traffic_unit' && unit.status !== 'off_duty').sort((a, b) => (a.callSign < b.callSign ? -1 : 1));
  if (units.length === 0) return <p className="traffic-muted">{i18n.t('traffic.noTrafficUnit')}</p>;
  return (
    <ul className="traffic-units">
      {units.map((unit) => (
        <li key={unit.callSign} data-traffic-unit={unit.callSign}>
          <button type="button" className="traffic-unit" disabled={unit.position === null} onClick={() => unit.position !== null && onShow(unit.position)}>
            <bdi className="num">
              <strong>{unit.callSign}</strong>
            </bdi>
            <UnitStatusBadge status={unit.status} />
            {unit.incident !== null && (
              <bdi className="num traffic-muted">{unit.incident}</bdi>
            )}
            {unit.position === null && <span className="traffic-muted">{i18n.t('map.noPosition')}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
