import client from 'prom-client';
import type { CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { fromJsonText } from '../core/json-column.js';
import type { LatLon } from '../geo/geometry.js';
import type { Metrics } from '../core/metrics.js';
import { StateKey } from '../core/module-state.js';
import { RateLimit } from '../core/rate-limit.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { FixDrop, HISTORY_INTERVAL_MS, fixResults, judgeFix, parseFix, type Fix, type FixResult } from './avl.js';
import { findUnitByCallSign, insertPositionHistory, listUnitRows, saveLatestPositions, type UnitPositionTable, type UnitTable } from './unit.repository.js';
import { onUnitChanged } from './unit.service.js';

/** Who sent a fix: a device (its tracker), a person (a crew's phone), or a trusted channel. */
export type FixSource =
  | { readonly kind: 'device'; readonly name: string }
  | { readonly kind: 'user'; readonly username: string; readonly anyUnit: boolean }
  /** An external broker authenticates its devices itself; its topic says which unit. */
  | { readonly kind: 'broker' };

interface TrackedUnit {
  readonly id: string;
  readonly callSign: string;
  device: string | null;
  crew: ReadonlySet<string>;
  last: Fix | undefined;
  lastHistoryMs: number;
}

/** Hears each accepted fix of a unit (`followUnitFixes`). */
export type FixListener = (callSign: string, fix: Fix) => void;

/** A unit's latest position as sent live. */
export interface LivePosition {
  readonly callSign: string;
  readonly lat: number;
  readonly lon: number;
  readonly speedKmh: number | null;
  readonly heading: number | null;
  readonly accuracyM: number | null;
  readonly at: string;
}

const SAVE_EVERY_MS = 1_000;
const PUBLISH_EVERY_MS = 500;

/**
 * The live state of unit positions. Every fix, over MQTT or HTTP, passes the same checks (avl.ts);
 * accepted ones move the unit in memory at once. The latest positions are written to the database every
 * second and the history keeps one fix per unit per 10 s; positions are telemetry, not journaled (a crash
 * loses at most the last second, which the next fix replaces). The console gets the latest position of
 * each unit that moved, twice a second, on `/live`.
 */
export class AvlTracker {
  private readonly units = new Map<string, TrackedUnit>();
  private readonly unsaved = new Set<TrackedUnit>();
  private readonly unpublished = new Set<TrackedUnit>();
  private readonly movedListeners = new Set<(callSign: string) => void>();
  private readonly fixListeners = new Set<FixListener>();
  private history: UnitPositionTable[] = [];
  private loading: Promise<void> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private saveRunning = false;
  private sweeps: Sweep[] = [];
  private readonly counts: client.Counter<'result'>;
  private readonly stopListening: () => void;
  private readonly fixesPerUnit: RateLimit;

  constructor(private readonly core: Core) {
    this.counts = avlCounter(core.metrics);
    this.fixesPerUnit = new RateLimit(core.config.deviceFixesPerMinute, core.clock, 'position fixes for this unit');
    this.stopListening = onUnitChanged(core, (callSign) => void this.reload(callSign));
  }

  /** Reads the units once; fixes arriving before that wait for it. */
  ready(): Promise<void> {
    this.loading ??= listUnitRows(this.core.db).then((rows) => {
      for (const row of rows) this.track(row);
    });
    return this.loading;
  }

  /** Starts the periodic save and live publication. */
  start(): void {
    if (this.sweeps.length > 0) return;
    this.sweeps = [
      // A save still running when the next is due (one asked for outside the timer too): skip a beat
      // rather than queue saves without end.
      startSweep(this.core, { name: 'saving unit positions', everyMs: SAVE_EVERY_MS, run: () => (this.saveRunning ? undefined : this.save()) }),
      startSweep(this.core, { name: 'publishing unit positions', everyMs: PUBLISH_EVERY_MS, run: () => this.publish() }),
    ];
  }

  /** Stops the timers and writes what is pending. */
  async stop(): Promise<void> {
    const sweeps = this.sweeps;
    this.sweeps = [];
    await Promise.all(sweeps.map((sweep) => sweep.stop()));
    this.stopListening();
    this.publish();
    await this.save();
  }

  /**
   * Judges one fix for the unit `callSign`; an accepted fix moves the unit. Needs `ready()` first.
   * Returns what happened to it (also counted in `amane_avl_fixes_total`).
   */
  accept(source: FixSource, callSign: string, payload: unknown, options: { admitted?: boolean } = {}): FixResult {
    const result = this.judge(source, callSign, payload, options.admitted ?? false);
    this.counts.inc({ result });
    return result;
  }

  private judge(source: FixSource, callSign: string, payload: unknown, admitted: boolean): FixResult {
    const unit = this.units.get(callSign);
    if (unit === undefined) return FixDrop.unknownUnit;
    if (!this.mayReport(source, unit)) return FixDrop.notAllowed;
    // Counted before parsing, so a flood of malformed fixes costs no more than the limit's worth of work.
    // `admitted`: a fix of an HTTP batch whose unit already got past the allowance in that batch (a tracker
    // catching up after a tunnel sends minutes of fixes at once, one report).
    if (!admitted && this.fixesPerUnit.tryTake(callSign) !== 0) return FixDrop.rateLimited;
    const fix = parseFix(payload);
    if (typeof fix === 'string') return FixDrop.invalid;
    const result = judgeFix(unit.last, fix, this.core.clock.now().getTime(), this.core.config.serviceArea);
    if (result !== 'accepted') return result;
    unit.last = fix;
    this.moved(unit.callSign);
    for (const listener of this.fixListeners) listener(unit.callSign, fix);
    this.unsaved.add(unit);
    this.unpublished.add(unit);
    if (fix.atMs - unit.lastHistoryMs >= HISTORY_INTERVAL_MS) {
      unit.lastHistoryMs = fix.atMs;
      this.history.push({
        unit_id: unit.id,
        at: new Date(fix.atMs).toISOString(),
        lat: fix.lat,
        lon: fix.lon,
        speed_kmh: fix.speedKmh,
        heading: fix.heading,
        accuracy_m: fix.accuracyM,
      });
    }
    return 'accepted';
  }

  private mayReport(source: FixSource, unit: TrackedUnit): boolean {
    switch (source.kind) {
      case 'broker':
        return true;
      case 'device':
        return unit.device === source.name;
      case 'user':
        return source.anyUnit || unit.crew.has(source.username);
    }
  }

  /** The latest accepted fix of a unit (fresher than the database by up to a second). */
  latest(callSign: string): Fix | undefined {
    return this.units.get(callSign)?.last;
  }

  /**
   * Calls `listener` with the call sign of each unit whose latest fix changes (an accepted fix, a unit
   * read again), so that what is derived from positions is redone for the units that moved only.
   * Returns the function that stops the calls.
   */
  onMoved(listener: (callSign: string) => void): () => void {
    this.movedListeners.add(listener);
    return () => this.movedListeners.delete(listener);
  }

  /**
   * Calls `listener` with every accepted fix, in the order accepted (a unit read again from the database
   * is not a fix). Called in the fix's own turn: a listener does little and never throws.
   * Returns the function that stops the calls.
   */
  onFix(listener: FixListener): () => void {
    this.fixListeners.add(listener);
    return () => this.fixListeners.delete(listener);
  }

  private moved(callSign: string): void {
    for (const listener of this.movedListeners) listener(callSign);
  }

  /** The name of the device that reports for a unit (for MQTT's topic rules, which run per message). */
  deviceOf(callSign: string): string | null | undefined {
    return this.units.get(callSign)?.device;
  }

  /** How many units are tracked (for the benchmark's memory figure). */
  get size(): number {
    return this.units.size;
  }

  /** Writes the latest positions and the history collected since the last save, in one transaction. */
  save(): Promise<void> {
    // Saves run one after the other; one that failed does not stop the next (its data is kept for it).
    const run = this.saving.catch(() => undefined).then(async () => {
      if (this.unsaved.size === 0 && this.history.length === 0) return;
      this.saveRunning = true;
      const moved = [...this.unsaved];
      const latest = moved.map((unit) => ({
        id: unit.id,
        lat: unit.last!.lat,
        lon: unit.last!.lon,
        speed_kmh: unit.last!.speedKmh,
        heading: unit.last!.heading,
        accuracy_m: unit.last!.accuracyM,
        at: new Date(unit.last!.atMs).toISOString(),
      }));
      const history = this.history;
      this.unsaved.clear();
      this.history = [];
      try {
        await this.core.db.transaction().execute(async (trx) => {
          await saveLatestPositions(trx, latest);
          await insertPositionHistory(trx, history);
        });
      } catch (error) {
        // Kept for the next save rather than lost.
        this.history.unshift(...history);
        for (const unit of moved) this.unsaved.add(unit);
        throw error;
      } finally {
        this.saveRunning = false;
      }
    });
    this.saving = run;
    return run;
  }

  /** Sends the units that moved since the last publication to `/live`. */
  publish(): void {
    if (this.unpublished.size === 0) return;
    const items: LivePosition[] = [];
    for (const unit of this.unpublished) {
      const fix = unit.last!;
      items.push({ callSign: unit.callSign, lat: fix.lat, lon: fix.lon, speedKmh: fix.speedKmh, heading: fix.heading, accuracyM: fix.accuracyM, at: new Date(fix.atMs).toISOString() });
    }
    this.unpublished.clear();
    this.core.bus.publishTelemetry({ stream: 'unit/*', kind: 'positions', items });
  }

  private track(row: UnitTable): void {
    const known = this.units.get(row.call_sign);
    const stored: Fix | undefined =
      row.lat === null || row.lon === null || row.position_at === null
        ? undefined
        : { lat: row.lat, lon: row.lon, speedKmh: row.speed_kmh, heading: row.heading, accuracyM: row.accuracy_m, atMs: Date.parse(row.position_at) };
    const last = known?.last !== undefined && (stored === undefined || known.last.atMs >= stored.atMs) ? known.last : stored;
    this.units.set(row.call_sign, {
      id: row.id,
      callSign: row.call_sign,
      device: row.device_name,
      crew: new Set(fromJsonText(row.crew)),
      last,
      lastHistoryMs: known?.lastHistoryMs ?? last?.atMs ?? -Infinity,
    });
    if (last !== known?.last) this.moved(row.call_sign);
  }

  private async reload(callSign: string): Promise<void> {
    await this.ready();
    const row = await findUnitByCallSign(this.core.db, callSign);
    if (row === undefined) {
      this.units.delete(callSign);
      this.moved(callSign);
    } else this.track(row);
  }
}

/** The position tracker of a kernel: built at its first use, started and stopped by the units module. */
export const avlTrackerKey = new StateKey<AvlTracker>('units: the AVL tracker');

/** The position tracker of a kernel (one per kernel). */
export function avlTracker(core: Core): AvlTracker {
  return core.state.obtain(avlTrackerKey, () => new AvlTracker(core));
}

const counters = new WeakMap<client.Registry, client.Counter<'result'>>();

function avlCounter(metrics: Metrics): client.Counter<'result'> {
  let counter = counters.get(metrics.registry);
  if (counter === undefined) {
    counter = new client.Counter({
      name: 'amane_avl_fixes_total',
      help: 'Position fixes by what became of them: accepted, or dropped and why.',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    for (const result of fixResults) counter.inc({ result }, 0);
    counters.set(metrics.registry, counter);
  }
  return counter;
}

/** A unit and where it is now, for another module's command (a cordon orders the units inside it out). */
export interface UnitPlace {
  readonly callSign: string;
  readonly kind: string;
  readonly status: string;
  /** The tracker's latest fix, fresher than the database by up to a second; else the stored position. */
  readonly place: LatLon | undefined;
}

/** Saves and publishes the latest positions now, as the tracker's timers would (for a simulator running faster than the wall clock). */
export async function flushUnitPositions(core: Core): Promise<void> {
  const tracker = core.state.find(avlTrackerKey);
  if (tracker === undefined) return;
  await tracker.save();
  tracker.publish();
}

/**
 * Follows every accepted position fix, for a module that derives something from the fleet's tracks
 * (live road speeds). Returns the function that stops following.
 */
export function followUnitFixes(core: Core, listener: FixListener): () => void {
  return avlTracker(core).onFix(listener);
}

/** Waits until the positions are loaded: call it before a command that reads `listUnitPlacesInCommand`. */
export async function unitPlacesReady(core: Core): Promise<void> {
  await avlTracker(core).ready();
}

/** Every unit with its place, read in the caller's command (`unitPlacesReady` first, outside it). */
export async function listUnitPlacesInCommand(core: Core, scope: CommandScope): Promise<UnitPlace[]> {
  const tracker = avlTracker(core);
  return (await listUnitRows(scope.trx)).map((unit) => {
    const fix = tracker.latest(unit.call_sign);
    const place = fix ?? (unit.lat === null || unit.lon === null ? undefined : { lat: unit.lat, lon: unit.lon });
    return { callSign: unit.call_sign, kind: unit.kind, status: unit.status, place: place === undefined ? undefined : { lat: place.lat, lon: place.lon } };
  });
}
