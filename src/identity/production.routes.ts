import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { deskDeliveries, receiveBatch } from './delivery.service.js';
import { PlaceCode } from './identity.js';
import {
  Batch,
  BatchParams,
  BatchQuery,
  BatchWithApplications,
  BoardQuery,
  Centre,
  CentreChange,
  CentreParams,
  CentreSwitch,
  DeskDeliveries,
  NewCentre,
  OfflineBody,
  ProductionBoard,
  ScheduleBody,
  ScheduleResult,
  StockReceipt,
} from './production.js';
import { changeCentre, createCentre, getBatch, listBatches, listCentres, produceBatch, productionBoard, receiveStock, scheduleProduction, setCentreOnline, shipBatch } from './production.service.js';

const DeskParams = Closed({ code: PlaceCode });

/** Issuance centres, scheduling, production batches and their way to the desks. */
export function registerProductionRoutes(app: App, core: Core): void {
  app.get(
    '/identity/centres',
    { config: { permission: 'identity.centres' }, schema: { tags: ['identity'], summary: 'The issuance centres: capacity, blank stock, online', response: { 200: Type.Array(Centre) } } },
    async () => listCentres(core.db),
  );

  app.post(
    '/identity/centres',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: 'Open an issuance centre', body: NewCentre, response: { 201: Centre } } },
    async (request, reply) => reply.code(201).send(await createCentre(core, actorOf(principalOf(request)), request.body)),
  );

  app.patch(
    '/identity/centres/:code',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: "Change a centre's name, place or daily capacity", params: CentreParams, body: CentreChange, response: { 200: Centre } } },
    async (request) => changeCentre(core, actorOf(principalOf(request)), request.params.code, request.body),
  );

  app.post(
    '/identity/centres/:code/stock',
    { config: { permission: 'identity.produce' }, schema: { tags: ['identity'], summary: 'Blank cards received at a centre', params: CentreParams, body: StockReceipt, response: { 200: Centre } } },
    async (request) => receiveStock(core, actorOf(principalOf(request)), request.params.code, request.body),
  );

  app.post(
    '/identity/centres/:code/offline',
    {
      config: { permission: 'identity.produce' },
      schema: { tags: ['identity'], summary: 'Take a centre offline: its batches not yet produced move to the other centres', params: CentreParams, body: OfflineBody, response: { 200: CentreSwitch } },
    },
    async (request) => setCentreOnline(core, actorOf(principalOf(request)), request.params.code, false, request.body.reason),
  );

  app.post(
    '/identity/centres/:code/online',
    { config: { permission: 'identity.produce' }, schema: { tags: ['identity'], summary: 'Bring a centre back online', params: CentreParams, response: { 200: CentreSwitch } } },
    async (request) => setCentreOnline(core, actorOf(principalOf(request)), request.params.code, true),
  );

  app.get(
    '/identity/centres/:code/board',
    {
      config: { permission: 'identity.produce' },
      schema: { tags: ['identity'], summary: "A centre's production board for a day: capacity, stock, queue, batches", params: CentreParams, querystring: BoardQuery, response: { 200: ProductionBoard } },
    },
    async (request) => productionBoard(core, request.params.code, request.query.day),
  );

  app.post(
    '/identity/production/schedule',
    {
      config: { permission: 'identity.produce' },
      schema: { tags: ['identity'], summary: "Schedule a day's production (today by default) over the online centres, or at one centre (centre)", querystring: ScheduleBody, response: { 200: ScheduleResult } },
    },
    async (request) => scheduleProduction(core, actorOf(principalOf(request)), request.query.day, request.query.centre),
  );

  app.get(
    '/identity/batches',
    { config: { permission: 'identity.produce' }, schema: { tags: ['identity'], summary: 'Production batches by centre, desk, day or status', querystring: BatchQuery, response: { 200: Type.Array(Batch) } } },
    async (request) => listBatches(core.db, request.query),
  );

  app.get(
    '/identity/batches/:id',
    { config: { permission: 'identity.produce' }, schema: { tags: ['identity'], summary: 'A batch and its applications', params: BatchParams, response: { 200: BatchWithApplications } } },
    async (request) => getBatch(core.db, request.params.id),
  );

  app.post(
    '/identity/batches/:id/produce',
    {
      config: { permission: 'identity.produce' },
      schema: { tags: ['identity'], summary: 'Produce a batch: personalise and sign each card, enter it in the register, take the blank cards', params: BatchParams, response: { 200: BatchWithApplications } },
    },
    async (request) => produceBatch(core, actorOf(principalOf(request)), request.params.id),
  );

  app.post(
    '/identity/batches/:id/ship',
    { config: { permission: 'identity.produce' }, schema: { tags: ['identity'], summary: 'Ship a produced batch to its desk', params: BatchParams, response: { 200: BatchWithApplications } } },
    async (request) => shipBatch(core, actorOf(principalOf(request)), request.params.id),
  );

  app.post(
    '/identity/batches/:id/receive',
    { config: { permission: 'identity.deliver' }, schema: { tags: ['identity'], summary: 'Receive a shipped batch at its desk: its cards are ready', params: BatchParams, response: { 200: BatchWithApplications } } },
    async (request) => receiveBatch(core, actorOf(principalOf(request)), request.params.id),
  );

  app.get(
    '/identity/desks/:code/deliveries',
    { config: { permission: 'identity.deliver' }, schema: { tags: ['identity'], summary: 'Batches on their way to a desk or received, and cards ready for their holders', params: DeskParams, response: { 200: DeskDeliveries } } },
    async (request) => deskDeliveries(core.db, request.params.code),
  );
}
