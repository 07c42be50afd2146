import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db } from '../core/database.js';
import { DomainError, type FieldProblem, invalidField } from '../core/errors.js';
import { StateKey } from '../core/module-state.js';
import {
  hotlistStream,
  matchPlate,
  normalisePlate,
  type Hotlist,
  type HotlistChange,
  type HotlistEntryForMatch,
  type HotlistWithEntries,
  type NewHotlist,
  type NewHotlistEntry,
  type PlateMatch,
} from './hotlist.js';
import {
  deleteEntryRow,
  deleteHotlistRow,
  findHotlistByName,
  findHotlistRow,
  insertHotlist,
  listEntryRows,
  listHotlistRows,
  updateHotlistRow,
  upsertEntries,
  type PlateHotlistEntryTable,
  type PlateHotlistTable,
} from './hotlist.repository.js';

function hotlistRowToHotlist(row: PlateHotlistTable, entryCount: number): Hotlist {
  return {
    id: row.id,
    name: row.name,
    reason: row.reason,
    priority: row.priority,
    description: row.description,
    active: row.active === 1,
    expiresAt: row.expires_at,
    entryCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The plates of every list, in memory, for the ingest to check each plate read without a query. Read
 * again after each change of a list (in this process, and on the live bus for any `plate-hotlist/...`
 * event); a read checks the list and entry expiry against the read's own time.
 */
export class HotlistIndex {
  private byPlate = new Map<string, HotlistEntryForMatch[]>();
  private loading: Promise<void> | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly stopListening: () => void;

  constructor(private readonly core: Pick<Core, 'db' | 'bus' | 'log'>) {
    this.stopListening = core.bus.subscribe((events) => {
      if (events.some((event) => event.stream.startsWith('plate-hotlist/'))) void this.reload().catch((error: unknown) => core.log.error({ err: error }, 'reading the plate hotlists failed'));
    });
  }

  ready(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  /** Reads every list again; reloads run one after the other, the last one wins. */
  reload(): Promise<void> {
    this.reloading = this.reloading.catch(() => undefined).then(async () => {
      const lists = new Map((await listHotlistRows(this.core.db)).map((row) => [row.id, row]));
      const byPlate = new Map<string, HotlistEntryForMatch[]>();
      for (const entry of await listEntryRows(this.core.db)) {
        const list = lists.get(entry.hotlist_id);
        if (list === undefined) continue;
        const expiries = [entry.expires_at, list.expires_at].filter((e): e is string => e !== null).map((e) => Date.parse(e));
        const match: HotlistEntryForMatch = {
          hotlistId: list.id,
          hotlistName: list.name,
          reason: list.reason,
          priority: list.priority,
          plate: entry.plate,
          note: entry.note,
          expiresAtMs: expiries.length === 0 ? null : Math.min(...expiries),
          active: list.active === 1,
        };
        const found = byPlate.get(entry.plate);
        if (found === undefined) byPlate.set(entry.plate, [match]);
        else found.push(match);
      }
      this.byPlate = byPlate;
    });
    return this.reloading;
  }

  /** The entries a normalised plate hits at `atMs`, most urgent first. */
  match(plate: string, atMs: number): HotlistEntryForMatch[] {
    return matchPlate(this.byPlate.get(plate), atMs);
  }

  stop(): void {
    this.stopListening();
  }
}

/** The hotlist index of a kernel: built at its first use, stopped by the cameras module (through the ingest). */
export const hotlistIndexKey = new StateKey<HotlistIndex>('cameras: the plate hotlist index');

/** The hotlist index of a kernel (one per kernel). */
export function hotlistIndex(core: Pick<Core, 'db' | 'bus' | 'log' | 'state'>): HotlistIndex {
  return core.state.obtain(hotlistIndexKey, () => new HotlistIndex(core));
}

export async function listHotlists(db: Db): Promise<Hotlist[]> {
  return (await listHotlistRows(db)).map((row) => hotlistRowToHotlist(row, row.entry_count));
}

export async function getHotlist(db: Db, id: string): Promise<HotlistWithEntries> {
  const row = await findHotlistRow(db, id);
  if (row === undefined) throw new DomainError('not_found', `no plate hotlist has id ${id}`);
  const entries = await listEntryRows(db, id);
  return {
    ...hotlistRowToHotlist(row, entries.length),
    entries: entries.map((e) => ({ plate: e.plate, text: e.text, note: e.note, expiresAt: e.expires_at, addedAt: e.added_at, addedBy: e.added_by })),
  };
}

/** Creates a list, with its first plates if given. */
export async function createHotlist(core: Core, actor: Actor, input: NewHotlist): Promise<HotlistWithEntries> {
  const now = core.clock.now().getTime();
  notPast('expiresAt', input.expiresAt, now);
  const entries = readEntries('entries', input.entries ?? [], now);
  const id = randomUUID();
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      if ((await findHotlistByName(trx, input.name)) !== undefined) throw invalidField('name', `"${input.name}" is already the name of a list`, 'conflict');
      await insertHotlist(trx, {
        id,
        name: input.name,
        reason: input.reason,
        priority: input.priority,
        description: input.description ?? null,
        active: input.active === false ? 0 : 1,
        expires_at: input.expiresAt ?? null,
        created_at: at,
        updated_at: at,
      });
      await upsertEntries(trx, entries.map((e) => entryRow(id, e, actor, at)));
      record(hotlistStream(id), 'plate_hotlist.created', {
        name: input.name,
        reason: input.reason,
        priority: input.priority,
        description: input.description ?? null,
        active: input.active !== false,
        expiresAt: input.expiresAt ?? null,
        entries: entries.map(journalEntry),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('name', `"${input.name}" is already the name of a list`, 'conflict');
    throw error;
  }
  await hotlistIndex(core).reload();
  return getHotlist(core.db, id);
}

/** Changes a list's name, reason, priority, description, activity or expiry; journals what changed. */
export async function changeHotlist(core: Core, actor: Actor, id: string, change: HotlistChange): Promise<HotlistWithEntries> {
  notPast('expiresAt', change.expiresAt, core.clock.now().getTime());
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      const row = await lockedHotlist(trx, id);
      const next: Partial<PlateHotlistTable> = {};
      if (change.name !== undefined && change.name !== row.name) {
        const other = await findHotlistByName(trx, change.name);
        if (other !== undefined) throw invalidField('name', `"${change.name}" is already the name of a list`, 'conflict');
        next.name = change.name;
      }
      if (change.reason !== undefined && change.reason !== row.reason) next.reason = change.reason;
      if (change.priority !== undefined && change.priority !== row.priority) next.priority = change.priority;
      if (change.description !== undefined && change.description !== row.description) next.description = change.description;
      if (change.active !== undefined && (change.active ? 1 : 0) !== row.active) next.active = change.active ? 1 : 0;
      if (change.expiresAt !== undefined && change.expiresAt !== row.expires_at) next.expires_at = change.expiresAt;
      if (Object.keys(next).length === 0) return;
      await updateHotlistRow(trx, id, { ...next, updated_at: at });
      const journaled: Record<string, string | boolean | null> = {};
      for (const [key, value] of Object.entries(next)) journaled[key === 'expires_at' ? 'expiresAt' : key] = key === 'active' ? value === 1 : (value as string | null);
      record(hotlistStream(id), 'plate_hotlist.changed', journaled);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('name', `"${change.name ?? ''}" is already the name of a list`, 'conflict');
    throw error;
  }
  await hotlistIndex(core).reload();
  return getHotlist(core.db, id);
}

/** Deletes a list and its plates; the journal keeps what it held. */
export async function deleteHotlist(core: Core, actor: Actor, id: string): Promise<void> {
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = await lockedHotlist(trx, id);
    const entries = await listEntryRows(trx, id);
    await deleteHotlistRow(trx, id);
    record(hotlistStream(id), 'plate_hotlist.deleted', { name: row.name, plates: entries.map((e) => e.plate) });
  });
  await hotlistIndex(core).reload();
}

/** Adds plates to a list (a plate already there gets the new note and expiry). */
export async function addHotlistEntries(core: Core, actor: Actor, id: string, input: readonly NewHotlistEntry[]): Promise<HotlistWithEntries> {
  const entries = readEntries('entries', input, core.clock.now().getTime());
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await lockedHotlist(trx, id);
    await upsertEntries(trx, entries.map((e) => entryRow(id, e, actor, at)));
    await updateHotlistRow(trx, id, { updated_at: at });
    record(hotlistStream(id), 'plate_hotlist.entries_added', { entries: entries.map(journalEntry) });
  });
  await hotlistIndex(core).reload();
  return getHotlist(core.db, id);
}

