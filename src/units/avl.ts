import { distanceM, inBBox, type BBox } from '../geo/geometry.js';

/**
 * Automatic vehicle location: the rules a position fix passes before it moves a unit, the same for
 * fixes over MQTT and over HTTP. Pure: the tracker (avl.service.ts) holds the state.
 */

/** A position fix as reported by a unit's tracker or phone. Speed in km/h, heading in degrees from north. */
export interface Fix {
  readonly lat: number;
  readonly lon: number;
  readonly speedKmh: number | null;
  readonly heading: number | null;
  readonly accuracyM: number | null;
  /** When the fix was taken, epoch milliseconds. */
  readonly atMs: number;
}

/** Why a fix was not used; each is counted (`amane_avl_fixes_total{result}`). */
export const FixDrop = {
  invalid: 'invalid',
  unknownUnit: 'unknown_unit',
  notAllowed: 'not_allowed',
  outOfOrder: 'out_of_order',
  duplicate: 'duplicate',
  impossibleJump: 'impossible_jump',
  outOfArea: 'out_of_area',
  future: 'future',
  /** Beyond the per-unit limit of fixes a minute (AMANE_DEVICE_FIXES_PER_MINUTE): a flooding device. */
  rateLimited: 'rate_limited',
} as const;
export type FixDrop = (typeof FixDrop)[keyof typeof FixDrop];
export type FixResult = 'accepted' | FixDrop;
export const fixResults: readonly FixResult[] = ['accepted', ...Object.values(FixDrop)];

/** Faster than this between two fixes is a jump no police vehicle makes (a bad fix, a spoofed one). */
export const MAX_SPEED_KMH = 200;
/** A fix stamped this far ahead of the centre's clock is refused (a tracker with a wrong clock). */
export const MAX_CLOCK_AHEAD_MS = 30_000;
/** History keeps at most one fix per unit per this interval. */
export const HISTORY_INTERVAL_MS = 10_000;

/**
 * Reads a fix from a device's JSON: `{lat, lon, speed?, heading?, accuracy?, at}`, `at` an ISO 8601
 * date-time or epoch milliseconds. Returns the fix, or what is wrong with it.
 */
export function parseFix(input: unknown): Fix | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'must be a JSON object {lat, lon, speed, heading, accuracy, at}';
  const o = input as Record<string, unknown>;
  const lat = o.lat;
  const lon = o.lon;
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) return 'lat: must be a latitude from -90 to 90';
  if (typeof lon !== 'number' || !(lon >= -180 && lon <= 180)) return 'lon: must be a longitude from -180 to 180';
  const speed = optionalNumber(o.speed, 0, 400);
  if (speed === undefined) return 'speed: must be km/h from 0 to 400';
  const heading = optionalNumber(o.heading, 0, 360);
  if (heading === undefined) return 'heading: must be degrees from 0 to 360';
  const accuracy = optionalNumber(o.accuracy, 0, 100_000);
  if (accuracy === undefined) return 'accuracy: must be metres from 0 to 100000';
  let atMs: number;
  if (typeof o.at === 'number' && Number.isInteger(o.at) && o.at > 0) atMs = o.at;
  else if (typeof o.at === 'string' && ISO_DATE_TIME.test(o.at)) atMs = realDate(o.at) ? Date.parse(o.at) : Number.NaN;
  else return 'at: must be an ISO 8601 date-time with its offset, or epoch milliseconds';
  if (Number.isNaN(atMs)) return 'at: is not a real date';
  return { lat, lon, speedKmh: speed, heading, accuracyM: accuracy, atMs };
}

const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Whether the calendar has that day (no 30 February). */
function realDate(text: string): boolean {
  const [, y, m, d] = ISO_DATE_TIME.exec(text)!.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** null when absent, undefined when present but wrong. */
function optionalNumber(value: unknown, min: number, max: number): number | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && value >= min && value <= max ? value : undefined;
}

/**
 * Whether a well-formed fix can move the unit, given the last fix accepted for it: not from the future,
 * inside the service area, newer than the last one, and reachable from it at a believable speed (the
 * two fixes' accuracy radii are granted before judging the speed).
 */
export function judgeFix(previous: Fix | undefined, fix: Fix, nowMs: number, area: BBox): FixResult {
  if (fix.atMs > nowMs + MAX_CLOCK_AHEAD_MS) return FixDrop.future;
  if (!inBBox(fix, area)) return FixDrop.outOfArea;
  if (previous === undefined) return 'accepted';
  if (fix.atMs === previous.atMs) return FixDrop.duplicate;
  if (fix.atMs < previous.atMs) return FixDrop.outOfOrder;
  const slack = (previous.accuracyM ?? 0) + (fix.accuracyM ?? 0);
  const metres = Math.max(0, distanceM(previous, fix) - slack);
  const kmh = (metres / ((fix.atMs - previous.atMs) / 1_000)) * 3.6;
  return kmh > MAX_SPEED_KMH ? FixDrop.impossibleJump : 'accepted';
}
