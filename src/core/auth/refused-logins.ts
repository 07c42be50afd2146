import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import { StateKey } from '../module-state.js';
import { startSweep } from '../sweep.js';

/** Distinct names kept per address in one digest: enough to see what was tried, bounded against a flood. */
const NAMES_KEPT = 20;
/** Addresses followed at once; beyond, the rest are counted together. */
const ADDRESSES_KEPT = 1_000;

interface Tally {
  count: number;
  names: Set<string>;
  first: string;
  last: string;
}

/**
 * Refused logins for names that are no account, summed per client address and journaled once a minute
 * as one `security.logins_refused` event per address, instead of one event each: a guesser spraying
 * random names cannot fill the journal, which refuses deletes, one line per guess. (Refusals for a real
 * account stay one event each, on that account's stream; the lockout counts every name alike, so the
 * lock says nothing about whether a name exists.)
 */
export class RefusedLoginDigest {
  private tallies = new Map<string, Tally>();
  private flushing: Promise<void> | undefined;

  add(clientAddress: string, username: string, at: string): void {
    const address = this.tallies.has(clientAddress) || this.tallies.size < ADDRESSES_KEPT ? clientAddress : 'other addresses';
    let tally = this.tallies.get(address);
    if (tally === undefined) {
      tally = { count: 0, names: new Set(), first: at, last: at };
      this.tallies.set(address, tally);
    }
    tally.count += 1;
    tally.last = at;
    if (tally.names.size < NAMES_KEPT) tally.names.add(username);
  }

  /** Journals what was summed since the last flush, one event per address, in one command. */
  async flush(core: Core): Promise<void> {
    await this.flushing;
    if (this.tallies.size === 0) return;
    const tallies = this.tallies;
    this.tallies = new Map();
    this.flushing = runCommand(core, 'system:login-guard', async ({ record }) => {
      for (const [clientAddress, tally] of tallies) {
        record('security/logins', 'security.logins_refused', {
          clientAddress,
          attempts: tally.count,
          names: [...tally.names].sort(),
          namesShown: tally.names.size,
          from: tally.first,
          to: tally.last,
        });
      }
    }).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }
}

export const refusedLoginDigestKey = new StateKey<RefusedLoginDigest>('kernel: refused logins for unknown names, summed per address');

/** Keeps the digest in `core.state` and flushes it every minute; the returned function stops it, flushing what is left. */
export function startRefusedLoginDigest(core: Core, everyMs = 60_000): () => Promise<void> {
  const digest = new RefusedLoginDigest();
  core.state.set(refusedLoginDigestKey, digest);
  const sweep = startSweep(core, { name: 'journaling refused logins', everyMs, run: () => digest.flush(core) });
  return async () => {
    await sweep.stop();
    core.state.delete(refusedLoginDigestKey);
    await digest.flush(core);
  };
}
