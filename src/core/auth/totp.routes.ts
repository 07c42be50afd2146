import type { Core } from '../context.js';
import { principalOf, userOf, type App } from '../http.js';
import { IdParams, ReasonBody } from '../schema.js';
import { actorOf } from './principal.js';
import { TotpConfirmation, TotpEnrolment } from './totp.js';
import { confirmTotpEnrolment, resetTotp, startTotpEnrolment } from './totp.service.js';

/** The second factor: a person enrols their own; an administrator resets someone else's. */
export function registerTotpRoutes(app: App, core: Core): void {
  app.post(
    '/auth/totp/enrolment',
    {
      config: { permission: 'authenticated', allowWithoutSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary:
          'Start enrolling a second factor (TOTP): returns a new secret as text and as an otpauth:// URI for a QR code, pending until confirmed with a code (replaces a pending one; an active one is reset by an administrator)',
        response: { 201: TotpEnrolment },
      },
    },
    async (request, reply) => reply.code(201).send(await startTotpEnrolment(core, userOf(request))),
  );

  app.post(
    '/auth/totp/enrolment/confirm',
    {
      config: { permission: 'authenticated', allowWithoutSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: "Confirm the enrolment with the code the app shows: the second factor is active, this session has proved it, the person's other sessions close",
        body: TotpConfirmation,
      },
    },
    async (request, reply) => {
      await confirmTotpEnrolment(core, userOf(request), request.body.code);
      return reply.code(204).send();
    },
  );

  app.post(
    '/users/:id/totp/reset',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: "Remove someone's second factor (a lost phone), with a reason: their sessions close and they enrol again. Nobody resets their own",
        params: IdParams,
        body: ReasonBody,
      },
    },
    async (request, reply) => {
      await resetTotp(core, actorOf(principalOf(request)), request.params.id, request.body.reason);
      return reply.code(204).send();
    },
  );
}
