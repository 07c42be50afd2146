import { Type, type Static } from 'typebox';
import { Closed, Timestamp, Uuid } from '../schema.js';

/**
 * What a device is, which decides what its token may do (`devicePermissions`):
 * - `telephony`: the line-19 gateway of the phone system; reports calls, and only its own calls' later states;
 * - `vehicle`: a tracker; reports the position and status of the unit it is bound to;
 * - `camera`: a camera's controller; reports its cameras' events and health, takes their PTZ orders;
 * - `recorder`: a recorder or analytics server (NVR, Frigate); reports its cameras' events and health;
 * - `other`: anything else; it may only ask who it is.
 */
export const DeviceKind = { telephony: 'telephony', vehicle: 'vehicle', camera: 'camera', recorder: 'recorder', other: 'other' } as const;
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];

export function isDeviceKind(value: string): value is DeviceKind {
  return Object.values<string>(DeviceKind).includes(value);
}

const DeviceKindSchema = Type.Enum(Object.values(DeviceKind), { 'x-expected': `one of ${Object.values(DeviceKind).join(', ')}` });

/** A name a device is known by (its MQTT username too): `car-12`, `cam-0042`. */
export const DeviceName = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  'x-expected': 'lower-case letters, digits, dots, underscores or hyphens, 2 to 64 characters',
});

/** A telephony gateway, tracker, camera controller or recorder that reports with its own token. */
export const Device = Closed(
  {
    id: Uuid,
    name: DeviceName,
    kind: DeviceKindSchema,
    createdAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
    /** When the token in use was issued: at registration, then at each rotation. */
    tokenIssuedAt: Timestamp,
  },

);
export type Device = Static<typeof Device>;

export const NewDevice = Closed({ name: DeviceName, kind: DeviceKindSchema });
export type NewDevice = Static<typeof NewDevice>;

export function deviceStream(name: string): string {
  return `device/${name}`;
}

/** The events after which a device's open connections (MQTT, the live feed), made with its token, close. */
export const deviceTokenEndedEvents: readonly string[] = ['device.revoked', 'device.token_rotated'];
