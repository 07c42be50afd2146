import { Type, type Static } from 'typebox';
import { JournalFault } from './journal.js';

/** One journal event as `GET /journal` answers it: its data as recorded, and the links of its chain. */
export const JournalEventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  stream: Type.String(),
  type: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type JournalEventView = Static<typeof JournalEventView>;

/** What `GET /journal/verify` found: the events verified, and the first fault when there is one. */
export const JournalVerdict = Type.Object({
  ok: Type.Boolean(),
  count: Type.Integer(),
  headSeq: Type.Optional(Type.Integer()),
  headHash: Type.Optional(Type.String()),
  brokenAt: Type.Optional(Type.Integer()),
  /** What is wrong, as a code (`JournalFault`); `reason` says it in English with the places. */
  fault: Type.Optional(Type.Enum(Object.values(JournalFault))),
  reason: Type.Optional(Type.String()),
  /** Whether the chain was checked against the signed anchors (false: no signing key was ever made here). */
  attested: Type.Boolean(),
  attestation: Type.Optional(
    Type.Object({
      anchors: Type.Integer(),
      anchoredSeq: Type.Integer(),
      pending: Type.Integer(),
      lastAnchoredAt: Type.Optional(Type.String()),
      signedAtStart: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), at: Type.String() })),
    }),
  ),
});
export type JournalVerdict = Static<typeof JournalVerdict>;
