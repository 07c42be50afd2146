import { DeviceKind } from '../core/auth/device.js';
import { Permission, devicePermissionsOf } from '../core/auth/permission.js';
import type { Principal } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import type { MqttHub, MqttMessage } from '../core/mqtt/mqtt-hub.js';
import { LogEvery } from '../core/rate-limit.js';
import { avlTracker, type FixSource } from './avl.service.js';
import { UNIT_TOPIC, unitTopicFilter } from './unit-topics.js';
import { UnitStatus } from './unit.js';
import { changeUnitStatus } from './unit.service.js';

export { unitTopic } from './unit-topics.js';

/** A device may use the topics (`unit-topics.ts`) of the unit it is the tracker of, and no others. */
const devicePublishes = new Set(['position', 'status', 'ack']);

/** Reads positions and statuses from units' devices over MQTT. */
export async function startUnitMqtt(core: Core, hub: MqttHub): Promise<void> {
  const tracker = avlTracker(core);
  await tracker.ready();
  hub.authorize((device, topic, action) => {
    const match = UNIT_TOPIC.exec(topic);
    if (match === null || device.kind !== DeviceKind.vehicle || tracker.deviceOf(match[1]!) !== device.name) return false;
    return action === 'publish' ? devicePublishes.has(match[2]!) : match[2] === 'dispatch';
  });
  hub.subscribe(unitTopicFilter('position'), (message) => {
    // Unreadable JSON is judged (and counted) as an invalid fix.
    tracker.accept(sourceOf(message), message.topic.split('/')[2]!, parseJson(message));
  });
  // A device can send thousands of bad or excess statuses a second: one warning per device and kind of
  // refusal every 10 s, with how many there were.
  const warnings = new LogEvery(10_000, core.clock);
  const warn = (message: MqttMessage, kind: string, fields: Record<string, unknown>, text: string) => {
    const count = warnings.due(`${message.device?.name ?? 'broker'}\n${kind}`);
    if (count !== undefined) core.log.warn({ topic: message.topic, device: message.device?.name, count, ...fields }, text);
  };
  hub.subscribe(unitTopicFilter('status'), async (message) => {
    const callSign = message.topic.split('/')[2]!;
    const payload = parseJson(message) as { status?: unknown; reason?: unknown } | undefined;
    const status = payload?.status;
    if (typeof status !== 'string' || !(Object.values(UnitStatus) as string[]).includes(status)) {
      warn(message, 'unreadable', {}, 'unit status over MQTT refused: expected {"status": "<status>", "reason"?: "..."}');
      return;
    }
    const reason = typeof payload?.reason === 'string' ? payload.reason.slice(0, 300) : undefined;
    try {
      await changeUnitStatus(core, principalOf(message, callSign), message.device === undefined ? `system:mqtt` : `device:${message.device.name}`, callSign, status as UnitStatus, reason);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      warn(message, error.code, { code: error.code, err: error.message }, 'unit status over MQTT refused');
    }
  });
}

function sourceOf(message: MqttMessage): FixSource {
  return message.device === undefined ? { kind: 'broker' } : { kind: 'device', name: message.device.name };
}

/**
 * The device as a principal. With an external broker, which authenticated the device and checked the
 * topic against its own ACL, the message speaks for the topic's unit, and only that one is acted on.
 */
export function principalOf(message: MqttMessage, callSign: string): Principal {
  const { device } = message;
  if (device !== undefined) return { kind: 'device', deviceId: device.id, name: device.name, deviceKind: device.kind, permissions: devicePermissionsOf(device.kind) };
  return {
    kind: 'device',
    deviceId: 'broker',
    name: `broker:${callSign}`,
    deviceKind: DeviceKind.vehicle,
    permissions: new Set([...devicePermissionsOf(DeviceKind.vehicle), Permission.unitDispatch]),
  };
}

function parseJson(message: MqttMessage): unknown {
  try {
    return JSON.parse(message.payload.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
