import { Type, type Static } from 'typebox';
import { ArabicName, Closed, LatinName, Locale, Password, Username } from '../schema.js';
import { personRoles } from './permission.js';
import { PersonRole } from '../../contract/account.schema.js';

// The account as answered is the contract's, shared with the administrator's console.
export { CreatedUser, PersonRole, User, UserAccount, UserWithOneTimePassword } from '../../contract/account.schema.js';


const Roles = Type.Array(PersonRole, { minItems: 1, maxItems: personRoles.length, uniqueItems: true, description: 'The roles the account holds, each once (their permissions add up)' });


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
