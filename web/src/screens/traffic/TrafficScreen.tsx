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
  const lines = useMemo(() => list.flatMap((closure) => closure.segments.map((segment) => segment.line)), [list]);
  const show = (at: LatLon) => setFocus((was) => ({ at, tap: (was?.tap ?? 0) + 1 }));

  const panels: readonly { id: string; title: MessageKey; count?: number; body: ReactNode }[] = [
    {
      id: 'closures',
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
    { id: 'units', title: 'traffic.units', body: <TrafficUnits onShow={show} /> },
  ];

  return (
    <div className="traffic" data-testid="traffic-screen">
      <div className="traffic-side">
        {panels.map((panel) => (
          <section key={panel.id} className="traffic-panel" aria-labelledby={`traffic-${panel.id}`} data-testid={`traffic-${panel.id}`}>
            <h2 id={`traffic-${panel.id}`}>
              {i18n.t(panel.title)} {panel.count !== undefined && <span className="count num">{i18n.number(panel.count)}</span>}
            </h2>
            <div className="traffic-panel-body">{panel.body}</div>
          </section>
        ))}
      </div>
      <div className="traffic-map">
        <OpsMap settings={settings.map} closedRoads={lines} unitLabels focus={focus === null ? null : { lat: focus.at.lat + focus.tap * 1e-9, lon: focus.at.lon }} />
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
        </ul>
      </div>
    </div>
  );
}

const NONE: readonly RoadClosure[] = [];

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
