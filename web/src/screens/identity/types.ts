/** The identity shapes the server answers with (`src/identity/*.ts`; see docs/identity.md). */

export const applicationStatuses = ['submitted', 'enrolled', 'checked', 'referred', 'approved', 'rejected', 'in_production', 'produced', 'sent_to_station', 'ready', 'delivered'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const applicationKinds = ['first_card', 'renewal', 'replacement', 'change_of_data'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];

export type AppointmentStatus = 'booked' | 'attended' | 'cancelled' | 'no_show';
export type BatchStatus = 'scheduled' | 'produced' | 'shipped' | 'received' | 'cancelled';

export interface Desk {
  readonly code: string;
  readonly name: string;
  readonly station: string | null;
  readonly opens: string;
  readonly closes: string;
  readonly slotMinutes: number;
  readonly slotCapacity: number;
  readonly weekdays: readonly number[];
  readonly active: boolean;
  /** The letters of the national ID numbers the desk gives to people registered without one. */
  readonly ninPrefix: string | null;
}

export interface Slot {
  readonly time: string;
  readonly capacity: number;
  readonly booked: number;
  readonly free: number;
}

export interface DaySlots {
  readonly desk: string;
  readonly day: string;
  readonly open: boolean;
  readonly slots: readonly Slot[];
}

export interface Appointment {
  readonly id: string;
  readonly nin: string;
  readonly desk: string;
  readonly day: string;
  readonly time: string;
  readonly status: AppointmentStatus;
  readonly remindedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CheckFlag {
  readonly check: 'biometric' | 'demographic';
  readonly nin: string;
  readonly application: string | null;
  readonly detail: string;
}

export interface ApplicationStep {
  readonly step: number;
  readonly from: ApplicationStatus | null;
  readonly to: ApplicationStatus;
  readonly action: string;
  readonly at: string;
  readonly actor: string;
  readonly reason: string | null;
}

export interface ApplicationSummary {
  readonly number: string;
  readonly nin: string;
  readonly kind: ApplicationKind;
  readonly desk: string;
  readonly status: ApplicationStatus;
  readonly statusAt: string;
  readonly flags: readonly CheckFlag[];
  readonly centre: string | null;
  readonly batch: string | null;
}

export interface Application extends ApplicationSummary {
  readonly appointment: string | null;
  readonly feeMad: number;
  readonly paymentReference: string;
  readonly declaration: { readonly kind: string; readonly reference: string } | null;
  readonly age: number;
  readonly validityYears: number;
  readonly enrolled: boolean;
  readonly decisionReason: string | null;
  readonly documentNumber: string | null;
  readonly createdAt: string;
  readonly allowedActions: readonly string[];
  readonly history: readonly ApplicationStep[];
}

/** What a citizen sees of their own application. */
export interface OwnApplication {
  readonly number: string;
  readonly kind: ApplicationKind;
  readonly desk: string;
  readonly status: ApplicationStatus;
  readonly statusAt: string;
  readonly feeMad: number;
  readonly createdAt: string;
  readonly history: readonly { readonly to: ApplicationStatus; readonly at: string }[];
}

export interface IdentityRules {
  readonly fees: readonly { readonly underAge: number | null; readonly mad: number }[];
  readonly validity: readonly { readonly underAge: number | null; readonly years: number }[];
  readonly minimumQuality: { readonly photo: number; readonly fingerprint: number };
  readonly minimumFingerprints: number;
  readonly autoApprove: boolean;
}

export interface Centre {
  readonly code: string;
  readonly name: string;
  readonly prefix: string;
  readonly dailyCapacity: number;
  readonly stock: number;
  readonly online: boolean;
  readonly updatedAt: string;
}

export interface Batch {
  readonly id: string;
  readonly centre: string;
  readonly day: string;
  readonly desk: string;
  readonly size: number;
  readonly status: BatchStatus;
  readonly createdAt: string;
  readonly producedAt: string | null;
  readonly shippedAt: string | null;
  readonly receivedAt: string | null;
}

export interface BatchWithApplications extends Batch {
  readonly applications: readonly string[];
}

export interface ProductionBoard {
  readonly centre: Centre;
  readonly day: string;
  readonly scheduled: number;
  readonly capacityLeft: number;
  readonly stockReserved: number;
  readonly stockFree: number;
  readonly queue: number;
  readonly batches: readonly Batch[];
}

export interface ScheduleResult {
  readonly day: string;
  readonly scheduled: number;
  readonly waiting: number;
  readonly batches: readonly Batch[];
}

export interface Verification {
  readonly valid: boolean;
  readonly status: string;
  readonly documentNumber?: string;
  readonly dateOfExpiry?: string;
  readonly holder?: {
    readonly nin: string;
    readonly surname: string;
    readonly givenNames: string;
    readonly surnameAr: string;
    readonly givenNamesAr: string;
    readonly dateOfBirth: string;
    readonly sex: string;
  };
}

export interface OwnPerson {
  readonly nin: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly surnameAr: string;
  readonly givenNamesAr: string;
  readonly cards: readonly { readonly documentNumber: string; readonly status: string; readonly dateOfIssue: string; readonly dateOfExpiry: string }[];
}

/** What a desk has coming and waiting (`GET /identity/desks/{code}/deliveries`). */
export interface DeskDeliveries {
  readonly desk: string;
  readonly batches: readonly Batch[];
  readonly ready: readonly { readonly application: string; readonly documentNumber: string | null; readonly since: string }[];
}

/** The status changes an officer may make to a card (the others follow from delivery, expiry, replacement). */
export const manualCardActions = ['suspend', 'reinstate', 'declare_lost', 'declare_stolen', 'revoke'] as const;
export type ManualCardAction = (typeof manualCardActions)[number];

/** A card of the register (`GET /identity/cards/{documentNumber}`): no chip data. */
export interface Card {
  readonly documentNumber: string;
  readonly nin: string;
  readonly application: string;
  readonly status: string;
  /** What a verifier sees today (expired past the expiry date). */
  readonly effectiveStatus: string;
  readonly statusAt: string;
  readonly mrz: readonly string[];
  readonly dateOfIssue: string;
  readonly dateOfExpiry: string;
  readonly centre: string;
  readonly signerSerial: string;
  readonly replacedBy: string | null;
  readonly allowedActions: readonly string[];
  /** The holder was erased from the register: `mrz` is empty, it can no longer be read. */
  readonly holderErased: boolean;
}

/** A record of the national register (`GET /identity/persons/{nin}`, a journaled read). */
export interface Person {
  readonly nin: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly surnameAr: string;
  readonly givenNamesAr: string;
  readonly sex: 'F' | 'M';
  readonly birthDate: string;
  readonly birthPlace: string;
  readonly fatherName: string | null;
  readonly motherName: string | null;
  readonly address: string;
  readonly phone: string | null;
  readonly account: string | null;
  readonly cards: readonly { readonly documentNumber: string; readonly status: string; readonly dateOfIssue: string; readonly dateOfExpiry: string }[];
}

/** What the register answers about a person erased from it: the number, when, under which text, the cards. */
export interface ErasedPerson {
  readonly nin: string;
  readonly erased: true;
  readonly erasedAt: string;
  readonly legalBasis: string;
  readonly cards: Person['cards'];
}

/** A read of the register: the record, or that it was erased. */
export type PersonRecord = Person | ErasedPerson;

/** Production and waiting-time figures (`GET /identity/statistics`). */
export interface IdentityStatistics {
  readonly from: string;
  readonly to: string;
  readonly produced: {
    readonly byDay: readonly { readonly centre: string; readonly period: string; readonly cards: number }[];
    readonly byMonth: readonly { readonly centre: string; readonly period: string; readonly cards: number }[];
    readonly byYear: readonly { readonly centre: string; readonly period: string; readonly cards: number }[];
    readonly total: number;
  };
  readonly waiting: readonly { readonly from: string | null; readonly to: string; readonly count: number; readonly medianSeconds: number; readonly p90Seconds: number }[];
}
