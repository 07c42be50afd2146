/** Times and dates are those of the centre, whatever the operator's computer says. */
export const TIME_ZONE = 'Africa/Casablanca';

/**
 * The centre's offsets as the server's time-zone database has them. A browser's own copy may disagree
 * (seen: one that put Casablanca at UTC+0 where the server says UTC+1), and the screens must show the
 * clock every other part of the centre uses; with these, times are shifted by the server's offset and
 * formatted as UTC. Without them, the browser's database is used.
 */
let zoneOffsets: readonly { readonly fromMs: number; readonly offsetMinutes: number }[] = [];

export function setServerOffsets(changes: readonly { from: string; offsetMinutes: number }[]): void {
  zoneOffsets = changes.map((change) => ({ fromMs: new Date(change.from).getTime(), offsetMinutes: change.offsetMinutes })).sort((a, b) => a.fromMs - b.fromMs);
}

/** The instant to format, and the zone to format it in. */
export function centreClock(at: Date): { date: Date; timeZone: string } {
  if (zoneOffsets.length === 0) return { date: at, timeZone: TIME_ZONE };
  const t = at.getTime();
  let offset = zoneOffsets[0]!.offsetMinutes;
  for (const change of zoneOffsets) {
    if (change.fromMs > t) break;
    offset = change.offsetMinutes;
  }
  return { date: new Date(t + offset * 60_000), timeZone: 'UTC' };
}
