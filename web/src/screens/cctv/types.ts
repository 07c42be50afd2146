/** The CCTV shapes the server answers with (`src/cameras/camera.ts`, `alarm.ts`; see docs/cameras.md). */
import type { LatLon } from '@contract/shapes';
import type { CameraStatus } from '../../map/OpsMap';

export type { CameraStatus };

/** What video a camera offers; the URLs themselves come only from a journaled view. */
export interface CameraSources {
  readonly main: boolean;
  readonly sub: boolean;
  readonly hls: boolean;
  readonly webrtc: boolean;
  readonly snapshot: boolean;
  readonly onvif: boolean;
}

export interface Preset {
  readonly name: string;
  readonly headingDeg: number;
  readonly zoom?: number;
}

export interface Camera {
  readonly id: string;
  readonly name: string;
  readonly location: LatLon;
  readonly heightM: number | null;
  readonly headingDeg: number;
  readonly fovDeg: number;
  readonly rangeM: number;
  readonly ptz: boolean;
  readonly presets: readonly Preset[];
  readonly sources: CameraSources;
  readonly device: string | null;
  readonly district: string | null;
  readonly owner: string | null;
  readonly status: CameraStatus;
  readonly lastSeenAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A camera that sees an incident's place (`GET /incidents/{n}/cameras`), nearest first. */
export interface IncidentCamera {
  readonly id: string;
  readonly name: string;
  readonly status: CameraStatus;
  readonly unavailable: boolean;
  readonly ptz: boolean;
  readonly distanceM: number;
  readonly bearingDeg: number;
  readonly preset: { readonly name: string; readonly headingDeg: number; readonly zoom?: number; readonly offsetDeg: number } | null;
  readonly sources: CameraSources;
}

export type PlayKind = 'webrtc' | 'hls' | 'snapshot' | 'none';

/** The answer of `POST /cameras/{id}/views`: what the server would play, and every source. */
export interface CameraView {
  readonly camera: string;
  readonly name: string;
  readonly status: CameraStatus;
  readonly at: string;
  readonly incident: string | null;
  readonly play: { readonly kind: PlayKind; readonly url?: string };
  readonly streams: {
    readonly main: string | null;
    readonly sub: string | null;
    readonly hls: string | null;
    readonly webrtc: string | null;
    readonly snapshot: string | null;
  };
}

export type WallLayout = '1x1' | '2x2' | '3x3' | '4x4';
export const wallLayouts: readonly WallLayout[] = ['1x1', '2x2', '3x3', '4x4'];
export const wallTileCount: Readonly<Record<WallLayout, number>> = { '1x1': 1, '2x2': 4, '3x3': 9, '4x4': 16 };

export interface WallTile {
  readonly index: number;
  readonly camera: { readonly id: string; readonly name: string; readonly status: CameraStatus } | null;
  readonly play: { readonly kind: PlayKind; readonly url?: string };
}

export interface VideoWall {
  readonly name: string;
  readonly shared: boolean;
  readonly owner: string | null;
  readonly layout: WallLayout;
  readonly tiles: readonly WallTile[];
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface WallSummary {
  readonly name: string;
  readonly shared: boolean;
  readonly owner: string | null;
  readonly layout: WallLayout;
  readonly cameras: number;
  readonly updatedAt: string;
}

export type AlarmSeverity = 'low' | 'medium' | 'high' | 'critical';
/** Most severe first. */
export const alarmSeverities: readonly AlarmSeverity[] = ['critical', 'high', 'medium', 'low'];
export type AlarmKind = 'object' | 'motion' | 'tamper' | 'line_crossing' | 'intrusion' | 'audio' | 'plate_hit' | 'camera_offline';
export type AlarmStatus = 'open' | 'acknowledged' | 'dismissed' | 'incident' | 'cleared';
export type AlarmAction = 'acknowledge' | 'dismiss' | 'incident';

/** One alarm of the queue (`GET /camera-alarms`): what Frigate, ONVIF, the health checks or a hotlist raised. */
export interface CameraAlarm {
  readonly id: string;
  readonly camera: string;
  readonly cameraName: string;
  readonly kind: AlarmKind;
  readonly source: 'frigate' | 'onvif' | 'health';
  readonly severity: AlarmSeverity;
  readonly status: AlarmStatus;
  readonly label: string | null;
  readonly subLabel: string | null;
  readonly score: number | null;
  readonly topScore: number | null;
  readonly plate: string | null;
  readonly hotlist: { readonly id: string; readonly name: string; readonly reason: string; readonly priority: string; readonly note: string | null } | null;
  readonly zones: readonly string[];
  readonly snapshotUrl: string | null;
  readonly clip: string | null;
  readonly objectPosition: { readonly lat: number; readonly lon: number; readonly accuracyM: number | null } | null;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly endedAt: string | null;
  readonly updates: number;
  readonly incident: string | null;
  readonly actedBy: string | null;
  readonly actedAt: string | null;
  readonly dismissReason: string | null;
  readonly allowedActions: readonly string[];
  /** The incident type an incident made of it gets (a hotlist hit's); null when the operator must choose one. */
  readonly incidentType: string | null;
}
