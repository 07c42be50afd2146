import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { IsoDate, PlaceCode } from '../contract/identity.schema.js';
import {
  Checklist,
  ChecklistChange,
  ForeignerNumber,
  NewPermitApplication,
  NewResident,
  PermitApplication,
  PermitDecision,
  PermitFigures,
  PermitHandover,
  PermitKindSchema,
  PermitReminder,
  PermitRulesSchema,
  PresentedDocuments,
  ReceiptDocument,
  Resident,
} from '../contract/permit.schema.js';
import { PermitStatus } from '../contract/permit.js';
import { Closed, Line } from '../contract/schema.js';
import {
  decidePermitApplication,
  filePermitApplication,
  getChecklist,
  getPermitApplication,
  getPermitRules,
  handOverPermit,
  listPermitApplications,
  listPermitReminders,
  permitFigures,
  presentDocuments,
  receiptDocument,
  renewReceipt,
  saveChecklist,
  savePermitRules,
  sweepPermitReminders,
} from './permit.service.js';
import { receiptPdf } from './permit-receipt-pdf.js';
import { createResident, readResident } from './resident.service.js';

const ApplicationParams = Closed({ number: Type.String({ pattern: '^RP-[0-9]{4}-[0-9]{7}$', 'x-expected': 'an application number such as RP-2026-0000001' }) });
const KindParams = Closed({ kind: PermitKindSchema });

/**
 * Foreign residents and their residence permits (law 02-03): the residents' register, applications and
 * their receipts, the checklists and rules, the card's production and hand-over, expiry reminders, the
 * year's figures. Clerks of the desks register, file and decide; issuance operators produce.
 */
