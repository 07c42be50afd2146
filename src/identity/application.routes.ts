import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import {
  Application,
  ApplicationParams,
  ApplicationQuery,
  ApplicationSummary,
  DecisionBody,
  EnrolledPhoto,
  EnrolmentBody,
  HandoverBody,
  IdentityRules,
  NewApplication,
} from './application.js';
import { CHECKS_ACTOR, decideApplication, enrolApplication, enrolledPhoto, getApplication, listApplications, openApplication, reviewQueue, runChecks } from './application.service.js';
import { handOver } from './delivery.service.js';
import { getIdentityRules, saveIdentityRules } from './identity-rules.service.js';
import { IdentityStatistics, StatisticsQuery } from './statistics.js';
import { identityStatistics } from './statistics.service.js';

// A portrait of 512 KiB is about 700 kB of base64; with ten fingerprints and a signature, 2 MiB is ample.
const ENROLMENT_BODY_LIMIT = 2 * 1_048_576;

/** Applications: opening, enrolment, checks, review, hand-over; the rules; the statistics. */
export function registerApplicationRoutes(app: App, core: Core): void {
  app.post(
    '/identity/applications',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'Open an application at a desk, the fee paid (first card, renewal, replacement, change of data)', body: NewApplication, response: { 201: Application } },
    },
    async (request, reply) => reply.code(201).send(await openApplication(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/identity/applications',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'Applications by status, desk or person (no biometric data)', querystring: ApplicationQuery, response: { 200: Type.Array(ApplicationSummary) } },
    },
    async (request) => listApplications(core.db, request.query),
  );

  app.get(
    '/identity/applications/:number',
    { config: { permission: 'identity.enrol' }, schema: { tags: ['identity'], summary: 'An application and its status history', params: ApplicationParams, response: { 200: Application } } },
    async (request) => getApplication(core, request.params.number),
  );

  app.post(
    '/identity/applications/:number/enrolment',
    {
      config: { permission: 'identity.enrol' },
      bodyLimit: ENROLMENT_BODY_LIMIT,
      schema: {
        tags: ['identity'],
        summary: 'Enrol the portrait, fingerprints and signature (stored encrypted), then run the checks',
        params: ApplicationParams,
        body: EnrolmentBody,
        response: { 200: Application },
      },
    },
    async (request) => enrolApplication(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.get(
    '/identity/applications/:number/photo',
    {
      config: { permission: 'identity.enrol' },
      schema: { tags: ['identity'], summary: 'The enrolled portrait, for the card or a check of the person; the read is journaled', params: ApplicationParams, response: { 200: EnrolledPhoto } },
    },
    async (request) => enrolledPhoto(core, actorOf(principalOf(request)), request.params.number),
  );

  app.post(
    '/identity/applications/:number/checks',
    {
      config: { permission: 'identity.review' },
      schema: { tags: ['identity'], summary: 'Run the deduplication checks again on an enrolled application (when they could not run at enrolment)', params: ApplicationParams, response: { 200: Application } },
    },
    async (request) => runChecks(core, CHECKS_ACTOR, request.params.number),
  );

  app.get(
    '/identity/review-queue',
    { config: { permission: 'identity.review' }, schema: { tags: ['identity'], summary: 'Applications referred to an officer, and checked ones awaiting a decision', response: { 200: Type.Array(ApplicationSummary) } } },
    async () => reviewQueue(core.db),
  );

  app.post(
    '/identity/applications/:number/decision',
    {
      config: { permission: 'identity.review' },
      schema: { tags: ['identity'], summary: 'Approve, reject or refer an application (a reason to reject or refer)', params: ApplicationParams, body: DecisionBody, response: { 200: Application } },
    },
    async (request) => decideApplication(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.post(
    '/identity/applications/:number/handover',
    {
      config: { permission: 'identity.deliver' },
      schema: {
        tags: ['identity'],
        summary: 'Hand a ready card to its holder: their national ID number and birth date must match (a refusal is journaled)',
        params: ApplicationParams,
        body: HandoverBody,
        response: { 200: Application },
      },
    },
    async (request) => handOver(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.get(
    '/identity/rules',
    { config: { permission: 'authenticated' }, schema: { tags: ['identity'], summary: 'The rules in force: fees and validity by age, quality thresholds, automatic approval', response: { 200: IdentityRules } } },
    async () => getIdentityRules(core.db),
  );

  app.put(
    '/identity/rules',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: 'Replace the rules (journaled whole)', body: IdentityRules, response: { 200: IdentityRules } } },
    async (request) => saveIdentityRules(core, actorOf(principalOf(request)), request.body),
  );

  app.get(
    '/identity/statistics',
    {
      config: { permission: 'identity.report' },
      schema: { tags: ['identity'], summary: 'Cards produced per centre per day, month, year; waiting time before each status change (median, p90)', querystring: StatisticsQuery, response: { 200: IdentityStatistics } },
    },
    async (request) => identityStatistics(core, request.query),
  );
}
