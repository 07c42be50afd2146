import { type Static } from 'typebox';
import { Closed } from '../schema.js';
import { DeviceKind } from '../../contract/account.js';
import { DeviceKindSchema, DeviceName } from '../../contract/account.schema.js';

// Device kinds and the device as answered are the contract's, shared with the administrator's console.
export { DeviceKind, deviceKinds } from '../../contract/account.js';
export { Device, DeviceName, DeviceWithToken } from '../../contract/account.schema.js';


export function isDeviceKind(value: string): value is DeviceKind {
  return Object.values<string>(DeviceKind).includes(value);
}


export const NewDevice = Closed({ name: DeviceName, kind: DeviceKindSchema });
export type NewDevice = Static<typeof NewDevice>;

export function deviceStream(name: string): string {
  return `device/${name}`;
}

/** The events after which a device's open connections (MQTT, the live feed), made with its token, close. */
export const deviceTokenEndedEvents: readonly string[] = ['device.revoked', 'device.token_rotated'];
