import { Type, type Static } from 'typebox';
import { DeviceKind, GrantStatus, personRoles } from './account.js';
import { TotpState } from './auth.js';
import { SecondFactor } from './auth.schema.js';
import { ArabicName, Closed, LatinName, Locale, Timestamp, Username, Uuid } from './schema.js';

/** The shapes of accounts, sessions, role grants and devices as the API answers them. */

/** A role a person can hold, by name. */
export const PersonRole = Type.Enum([...personRoles], { 'x-expected': `one of ${personRoles.join(', ')}` });

/** The roles an account holds: none while its only roles wait for a second administrator (role grants). */
export const HeldRoles = Type.Array(PersonRole, { maxItems: personRoles.length, uniqueItems: true });

/** A person who can log in, as the API shows them (never their password hash). */
export const User = Closed({
  id: Uuid,
  username: Username,
  fullName: LatinName,
  fullNameAr: Type.Union([ArabicName, Type.Null()]),
  roles: HeldRoles,
  /** Roles asked for by one administrator, waiting for another's approval (absent when none). */
  pendingRoles: Type.Optional(HeldRoles),
  locale: Locale,
  /** The console language the person chose; null until they choose one (the console then uses `locale`). */
  language: Type.Union([Locale, Type.Null()]),
  mustChangePassword: Type.Boolean(),
  createdAt: Timestamp,
  disabledAt: Type.Union([Timestamp, Type.Null()]),
});
export type User = Static<typeof User>;

/** A user as administrators list them (`GET /users`): with what may keep them from signing in, and their second factor. */
export const UserAccount = Closed({
  ...User.properties,
  /** Until when refused sign-ins keep the account locked; null when it is not locked. */
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
  /** The second factor: none, enrolment started and not confirmed, or active. */
  secondFactor: Type.Enum(Object.values(TotpState)),
});
export type UserAccount = Static<typeof UserAccount>;

/** What creating an account answers: the account, and its one-time password, shown once, when none was given. */
export const CreatedUser = Type.Object({ user: User, oneTimePassword: Type.Optional(Type.String()) });
export type CreatedUser = Static<typeof CreatedUser>;

/** What resetting a password answers: the account and its new one-time password, shown once. */
export const UserWithOneTimePassword = Type.Object({ user: User, oneTimePassword: Type.String() });
export type UserWithOneTimePassword = Static<typeof UserWithOneTimePassword>;

/** An open session of a person (`GET /users/{id}/sessions`). */
export const Session = Type.Object(
  {
    id: Uuid,
    createdAt: Timestamp,
    expiresAt: Timestamp,
    clientAddress: Type.String(),
    /** The last use recorded (at most a minute behind): the session ends after AMANE_SESSION_IDLE_MINUTES without one. */
    lastSeenAt: Timestamp,
  },
  { additionalProperties: false },
);
export type Session = Static<typeof Session>;

/** A role asked for a user by one administrator, waiting for another's decision. */
export const RoleGrant = Closed({
  id: Uuid,
  userId: Uuid,
  username: Username,
  role: PersonRole,
  status: Type.Enum(Object.values(GrantStatus)),
  /** `user:amina`: who asked. */
  requestedBy: Type.String(),
  requestedAt: Timestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  /** Why a grant was refused (or withdrawn by the one who asked). */
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type RoleGrant = Static<typeof RoleGrant>;

export const DeviceKindSchema = Type.Enum(Object.values(DeviceKind), { 'x-expected': `one of ${Object.values(DeviceKind).join(', ')}` });

/** A name a device is known by (its MQTT username too): `car-12`, `cam-0042`. */
export const DeviceName = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  'x-expected': 'lower-case letters, digits, dots, underscores or hyphens, 2 to 64 characters',
});

/** A telephony gateway, tracker, camera controller or recorder that reports with its own token. */
export const Device = Closed({
  id: Uuid,
  name: DeviceName,
  kind: DeviceKindSchema,
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  /** When the token in use was issued: at registration, then at each rotation. */
  tokenIssuedAt: Timestamp,
});
export type Device = Static<typeof Device>;

/** What registering a device or rotating its token answers: the token, shown once. */
export const DeviceWithToken = Type.Object({ device: Device, token: Type.String() });
export type DeviceWithToken = Static<typeof DeviceWithToken>;

/** Who the caller is and what they may do (`GET /auth/me`): a person with their session, or a device. */
export const Me = Type.Object({
  user: Type.Optional(User),
  device: Type.Optional(Device),
  session: Type.Optional(Session),
  /** A person's second factor, and whether this session must enrol one before anything else. */
  secondFactor: Type.Optional(SecondFactor),
  permissions: Type.Array(Type.String()),
});
export type Me = Static<typeof Me>;
