import type { IdentityRules } from './application.schema.js';
import type { ApplicationStatus } from './application.js';
import type { CardStatus } from './card.js';
import type { EventPlace } from './event-json.js';

/** A change of a person's data: which fields, and the values sealed under the person's key. */
export type SealedChange = {
  fields: string[];
  changes: string;
};

/** An application moved along its lifecycle, and what the action adds. */
export type ApplicationMoved = {
  from: string;
  to: ApplicationStatus;
  reason?: string;
};

/** A card moved along its lifecycle, and what the action adds. */
export type CardMoved = {
  from: string;
  to: CardStatus;
  reason?: string;
  /** The application the card was delivered for, or whose declaration revoked it. */
  application?: string;
  /** The declaration of loss or theft. */
  declaration?: string;
  /** The card that replaced it. */
  replacedBy?: string;
  dateOfExpiry?: string;
};

/** An appointment at a desk. */
export type AppointmentSlot = {
  nin: string;
  desk: string;
  day: string;
  time: string;
};

/** An enrolment desk as journaled. */
export type DeskJournal = {
  station: string | null;
  name: string;
  location: EventPlace;
  active: boolean;
  opens: string;
  closes: string;
  slotMinutes: number;
  slotCapacity: number;
  weekdays: number[];
  ninPrefix: string | null;
};

/**
 * The identity service's events: `identity-person/{nin}` (personal data only sealed), applications,
 * cards, appointments, desks, production centres and batches, and the rules in force.
 */
export interface IdentityEvents {
  /** A person was entered in the register; the record is sealed under their key. */
  'identity_person.registered': { record: string; allocatedBy?: string | null };
  /** A person's record was read, with the reason. */
  'identity_person.read': { reason: string; via: string };
  /** The reads of a person's record were listed, with the reason. */
  'identity_person.reads_listed': { reason: string; count: number; after: number };
  /** A citizen's account was linked to the person. */
  'identity_person.account_linked': { account: string; previous: string | null };
  /** An approved change of data was applied to the register. */
  'identity_person.changed': { application: string } & SealedChange;
  /** An application was opened for the person (a change of data sealed with it). */
  'identity_person.application_opened': { application: string; kind: string } & Partial<SealedChange>;
  /** An application's photo was read. */
  'identity_person.photo_read': { application: string };
  /** A person was erased from the register: the cards revoked, the enrolments deleted. */
  'identity_person.erased': { reason: string; legalBasis: string; cardsRevoked: string[]; enrolmentsDeleted: number; appointmentCancelled: string | null };
  /** An application was opened at a desk, its fee paid. */
  'identity_application.opened': {
    kind: string;
    desk: string;
    feeMad: number;
    paymentReference: string;
    validityYears: number;
    declaration?: { kind: string; reference: string };
  };
  /** The applicant's photo and fingerprints were enrolled (their qualities; the data stays sealed). */
  'identity_application.enrolled': ApplicationMoved & {
    photo: { format: string; width: number; height: number; quality: number };
    fingerprints: { position: number; quality: number }[];
  };
  /** The checks ran (biometric and demographic), with what they flagged. */
  'identity_application.checked': ApplicationMoved & { matcher: string; flags: { check: string; detail: string }[] };
  /** The checks referred the application to an officer. */
  'identity_application.referred': ApplicationMoved;
  /** The application was approved (by an officer, or automatically). */
  'identity_application.approved': ApplicationMoved & { automatic?: true };
  /** The application was rejected. */
  'identity_application.rejected': ApplicationMoved;
  /** The application was scheduled in a production batch. */
  'identity_application.scheduled': ApplicationMoved & { centre: string; batch: string };
  /** The application went back to the queue (its centre went offline). */
  'identity_application.requeued': ApplicationMoved & { batch: string; centre: string };
  /** The card was produced. */
  'identity_application.produced': ApplicationMoved & { documentNumber: string | null };
  /** The card was shipped to the station. */
  'identity_application.shipped': ApplicationMoved & { batch: string };
  /** The card reached the station. */
  'identity_application.received': ApplicationMoved & { batch: string };
  /** The card was handed over to its holder. */
  'identity_application.delivered': ApplicationMoved & { documentNumber: string };
  /** A handover was refused: what did not match. */
  'identity_application.handover_refused': { mismatch: string[] };
  /** A card was personalised (its chip signed). */
  'identity_card.personalised': { application: string; centre: string; dateOfIssue: string; dateOfExpiry: string; signerSerial: string };
  /** A card was handed over. */
  'identity_card.delivered': CardMoved;
  /** A card was suspended. */
  'identity_card.suspended': CardMoved;
  /** A suspended card was reinstated. */
  'identity_card.reinstated': CardMoved;
  /** A card was declared lost. */
  'identity_card.declared_lost': CardMoved;
  /** A card was declared stolen. */
  'identity_card.declared_stolen': CardMoved;
  /** A card was revoked. */
  'identity_card.revoked': CardMoved;
  /** A card reached its date of expiry. */
  'identity_card.expired': CardMoved;
  /** A card was replaced by a new one. */
  'identity_card.replaced': CardMoved;
  /** An appointment was booked. */
  'identity_appointment.booked': AppointmentSlot;
  /** An appointment was moved to another desk, day or time. */
  'identity_appointment.moved': { nin: string; from: Omit<AppointmentSlot, 'nin'>; to: Omit<AppointmentSlot, 'nin'> };
  /** An appointment was cancelled (by the person, or because they were erased). */
  'identity_appointment.cancelled': AppointmentSlot & { reason?: string };
  /** The person did not come (marked by a clerk, or automatically). */
  'identity_appointment.no_show': AppointmentSlot & { automatic?: true };
  /** The person came to the appointment. */
  'identity_appointment.attended': AppointmentSlot;
  /** The person was reminded of the appointment. */
  'identity_appointment.reminded': AppointmentSlot;
  /** An enrolment desk was created. */
  'identity_desk.created': DeskJournal;
  /** A desk's fields changed: only those that changed. */
  'identity_desk.changed': Partial<DeskJournal> & { code?: string };
  /** A production centre was created. */
  'identity_centre.created': { name: string; prefix: string; location: EventPlace; dailyCapacity: number; stock: number; online: boolean };
  /** A centre's name, place or capacity changed. */
  'identity_centre.changed': { name: string; location: EventPlace; dailyCapacity: number };
  /** Blank cards reached a centre. */
  'identity_centre.stock_received': { cards: number; stock: number; reference?: string };
  /** A centre came back online. */
  'identity_centre.online': { reason?: string };
  /** A centre went offline; its scheduled batches were cancelled. */
  'identity_centre.offline': { reason?: string };
  /** A production batch was scheduled for a day. */
  'identity_batch.scheduled': { centre: string; day: string; desk: string; size: number; applications: string[] };
  /** A batch was produced. */
  'identity_batch.produced': { centre: string; cards: number; signerSerial: string | null; stock: number };
  /** A batch was shipped to its desk. */
  'identity_batch.shipped': { desk: string; cards: number };
  /** A batch reached its desk. */
  'identity_batch.received': { desk: string; cards: number };
  /** A batch was cancelled (its centre went offline). */
  'identity_batch.cancelled': { centre: string; reason: string };
  /** The identity rules (fees, validity, thresholds) were replaced; journaled whole. */
  'identity_rules.saved': IdentityRules;
  /** A printed document was given a visible digital seal and entered in the register of sealed documents. */
  'identity_seal.issued': { kind: string; issuedOn: string; expiresOn: string; signerReference: string };
  /** A sealed document was revoked: its seal now reads "revoked". */
  'identity_seal.revoked': { reason: string };
}
