import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { redactUrl } from '../config.js';
import type { Core } from '../context.js';
import { DomainError } from '../errors.js';
import { MqttDispatch } from './mqtt-dispatch.js';
import type { MqttHandler, MqttHub, MqttHubStats, MqttPublishOptions, MqttRule } from './mqtt-hub.js';
import { assertPublishTopic } from './topic-filter.js';

export interface ExternalMqttHubOptions {
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** First wait before reconnecting; it doubles at each failed attempt, up to `reconnectMaxMs`. */
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
}

/** How long `start` waits for the broker before letting the server start anyway (it keeps trying). */
const FIRST_CONNECT_WAIT_MS = 3_000;

/**
 * The server as a client of an external broker (Mosquitto, EMQX): it subscribes to what its modules
 * subscribe to, publishes, and reconnects forever, waiting longer after each failed attempt.
 *
 * The broker authenticates devices and enforces its own ACL; the server cannot tell which device sent
 * a message, so messages arrive with `device: undefined` and handlers trust the topic
 * (`amane/units/car-12/...`). `authorize` rules do not apply here: the broker's ACL must say the same.
 * Sessions are clean: at each (re)connection the server subscribes again, so a restarted broker that
 * lost every session is served as well as one that kept them.
 */
export class ExternalMqttHub implements MqttHub {
  private readonly dispatch: MqttDispatch;
  private client: MqttClient | undefined;
  private connected = false;
  private closed = false;
  private failedAttempts = 0;
  private lastError: Error | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Settles once the subscriptions asked for at the last connection are answered. */
  private subscribed: Promise<void> = Promise.resolve();

  constructor(
    private readonly core: Core,
    private readonly options: ExternalMqttHubOptions = {
      url: core.config.mqttUrl ?? '',
      username: core.config.mqttUsername,
      password: core.config.mqttPassword,
    },
  ) {
    this.dispatch = new MqttDispatch(core.metrics, core.log);
  }

  /** The broker's URL, its password hidden. */
  get url(): string {
    return redactUrl(this.options.url);
  }

  /**
   * Connects. Waits a little for the broker, so that subscriptions are live when the server starts
   * answering, but never fails: a broker that is away is retried until `close`.
   */
  async start(): Promise<void> {
    if (this.client !== undefined || this.closed) throw new Error('the MQTT hub starts once');
    const client = connect(this.options.url, {
      // Absent settings leave the URL's own credentials (mqtt://user:pass@host) in force.
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
      clientId: `amane_${randomBytes(6).toString('hex')}`,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      // Reconnection is ours (with backoff), and so is subscribing again after it.
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
    });
    this.client = client;
    client.on('connect', () => this.onConnect(client));
    client.on('message', (topic, payload) => {
      if (this.dispatch.refuseMalformedText(topic, payload, undefined)) return;
      this.dispatch.countReceived(topic);
      this.dispatch.deliver(topic, payload, undefined);
    });
    client.on('close', () => this.onClose(client));
    client.on('error', (error) => {
      this.lastError = error;
      this.core.log.debug({ err: error, url: this.url }, 'MQTT broker connection error');
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
    });
    const firstAttempt = new Promise<void>((resolve) => {
      const settled = () => {
        client.off('connect', settled);
        client.off('close', settled);
        resolve();
      };
      client.once('connect', settled);
      client.once('close', settled);
    });
    await Promise.race([firstAttempt.then(() => this.subscribed), waited]);
    clearTimeout(timer);
  }

  subscribe(filter: string, handler: MqttHandler): void {
    const known = this.dispatch.filters().includes(filter);
    this.dispatch.add(filter, handler);
    if (!known && this.client !== undefined && this.connected) void this.subscribeOnBroker(this.client, [filter]);
  }

  /** Rules are the external broker's job (its ACL); they are not applied here. */
  authorize(_rule: MqttRule): void {}

  async publish(topic: string, payload: string | Buffer, options: MqttPublishOptions = {}): Promise<void> {
    const client = this.client;
    if (client === undefined || !this.connected || this.closed) {
      throw new DomainError('unavailable', `the MQTT broker ${this.url} is not connected; try again shortly`);
    }
    assertPublishTopic(topic);
    // A QoS 1 publish caught by a disconnection is sent again after the reconnection, then resolves.
    await client.publishAsync(topic, payload, { qos: options.qos ?? 0, retain: options.retain ?? false });
  }

  stats(): MqttHubStats {
    return { mode: 'external', connected: this.connected, clients: undefined, ...this.dispatch.counts() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (client !== undefined) {
      // A client whose connection is already gone may never report the end: do not wait for it long.
      await Promise.race([client.endAsync(true), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    this.connected = false;
    this.core.metrics.mqttBrokerConnected.set(0);
    await this.dispatch.idle();
  }

  private onConnect(client: MqttClient): void {
    this.connected = true;
    this.failedAttempts = 0;
    this.lastError = undefined;
    this.core.metrics.mqttBrokerConnected.set(1);
    this.core.log.info({ url: this.url }, 'connected to the MQTT broker');
    this.subscribed = this.subscribeOnBroker(client, this.dispatch.filters());
  }

  private onClose(client: MqttClient): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.core.metrics.mqttBrokerConnected.set(0);
    if (this.closed || this.reconnectTimer !== undefined) return;
    this.failedAttempts += 1;
    const min = this.options.reconnectMinMs ?? 500;
    const max = this.options.reconnectMaxMs ?? 30_000;
    const delay = Math.min(max, min * 2 ** Math.min(this.failedAttempts - 1, 20));
    if (wasConnected) {
      this.core.log.warn({ url: this.url, retryInMs: delay }, 'lost the connection to the MQTT broker; reconnecting');
    } else {
      // The first failure of an outage, then every tenth: enough to see it, not a line a second.
      const level = this.failedAttempts === 1 || this.failedAttempts % 10 === 0 ? 'warn' : 'debug';
      this.core.log[level]({ url: this.url, err: this.lastError, attempts: this.failedAttempts, retryInMs: delay }, 'cannot connect to the MQTT broker; retrying');
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      // The stores are kept so QoS 1 publishes still unacknowledged are sent again.
      if (!this.closed) client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
  }

  private subscribeOnBroker(client: MqttClient, filters: readonly string[]): Promise<void> {
    if (filters.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      client.subscribe(Object.fromEntries(filters.map((filter) => [filter, { qos: 1 as const }])), (error, granted) => {
        resolve();
        if (error !== null && error !== undefined) {
          // The connection dropped meanwhile: the next connection subscribes again.
          this.core.log.debug({ err: error, filters }, 'MQTT subscription interrupted');
          return;
        }
        for (const grant of granted ?? []) {
          if (grant.qos === 128) this.core.log.error({ url: this.url, filter: grant.topic }, 'the MQTT broker refused a subscription (check its ACL)');
        }
      });
    });
  }
}