/** Takes a plate (as typed, normalised here) off a list. */
export async function removeHotlistEntry(core: Core, actor: Actor, id: string, plateText: string): Promise<HotlistWithEntries> {
  const read = normalisePlate(plateText);
  if ('problem' in read) throw invalidField('plate', read.problem);
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await lockedHotlist(trx, id);
    if (!(await deleteEntryRow(trx, id, read.plate))) throw new DomainError('not_found', `plate ${read.plate} is not on list ${id}`);
    await updateHotlistRow(trx, id, { updated_at: at });
    record(hotlistStream(id), 'plate_hotlist.entry_removed', { plate: read.plate });
  });
  await hotlistIndex(core).reload();
  return getHotlist(core.db, id);
}

/** What a plate (as typed) hits now: for an operator checking a plate by hand. */
export async function checkPlate(core: Core, plateText: string): Promise<PlateMatch> {
  const read = normalisePlate(plateText);
  if ('problem' in read) throw invalidField('plate', read.problem);
  const index = hotlistIndex(core);
  await index.ready();
  const hits = index.match(read.plate, core.clock.now().getTime());
  return { plate: read.plate, hits: hits.map((h) => ({ hotlistId: h.hotlistId, hotlistName: h.hotlistName, reason: h.reason, priority: h.priority, note: h.note })) };
}

