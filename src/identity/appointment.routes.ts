import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { Appointment, AppointmentMove, AppointmentParams, DayQuery, DaySlots, Desk, DeskChange, DeskDayQuery, NewAppointment, NewDesk, OptionalDayQuery, Reminder } from './appointment.js';
import {
  bookAppointment,
  cancelAppointment,
  changeDesk,
  createDesk,
  daySlots,
  listAppointments,
  listDesks,
  markNoShow,
  moveAppointment,
  takeReminders,
} from './appointment.service.js';
import { PlaceCode } from './identity.js';

const DeskParams = Closed({ code: PlaceCode });

/** Enrolment desks, their slots, and the appointments clerks book, move, cancel and mark. */
export function registerAppointmentRoutes(app: App, core: Core): void {
  app.get(
    '/identity/desks',
    { config: { permission: 'authenticated' }, schema: { tags: ['identity'], summary: 'The enrolment desks and their schedules', response: { 200: Type.Array(Desk) } } },
    async () => listDesks(core.db),
  );

  app.post(
    '/identity/desks',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: 'Open an enrolment desk (at a police station when given)', body: NewDesk, response: { 201: Desk } } },
    async (request, reply) => reply.code(201).send(await createDesk(core, actorOf(principalOf(request)), request.body)),
  );

  app.patch(
    '/identity/desks/:code',
    { config: { permission: 'identity.manage' }, schema: { tags: ['identity'], summary: "Change a desk's name, place, hours, slots or days", params: DeskParams, body: DeskChange, response: { 200: Desk } } },
    async (request) => changeDesk(core, actorOf(principalOf(request)), request.params.code, request.body),
  );

  app.get(
    '/identity/desks/:code/slots',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['identity'], summary: "A desk's slots on a day: capacity, booked, free", params: DeskParams, querystring: DayQuery, response: { 200: DaySlots } },
    },
    async (request) => daySlots(core.db, request.params.code, request.query.day),
  );

  app.get(
    '/identity/appointments',
    {
      config: { permission: 'identity.appointment' },
      schema: { tags: ['identity'], summary: "A desk's appointments on a day, by time", querystring: DeskDayQuery, response: { 200: Type.Array(Appointment) } },
    },
    async (request) => listAppointments(core.db, request.query.desk, request.query.day),
  );

  app.post(
    '/identity/appointments',
    {
      config: { permission: 'identity.appointment' },
      schema: { tags: ['identity'], summary: 'Book an appointment for a person (one upcoming appointment each; a slot never over capacity)', body: NewAppointment, response: { 201: Appointment } },
    },
    async (request, reply) => reply.code(201).send(await bookAppointment(core, actorOf(principalOf(request)), request.body)),
  );

  app.post(
    '/identity/appointments/reminders',
    {
      config: { permission: 'identity.appointment' },
      schema: {
        tags: ['identity'],
        summary: "Take the reminders to send for a day's appointments (tomorrow by default): each is marked reminded, journaled",
        querystring: OptionalDayQuery,
        response: { 200: Type.Array(Reminder) },
      },
    },
    async (request) => takeReminders(core, actorOf(principalOf(request)), request.query.day),
  );

  app.patch(
    '/identity/appointments/:id',
    {
      config: { permission: 'identity.appointment' },
      schema: { tags: ['identity'], summary: 'Move a booked appointment to another slot', params: AppointmentParams, body: AppointmentMove, response: { 200: Appointment } },
    },
    async (request) => moveAppointment(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.post(
    '/identity/appointments/:id/cancel',
    { config: { permission: 'identity.appointment' }, schema: { tags: ['identity'], summary: 'Cancel a booked appointment', params: AppointmentParams, response: { 200: Appointment } } },
    async (request) => cancelAppointment(core, actorOf(principalOf(request)), request.params.id),
  );

  app.post(
    '/identity/appointments/:id/no-show',
    {
      config: { permission: 'identity.appointment' },
      schema: { tags: ['identity'], summary: 'Record that the person did not come (once the slot has begun)', params: AppointmentParams, response: { 200: Appointment } },
    },
    async (request) => markNoShow(core, actorOf(principalOf(request)), request.params.id),
  );
}
