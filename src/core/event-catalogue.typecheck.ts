/**
 * Compiled by `tsc --noEmit` with the rest of the server, never run: each line under a `@ts-expect-error`
 * must fail to compile. Were the event catalogue to stop checking what is recorded or read, the
 * directive itself would be the error, and the type-check would fail.
 */
import type { CatalogueEvent } from '../contract/events.js';
import type { TimelineEvent } from '../contract/views.js';
import type { CommandScope } from './command.js';

/** `record` takes the catalogue's types only, each with its own data. */
export function recordsOnlyWhatTheCatalogueHolds({ record }: Pick<CommandScope, 'record'>): void {
  record('incident/CASA-2026-000001', 'incident.note_added', { n: 1, text: 'a note' });
  record('user/karim', 'user.updated', { locale: 'ar' });
  // @ts-expect-error an event type the catalogue does not hold
  record('incident/CASA-2026-000001', 'incident.nonexistent', {});
  // @ts-expect-error a field the event does not have
  record('incident/CASA-2026-000001', 'incident.note_added', { n: 1, text: 'a note', colour: 'red' });
  // @ts-expect-error a required field missing
  record('incident/CASA-2026-000001', 'incident.note_added', { n: 1 });
  // @ts-expect-error a field of the wrong type
  record('incident/CASA-2026-000001', 'incident.note_added', { n: '1', text: 'a note' });
  // @ts-expect-error another event's data
  record('call/c-1', 'call.answered', { incident: 'CASA-2026-000001' });
}

/** Reading an event, its type narrows its data. */
export function readsThroughTheCatalogue(event: CatalogueEvent, step: TimelineEvent): (string | null)[] {
  const read: (string | null)[] = [];
  if (event.type === 'incident.call_linked') read.push(event.data.answeredAt);
  if (step.type === 'incident.unit_assigned') read.push(step.data.unit);
  if (event.type === 'incident.note_added') {
    // @ts-expect-error a note has no answer time
    read.push(event.data.answeredAt);
  }
  return read;
}
