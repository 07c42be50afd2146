import { Permission, devicePermissions } from '../core/auth/permission.js';
import type { Core } from '../core/context.js';
import { cameraIngest } from './camera-ingest.js';
import { HEARTBEAT_TOPIC, cameraTopic, cameraTopicFilter } from './camera-topics.js';

/** `amane/cameras/{id}/heartbeat`, published by the camera's controller or by a recorder. */
export function heartbeatTopic(cameraId: string): string {
  return cameraTopic(cameraId, 'heartbeat');
}

/**
 * Reads cameras and video analytics over MQTT: heartbeats on `amane/cameras/{id}/heartbeat` (the
 * camera's controller device, or a recorder), and everything a Frigate instance publishes under its
 * topic prefix (AMANE_FRIGATE_INSTANCES; a recorder device). Rules are string comparisons and set
 * lookups, no database. Without MQTT (AMANE_MQTT=off) the HTTP routes still take heartbeats and events.
 */
export async function startCameraIngest(core: Core): Promise<void> {
  const ingest = cameraIngest(core);
  await ingest.ready();
  const hub = core.mqtt;
  if (hub === undefined) return;
  const prefixes = core.config.frigateInstances.map((instance) => `${instance.prefix}/`);
  hub.authorize((device, topic, action) => {
    if (action !== 'publish' || !devicePermissions[device.kind].includes(Permission.cameraReport)) return false;
    const heartbeat = HEARTBEAT_TOPIC.exec(topic);
    if (heartbeat !== null) return ingest.mayReportFor(device.name, heartbeat[1]!);
    return prefixes.some((prefix) => topic.startsWith(prefix)) && ingest.isRecorder(device.name);
  });
  hub.subscribe(cameraTopicFilter('heartbeat'), (message) => {
    const match = HEARTBEAT_TOPIC.exec(message.topic);
    if (match === null) ingest.count('heartbeat', 'invalid', 'not a camera id', { topic: message.topic });
    else ingest.heartbeatMessage(match[1]!, message);
  });
  for (const instance of core.config.frigateInstances) {
    hub.subscribe(`${instance.prefix}/#`, (message) => void ingest.frigateMessage(instance, message));
  }
}
