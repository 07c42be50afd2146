import type { CatalogueEvent } from '@contract/events';

/**
 * The `/live` feed: committed journal events in order and unit positions, over one WebSocket.
 * A lost connection is reported at once and retried (1 s, then doubling up to 15 s); the new
 * connection asks for the events since the last one seen, so nothing committed meanwhile is missed.
 * When the server says the gap is too long (`resync`), listeners reload their state.
 */

/** A committed journal event, its data typed by its type (the event catalogue shared with the server). */
export type LiveEvent = CatalogueEvent;

export interface Telemetry {
  readonly stream: string;
  readonly kind: string;
  readonly items: readonly Record<string, unknown>[];
}

export type LiveState = 'connecting' | 'live' | 'lost';

export interface LiveHandlers {
  event(event: LiveEvent): void;
  telemetry(telemetry: Telemetry): void;
  /** The server could not replay what was missed: reload everything. */
  resync(): void;
  state(state: LiveState, since: Date | null): void;
  /** The session ended (logged out elsewhere, revoked or expired), or the idle lock ended it. */
  sessionEnded(why: 'ended' | 'idle'): void;
}

const SESSION_ENDED = 4001;
const SESSION_IDLE = 4002;

export class LiveFeed {
  private socket: WebSocket | undefined;
  private lastSeq: number | undefined;
  private retryMs = 1_000;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lostSince: Date | null = null;
  private stopped = false;

  constructor(private readonly handlers: LiveHandlers) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'logged out');
    this.socket = undefined;
  }

  private connect(): void {
    this.handlers.state(this.lostSince === null ? 'connecting' : 'lost', this.lostSince);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const since = this.lastSeq === undefined ? '' : `?since=${this.lastSeq}`;
    const socket = new WebSocket(`${scheme}://${location.host}/live${since}`);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(JSON.parse(String(message.data)) as Record<string, unknown>);
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (close.code === SESSION_ENDED || close.code === SESSION_IDLE) {
        this.handlers.sessionEnded(close.code === SESSION_IDLE ? 'idle' : 'ended');
        return;
      }
      if (this.stopped) return;
      this.lostSince ??= new Date();
      this.handlers.state('lost', this.lostSince);
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    };
  }

  private receive(message: Record<string, unknown>): void {
    switch (message.type) {
      case 'hello': {
        const head = message.head as number;
        const firstTime = this.lastSeq === undefined;
        this.lastSeq ??= head;
        this.retryMs = 1_000;
        this.lostSince = null;
        this.handlers.state('live', null);
        if (firstTime) this.handlers.resync();
        break;
      }
      case 'event': {
        const event = message.event as LiveEvent;
        this.lastSeq = Math.max(this.lastSeq ?? 0, event.seq);
        this.handlers.event(event);
        break;
      }
      case 'resync':
        this.lastSeq = message.head as number;
        this.handlers.resync();
        break;
      case 'telemetry':
        this.handlers.telemetry(message as unknown as Telemetry);
        break;
      default:
        break;
    }
  }
}
