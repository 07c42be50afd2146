/** The account and device shapes the server answers with (`src/core/auth/*.ts`; see docs/api.md). */
import type { Language, LatLon } from '@contract/shapes';

/** The roles a person can hold (`personRoles` in src/core/auth/permission.ts), in the order the form lists them. */
export const personRoles = [
  'call-taker',
  'dispatcher',
  'supervisor',
  'field-officer',
  'eod-officer',
  'cctv-operator',
  'traffic-operator',
  'identity-clerk',
  'issuance-operator',
  'auditor',
  'administrator',
  'citizen',
] as const;
export type PersonRole = (typeof personRoles)[number];

/** The roles a second administrator must approve (`rolesNeedingSecondApproval` in src/core/auth/role-grant.ts). */
export const rolesNeedingSecondApproval: readonly PersonRole[] = ['administrator', 'auditor', 'identity-clerk', 'issuance-operator'];

export type SecondFactorState = 'none' | 'pending' | 'active';

/** An account as `GET /users` lists it. */
export interface UserAccount {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly fullNameAr: string | null;
  readonly roles: readonly PersonRole[];
  readonly pendingRoles?: readonly PersonRole[];
  readonly locale: Language;
  readonly language: Language | null;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly disabledAt: string | null;
  readonly lockedUntil: string | null;
  readonly secondFactor: SecondFactorState;
}

/** What creating an account or resetting its password answers: the password, shown once. */
export interface WithOneTimePassword {
  readonly user: Pick<UserAccount, 'id' | 'username' | 'roles'> & { readonly pendingRoles?: readonly PersonRole[] };
  readonly oneTimePassword?: string;
}

export interface Session {
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly clientAddress: string;
  readonly lastSeenAt: string;
}

export interface RoleGrant {
  readonly id: string;
  readonly userId: string;
  readonly username: string;
  readonly role: PersonRole;
  readonly status: 'pending' | 'approved' | 'refused';
  /** `user:amina`. */
  readonly requestedBy: string;
  readonly requestedAt: string;
}

export const deviceKinds = ['telephony', 'vehicle', 'camera', 'recorder', 'other'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly tokenIssuedAt: string;
}

/** What registering a device or rotating its token answers: the token, shown once. */
export interface WithToken {
  readonly device: Device;
  readonly token: string;
}

/** A latitude and longitude, as the server takes and answers them. */
export type Place = LatLon;

/** The ISO weekdays, Monday first. */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** An age band: applies to holders younger than `underAge`; null in the last band, for everyone older. */
export interface AgeBand {
  readonly underAge: number | null;
}

/** Desks, centres, stations and the identity rules as the API answers them (each with its place). */
export type { Centre, Desk, IdentityRules, Station } from '@contract/shapes';
