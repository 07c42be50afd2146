import { describe, expect, it } from 'vitest';
import type { TransitRoute } from '../contract/transit.schema.js';
import { HazardTracker, linesNear } from './transit-warnings.js';

const at = '2026-12-07T09:00:00.000Z';
const line = (id: string, mode: TransitRoute['mode'], coordinates: [number, number][]): TransitRoute => ({
  feedId: 'f',
  id,
  shortName: id,
  longName: '',
  mode,
  routeType: 0,
  color: null,
  textColor: null,
  shape: { type: 'MultiLineString', coordinates: [coordinates] },
});

describe('warnings near the lines', () => {
  const network = {
    routes: [
      line('T1', 'tram', [[-7.6, 33.57], [-7.58, 33.57]]),
      line('R1', 'rail', [[-7.6, 33.5701], [-7.58, 33.5701]]),
      line('B1', 'bus', [[-7.6, 33.575], [-7.58, 33.575]]),
    ],
  };

  it('names the tram and bus lines within 150 m, nearest first, and leaves trains out', () => {
    // 100 m north of T1, 456 m south of B1; the railway at 89 m is not warned of.
    expect(linesNear(network, { lat: 33.5709, lon: -7.59 })).toEqual([{ feedId: 'f', routeId: 'T1', name: 'T1', mode: 'tram', distanceM: 100 }]);
    expect(linesNear(network, { lat: 33.5738, lon: -7.59 }).map((each) => each.routeId)).toEqual(['B1']);
    expect(linesNear(network, { lat: 33.5709, lon: -7.61 })).toEqual([]);
  });

  it('follows incidents and cordons from the journal: opened, moved, ended, and their alerts with them', () => {
    const tracker = new HazardTracker();
    tracker.apply({ type: 'incident.created', stream: 'incident/CASA-2026-000001', at, data: { location: { lat: 33.57, lon: -7.59 } } as never });
    tracker.apply({ type: 'cordon.set', stream: 'cordon/CASA-2026-000002', at, data: { centre: { lat: 33.575, lon: -7.59 } } as never });
    tracker.apply({ type: 'transit_feed.alert_emitted', stream: 'transit-feed/f', at, data: { alert: 'a1', routes: ['f:T1'], cause: 'POLICE_ACTIVITY', effect: 'DETOUR', header: 'h', description: '', source: 'incident:CASA-2026-000001' } });
    expect([...tracker.hazards.keys()]).toEqual(['incident:CASA-2026-000001', 'cordon:CASA-2026-000002']);
    expect([...tracker.alerts.values()].map((alert) => [alert.id, alert.routes])).toEqual([['a1', [{ feedId: 'f', routeId: 'T1' }]]]);
    tracker.apply({ type: 'cordon.changed', stream: 'cordon/CASA-2026-000002', at, data: { centre: { lat: 33.571, lon: -7.589 } } as never });
    expect(tracker.hazards.get('cordon:CASA-2026-000002')!.at).toEqual({ lat: 33.571, lon: -7.589 });
    tracker.apply({ type: 'incident.closed', stream: 'incident/CASA-2026-000001', at, data: { from: 'cleared', to: 'closed' } as never });
    tracker.apply({ type: 'cordon.lifted', stream: 'cordon/CASA-2026-000002', at, data: { cordon: 'x', reason: 'done', cap: 'c' } as never });
    expect(tracker.hazards.size).toBe(0);
    expect(tracker.alerts.size).toBe(0);
    tracker.apply({ type: 'incident.reopened', stream: 'incident/CASA-2026-000001', at, data: { from: 'closed', to: 'new' } as never });
    expect(tracker.hazards.get('incident:CASA-2026-000001')!.at).toEqual({ lat: 33.57, lon: -7.59 });
  });
});
