/** Accounts, roles, role grants and devices: the words the server and the administrator's console share. */

/** The roles of the security model (`core/auth/permission.ts` gives each its permissions). */
export const Role = {
  callTaker: 'call-taker',
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  fieldOfficer: 'field-officer',
  eodOfficer: 'eod-officer',
  cctvOperator: 'cctv-operator',
  trafficOperator: 'traffic-operator',
  identityClerk: 'identity-clerk',
  issuanceOperator: 'issuance-operator',
  certificateOfficer: 'certificate-officer',
  auditor: 'auditor',
  administrator: 'administrator',
  citizen: 'citizen',
  device: 'device',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const allRoles: readonly Role[] = Object.values(Role);

/** Roles a person can hold; `device` belongs to device tokens only. */
export type PersonRole = Exclude<Role, 'device'>;
export const personRoles: readonly PersonRole[] = allRoles.filter((role): role is PersonRole => role !== Role.device);

/**
 * The two-person rule (CJIS AC-5): the roles that open the journal, the national register and the
 * administration itself are granted by one administrator and take effect only when a second one
 * approves. Removing a role never waits.
 */
export const rolesNeedingSecondApproval: readonly PersonRole[] = [Role.administrator, Role.auditor, Role.identityClerk, Role.issuanceOperator, Role.certificateOfficer];

export const GrantStatus = { pending: 'pending', approved: 'approved', refused: 'refused' } as const;
export type GrantStatus = (typeof GrantStatus)[keyof typeof GrantStatus];

/**
 * What a device is, which decides what its token may do (`devicePermissions`):
 * - `telephony`: the line-19 gateway of the phone system; reports calls, and only its own calls' later states;
 * - `vehicle`: a tracker; reports the position and status of the unit it is bound to;
 * - `camera`: a camera's controller; reports its cameras' events and health, takes their PTZ orders;
 * - `recorder`: a recorder or analytics server (NVR, Frigate); reports its cameras' events and health;
 * - `traffic-centre`: a city traffic centre's system; pushes its traffic feed (speeds and events), nothing else;
 * - `transit`: a public-transport operator's system; pushes its GTFS-realtime feed, reads the Alert feed;
 * - `other`: anything else; it may only ask who it is.
 */
export const DeviceKind = { telephony: 'telephony', vehicle: 'vehicle', camera: 'camera', recorder: 'recorder', trafficCentre: 'traffic-centre', transit: 'transit', other: 'other' } as const;
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];
export const deviceKinds: readonly DeviceKind[] = Object.values(DeviceKind);
