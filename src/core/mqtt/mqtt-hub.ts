import type { DeviceKind } from '../auth/device.js';
/** The device that published a message, as its token names it (`device` table). */
export interface MqttDevice {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
}

/** A message handed to an in-process subscriber. */
export interface MqttMessage {
  readonly topic: string;
  /** The bytes as published; the handler parses them (JSON, Frigate events...). */
  readonly payload: Buffer;
  /**
   * The device whose token opened the connection that published it (embedded broker). Undefined for
   * the server's own publishes, and always with an external broker: there the broker authenticates
   * devices, and handlers trust the topic (`amane/units/car-12/...`) instead.
   */
  readonly device: MqttDevice | undefined;
}

export type MqttHandler = (message: MqttMessage) => void | Promise<void>;

export const MqttAction = { publish: 'publish', subscribe: 'subscribe' } as const;
export type MqttAction = (typeof MqttAction)[keyof typeof MqttAction];

/**
 * Whether `device` may publish to `topic` or subscribe to it (for `subscribe`, `topic` is the filter as
 * the device sent it, wildcards included: allow only filters you fully understand). A rule runs for
 * every message a device publishes: keep it to string comparisons, no database.
 * @example hub.authorize((device, topic, action) => action === 'publish' && topic === `amane/units/${device.name}/position`)
 */
export type MqttRule = (device: MqttDevice, topic: string, action: MqttAction) => boolean;

export interface MqttPublishOptions {
  /** 0 (default): at most once; 1: at least once (resolves once the broker has it). */
  readonly qos?: 0 | 1;
  /** Kept by the broker and sent to whoever subscribes later (a unit's current orders). */
  readonly retain?: boolean;
}

/**
 * Why a connection, publish or subscription was refused: a bad token, no rule allowing it, a payload too
 * large, or a JSON payload holding a lone UTF-16 surrogate (text no database stores faithfully).
 */
export const MqttRefusal = { auth: 'auth', acl: 'acl', tooLarge: 'too_large', malformedText: 'malformed_text' } as const;
export type MqttRefusal = (typeof MqttRefusal)[keyof typeof MqttRefusal];

export interface MqttHubStats {
  readonly mode: 'embedded' | 'external';
  /** Embedded: the broker is listening; external: the connection to the broker is up. */
  readonly connected: boolean;
  /** Devices connected to the embedded broker; undefined with an external broker (it alone knows). */
  readonly clients: number | undefined;
  /** Messages received from devices (embedded) or from the broker (external). */
  readonly received: number;
  /** Connections, publishes and subscriptions refused, by reason. */
  readonly refused: Readonly<Record<MqttRefusal, number>>;
  /** Exceptions thrown (or promises rejected) by in-process handlers. */
  readonly handlerErrors: number;
}

/**
 * Devices' MQTT traffic as the server sees it: an embedded broker, or a connection to an external one.
 * Domain modules get it as `core.mqtt` (absent when AMANE_MQTT=off and in tests that start no broker).
 */
export interface MqttHub {
  /**
   * Hands every message whose topic matches `filter` (MQTT wildcards `+` and `#`) to `handler`. A handler
   * that throws or rejects is logged and counted; the next messages are delivered all the same.
   */
  subscribe(filter: string, handler: MqttHandler): void;
  /** Publishes as the server (no rule applies to it). Rejects with `unavailable` when an external broker is down. */
  publish(topic: string, payload: string | Buffer, options?: MqttPublishOptions): Promise<void>;
  /**
   * Adds a rule saying which device may publish or subscribe to what. A device may do what at least one
   * rule allows, nothing else. With an external broker rules do not apply: its own ACL does that job.
   */
  authorize(rule: MqttRule): void;
  stats(): MqttHubStats;
  /** Stops taking messages and waits for handlers still running. */
  close(): Promise<void>;
}
