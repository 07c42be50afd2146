import type { EventEmitter } from 'node:events';
import net, { type AddressInfo, type Socket } from 'node:net';
import { Aedes, type AuthErrorCode, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { deviceStream, deviceTokenEndedEvents } from '../auth/device.js';
import { TokenPrefix } from '../auth/secret.js';
import { authenticate } from '../auth/session.service.js';
import type { Core } from '../context.js';
import { DomainError } from '../errors.js';
import { MqttDispatch } from './mqtt-dispatch.js';
import { MqttAction, MqttRefusal, type MqttDevice, type MqttHandler, type MqttHub, type MqttHubStats, type MqttPublishOptions, type MqttRule } from './mqtt-hub.js';
import { PacketSizeGuard } from './packet-size-guard.js';
import { assertPublishTopic } from './topic-filter.js';

/** Largest payload a device may publish; a larger one is dropped and counted (`too_large`). */
export const MQTT_MAX_PAYLOAD_BYTES = 64 * 1_024;
/** Room for the topic and headers around the payload: a packet announcing more closes its connection unread. */
const PACKET_OVERHEAD_BYTES = 4 * 1_024;

// CONNACK return codes (MQTT 3.1.1, 3.2.2.3); a const enum in aedes' types, which isolated modules cannot read.
const IDENTIFIER_REJECTED = 2 as AuthErrorCode.IDENTIFIER_REJECTED;
const SERVER_UNAVAILABLE = 3 as AuthErrorCode.SERVER_UNAVAILABLE;
const BAD_USERNAME_OR_PASSWORD = 4 as AuthErrorCode.BAD_USERNAME_OR_PASSWORD;

type PublishDone = (error?: Error) => void;
type PublishWithClient = (this: Aedes, packet: PublishPacket, client: Client | null, done: PublishDone) => void;

/**
 * Aedes, asked about each client's publish before routing it. An error from `authorizePublish` closes the
 * client's connection; here a refused publish is dropped and the connection kept (and a QoS 1 publish
 * still acknowledged), as Mosquitto does. Aedes routes every publish, a client's and a will, through
 * `publish(packet, client, done)`; the server's own come with no client and are not asked about.
 */
class GatedAedes extends Aedes {
  constructor(
    options: ConstructorParameters<typeof Aedes>[0],
    private readonly admit: (packet: PublishPacket, client: Client) => boolean,
  ) {
    super(options);
  }

  override publish(packet: PublishPacket, clientOrDone: Client | null | PublishDone, maybeDone?: PublishDone): void {
    const client = typeof clientOrDone === 'function' ? null : clientOrDone;
    const done = (typeof clientOrDone === 'function' ? clientOrDone : maybeDone) ?? noop;
    if (client !== null && !this.admit(packet, client)) {
      done();
      return;
    }
    (Aedes.prototype.publish as unknown as PublishWithClient).call(this, packet, client, done);
  }
}

function noop(): void {}

/**
 * The MQTT broker inside the server (Aedes) on config.mqttHost:config.mqttPort. Devices log in with
 * their device token as the password (any username); the server's subscribers get each message with
 * the device that published it. Rules registered with `authorize` say what a device may publish or
 * subscribe to; anything else is refused and counted.
 */
export class EmbeddedMqttHub implements MqttHub {
  private readonly dispatch: MqttDispatch;
  private readonly rules: MqttRule[] = [];
  private readonly devices = new WeakMap<Client, MqttDevice>();
  private readonly clientsById = new Map<string, Client>();
  private readonly sockets = new Set<Socket>();
  private broker: GatedAedes | undefined;
  private server: net.Server | undefined;
  private stopListening: (() => void) | undefined;
  private boundPort: number | undefined;
  private closed = false;

  constructor(
    private readonly core: Core,
    private readonly options: { host: string; port: number; maxPayloadBytes?: number } = { host: core.config.mqttHost, port: core.config.mqttPort },
  ) {
    this.dispatch = new MqttDispatch(core.metrics, core.log);
  }

  /** The port listened on (the one picked when the setting is 0); undefined before `start`. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** `mqtt://host:port` for devices; undefined before `start`. */
  get url(): string | undefined {
    return this.boundPort === undefined ? undefined : `mqtt://${this.options.host}:${this.boundPort}`;
  }

  /** Starts the broker and listens. */
  async start(): Promise<void> {
    if (this.broker !== undefined || this.closed) throw new Error('the MQTT hub starts once');
    const maxPayloadBytes = this.options.maxPayloadBytes ?? MQTT_MAX_PAYLOAD_BYTES;
    const broker = new GatedAedes(
      {
        authenticate: (client, _username, password, done) => this.authenticateClient(client, password, done),
        authorizePublish: (_client, _packet, done) => done(null),
        authorizeSubscribe: (client, subscription, done) => done(null, this.admitSubscription(client, subscription)),
        connectTimeout: 10_000,
        drainTimeout: 30_000,
      },
      (packet, client) => this.admitPublish(packet, client, maxPayloadBytes),
    );
    this.broker = broker;
    await broker.listen();
    broker.on('client', (client) => {
      this.clientsById.set(client.id, client);
      this.core.metrics.mqttClients.set(broker.connectedClients);
    });
    broker.on('clientDisconnect', (client) => {
      if (this.clientsById.get(client.id) === client) this.clientsById.delete(client.id);
      this.core.metrics.mqttClients.set(broker.connectedClients);
    });
    broker.on('clientError', (client, error) => this.core.log.debug({ err: error, clientId: client.id }, 'an MQTT client failed'));
    broker.on('connectionError', (_client, error) => this.core.log.debug({ err: error }, 'an MQTT connection failed'));
    // Not in aedes' event types, yet emitted (a persistence failure): unheard, it would end the process.
    (broker as EventEmitter).on('error', (error: Error) => this.core.log.error({ err: error }, 'the MQTT broker failed'));

    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      broker.handle(socket);
      new PacketSizeGuard(maxPayloadBytes + PACKET_OVERHEAD_BYTES, (announced) => {
        this.dispatch.countRefused(MqttRefusal.tooLarge);
        this.core.log.info({ remoteAddress: socket.remoteAddress, announced }, 'MQTT packet too large; connection closed');
        socket.destroy();
      }).watch(socket);
    });
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port, this.options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      throw error;
    }
    server.on('error', (error) => this.core.log.error({ err: error }, 'the MQTT listener failed'));
    this.boundPort = (server.address() as AddressInfo).port;
    this.stopListening = this.core.bus.subscribe((events) => {
      for (const event of events) if (deviceTokenEndedEvents.includes(event.type)) this.disconnect(event.stream);
    });
    this.core.log.info({ url: this.url }, 'MQTT broker listening');
  }

  subscribe(filter: string, handler: MqttHandler): void {
    this.dispatch.add(filter, handler);
  }

  authorize(rule: MqttRule): void {
    this.rules.push(rule);
  }

  async publish(topic: string, payload: string | Buffer, options: MqttPublishOptions = {}): Promise<void> {
    const broker = this.broker;
    if (broker === undefined || this.closed) throw new DomainError('unavailable', 'the MQTT broker is not running');
    assertPublishTopic(topic);
    const buffer = typeof payload === 'string' ? Buffer.from(payload) : payload;
    await new Promise<void>((resolve, reject) => {
      broker.publish({ cmd: 'publish', topic, payload: buffer, qos: options.qos ?? 0, retain: options.retain ?? false, dup: false }, (error) => {
        if (error) return reject(error);
        // Like any subscriber, the server's own handlers get what it publishes.
        this.dispatch.deliver(topic, buffer, undefined);
        resolve();
      });
    });
  }

  stats(): MqttHubStats {
    const listening = this.server?.listening === true && !this.closed;
    return { mode: 'embedded', connected: listening, clients: listening ? this.broker!.connectedClients : 0, ...this.dispatch.counts() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopListening?.();
    const server = this.server;
    const stopped = server?.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    const broker = this.broker;
    if (broker !== undefined) await new Promise<void>((resolve) => broker.close(() => resolve()));
    // Sockets that never completed a CONNECT are not the broker's clients yet.
    for (const socket of this.sockets) socket.destroy();
    await stopped;
    await this.dispatch.idle();
    this.core.metrics.mqttClients.set(0);
  }

  private authenticateClient(
    client: Client,
    password: Readonly<Buffer | undefined>,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const refuse = (returnCode: AuthErrorCode, reason: string) => {
      this.dispatch.countRefused(MqttRefusal.auth);
      this.core.log.info({ clientId: client.id, remoteAddress: client.conn instanceof net.Socket ? client.conn.remoteAddress : undefined, reason }, 'MQTT connection refused');
      done(Object.assign(new Error(reason), { returnCode }), null);
    };
    // Tokens are 4 + 43 characters; anything much longer is not one, and is not looked up.
    if (password === undefined || password.length === 0 || password.length > 256) return refuse(BAD_USERNAME_OR_PASSWORD, 'no device token');
    const token = password.toString('utf8');
    // Only a device token opens MQTT: a person's session token is not even looked up (nor its use recorded).
    if (!token.startsWith(TokenPrefix.device)) return refuse(BAD_USERNAME_OR_PASSWORD, 'unknown or revoked device token');
    authenticate(this.core, token).then(
      (principal) => {
        if (principal?.kind !== 'device') return refuse(BAD_USERNAME_OR_PASSWORD, 'unknown or revoked device token');
        const holder = this.clientsById.get(client.id);
        const holderDevice = holder === undefined ? undefined : this.devices.get(holder);
        // Taking over a session is for the same device reconnecting, never for another one.
        if (holderDevice !== undefined && holderDevice.id !== principal.deviceId) {
          return refuse(IDENTIFIER_REJECTED, `client id ${client.id} is in use by another device`);
        }
        this.devices.set(client, { id: principal.deviceId, name: principal.name, kind: principal.deviceKind });
        done(null, true);
      },
      (error: unknown) => {
        this.core.log.error({ err: error }, 'MQTT authentication failed');
        refuse(SERVER_UNAVAILABLE, 'authentication failed');
      },
    );
  }

  private admitPublish(packet: PublishPacket, client: Client, maxPayloadBytes: number): boolean {
    const topic = packet.topic;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    if (payload.length > maxPayloadBytes) {
      this.dispatch.countRefused(MqttRefusal.tooLarge);
      this.core.log.debug({ clientId: client.id, topic, bytes: payload.length }, 'MQTT payload too large; dropped');
      return false;
    }
    const device = this.devices.get(client);
    // `$` topics are the broker's own ($SYS); no device writes there.
    if (device === undefined || topic.charCodeAt(0) === 36 || !this.allows(device, topic, MqttAction.publish)) {
      this.dispatch.countRefused(MqttRefusal.acl);
      this.core.log.debug({ device: device?.name, topic }, 'MQTT publish refused by the rules; dropped');
      return false;
    }
    // Dropped here, not only kept from the server's handlers: no subscribed device gets it either.
    if (this.dispatch.refuseMalformedText(topic, payload, device)) return false;
    this.dispatch.countReceived(topic);
    this.dispatch.deliver(topic, payload, device);
    return true;
  }

  private admitSubscription(client: Client, subscription: Subscription): Subscription | null {
    const device = this.devices.get(client);
    if (device !== undefined && this.allows(device, subscription.topic, MqttAction.subscribe)) return subscription;
    this.dispatch.countRefused(MqttRefusal.acl);
    this.core.log.debug({ device: device?.name, filter: subscription.topic }, 'MQTT subscription refused by the rules');
    // A refused subscription is answered 0x80 in SUBACK; the connection stays.
    return null;
  }

  private allows(device: MqttDevice, topic: string, action: MqttAction): boolean {
    for (const rule of this.rules) {
      try {
        if (rule(device, topic, action)) return true;
      } catch (error) {
        this.core.log.error({ err: error, device: device.name, topic, action }, 'an MQTT rule failed; it counts as a refusal');
      }
    }
    return false;
  }

  /** Closes the connections of the device whose journal stream is `stream` (it was just revoked). */
  private disconnect(stream: string): void {
    for (const client of this.clientsById.values()) {
      const device = this.devices.get(client);
      if (device !== undefined && deviceStream(device.name) === stream) {
        this.core.log.info({ device: device.name, clientId: client.id }, 'MQTT connection of a revoked device closed');
        client.close();
      }
    }
  }
}
