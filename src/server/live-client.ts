import WebSocket from 'ws';
import { bearer } from './testing.js';

/** A message of the /live feed. */
export interface LiveMessage {
  type: 'hello' | 'event' | 'resync' | 'telemetry';
  head?: number;
  event?: { seq: number; stream: string; type: string; actor: string; data: Record<string, unknown>; hash?: string };
  /** Telemetry: its stream, its kind (`positions`) and the latest items. */
  stream?: string;
  kind?: string;
  items?: Record<string, unknown>[];
}

/** A /live client for tests: records every message and waits for the one it expects. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  closeCode: number | undefined;
  private readonly socket: WebSocket;
  private waiters: (() => void)[] = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      this.messages.push(JSON.parse(String(raw)) as LiveMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static connect(url: string, token: string): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: bearer(token) });
      const client = new LiveClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  events(): NonNullable<LiveMessage['event']>[] {
    return this.messages.filter((m) => m.type === 'event').map((m) => m.event!);
  }

  /** Telemetry items received so far, of one kind. */
  telemetry(kind: string): Record<string, unknown>[] {
    return this.messages.filter((m) => m.type === 'telemetry' && m.kind === kind).flatMap((m) => m.items ?? []);
  }

  async waitFor(predicate: (client: LiveClient) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 50);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

