/**
 * A camera's MQTT topics, the cameras module's own: `amane/cameras/{id}/heartbeat` (the camera's
 * controller or a recorder publishes) and `amane/cameras/{id}/ptz` (the controller subscribes; the
 * server publishes PTZ commands). Frigate instances publish under their own prefixes (configured).
 */
export type CameraTopicLeaf = 'heartbeat' | 'ptz';

/** Matches a camera's heartbeat topic; the group is the camera id. */
export const HEARTBEAT_TOPIC = /^amane\/cameras\/([A-Z0-9][A-Z0-9_-]{1,31})\/heartbeat$/;
/** Matches a camera's PTZ topic; the group is the camera id. */
export const PTZ_TOPIC = /^amane\/cameras\/([A-Z0-9][A-Z0-9_-]{1,31})\/ptz$/;

export function cameraTopic(cameraId: string, leaf: CameraTopicLeaf): string {
  return `amane/cameras/${cameraId}/${leaf}`;
}

/** The filter of one leaf for every camera: `amane/cameras/+/heartbeat`. */
export function cameraTopicFilter(leaf: CameraTopicLeaf): string {
  return `amane/cameras/+/${leaf}`;
}