export function registerPermitRoutes(app: App, core: Core): void {
  app.post(
    '/identity/residents',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: 'Register a foreign resident; the desk allocates the registration number', body: NewResident, response: { 201: Resident } } },
    async (request, reply) => reply.code(201).send(await createResident(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/identity/residents/:number',
    {
      config: { permission: 'identity.person.read' },
      schema: {
        tags: ['identity'],
        summary: "A foreign resident's record; the read is journaled with its reason",
        params: Closed({ number: ForeignerNumber }),
        querystring: Closed({ reason: Line({ minLength: 3, maxLength: 200, description: 'why the record is read; journaled' }) }),
        response: { 200: Resident },
      },
    },
    async (request) => readResident(core, actorOf(principalOf(request)), request.params.number, request.query.reason),
  );

  app.get(
    '/identity/permits/checklists/:kind',
    // Reference data, as the identity rules are: the desks tick it, the administrator who edits it reads it.
    { config: { permission: 'authenticated' }, schema: { tags: ['identity'], summary: 'The documents an application of this kind asks for', params: KindParams, response: { 200: Checklist } } },
    async (request) => getChecklist(core.db, request.params.kind),
  );

  app.put(
    '/identity/permits/checklists/:kind',
    {
      config: { permission: 'identity.manage' },
      schema: { tags: ['identity'], summary: "Replace a kind's checklist of documents (journaled whole)", params: KindParams, body: ChecklistChange, response: { 200: Checklist } },
    },
    async (request) => saveChecklist(core, actorOf(principalOf(request)), request.params.kind, request.body),
  );

  app.get(
    '/identity/permits/rules',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: 'The residence-permit rules in force (validity by renewal, receipt, reminders)', response: { 200: PermitRulesSchema } } },
    async () => getPermitRules(core.db),
  );

  app.put(
    '/identity/permits/rules',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: 'Replace the residence-permit rules (journaled whole)', body: PermitRulesSchema, response: { 200: PermitRulesSchema } } },
    async (request) => savePermitRules(core, actorOf(principalOf(request)), request.body),
  );

  app.post(
    '/identity/permit-applications',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'File a residence-permit application with the documents presented; its receipt is issued the same day', body: NewPermitApplication, response: { 201: PermitApplication } },
    },
    async (request, reply) => reply.code(201).send(await filePermitApplication(core, actorOf(principalOf(request)), request.body)),
  );

  const PermitApplicationQuery = Closed({
    desk: Type.Optional(PlaceCode),
    status: Type.Optional(Type.Enum(Object.values(PermitStatus), { 'x-expected': Object.values(PermitStatus).join(', ') })),
    resident: Type.Optional(ForeignerNumber),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  });

  app.get(
    '/identity/permit-applications',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'Residence-permit applications by desk, status or resident, latest status change first', querystring: PermitApplicationQuery, response: { 200: Type.Array(PermitApplication) } },
    },
    async (request) => listPermitApplications(core.db, request.query),
  );

  app.get(
    '/identity/permit-applications/:number',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: 'A residence-permit application, its missing documents and its receipt', params: ApplicationParams, response: { 200: PermitApplication } } },
    async (request) => getPermitApplication(core.db, request.params.number),
  );

  app.post(
    '/identity/permit-applications/:number/documents',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'Record more documents presented for a filed application', params: ApplicationParams, body: PresentedDocuments, response: { 200: PermitApplication } },
    },
    async (request) => presentDocuments(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.post(
    '/identity/permit-applications/:number/decision',
    {
      config: { permission: 'identity.review' },
      schema: {
        tags: ['identity'],
        summary: 'Approve (every required document presented) or reject with a reason (the receipt closes)',
        params: ApplicationParams,
        body: PermitDecision,
        response: { 200: PermitApplication },
      },
    },
    async (request) => decidePermitApplication(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.post(
    '/identity/permit-applications/:number/receipt/renew',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: "Renew an open application's receipt for another period", params: ApplicationParams, response: { 200: PermitApplication } } },
    async (request) => renewReceipt(core, actorOf(principalOf(request)), request.params.number),
  );

  app.get(
    '/identity/permit-applications/:number/receipt',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: "What the receipt prints (for its PDF): the holder's read journaled", params: ApplicationParams, response: { 200: ReceiptDocument } },
    },
    async (request) => receiptDocument(core, actorOf(principalOf(request)), request.params.number),
  );

  app.get(
    '/identity/permit-applications/:number/receipt.pdf',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'The receipt as a PDF in Arabic and French, with its visible digital seal; the holder\'s read journaled', params: ApplicationParams },
    },
    async (request, reply) => {
      const { fileName, pdf } = await receiptPdf(core, actorOf(principalOf(request)), request.params.number);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  app.post(
    '/identity/permit-applications/:number/handover',
    {
      config: { permission: 'identity.deliver' },
      schema: { tags: ['identity'], summary: 'Hand the permit over to its holder (number and birth date checked); the receipt closes', params: ApplicationParams, body: PermitHandover, response: { 200: PermitApplication } },
    },
    async (request) => handOverPermit(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.get(
    '/identity/permits/reminders',
    {
      config: { permission: 'identity.appointment' },
      schema: {
        tags: ['identity'],
        summary: "A desk's expiry reminders (60 and 30 days before) with the holders' phones; each holder's read journaled",
        querystring: Closed({ desk: PlaceCode, from: Type.Optional(IsoDate) }),
        response: { 200: Type.Array(PermitReminder) },
      },
    },
    async (request) => listPermitReminders(core, actorOf(principalOf(request)), request.query.desk, request.query.from),
  );

  app.post(
    '/identity/permits/reminders/sweep',
    {
      config: { permission: 'identity.manage' },
      schema: { tags: ['identity'], summary: 'Run the expiry reminder sweep now (the server runs it hourly)', response: { 200: Closed({ day: IsoDate, reminded: Type.Integer() }) } },
    },
    async (request) => sweepPermitReminders(core, actorOf(principalOf(request))),
  );

  app.get(
    '/identity/permits/statistics',
    {
      config: { permission: 'identity.report' },
      schema: {
        tags: ['identity'],
        summary: "A year's residence permits issued, by kind, nationality and centre",
        querystring: Closed({ year: Type.Integer({ minimum: 2000, maximum: 2100, 'x-expected': 'a year such as 2026' }) }),
        response: { 200: PermitFigures },
      },
    },
    async (request) => permitFigures(core.db, request.query.year),
  );
}
