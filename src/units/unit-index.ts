import type { Core } from '../core/context.js';
import { fromJsonText } from '../core/json-column.js';
import { catalogued, type JournalEvent, type JsonObject } from '../core/journal.js';
import { StateKey } from '../core/module-state.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { kNearestByRoad, kNearestOnEdges, segmentOf, type RoutingOptions } from '../geo/roads/road-routing.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { MAX_SNAP_M } from '../geo/roads/road.service.js';
import { avlTracker, type AvlTracker } from './avl.service.js';
import { statusesOffIncident, UnitStatus } from './unit.js';
import { listStations } from '../stations/index.js';
import { findUnitByCallSign, listUnitRows, type UnitTable } from './unit.repository.js';

/**
 * A unit as a recommendation needs it. A new record replaces the old at each change, so a record in
 * hand is a consistent picture of the unit even while later commands change it.
 */
export interface IndexedUnit {
  readonly callSign: string;
  readonly kind: string;
  readonly station: string;
  readonly capabilities: ReadonlySet<string>;
  readonly status: UnitStatus;
  /** The incident the unit is assigned to. */
  readonly incident: string | null;
}

/** A unit put on the road: where its tracker last put it, or at its station. */
export interface PlacedUnit {
  /** The unit's call sign: a placed unit is a source for `kNearestByRoad` as it is. */
  readonly id: string;
  readonly unit: IndexedUnit;
  readonly snap: Snap;
  /** Placed at its station: no position, one older than the stale setting, or one far from any road. */
  readonly fromStation: boolean;
}

/** A unit put on the road from one kind of place, as the index keeps it by road segment. */
interface OnRoad {
  readonly id: string;
  readonly snap: Snap;
  readonly fromStation: boolean;
  /** When the fix was taken (for a place at the station, -Infinity: never stale). */
  readonly atMs: number;
}

/** Both places of a unit on the road, either missing when its point is far from any road. */
interface UnitPlaces {
  fix: OnRoad | undefined;
  station: OnRoad | undefined;
}

/** One of `nearest`'s answers. */
export interface NearestUnit {
  readonly unit: IndexedUnit;
  /** Placed at its station, as `place` says. */
  readonly fromStation: boolean;
  readonly etaS: number;
  readonly distanceM: number;
}

/**
 * Below this many possible candidates `nearest` places them all and hands them to `kNearestByRoad`:
 * with fewer eligible units than wanted, a search that finds units on the roads it reaches would
 * read every road before it knew it had them all.
 */
const FEW_CANDIDATES = 256;

/** Which units `select` returns. */
export interface UnitQuery {
  readonly statuses: readonly UnitStatus[];
  /** Capabilities every unit returned must have. */
  readonly needs: readonly string[];
  readonly excludeKinds?: ReadonlySet<string>;
}

/**
 * Where a unit was last put on the road from one kind of place (its fix, or its station), and from what:
 * asked again with the same record, graph and point, `place` hands back the same object, so a unit
 * standing still costs neither a snap nor an allocation.
 */
interface LastPlace {
  unit: IndexedUnit | undefined;
  graph: RoadGraph | undefined;
  lat: number;
  lon: number;
  /** Undefined when no road is within reach of that point. */
  placed: PlacedUnit | undefined;
}

/** A record as held: its places go from one record of the unit to the next. */
interface HeldUnit extends IndexedUnit {
  readonly places: { readonly fix: LastPlace; readonly station: LastPlace };
}

const newPlaces = (): HeldUnit['places'] => ({
  fix: { unit: undefined, graph: undefined, lat: Number.NaN, lon: Number.NaN, placed: undefined },
  station: { unit: undefined, graph: undefined, lat: Number.NaN, lon: Number.NaN, placed: undefined },
});

/**
 * The units in memory, by status and by capability, each with its place on the road, so that a
 * recommendation reads the units that could go instead of every unit row. It is built from the
 * database when the units module starts and follows the journal after commit (the live bus hands it
 * every committed event, whichever module's command wrote it), so a unit that goes out of service is
 * gone from the next recommendation. Positions are the tracker's (avl.service.ts), which tells the
 * index which units moved: `nearest` keeps every unit on its road segment, at its fix and at its
 * station, and snaps again only the units that moved since the last search, so a recommendation reads
 * the roads around the incident and the units on them.
 */
