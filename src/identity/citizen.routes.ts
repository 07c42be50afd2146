import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { userOf, type App } from '../core/http.js';
import { OwnApplication } from './application.js';
import { ownApplication } from './application.service.js';
import { Appointment, AppointmentMove, OwnAppointmentBody } from './appointment.js';
import { bookOwnAppointment, cancelOwnAppointment, moveOwnAppointment, ownAppointment } from './appointment.service.js';
import { Person } from './person.js';
import { readOwnPerson } from './person.service.js';

/** A citizen's own page: their record, appointment and application, and nobody else's. */
export function registerCitizenRoutes(app: App, core: Core): void {
  app.get(
    '/identity/me',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Your record in the register (the read is journaled)', response: { 200: Person } } },
    async (request) => {
      const user = userOf(request);
      return readOwnPerson(core, actorOf(user), user.username);
    },
  );

  app.get(
    '/identity/me/appointment',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Your appointment: the one booked, else the latest', response: { 200: Appointment } } },
    async (request) => ownAppointment(core.db, userOf(request).username),
  );

  app.post(
    '/identity/me/appointment',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Book an appointment at a desk (one at a time)', body: OwnAppointmentBody, response: { 201: Appointment } } },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(await bookOwnAppointment(core, actorOf(user), user.username, request.body));
    },
  );

  app.patch(
    '/identity/me/appointment',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Move your booked appointment to another slot', body: AppointmentMove, response: { 200: Appointment } } },
    async (request) => {
      const user = userOf(request);
      return moveOwnAppointment(core, actorOf(user), user.username, request.body);
    },
  );

  app.post(
    '/identity/me/appointment/cancel',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Cancel your booked appointment', response: { 200: Appointment } } },
    async (request) => {
      const user = userOf(request);
      return cancelOwnAppointment(core, actorOf(user), user.username);
    },
  );

  app.get(
    '/identity/me/application',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Your latest application: where it stands, and when it moved', response: { 200: OwnApplication } } },
    async (request) => ownApplication(core.db, userOf(request).username),
  );
}
