import { Type, type Static } from 'typebox';
import { ArabicName, Closed, LatinName, Locale, Password, Timestamp, Username, Uuid } from '../schema.js';
import { personRoles } from './permission.js';
import { TotpState } from './totp.js';

/** A role a person can hold, by name. */
export const PersonRole = Type.Enum([...personRoles], { 'x-expected': `one of ${personRoles.join(', ')}` });

const Roles = Type.Array(PersonRole, { minItems: 1, maxItems: personRoles.length, uniqueItems: true, description: 'The roles the account holds, each once (their permissions add up)' });
/** The roles an account holds: none while its only roles wait for a second administrator (role-grant.ts). */
const HeldRoles = Type.Array(PersonRole, { maxItems: personRoles.length, uniqueItems: true });

/** A person who can log in, as the API shows them (never their password hash). */
export const User = Closed(
  {
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
  },

);
export type User = Static<typeof User>;

/** A user as administrators list them: with what may keep them from signing in, and their second factor. */
export const UserAccount = Closed({
  ...User.properties,
  /** Until when refused sign-ins keep the account locked; null when it is not locked. */
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
  /** The second factor: none, enrolment started and not confirmed, or active. */
  secondFactor: Type.Enum(Object.values(TotpState)),
});
export type UserAccount = Static<typeof UserAccount>;

/** What creates a user; without a password, a one-time password is generated and returned once. */
export const NewUser = Closed({
  username: Username,
  fullName: LatinName,
  fullNameAr: Type.Optional(ArabicName),
  roles: Roles,
  locale: Type.Optional(Locale),
  password: Type.Optional(Password),
});
export type NewUser = Static<typeof NewUser>;

/** What an administrator may change of a user; absent fields stay as they are. */
export const UserChange = Closed({
  fullName: Type.Optional(LatinName),
  fullNameAr: Type.Optional(Type.Union([ArabicName, Type.Null()])),
  roles: Type.Optional(Roles),
  locale: Type.Optional(Locale),
});
export type UserChange = Static<typeof UserChange>;

/** A person's choice of console language. */
export const LanguageChoice = Closed({ language: Locale });
export type LanguageChoice = Static<typeof LanguageChoice>;
export type Language = LanguageChoice['language'];

/** The stream of a user's events in the journal. */
export function userStream(username: string): string {
  return `user/${username}`;
}
