/**
 * The kernel's events: people and their sessions, devices, role grants, the login guard, keys, and the
 * reference data it imports (districts, roads, the demo city). Streams: `user/…`, `device/…`,
 * `security/logins`, `key/…`, `journal/signing-key`, `area/districts`, `road/network`, `demo/city`.
 */
export interface KernelEvents {
  /** A user account was created, with the roles granted at once. */
  'user.created': { id: string; fullName: string; fullNameAr: string | null; roles: string[]; locale: string };
  /** A user's names, language or roles were changed: only the fields that changed. */
  'user.updated': { fullName?: string; fullNameAr?: string | null; locale?: string; roles?: string[] };
  /** The person chose the console's language (`from` null: the administrator's locale until then). */
  'user.language_changed': { from: string | null; to: string };
  /** An administrator disabled the account; its sessions were revoked. */
  'user.disabled': { reason: string; revokedSessions: string[] };
  /** An administrator enabled the account again. */
  'user.enabled': { reason: string };
  /** An administrator reset the password; the sessions were revoked. */
  'user.password_reset': { revokedSessions: string[] };
  /** The person changed their password; their other sessions were revoked. */
  'user.password_changed': { revokedSessions: string[] };
  /** A login was refused on this account (a wrong password, a disabled account…). */
  'user.login_failed': { reason: string; clientAddress: string };
  /** The person gave a wrong current password when changing it. */
  'user.password_check_failed': Record<string, never>;
  /** Refused attempts in a row locked the account until `until`. */
  'user.locked_out': { failures: number; until: string };
  /** A role waits for a second administrator (the two-person rule). */
  'user.role_requested': { grant: string; role: string };
  /** A second administrator granted a requested role; `roles` is what the user now holds. */
  'user.role_granted': { grant: string; role: string; requestedBy: string; roles: string[] };
  /** A requested role was refused, or withdrawn by the one who asked. */
  'user.role_refused': { grant: string; role: string; reason: string; withdrawn: boolean };
  /** The person began enrolling a second factor. */
  'user.totp_enrolment_started': Record<string, never>;
  /** The person enrolled a second factor; their other sessions were revoked. */
  'user.totp_enrolled': { revokedSessions: string[] };
  /** An administrator removed the person's second factor. */
  'user.totp_reset': { reason: string; revokedSessions: string[] };
  /** A session was opened (a login). */
  'session.opened': { sessionId: string; expiresAt: string; clientAddress: string; secondFactor: boolean };
  /** A session ended after it was left idle too long. */
  'session.idle_expired': { sessionId: string; lastSeenAt: string };
  /** The person logged out. */
  'session.closed': { sessionId: string };
  /** An administrator revoked a session. */
  'session.revoked': { sessionId: string; reason: string };
  /** A device (camera, telephony gateway, vehicle…) was registered and given a token. */
  'device.registered': { id: string; kind: string };
  /** A device's token was revoked. */
  'device.revoked': { reason: string };
  /** A device was given a new token. */
  'device.token_rotated': { reason: string };
  /** Logins with names that are no account, summed per client address since the last digest. */
  'security.logins_refused': { clientAddress: string; attempts: number; names: string[]; namesShown: number; from: string; to: string };
  /** A key-encryption key was rotated and the keys it wraps resealed. */
  'key.rotated': { key: string; from: string; to: string; resealed: number };
  /** The journal's signing key was replaced; the old one is kept to check past anchors. */
  'journal.signing_key_rotated': { previousKeyId: string; keyId: string };
  /** Districts were imported (their codes), from a file whose digest is kept. */
  'area.imported': { count: number; codes: string[]; source: string; sha256: string };
  /** A road network was imported: what was read, kept and dropped. */
  'roads.imported': {
    source: string;
    sha256: string;
    format: string;
    ways: number;
    skippedWays: number;
    graphBytes: number;
    attribution: string;
    nodes: number;
    edges: number;
    droppedNodes: number;
    droppedEdges: number;
  };
  /** The demo city was seeded: what it holds, and what this run created. */
  'demo.seeded': { districts: number; stations: number; units: number; cameras: number; callTakers: number; created: { [what: string]: number } };
}
