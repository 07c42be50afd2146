import type { AmaneModule } from '../core/module.js';
import { alarmMigrations } from './alarm.migrations.js';
import { alarmDeskKey } from './alarm.service.js';
import { cameraHealthMonitorKey } from './camera-health.service.js';
import { cameraIngest, cameraIngestKey } from './camera-ingest.js';
import { startCameraIngest } from './camera-ingest.mqtt.js';
import { registerAlarmRoutes } from './alarm.routes.js';
import { sealStoredCredentials } from './camera-credentials.js';
import { cameraMigrations } from './camera.migrations.js';
import { authorizeCameraControllers } from './camera.mqtt.js';
import { registerCameraRoutes } from './camera.routes.js';
import { cameraIndexKey } from './camera.service.js';
import { hotlistIndexKey } from './hotlist.service.js';

/**
 * The city's CCTV in the centre: the camera registry and its geometry (which cameras see a place),
 * health, events from cameras and video analytics (Frigate, ONVIF) turned into one alarm queue, plate
 * hotlists, PTZ commands and video walls.
 */
export const cameraModule: AmaneModule = {
  name: 'cameras',
  migrations: { ...cameraMigrations, ...alarmMigrations },
  registerRoutes(app, core) {
    registerCameraRoutes(app, core);
    registerAlarmRoutes(app, core);
  },
  async start(core) {
    const sealed = await sealStoredCredentials(core);
    if (sealed > 0) core.log.info({ cameras: sealed }, `cameras: the stream credentials of ${sealed} cameras, stored before they were sealed, are now encrypted`);
    // Before the hub starts, so no controller is refused its PTZ topic.
    if (core.mqtt !== undefined) await authorizeCameraControllers(core, core.mqtt);
    await startCameraIngest(core);
    // The health sweep and the alarm saves.
    cameraIngest(core).start();
  },
  async stop(core) {
    // Saves the alarms not yet saved; the desk, the monitor and the hotlists stop with the ingest.
    await core.state.find(cameraIngestKey)?.stop();
    for (const key of [cameraIngestKey, alarmDeskKey, cameraHealthMonitorKey, hotlistIndexKey, cameraIndexKey]) core.state.delete(key);
  },
};