export class UnitIndex {
  private readonly units = new Map<string, HeldUnit>();
  private readonly byStatus = new Map<UnitStatus, Set<HeldUnit>>(Object.values(UnitStatus).map((status) => [status, new Set()]));
  private readonly byCapability = new Map<string, Set<HeldUnit>>();
  private readonly stations = new Map<string, { readonly lat: number; readonly lon: number }>();
  /** The graph the units are placed on; the places below are on it. */
  private graph: RoadGraph | undefined;
  /** Each unit's places on the road, and the units by road segment (`segmentOf`'s edge). */
  private readonly places = new Map<string, UnitPlaces>();
  private readonly onSegment = new Map<number, Set<OnRoad>>();
  /** Units to place again before the next search: a new fix, a new station, a new unit. */
  private readonly moved = new Set<string>();
  private stopListening: () => void = () => {};

  private constructor(
    private readonly core: Core,
    private readonly tracker: AvlTracker,
  ) {}

  /**
   * Reads the units and stations, then follows the journal. Events committed while the rows are read
   * are applied after them: each sets values (a status, a station), none adds to what was there, so
   * applying one the rows already show changes nothing.
   */
  static async start(core: Core): Promise<UnitIndex> {
    const tracker = avlTracker(core);
    const index = new UnitIndex(core, tracker);
    let waiting: JournalEvent[] | undefined = [];
    const stopEvents = core.bus.subscribe((events) => {
      if (waiting === undefined) index.apply(events);
      else waiting.push(...events);
    });
    const stopFixes = tracker.onMoved((callSign) => index.moved.add(callSign));
    index.stopListening = () => {
      stopEvents();
      stopFixes();
    };
    try {
      const [rows, stations] = await Promise.all([listUnitRows(core.db), listStations(core.db), tracker.ready()]);
      for (const row of rows) index.put(recordOf(row));
      for (const station of stations) index.stations.set(station.code, { lat: station.location.lat, lon: station.location.lon });
      index.apply(waiting);
      waiting = undefined;
    } catch (error) {
      index.stop();
      throw error;
    }
    return index;
  }

  /** Stops following the journal. */
  stop(): void {
    this.stopListening();
  }

  /** How many units are indexed. */
  get size(): number {
    return this.units.size;
  }

  find(callSign: string): IndexedUnit | undefined {
    return this.units.get(callSign);
  }

  /**
   * The units in one of the statuses that have every needed capability and are not of an excluded
   * kind. Reads the smallest of the matching sets (the statuses together, or one capability's units)
   * and checks the rest on each unit, so the work follows the candidates, not the fleet.
   * @example index.select({ statuses: ['available'], needs: ['armed'] })
   */
  select(query: UnitQuery): IndexedUnit[] {
    const statuses = new Set(query.statuses);
    let smallest: Iterable<HeldUnit>[] = query.statuses.map((status) => this.byStatus.get(status)!);
    let size = query.statuses.reduce((sum, status) => sum + this.byStatus.get(status)!.size, 0);
    for (const need of query.needs) {
      const holders = this.byCapability.get(need);
      if (holders === undefined) return [];
      if (holders.size < size) [smallest, size] = [[holders], holders.size];
    }
    const found: IndexedUnit[] = [];
    for (const set of smallest) {
      for (const unit of set) {
        if (!statuses.has(unit.status) || query.excludeKinds?.has(unit.kind) === true) continue;
        if (query.needs.length === 0 || query.needs.every((need) => unit.capabilities.has(need))) found.push(unit);
      }
    }
    return found;
  }

  /**
   * Puts units on the road: at their latest fix when it was taken at `freshAfterMs` or later and lies
   * within reach of a road, else at their station; a unit with neither is left out.
   */
  place(graph: RoadGraph, units: readonly IndexedUnit[], freshAfterMs: number): PlacedUnit[] {
    const placed: PlacedUnit[] = [];
    for (const unit of units) {
      // Only this index makes records, and every record it makes is held.
      const { places } = unit as HeldUnit;
      const fix = this.tracker.latest(unit.callSign);
      let found = fix !== undefined && fix.atMs >= freshAfterMs ? placeAt(places.fix, unit, graph, fix.lat, fix.lon, false) : undefined;
      if (found === undefined) {
        const station = this.stations.get(unit.station);
        if (station !== undefined) found = placeAt(places.station, unit, graph, station.lat, station.lon, true);
      }
      if (found !== undefined) placed.push(found);
    }
    return placed;
  }

