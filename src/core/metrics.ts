import client from 'prom-client';
import { topicFamily } from './mqtt/topic-filter.js';

const MQTT_FAMILIES_MAX = 100;

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

  readonly mqttMessages = new client.Counter({
    name: 'amane_mqtt_messages_total',
    help: 'MQTT messages received from devices (embedded broker) or from the external broker, by topic family (first two levels).',
    labelNames: ['family'] as const,
    registers: [this.registry],
  });
  readonly mqttRefused = new client.Counter({
    name: 'amane_mqtt_refused_total',
    help: 'MQTT connections, publishes and subscriptions refused: auth (bad or revoked token), acl (no rule allows it), too_large, malformed_text (a lone UTF-16 surrogate in a JSON payload).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly mqttHandlerErrors = new client.Counter({
    name: 'amane_mqtt_handler_errors_total',
    help: 'Exceptions thrown or promises rejected by in-process MQTT handlers.',
    registers: [this.registry],
  });
  readonly mqttClients = new client.Gauge({
    name: 'amane_mqtt_clients',
    help: 'Devices connected to the embedded MQTT broker.',
    registers: [this.registry],
  });
  readonly mqttBrokerConnected = new client.Gauge({
    name: 'amane_mqtt_broker_connected',
    help: '1 while the server is connected to the external MQTT broker, else 0.',
    registers: [this.registry],
  });

  private readonly eventCounters = new Map<string, client.Counter.Internal>();
  private readonly mqttFamilyCounters = new Map<string, client.Counter.Internal>();

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

  /**
   * Counts an MQTT message by its topic's family (`amane/units` for `amane/units/car-12/position`). Past
   * MQTT_FAMILIES_MAX families, the rest are counted as `other`: topics come from devices.
   */
  countMqttMessage(topic: string): void {
    const family = topicFamily(topic);
    let counter = this.mqttFamilyCounters.get(family);
    if (counter === undefined) {
      counter = this.mqttMessages.labels({ family: this.mqttFamilyCounters.size < MQTT_FAMILIES_MAX ? family : 'other' });
      if (this.mqttFamilyCounters.size < MQTT_FAMILIES_MAX) this.mqttFamilyCounters.set(family, counter);
    }
    counter.inc();
  }

  countMqttRefusal(reason: 'auth' | 'acl' | 'too_large' | 'malformed_text'): void {
    this.mqttRefused.labels({ reason }).inc();
  }

  constructor(options: { collectDefault?: boolean } = {}) {
    if (options.collectDefault ?? true) client.collectDefaultMetrics({ register: this.registry, prefix: 'amane_' });
  }
}
