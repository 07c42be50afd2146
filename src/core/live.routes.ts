import type { WebSocket } from 'ws';
import { Type } from 'typebox';
import { deviceTokenEndedEvents } from './auth/device.js';
import { permissionToSee } from './auth/permission.js';
import type { Principal } from './auth/principal.js';
import type { Core } from './context.js';
import { principalOf, type App } from './http.js';
import type { JournalEvent } from './journal.js';
import { findEvents, findLastEvent } from './journal.repository.js';
import { Closed } from './schema.js';

const LiveQuery = Closed({
  since: Type.Optional(Type.Integer({ minimum: 0, 'x-expected': 'the last sequence number the client has seen' })),
});

/** Most events a reconnecting client is sent to catch up; beyond that it is told to reload. */
const CATCH_UP_LIMIT = 10_000;
/** A client this far behind (bytes queued) is dropped; it reconnects with `since` and catches up. */
const MAX_BUFFERED_BYTES = 8 * 1_048_576;

/** Close codes a client can act on. */
export const LiveCloseCode = { sessionEnded: 4001, sessionIdle: 4002, tooSlow: 4008 } as const;

/**
 * `/live`: committed journal events over a WebSocket, filtered by what the caller's role may see.
 * Messages: `{type:'hello', head}`, `{type:'event', event}`, `{type:'resync', head}` (too far behind:
 * reload state from the API), and `{type:'telemetry', stream, kind, items}` (latest unit positions,
 * never replayed). With `?since=SEQ` the events missed since SEQ are sent first, in order.
 */
export function registerLiveRoutes(app: App, core: Core): void {
  app.get(
    '/live',
    {
      websocket: true,
      config: { permission: 'authenticated' },
      schema: { tags: ['live'], summary: 'WebSocket feed of committed events the caller may see', querystring: LiveQuery },
    },
    (socket, request) => {
      const principal = principalOf(request);
      new LiveConnection(core, socket, principal).start(request.query.since);
    },
  );
}

class LiveConnection {
  private lastSent = 0;
  private catchingUp = true;
  private readonly backlog: JournalEvent[] = [];
  private unsubscribe: (() => void) | undefined;
  private unsubscribeTelemetry: (() => void) | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: Core,
    private readonly socket: WebSocket,
    private readonly principal: Principal,
  ) {}

  start(since: number | undefined): void {
    this.core.metrics.liveClients.inc();
    // Subscribe first: events committed while the catch-up is read are held, then sent in order.
    this.unsubscribe = this.core.bus.subscribe((events) => this.onEvents(events));
    this.unsubscribeTelemetry = this.core.bus.subscribeTelemetry((telemetry) => {
      if (!this.catchingUp && this.principal.permissions.has(permissionToSee(telemetry.stream))) this.send({ type: 'telemetry', ...telemetry });
    });
    this.socket.on('close', () => this.stop());
    this.socket.on('error', () => this.stop());
    if (this.principal.kind === 'user') {
      const remaining = new Date(this.principal.sessionExpiresAt).getTime() - this.core.clock.now().getTime();
      this.expiryTimer = setTimeout(() => this.end('session expired'), Math.max(0, Math.min(remaining, 2 ** 31 - 1)));
    }
    void this.catchUp(since).catch((error: unknown) => {
      this.core.log.error({ err: error }, 'live catch-up failed');
      this.socket.close(1011, 'catch-up failed');
    });
  }

  private async catchUp(since: number | undefined): Promise<void> {
    const head = await findLastEvent(this.core.db);
    this.send({ type: 'hello', head: head.seq });
    this.lastSent = since ?? head.seq;
    if (since !== undefined && head.seq - since > CATCH_UP_LIMIT) {
      this.send({ type: 'resync', head: head.seq });
      this.lastSent = head.seq;
    } else {
      while (this.lastSent < head.seq) {
        const page = await findEvents(this.core.db, { afterSeq: this.lastSent, limit: 1_000 });
        if (page.length === 0) break;
        for (const event of page) this.deliver(event);
      }
    }
    this.catchingUp = false;
    for (const event of this.backlog.splice(0)) this.deliver(event);
  }

  private onEvents(events: readonly JournalEvent[]): void {
    for (const event of events) {
      if (this.endsThisConnection(event)) {
        if (event.type === 'session.idle_expired') this.end('session idle', LiveCloseCode.sessionIdle);
        else this.end('session closed');
        return;
      }
      if (this.catchingUp) this.backlog.push(event);
      else this.deliver(event);
    }
  }

  private deliver(event: JournalEvent): void {
    if (event.seq <= this.lastSent) return;
    this.lastSent = event.seq;
    if (!this.principal.permissions.has(permissionToSee(event.stream))) return;
    const { prevHash: _prevHash, hash: _hash, ...visible } = event;
    this.send({ type: 'event', event: visible });
  }

  private send(message: object): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.close(LiveCloseCode.tooSlow, 'too far behind; reconnect with since');
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  /** A revoked, closed or idle session, a disabled user, a revoked device or a rotated token loses its feed at once. */
  private endsThisConnection(event: JournalEvent): boolean {
    const principal = this.principal;
    if (principal.kind === 'device') return deviceTokenEndedEvents.includes(event.type) && event.stream === `device/${principal.name}`;
    if (event.stream !== `user/${principal.username}`) return false;
    if (event.data.sessionId === principal.sessionId && ['session.revoked', 'session.closed', 'session.idle_expired'].includes(event.type)) return true;
    const revoked = event.data.revokedSessions;
    return Array.isArray(revoked) && revoked.includes(principal.sessionId);
  }

  private end(reason: string, code: number = LiveCloseCode.sessionEnded): void {
    this.socket.close(code, reason);
    this.stop();
  }

  /** Stops listening; runs once however the connection ends. */
  private stop(): void {
    clearTimeout(this.expiryTimer);
    if (this.unsubscribe === undefined) return;
    this.unsubscribe();
    this.unsubscribe = undefined;
    this.unsubscribeTelemetry?.();
    this.core.metrics.liveClients.dec();
  }
}
