import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed, IdParams, Uuid } from '../core/schema.js';
import { EntriesBody, Hotlist, HotlistChange, HotlistWithEntries, NewHotlist, PlateMatch, PlateText } from './hotlist.js';
import { addHotlistEntries, changeHotlist, checkPlate, createHotlist, deleteHotlist, getHotlist, listHotlists, removeHotlistEntry } from './hotlist.service.js';

const EntryParams = Closed({ id: Uuid, plate: PlateText });

/** Plate hotlists: the lists, their plates, and a plate checked by hand. Every change is journaled on `plate-hotlist/{id}`. */
export function registerHotlistRoutes(app: App, core: Core): void {
  app.get(
    '/plate-hotlists',
    { config: { permission: 'camera.alarm' }, schema: { tags: ['cameras'], summary: 'The plate hotlists, with how many plates each holds', response: { 200: Type.Array(Hotlist) } } },
    async () => listHotlists(core.db),
  );

  app.post(
    '/plate-hotlists',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: 'Create a hotlist (reason, priority, expiry), with plates if given; plates are normalised', body: NewHotlist, response: { 201: HotlistWithEntries } },
    },
    async (request, reply) => reply.code(201).send(await createHotlist(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/plate-hotlists/match',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: 'Check a plate by hand: the active, unexpired entries it hits', querystring: Closed({ plate: PlateText }), response: { 200: PlateMatch } },
    },
    async (request) => checkPlate(core, request.query.plate),
  );

  app.get(
    '/plate-hotlists/:id',
    { config: { permission: 'camera.alarm' }, schema: { tags: ['cameras'], summary: 'One hotlist and its plates', params: IdParams, response: { 200: HotlistWithEntries } } },
    async (request) => getHotlist(core.db, request.params.id),
  );

  app.patch(
    '/plate-hotlists/:id',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: "Change a hotlist's name, reason, priority, description, activity or expiry", params: IdParams, body: HotlistChange, response: { 200: HotlistWithEntries } },
    },
    async (request) => changeHotlist(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.delete(
    '/plate-hotlists/:id',
    { config: { permission: 'camera.alarm' }, schema: { tags: ['cameras'], summary: 'Delete a hotlist and its plates (the journal keeps them)', params: IdParams } },
    async (request, reply) => {
      await deleteHotlist(core, actorOf(principalOf(request)), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/plate-hotlists/:id/entries',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: 'Add plates to a hotlist (a plate already there gets the new note and expiry)', params: IdParams, body: EntriesBody, response: { 200: HotlistWithEntries } },
    },
    async (request) => addHotlistEntries(core, actorOf(principalOf(request)), request.params.id, request.body.entries),
  );

  app.delete(
    '/plate-hotlists/:id/entries/:plate',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: 'Take a plate off a hotlist (as typed: it is normalised)', params: EntryParams, response: { 200: HotlistWithEntries } },
    },
    async (request) => removeHotlistEntry(core, actorOf(principalOf(request)), request.params.id, request.params.plate),
  );
}