  /**
   * The k units nearest to the target by road among those `select` would return for the query and
   * `accept` keeps, each placed as `place` puts it: the same answers as `kNearestByRoad` over those
   * units placed, ties by call sign. The units are kept on the road segments they stand on and only
   * those that moved are placed again, so the search reads the roads around the target and the units
   * on them, however large the fleet; a query with few possible candidates takes them all instead.
   */
  nearest(
    graph: RoadGraph,
    target: Snap,
    query: UnitQuery & { readonly accept?: (unit: IndexedUnit) => boolean },
    freshAfterMs: number,
    k: number,
    options: RoutingOptions = {},
  ): NearestUnit[] {
    const statuses = new Set(query.statuses);
    const fits = (unit: IndexedUnit) =>
      statuses.has(unit.status) &&
      query.excludeKinds?.has(unit.kind) !== true &&
      query.needs.every((need) => unit.capabilities.has(need)) &&
      (query.accept === undefined || query.accept(unit));
    if (this.possibleCandidates(query) < FEW_CANDIDATES) {
      // `select` has checked the statuses, kinds and needs already.
      const selected = this.select(query);
      const placed = this.place(graph, query.accept === undefined ? selected : selected.filter(query.accept), freshAfterMs);
      return kNearestByRoad(graph, target, placed, k, options).map(({ id, etaS, distanceM }) => {
        const { unit, fromStation } = placed.find((candidate) => candidate.id === id)!;
        return { unit, fromStation, etaS, distanceM };
      });
    }
    this.placeMoved(graph);
    const accept = (onRoad: OnRoad) => {
      const unit = this.units.get(onRoad.id);
      if (unit === undefined || !fits(unit)) return false;
      // The place `place` would take: the fix when fresh and on a road, else the station.
      const fix = this.places.get(onRoad.id)?.fix;
      const fixUsable = fix !== undefined && fix.atMs >= freshAfterMs;
      return onRoad.fromStation ? !fixUsable : fixUsable;
    };
    return kNearestOnEdges(graph, target, (edge) => this.onSegment.get(edge), accept, k, options).map(({ item, etaS, distanceM }) => ({
      unit: this.units.get(item.id)!,
      fromStation: item.fromStation,
      etaS,
      distanceM,
    }));
  }

  /** At most how many units `select` could return: the smallest of the sets it would read. */
  private possibleCandidates(query: UnitQuery): number {
    let size = query.statuses.reduce((sum, status) => sum + this.byStatus.get(status)!.size, 0);
    for (const need of query.needs) size = Math.min(size, this.byCapability.get(need)?.size ?? 0);
    return size;
  }

  /** Places again the units that moved since the last search, or every unit on a new graph. */
  private placeMoved(graph: RoadGraph): void {
    if (graph !== this.graph) {
      this.graph = graph;
      this.places.clear();
      this.onSegment.clear();
      for (const callSign of this.units.keys()) this.moved.add(callSign);
    }
    for (const callSign of this.moved) {
      const old = this.places.get(callSign);
      if (old !== undefined) {
        for (const onRoad of [old.fix, old.station]) if (onRoad !== undefined) this.onSegment.get(segmentOf(graph, onRoad.snap).edge)?.delete(onRoad);
        this.places.delete(callSign);
      }
      const unit = this.units.get(callSign);
      if (unit === undefined) continue;
      const fix = this.tracker.latest(callSign);
      const station = this.stations.get(unit.station);
      const places: UnitPlaces = {
        fix: fix === undefined ? undefined : this.putOnRoad(graph, callSign, fix.lat, fix.lon, false, fix.atMs),
        station: station === undefined ? undefined : this.putOnRoad(graph, callSign, station.lat, station.lon, true, -Infinity),
      };
      this.places.set(callSign, places);
    }
    this.moved.clear();
  }

  private putOnRoad(graph: RoadGraph, id: string, lat: number, lon: number, fromStation: boolean, atMs: number): OnRoad | undefined {
    // The same snap as `place` makes, so the same place to the last bit.
    const snap = snapToRoad(graph, { lat, lon }, { maxDistanceM: MAX_SNAP_M });
    if (snap === undefined) return undefined;
    const onRoad: OnRoad = { id, snap, fromStation, atMs };
    const edge = segmentOf(graph, snap).edge;
    let here = this.onSegment.get(edge);
    if (here === undefined) this.onSegment.set(edge, (here = new Set()));
    here.add(onRoad);
    return onRoad;
  }

  /** Applies committed events: those of unit and station streams that change what the index holds. */
  apply(events: readonly JournalEvent[]): void {
    for (const event of events) {
      if (event.stream.startsWith('station/')) {
        if (event.type === 'station.created') this.applyStation(event.stream.slice('station/'.length), event.data);
        continue;
      }
      if (!event.stream.startsWith('unit/')) continue;
      const callSign = event.stream.slice('unit/'.length);
      const known = this.units.get(callSign);
      const next = nextRecord(callSign, known, event);
      if (next === 'unchanged') continue;
      if (next === undefined) {
        // An event about a unit this index never saw created: read the unit rather than guess.
        void this.reload(callSign);
        continue;
      }
      this.put(next);
    }
  }

