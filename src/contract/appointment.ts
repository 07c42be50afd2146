/** The statuses of an appointment at an enrolment desk, as server and console know them. */

export const AppointmentStatus = {
  booked: 'booked',
  attended: 'attended',
  cancelled: 'cancelled',
  noShow: 'no_show',
} as const;

export type AppointmentStatus = (typeof AppointmentStatus)[keyof typeof AppointmentStatus];
