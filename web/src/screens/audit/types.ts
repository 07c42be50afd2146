/** The journal shapes the server answers with (`src/core/journal.routes.ts`, `src/identity/person.ts`; see docs/api.md). */

export interface JournalEvent {
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds. */
  readonly at: string;
  /** `user:alice`, `device:car-12`, `system:bootstrap`, `cli:root`. */
  readonly actor: string;
  /** `kind/id`: `incident/CASA-2026-000123`, `identity-person/BE123456`. */
  readonly stream: string;
  /** `kind.verb_past`: `incident.created`. */
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

/** One read of a person's record (`GET /identity/persons/{nin}/reads`). */
export interface PersonRead {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly name: string | null;
  readonly nameAr: string | null;
  readonly reason: string;
  /** `record`, `search`, `verification`, `self`, `photo`. */
  readonly via: string;
  readonly application: string | null;
}

export interface PersonReads {
  readonly nin: string;
  readonly reads: readonly PersonRead[];
  readonly next: number | null;
}

/** What `GET /journal/verify` found wrong, as a code (`JournalFault` in src/core/journal.ts). */
export const journalFaults = [
  'missing',
  'unlinked',
  'not_json',
  'altered',
  'checkpoint_differs',
  'anchor_differs',
  'checkpoint_missing',
  'anchor_unreadable',
  'anchor_unknown_key',
  'anchor_forged',
  'anchors_disagree',
  'unanchored',
  'past_last_anchor',
] as const;
export type JournalFault = (typeof journalFaults)[number];

export interface JournalVerdict {
  readonly ok: boolean;
  /** Events verified (before the fault, when there is one). */
  readonly count: number;
  readonly headSeq?: number;
  readonly headHash?: string;
  readonly brokenAt?: number;
  readonly fault?: JournalFault;
  /** Whether signed anchors were checked (false: no signing key was ever made here). */
  readonly attested: boolean;
  readonly attestation?: {
    readonly anchors: number;
    readonly anchoredSeq: number;
    readonly pending: number;
    readonly lastAnchoredAt?: string;
    readonly signedAtStart: readonly { from: number; to: number; at: string }[];
  };
}
