import { useI18n, type MessageKey } from '../../i18n';
import { cameraStatusColours } from '../../map/OpsMap';
import type { CameraStatus } from '@contract';

/** A camera's status in the map's colours (maintenance is drawn dark on its yellow). */
export function CameraStatusBadge({ status }: { status: CameraStatus }) {
  const i18n = useI18n();
  return (
    <span className={`badge cctv-status ${status}`} style={{ background: cameraStatusColours[status] }} data-camera-status={status}>
      {i18n.t(`cctv.status.${status}`)}
    </span>
  );
}

const points = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;

/** The compass point of a bearing (0 = north, clockwise), as a message key: 100° is east. */
export function compassPoint(bearingDeg: number): MessageKey {
  const index = Math.round((((bearingDeg % 360) + 360) % 360) / 45) % 8;
  return `cctv.compass.${points[index]!}`;
}
