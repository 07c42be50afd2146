import type { JournalEvent } from './journal.js';

export type LiveListener = (events: readonly JournalEvent[]) => void;

/**
 * In-process publish/subscribe of committed journal events. On one machine this is the live bus;
 * in a cluster the same interface is fed from NATS.
 */
export class LiveBus {
  private readonly listeners = new Set<LiveListener>();

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

  get listenerCount(): number {
    return this.listeners.size;
  }
}
