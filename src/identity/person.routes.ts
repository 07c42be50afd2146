import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { erasePerson } from './erasure.service.js';
import { AccountLink, ErasedPerson, NewPerson, NinParams, Person, PersonErasure, PersonReadQuery, PersonReads, PersonReadsQuery, PersonRecord, PersonSearchQuery } from './person.js';
import { createPerson, linkAccount, listPersonReads, readPerson, searchPersons } from './person.service.js';

/** The national register. Every read of a record is journaled with its reason (stream `identity-person/{nin}`). */
export function registerPersonRoutes(app: App, core: Core): void {
  app.post(
    '/identity/persons',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: 'Register a person in the national register', body: NewPerson, response: { 201: Person } } },
    async (request, reply) => reply.code(201).send(await createPerson(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/identity/persons',
    {
      config: { permission: 'identity.person.read' },
      schema: {
        tags: ['identity'],
        summary: 'Find people born on a day whose name (given names then surname, either script) reads alike; each read journaled with the reason',
        querystring: PersonSearchQuery,
        response: { 200: Type.Array(Person) },
      },
    },
    async (request) => searchPersons(core, actorOf(principalOf(request)), request.query),
  );

  app.get(
    '/identity/persons/:nin',
    {
      config: { permission: 'identity.person.read' },
      schema: {
        tags: ['identity'],
        summary: "A person's record and cards, or that the record was erased (`erased: true`); the read is journaled with its reason",
        params: NinParams,
        querystring: PersonReadQuery,
        response: { 200: PersonRecord },
      },
    },
    async (request) => readPerson(core, actorOf(principalOf(request)), request.params.nin, request.query.reason),
  );

  app.get(
    '/identity/persons/:nin/reads',
    {
      config: { permission: 'journal.read' },
      schema: {
        tags: ['identity'],
        summary: "Who read a person's record, when, why and through what (the journal's reads, with the readers' names); the lookup is journaled with its reason",
        params: NinParams,
        querystring: PersonReadsQuery,
        response: { 200: PersonReads },
      },
    },
    async (request) => listPersonReads(core, actorOf(principalOf(request)), request.params.nin, request.query),
  );

  app.put(
    '/identity/persons/:nin/account',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: "Link a citizen's account to their record (the person shown in front of the clerk)", params: NinParams, body: AccountLink, response: { 200: Person } },
    },
    async (request) => linkAccount(core, actorOf(principalOf(request)), request.params.nin, request.body.username),
  );

  app.post(
    '/identity/persons/:nin/erasure',
    {
      config: { permission: 'identity.erase' },
      schema: {
        tags: ['identity'],
        summary: "Erase a person from the register where the law allows it: their data key destroyed, their cards revoked, their biometrics deleted; journaled with the reason and legal basis",
        params: NinParams,
        body: PersonErasure,
        response: { 200: ErasedPerson },
      },
    },
    async (request) => erasePerson(core, actorOf(principalOf(request)), request.params.nin, request.body),
  );
}
