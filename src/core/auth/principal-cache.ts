import type { Core } from '../context.js';
import type { LiveBus } from '../live.js';
import { StateKey } from '../module-state.js';
import type { Principal } from './principal.js';

/** A session's owner as the database last said, with what is judged again on every request. */
export interface CachedSession {
  readonly kind: 'session';
  /** The principal the session opens when it passes the checks below (shared, never changed). */
  readonly principal: Extract<Principal, { kind: 'user' }>;
  readonly username: string;
  readonly expiresAt: string;
  readonly revoked: boolean;
  readonly disabled: boolean;
  readonly idleExpired: boolean;
  /** Written back when the request records a use, so the next one does not write again. */
  lastSeenAt: string;
  readonly loadedAt: number;
}

/** A device token's owner; undefined principal for a revoked device. */
export interface CachedDevice {
  readonly kind: 'device';
  readonly principal: Extract<Principal, { kind: 'device' }> | undefined;
  readonly loadedAt: number;
}

export type CachedOwner = CachedSession | CachedDevice;

/** More tokens than this in the cache (a flood of made-up ones is never cached; this bounds the rest). */
const MAX_ENTRIES = 50_000;

/**
 * The owners of recently used tokens, by token hash, so that a busy client's requests do not read its
 * session, user and roles (three queries) each time. An entry holds what the database said, not a
 * verdict: expiry, the idle lock and the recording of a use are judged against the clock on every
 * request, as they are without the cache.
 *
 * Any committed event on a user's or a device's stream (login, logout, revocation, roles, password,
 * second factor, idle lock, token rotation) empties it: the bus hands the event over in the command,
 * before its reply leaves, so the next request reads again. A change written by another process (the
 * command line, or another node of a cluster whose bus it does not share) is seen once the entry is
 * `maxAgeMs` old (AMANE_AUTH_CACHE_MS); 0 turns the cache off.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, CachedOwner>();

  constructor(
    bus: LiveBus,
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    bus.subscribe((events) => {
      if (this.entries.size === 0) return;
      if (events.some((event) => touchesAccess(event.stream))) this.entries.clear();
    });
  }

  /** The owner of a token, if read less than `maxAgeMs` ago and nothing changed since. */
  find(hash: string): CachedOwner | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (this.now() - entry.loadedAt >= this.maxAgeMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Keeps an owner just read, unless the cache is off. */
  keep(hash: string, entry: CachedOwner): void {
    if (this.maxAgeMs === 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, entry);
  }

  /** The time an entry made now is stamped with. */
  stamp(): number {
    return this.now();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The streams whose events may change who a token belongs to or what it may do. */
function touchesAccess(stream: string): boolean {
  return stream.startsWith('user/') || stream.startsWith('device/');
}

/** The token owners read lately by this kernel: a cache, made at the first request, dropped by the core module's stop. */
export const principalCacheKey = new StateKey<PrincipalCache>('kernel: token owners read lately');

/**
 * The cache of one kernel, emptied by the events of its bus: two kernels in one process never share
 * one.
 */
export function principalCacheOf(core: Pick<Core, 'bus' | 'config' | 'state'>): PrincipalCache {
  return core.state.obtain(principalCacheKey, () => new PrincipalCache(core.bus, core.config.authCacheMs));
}
