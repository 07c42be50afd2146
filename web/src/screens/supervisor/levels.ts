import type { I18n } from '../../i18n';

/** How a figure stands against its target: met, close (amber), missed (red), or nothing to measure yet. */
export type Level = 'ok' | 'warn' | 'bad' | 'none';

/** NENA-STA-020.1: 90% of calls answered within 15 s and 95% within 20 s. */
export const nenaTargets = { within15s: 90, within20s: 95 } as const;

/** Amber while a share is less than this many points under its target: one bad hour, not yet a trend. */
const AMBER_POINTS = 5;

/** The level of a percentage against a target percentage. */
export function shareLevel(percent: number | null, target: number): Level {
  if (percent === null) return 'none';
  if (percent >= target) return 'ok';
  return percent >= target - AMBER_POINTS ? 'warn' : 'bad';
}

/** A caller still waiting past 15 s has already missed the target; past 10 s it is about to. */
export function waitLevel(longestWaitS: number | null): Level {
  if (longestWaitS === null) return 'ok';
  if (longestWaitS > 15) return 'bad';
  return longestWaitS > 10 ? 'warn' : 'ok';
}

/** A percentage (0-100) with one decimal, in the operator's language: `92,3 %`. */
export function percent(i18n: I18n, value: number): string {
  return i18n.t('supervisor.percent', { n: i18n.number(value, Number.isInteger(value) ? 0 : 1) });
}

/** The colours of a level, for the charts' bars (styles.css has the same for the tiles' marks). */
export const levelColours: Record<Level, string> = { ok: '#2e7d32', warn: '#c77700', bad: '#c62828', none: '#90a4ae' };
