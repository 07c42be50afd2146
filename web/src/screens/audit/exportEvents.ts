import type { JournalEventView as JournalEvent } from '@contract/shapes';

/** A CSV cell: quoted when it must be, and a leading = + - @ defused so a spreadsheet shows it, not runs it. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The events as CSV (RFC 4180, CRLF), one per line with the data as JSON and both hashes, so the file
 * can be checked against the chain. A byte-order mark first: spreadsheets then read Arabic as UTF-8.
 */
export function eventsCsv(events: readonly JournalEvent[]): string {
  const header = ['seq', 'at', 'actor', 'type', 'stream', 'data', 'prev_hash', 'hash'];
  const rows = events.map((event) => [event.seq, event.at, event.actor, event.type, event.stream, JSON.stringify(event.data), event.prevHash, event.hash].map(cell).join(','));
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The events as the server gave them, indented. */
export function eventsJson(events: readonly JournalEvent[]): string {
  return `${JSON.stringify(events, null, 2)}\n`;
}
