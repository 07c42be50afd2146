import { Type, type Static } from 'typebox';
import type { Core } from './context.js';
import { invalidField } from './errors.js';
import type { App } from './http.js';
import { JournalEventView, JournalVerdict } from '../contract/journal.schema.js';
import { FileAnchorSink, keyFolderPublicKeys, loadVerifyingKeys, verifyAttestedJournal } from './journal-attestation.js';
import { findEvents, verifyChain } from './journal.repository.js';
import { Closed, Timestamp } from './schema.js';

const JournalQuery = Closed({
  after: Type.Optional(Type.Integer({ minimum: 0, 'x-expected': 'a sequence number (0 or more)' })),
  stream: Type.Optional(Type.String({ minLength: 3, maxLength: 200, pattern: '^[a-z_-]+/[^\\u0000-\\u001F]+$', 'x-expected': 'a stream such as user/alice' })),
  actor: Type.Optional(Type.String({ minLength: 3, maxLength: 200, pattern: '^[a-z_-]+:[^\\u0000-\\u001F]+$', 'x-expected': 'an actor such as user:alice' })),
  type: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$', 'x-expected': 'an event type such as identity_person.read' })),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, 'x-expected': 'a whole number from 1 to 1000' })),
});
type JournalQuery = Static<typeof JournalQuery>;

/**
 * The repository's query from the route's: times as the journal stores them (UTC with milliseconds, so
 * they compare as text), and a range that ends before it starts refused on `to`.
 */
function journalSearch(query: JournalQuery) {
  const instant = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  const [from, to] = [instant(query.from), instant(query.to)];
  if (from !== undefined && to !== undefined && to < from) throw invalidField('to', `is before from (${from}): the range must end after it starts`);
  return {
    limit: query.limit ?? 100,
    ...(query.after === undefined ? {} : { afterSeq: query.after }),
    ...(query.stream === undefined ? {} : { stream: query.stream }),
    ...(query.actor === undefined ? {} : { actor: query.actor }),
    ...(query.type === undefined ? {} : { type: query.type }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

/** The audit trail, for auditors: read it a page at a time, and verify its chain. */
export function registerJournalRoutes(app: App, core: Core): void {
  app.get(
    '/journal',
    {
      config: { permission: 'journal.read' },
      schema: { tags: ['journal'], summary: 'Journal events in sequence order, narrowed by stream, actor, type and time (from included, to excluded)', querystring: JournalQuery, response: { 200: Type.Array(JournalEventView) } },
    },
    async (request) => findEvents(core.db, journalSearch(request.query)),
  );

  app.get(
    '/journal/verify',
    {
      config: { permission: 'journal.verify' },
      schema: { tags: ['journal'], summary: 'Recompute the hash chain and check it against the signed anchors; names the first thing wrong', response: { 200: JournalVerdict } },
    },
    async () => {
      const publicKeys = keyFolderPublicKeys(core.config.keyDirectory);
      // A centre that never signed (no key made yet) has only its chain to show, and says so.
      if (publicKeys.length === 0) return { ...(await verifyChain(core.db)), attested: false };
      const verdict = await verifyAttestedJournal(core.db, {
        anchors: await new FileAnchorSink(core.config.journalAnchorsFile).readAll(),
        keys: loadVerifyingKeys(publicKeys),
        now: core.clock.now(),
        pendingSeconds: core.config.journalAnchorSeconds * 3,
      });
      return { ...verdict, attested: true };
    },
  );
}