interface ReadEntry {
  readonly plate: string;
  readonly text: string;
  readonly note: string | null;
  readonly expiresAt: string | null;
}

/** Normalises the plates of a request; every unreadable, duplicated or expired one is named. */
function readEntries(field: string, input: readonly NewHotlistEntry[], nowMs: number): ReadEntry[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const entries: ReadEntry[] = [];
  input.forEach((entry, index) => {
    const read = normalisePlate(entry.plate);
    if ('problem' in read) {
      problems.push({ field: `${field}.${index}.plate`, message: read.problem });
      return;
    }
    const before = seen.get(read.plate);
    if (before !== undefined) problems.push({ field: `${field}.${index}.plate`, message: `is the same plate as ${field}.${before}.plate (${read.plate})` });
    seen.set(read.plate, index);
    if (entry.expiresAt !== undefined && entry.expiresAt !== null && Date.parse(entry.expiresAt) <= nowMs) {
      problems.push({ field: `${field}.${index}.expiresAt`, message: 'is in the past' });
    }
    entries.push({ plate: read.plate, text: entry.plate, note: entry.note ?? null, expiresAt: entry.expiresAt ?? null });
  });
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return entries;
}

function notPast(field: string, value: string | null | undefined, nowMs: number): void {
  if (value !== undefined && value !== null && Date.parse(value) <= nowMs) throw invalidField(field, 'is in the past');
}

function entryRow(hotlistId: string, entry: ReadEntry, actor: Actor, at: string): PlateHotlistEntryTable {
  return { hotlist_id: hotlistId, plate: entry.plate, text: entry.text, note: entry.note, expires_at: entry.expiresAt, added_at: at, added_by: actor };
}

function journalEntry(entry: ReadEntry): { plate: string; text: string; note: string | null; expiresAt: string | null } {
  return { plate: entry.plate, text: entry.text, note: entry.note, expiresAt: entry.expiresAt };
}

async function lockedHotlist(trx: Parameters<typeof findHotlistRow>[0], id: string): Promise<PlateHotlistTable> {
  const row = await findHotlistRow(trx, id, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no plate hotlist has id ${id}`);
  return row;
}
