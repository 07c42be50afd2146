import { DeviceKind } from '../core/auth/device.js';
import type { Core } from '../core/context.js';
import type { MqttHub } from '../core/mqtt/mqtt-hub.js';
import { PTZ_TOPIC } from './camera-topics.js';
import { getCameraIndex, loadedCameraIndex } from './camera.service.js';

/**
 * Lets a camera's controller (the device its record names) subscribe to the camera's PTZ commands,
 * `amane/cameras/{id}/ptz`, and no other camera's. The rule reads the in-memory index (rules must not
 * touch the database), built here before devices can connect and again after each change.
 */
export async function authorizeCameraControllers(core: Core, hub: MqttHub): Promise<void> {
  await getCameraIndex(core);
  hub.authorize((device, topic, action) => {
    if (action !== 'subscribe') return false;
    const match = PTZ_TOPIC.exec(topic);
    return match !== null && device.kind === DeviceKind.camera && loadedCameraIndex(core)?.deviceOf(match[1]!) === device.name;
  });
}
