/** The account and device shapes the server answers with (`src/core/auth/*.ts`; see docs/api.md). */
import type { Language, LatLon } from '../../model';
import type { Centre as IdentityCentre, Desk as IdentityDesk } from '../identity/types';

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

/**
 * An enrolment desk as `GET /identity/desks` lists it (`Desk` in src/identity/appointment.ts): the desk
 * the identity screens read, with its place, which administration changes.
 */
export interface Desk extends IdentityDesk {
  readonly location: Place;
}

/** The ISO weekdays, Monday first. */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** An issuance centre as `GET /identity/centres` lists it and its changes answer (`Centre` in src/identity/production.ts), with its place. */
export interface Centre extends IdentityCentre {
  readonly location: Place;
}

/** An age band: applies to holders younger than `underAge`; null in the last band, for everyone older. */
export interface AgeBand {
  readonly underAge: number | null;
}

/** The identity rules in force (`IdentityRules` in src/identity/application.ts), replaced whole by `PUT /identity/rules`. */
export interface IdentityRules {
  readonly validity: readonly (AgeBand & { readonly years: number })[];
  readonly fees: readonly (AgeBand & { readonly mad: number })[];
  readonly minimumQuality: { readonly photo: number; readonly fingerprint: number };
  readonly minimumFingerprints: number;
  readonly autoApprove: boolean;
  /** Where the figures come from. */
  readonly source: string;
}

/** A police station as `GET /stations` lists it (`Station` in src/units/unit.ts). */
export interface Station {
  readonly code: string;
  readonly name: string;
  readonly nameAr: string | null;
  /** The district it answers for. */
  readonly area: string | null;
  readonly location: Place;
}