  private applyStation(code: string, data: JsonObject): void {
    const location = data.location as { lat?: unknown; lon?: unknown } | undefined;
    if (typeof location?.lat !== 'number' || typeof location.lon !== 'number') return;
    this.stations.set(code, { lat: location.lat, lon: location.lon });
    // A station seldom moves; its units are placed again at the next search.
    for (const unit of this.units.values()) if (unit.station === code) this.moved.add(unit.callSign);
  }

  private async reload(callSign: string): Promise<void> {
    try {
      const row = await findUnitByCallSign(this.core.db, callSign);
      if (row !== undefined) this.put(recordOf(row));
      this.core.log.warn({ callSign }, 'the unit index met a unit it did not hold, and read it from the database');
    } catch (error) {
      this.core.log.error({ err: error, callSign }, 'the unit index could not read a unit');
    }
  }

  private put(unit: HeldUnit): void {
    const old = this.units.get(unit.callSign);
    if (old !== undefined) {
      this.byStatus.get(old.status)!.delete(old);
      for (const capability of old.capabilities) this.byCapability.get(capability)?.delete(old);
    }
    this.units.set(unit.callSign, unit);
    if (old === undefined || old.station !== unit.station) this.moved.add(unit.callSign);
    this.byStatus.get(unit.status)!.add(unit);
    for (const capability of unit.capabilities) {
      let holders = this.byCapability.get(capability);
      if (holders === undefined) this.byCapability.set(capability, (holders = new Set()));
      holders.add(unit);
    }
  }
}

/** The key under which the units module keeps its index in the kernel's state. */
export const unitIndexKey = new StateKey<UnitIndex>('the unit index (units module)');

/** The unit index of this kernel; the units module must have been started on it. */
export function unitIndex(core: Pick<Core, 'state'>): UnitIndex {
  return core.state.get(unitIndexKey);
}

function recordOf(row: UnitTable): HeldUnit {
  return {
    places: newPlaces(),
    callSign: row.call_sign,
    kind: row.kind,
    station: row.station_code,
    capabilities: new Set(fromJsonText(row.capabilities)),
    status: row.status,
    incident: row.incident_number,
  };
}

/**
 * What a unit event makes of the unit: a new record, `unchanged` for events that change nothing the
 * index holds (an acknowledgement, a withdrawal order), undefined when the unit is not known.
 * The values are those the commands write to the unit's row (unit.service.ts, dispatch.service.ts).
 */
function nextRecord(callSign: string, known: HeldUnit | undefined, journaled: JournalEvent): HeldUnit | 'unchanged' | undefined {
  const event = catalogued(journaled);
  switch (event.type) {
    case 'unit.created':
      return {
        places: known?.places ?? newPlaces(),
        callSign,
        kind: event.data.kind,
        station: event.data.station,
        capabilities: new Set(stringsOf(event.data.capabilities)),
        status: UnitStatus.offDuty,
        incident: null,
      };
    case 'unit.changed':
      if (known === undefined) return undefined;
      return {
        ...known,
        ...(event.data.kind === undefined ? {} : { kind: event.data.kind }),
        ...(event.data.station === undefined ? {} : { station: event.data.station }),
        ...(event.data.capabilities === undefined ? {} : { capabilities: new Set(stringsOf(event.data.capabilities)) }),
      };
    case 'unit.status_changed': {
      const to = event.data.to;
      if (known === undefined || !statusList.includes(to)) return undefined;
      return { ...known, status: to, incident: statusesOffIncident.has(to) ? null : known.incident };
    }
    case 'unit.dispatched':
      return known === undefined ? undefined : { ...known, status: UnitStatus.dispatched, incident: event.data.incident };
    case 'unit.released': {
      // Back to available, or to what it was doing before (an undone assignment); older events say nothing.
      const to = statusList.includes(event.data.to) ? event.data.to : UnitStatus.available;
      return known === undefined ? undefined : { ...known, status: to, incident: null };
    }
    default:
      return 'unchanged';
  }
}

const statusList: readonly string[] = Object.values(UnitStatus);

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The unit's place from a point: the one found last time when nothing it depends on changed. */
function placeAt(last: LastPlace, unit: IndexedUnit, graph: RoadGraph, lat: number, lon: number, fromStation: boolean): PlacedUnit | undefined {
  if (last.unit === unit && last.graph === graph && last.lat === lat && last.lon === lon) return last.placed;
  const onRoad = snapToRoad(graph, { lat, lon }, { maxDistanceM: MAX_SNAP_M });
  last.unit = unit;
  last.graph = graph;
  last.lat = lat;
  last.lon = lon;
  last.placed = onRoad === undefined ? undefined : { id: unit.callSign, unit, snap: onRoad, fromStation };
  return last.placed;
}
