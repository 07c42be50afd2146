import type { JournalEvent } from './journal.js';

export type LiveListener = (events: readonly JournalEvent[]) => void;

/**
 * Telemetry: what changes too often to journal (unit positions), sent live as the latest state only.
 * `stream` decides who sees it, as for journal events (`unit/...`: those with `unit.read`).
 */
export interface Telemetry {
  readonly stream: string;
  readonly kind: string;
  readonly items: readonly unknown[];
}
export type TelemetryListener = (telemetry: Telemetry) => void;

/**
 * In-process publish/subscribe of committed journal events. On one machine this is the live bus;
 * in a cluster the same interface is fed from NATS.
 */
export class LiveBus {
  private readonly listeners = new Set<LiveListener>();
  private readonly telemetryListeners = new Set<TelemetryListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Listens to every committed event; returns the function that stops listening. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Hands committed events to every listener; a failing listener never stops the others. */
  publish(events: readonly JournalEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Listens to telemetry; returns the function that stops listening. */
  subscribeTelemetry(listener: TelemetryListener): () => void {
    this.telemetryListeners.add(listener);
    return () => {
      this.telemetryListeners.delete(listener);
    };
  }

  /** Hands telemetry to every listener; nothing is kept (a client that reconnects reads the state). */
  publishTelemetry(telemetry: Telemetry): void {
    if (telemetry.items.length === 0) return;
    for (const listener of this.telemetryListeners) {
      try {
        listener(telemetry);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
