import client from 'prom-client';

/** Prometheus metrics of one Amane process; each module adds its own to `registry`. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly journalEvents = new client.Counter({
    name: 'amane_journal_events_total',
    help: 'Journal events committed, by stream kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly httpRequests = new client.Histogram({
    name: 'amane_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly loginFailures = new client.Counter({
    name: 'amane_login_failures_total',
    help: 'Refused login attempts (wrong credentials or disabled account).',
    registers: [this.registry],
  });
  readonly incidents = new client.Counter({
    name: 'amane_incidents_total',
    help: 'Incidents created, by priority.',
    labelNames: ['priority'] as const,
    registers: [this.registry],
  });
  readonly liveClients = new client.Gauge({
    name: 'amane_live_clients',
    help: 'WebSocket clients connected to /live.',
    registers: [this.registry],
  });

  private readonly eventCounters = new Map<string, client.Counter.Internal>();

  /** Counts a committed event by its stream's kind (`incident`, `user`...). */
  countEvent(stream: string): void {
    const kind = stream.slice(0, Math.max(0, stream.indexOf('/'))) || stream;
    let counter = this.eventCounters.get(kind);
    if (counter === undefined) {
      counter = this.journalEvents.labels({ kind });
      this.eventCounters.set(kind, counter);
    }
    counter.inc();
  }

  constructor(options: { collectDefault?: boolean } = {}) {
    if (options.collectDefault ?? true) client.collectDefaultMetrics({ register: this.registry, prefix: 'amane_' });
  }
}
