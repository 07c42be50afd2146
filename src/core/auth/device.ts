import { Type, type Static } from 'typebox';
import { Closed, Timestamp, Uuid } from '../schema.js';

export const DeviceKind = { vehicle: 'vehicle', camera: 'camera', recorder: 'recorder', other: 'other' } as const;
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];

const DeviceKindSchema = Type.Enum(Object.values(DeviceKind), { 'x-expected': `one of ${Object.values(DeviceKind).join(', ')}` });

/** A name a device is known by (its MQTT username too): `car-12`, `cam-0042`. */
export const DeviceName = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  'x-expected': 'lower-case letters, digits, dots, underscores or hyphens, 2 to 64 characters',
});

/** A vehicle, camera or recorder that posts telemetry with its own token. */
export const Device = Closed(
  {
    id: Uuid,
    name: DeviceName,
    kind: DeviceKindSchema,
    createdAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },

);
export type Device = Static<typeof Device>;

export const NewDevice = Closed({ name: DeviceName, kind: DeviceKindSchema });
export type NewDevice = Static<typeof NewDevice>;

export function deviceStream(name: string): string {
  return `device/${name}`;
}
