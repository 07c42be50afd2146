import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { userOf, type App } from '../core/http.js';
import { OwnApplication } from './application.js';
import { findOwnApplication, ownApplication } from './application.service.js';
import { Appointment, AppointmentMove, OwnAppointmentBody } from './appointment.js';
import { bookOwnAppointment, cancelOwnAppointment, findOwnAppointment, moveOwnAppointment, ownAppointment } from './appointment.service.js';
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

  // The same as lists, empty when there is none: the citizen's page asks before anything exists, and a
  // missing appointment is a normal state there, not an error a browser should log.
  app.get(
    '/identity/me/appointments',
    {
      config: { permission: 'identity.self' },
      schema: { tags: ['identity'], summary: 'Your appointment as a list: the one booked, else the latest; empty when you have none', response: { 200: Type.Array(Appointment) } },
    },
    async (request) => {
      const appointment = await findOwnAppointment(core.db, userOf(request).username);
      return appointment === undefined ? [] : [appointment];
    },
  );

  app.get(
    '/identity/me/applications',
    {
      config: { permission: 'identity.self' },
      schema: { tags: ['identity'], summary: 'Your latest application as a list, with its steps; empty when you have none', response: { 200: Type.Array(OwnApplication) } },
    },
    async (request) => {
      const application = await findOwnApplication(core.db, userOf(request).username);
      return application === undefined ? [] : [application];
    },
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
