import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { findMalformedText, jsonMayHoldLoneSurrogate } from '../well-formed-text.js';
import { MqttRefusal, type MqttDevice, type MqttHandler, type MqttHubStats, type MqttMessage } from './mqtt-hub.js';
import { TopicFilter } from './topic-filter.js';

/** A failing handler is logged at most this often; the others are counted, and the next log says how many. */
const ERROR_LOG_INTERVAL_MS = 10_000;

interface Subscription {
  readonly filter: TopicFilter;
  readonly handler: MqttHandler;
  lastLoggedAt: number;
  unlogged: number;
}

/**
 * The in-process side of a hub, the same for both brokers: the server's subscriptions, the delivery of
 * a message to the matching handlers, and the counts behind `stats()` and the metrics.
 */
export class MqttDispatch {
  private readonly subscriptions: Subscription[] = [];
  private received = 0;
  private readonly refused: Record<MqttRefusal, number> = { auth: 0, acl: 0, too_large: 0, malformed_text: 0 };
  private malformedLoggedAt = 0;
  private malformedUnlogged = 0;
  private handlerErrors = 0;
  private pending = 0;
  private whenIdle: (() => void) | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  /** Adds a subscription; throws on a filter MQTT would refuse. */
  add(filter: string, handler: MqttHandler): void {
    this.subscriptions.push({ filter: new TopicFilter(filter), handler, lastLoggedAt: 0, unlogged: 0 });
  }

  /** The distinct filters subscribed to, in order (what an external broker must be asked for). */
  filters(): string[] {
    return [...new Set(this.subscriptions.map((s) => s.filter.filter))];
  }

  /** Counts a message taken in from a device or a broker. */
  countReceived(topic: string): void {
    this.received += 1;
    this.metrics.countMqttMessage(topic);
  }

  countRefused(reason: MqttRefusal): void {
    this.refused[reason] += 1;
    this.metrics.countMqttRefusal(reason);
  }

  /**
   * Refuses (counts, logs, and returns true for) a JSON payload holding a lone UTF-16 surrogate: a
   * handler would store text that the database and the journal keep differently. Payloads that are not
   * JSON (a snapshot) are left to their handlers.
   */
  refuseMalformedText(topic: string, payload: Buffer, device: MqttDevice | undefined): boolean {
    if (!jsonMayHoldLoneSurrogate(payload)) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return false;
    }
    const problem = findMalformedText(parsed, 'payload');
    if (problem === undefined) return false;
    this.countRefused(MqttRefusal.malformedText);
    // A device repeating the same mistake would fill the log: one line per interval, with the count since.
    const now = Date.now();
    if (now - this.malformedLoggedAt < ERROR_LOG_INTERVAL_MS) {
      this.malformedUnlogged += 1;
      return true;
    }
    this.log.warn(
      { device: device?.name, topic, field: problem.field, problem: problem.message, alsoRefusedSinceLastLog: this.malformedUnlogged },
      `MQTT payload refused and dropped: ${problem.field} ${problem.message}`,
    );
    this.malformedLoggedAt = now;
    this.malformedUnlogged = 0;
    return true;
  }

  /** Hands a message to every matching handler; nothing a handler does reaches the caller. */
  deliver(topic: string, payload: Buffer, device: MqttDevice | undefined): void {
    let message: MqttMessage | undefined;
    for (const subscription of this.subscriptions) {
      if (!subscription.filter.matches(topic)) continue;
      message ??= { topic, payload, device };
      try {
        const result = subscription.handler(message);
        if (result !== undefined && typeof result.then === 'function') {
          this.pending += 1;
          result.then(
            () => this.settle(),
            (error: unknown) => {
              this.settle();
              this.handlerFailed(subscription, topic, error);
            },
          );
        }
      } catch (error) {
        this.handlerFailed(subscription, topic, error);
      }
    }
  }

  /** Resolves once no handler's promise is pending (at close, so handlers finish their work). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.whenIdle;
      this.whenIdle = () => {
        previous?.();
        resolve();
      };
    });
  }

  counts(): Pick<MqttHubStats, 'received' | 'refused' | 'handlerErrors'> {
    return { received: this.received, refused: { ...this.refused }, handlerErrors: this.handlerErrors };
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending === 0 && this.whenIdle !== undefined) {
      const resolve = this.whenIdle;
      this.whenIdle = undefined;
      resolve();
    }
  }

  private handlerFailed(subscription: Subscription, topic: string, error: unknown): void {
    this.handlerErrors += 1;
    this.metrics.mqttHandlerErrors.inc();
    const now = Date.now();
    if (now - subscription.lastLoggedAt < ERROR_LOG_INTERVAL_MS) {
      subscription.unlogged += 1;
      return;
    }
    this.log.error(
      { err: error, filter: subscription.filter.filter, topic, alsoFailedSinceLastLog: subscription.unlogged },
      'an MQTT handler failed',
    );
    subscription.lastLoggedAt = now;
    subscription.unlogged = 0;
  }
}
