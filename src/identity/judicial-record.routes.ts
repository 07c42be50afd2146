import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { JudicialRecord, JudicialRecordCorrection, JudicialRecordParams, JudicialRecordQuery, NewJudicialRecord } from './judicial-record.js';
import { correctJudicialRecord, enterJudicialRecord, listJudicialRecords } from './judicial-record.service.js';

/** The built-in register of judicial records: entered, corrected and read by `identity.records.manage` only. */
export function registerJudicialRecordRoutes(app: App, core: Core): void {
  app.post(
    '/identity/judicial-records',
    {
      config: { permission: 'identity.records.manage' },
      schema: { tags: ['identity'], summary: 'Enter a judgment in the judicial records of a person of the register (sealed, journaled)', body: NewJudicialRecord, response: { 201: JudicialRecord } },
    },
    async (request, reply) => reply.code(201).send(await enterJudicialRecord(core, actorOf(principalOf(request)), request.body)),
  );

  app.patch(
    '/identity/judicial-records/:id',
    {
      config: { permission: 'identity.records.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Correct an entry of the judicial records: its fields, or its status (rehabilitated, annulled), with a reason (journaled)',
        params: JudicialRecordParams,
        body: JudicialRecordCorrection,
        response: { 200: JudicialRecord },
      },
    },
    async (request) => correctJudicialRecord(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.get(
    '/identity/judicial-records',
    {
      config: { permission: 'identity.records.manage' },
      schema: { tags: ['identity'], summary: "A person's judicial records, every status (the read is journaled with its reason)", querystring: JudicialRecordQuery, response: { 200: Type.Array(JudicialRecord) } },
    },
    async (request) => listJudicialRecords(core, actorOf(principalOf(request)), request.query.nin, request.query.reason),
  );
}
