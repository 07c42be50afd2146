import { lifecycle } from './lifecycle.js';

/**
 * Residence permits for foreign residents (Moroccan law 02-03 of 11 November 2003 on the entry and stay
 * of foreigners, on irregular emigration and immigration): the kinds of application, their lifecycle,
 * the receipt's, and the rules in force as data. Pure; shared by the server and the console.
 */

/**
 * - `first_registration`: the first *carte d'immatriculation* (law 02-03, art. 5: a registration card
 *   valid 1 to 10 years);
 * - `renewal`: its renewal, valid longer with each renewal (`PermitRules.validityYears`);
 * - `residence_card`: the *carte de résidence* (art. 16-17: 10 years, for a foreigner who proves at
 *   least 4 years of regular and continuous residence).
 */
export const PermitKind = { firstRegistration: 'first_registration', renewal: 'renewal', residenceCard: 'residence_card' } as const;
export type PermitKind = (typeof PermitKind)[keyof typeof PermitKind];
export const permitKinds = Object.values(PermitKind);

export const PermitStatus = {
  filed: 'filed',
  approved: 'approved',
  rejected: 'rejected',
  inProduction: 'in_production',
  produced: 'produced',
  shipped: 'shipped',
  received: 'received',
  delivered: 'delivered',
} as const;
export type PermitStatus = (typeof PermitStatus)[keyof typeof PermitStatus];

export const PermitAction = {
  approve: 'approve',
  reject: 'reject',
  schedule: 'schedule',
  requeue: 'requeue',
  produce: 'produce',
  ship: 'ship',
  receive: 'receive',
  deliver: 'deliver',
} as const;
export type PermitAction = (typeof PermitAction)[keyof typeof PermitAction];

/**
 * An application's lifecycle: filed at a desk (its receipt issued the same day), decided (approved only
 * when every required document was presented), then the national ID card's production pipeline:
 * scheduled in a centre's batch (back to the queue when the centre goes offline), produced, shipped to
 * the desk, received there, handed over. The production moves are the system's, not offered to a clerk.
 */
export const permitLifecycle = lifecycle<PermitStatus, PermitAction>(
  {
    filed: { approve: 'approved', reject: 'rejected' },
    approved: { schedule: 'in_production', reject: 'rejected' },
    in_production: { produce: 'produced', requeue: 'approved' },
    produced: { ship: 'shipped' },
    shipped: { receive: 'received' },
    received: { deliver: 'delivered' },
    rejected: {},
    delivered: {},
  },
  { offered: (action) => action === 'approve' || action === 'reject' || action === 'deliver' },
);

/** Residence-permit application numbers (`RP-2026-0000001`), beside the CNIE's in a production batch. */
export function isPermitApplicationNumber(number: string): boolean {
  return number.startsWith('RP-');
}

/** Whether an application is still open (its receipt renewable). */
export function permitFileOpen(status: PermitStatus): boolean {
  return status !== PermitStatus.rejected && status !== PermitStatus.delivered;
}

export const ReceiptStatus = { open: 'open', closed: 'closed' } as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** The rules of residence permits, a setting (`PUT /identity/permits/rules`, identity.manage, journaled). */
export type PermitRules = {
  /**
   * Years of validity of a registration card by its rank: the first registration, then each renewal
   * (the last value for every later one). Law 02-03 art. 5 bounds it to 1-10 years; the growth 1, 2, 5
   * then 10 years is the administration's practice, not a text: a setting.
   */
  validityYears: number[];
  /** The carte de résidence: years of regular residence needed (art. 16: 4), and its validity (art. 17: 10). */
  residenceCardAfterYears: number;
  residenceCardValidityYears: number;
  /** The receipt (récépissé): months of validity at issue and at each renewal. */
  receiptMonths: number;
  /** Days before a permit's expiry when its holder is reminded, largest first. */
  reminderDays: number[];
};

export const DEFAULT_PERMIT_RULES: PermitRules = {
  validityYears: [1, 2, 5, 10],
  residenceCardAfterYears: 4,
  residenceCardValidityYears: 10,
  receiptMonths: 3,
  reminderDays: [60, 30],
};

/**
 * Years of validity of a permit: a carte de résidence the rules' years; a registration card by its rank
 * among the holder's registration cards issued before (`issuedBefore`: 0 for a first registration).
 * @example permitValidityYears(DEFAULT_PERMIT_RULES, 'renewal', 2) // 5
 */
export function permitValidityYears(rules: PermitRules, kind: PermitKind, issuedBefore: number): number {
  if (kind === PermitKind.residenceCard) return rules.residenceCardValidityYears;
  const rank = kind === PermitKind.firstRegistration ? 0 : Math.max(1, issuedBefore);
  return rules.validityYears[Math.min(rank, rules.validityYears.length - 1)]!;
}

/**
 * The reminder due for a permit `daysLeft` days before its expiry, if any: the smallest threshold at or
 * above `daysLeft` (a 60-day reminder missed while the sweep did not run is not sent at 25 days; the
 * 30-day one is). Undefined past the expiry or before the first threshold.
 * @example reminderDue([60, 30], 45) // 60
 */
export function reminderDue(reminderDays: readonly number[], daysLeft: number): number | undefined {
  if (daysLeft < 0) return undefined;
  const candidates = reminderDays.filter((days) => days >= daysLeft);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}

/** `day` plus `months` calendar months; the 31st becomes the month's last day (`2026-11-30` plus 3 is `2027-02-28`). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${String(first.getUTCFullYear()).padStart(4, '0')}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A document of a kind's checklist. */
export type ChecklistDocument = {
  /** `passport`, `proof_of_address`: lower-case letters, digits and underscores. */
  code: string;
  label: string;
  labelAr: string | null;
  required: boolean;
};

/**
 * The checklists written by the first migration: what the foreigners' desks ask, as far as we know it
 * (law 02-03 art. 5-8 and the DGSN's published lists); an administrator edits them.
 */
export const DEFAULT_CHECKLISTS: Readonly<Record<PermitKind, readonly ChecklistDocument[]>> = {
  first_registration: [
    { code: 'passport', label: 'Passeport en cours de validité avec le cachet d’entrée', labelAr: 'جواز سفر ساري المفعول يحمل ختم الدخول', required: true },
    { code: 'photos', label: 'Photographies d’identité récentes', labelAr: 'صور شمسية حديثة', required: true },
    { code: 'proof_of_address', label: 'Justificatif de domicile (bail, attestation d’hébergement)', labelAr: 'ما يثبت السكن', required: true },
    { code: 'proof_of_means', label: 'Contrat de travail visé, attestation de scolarité ou justificatif de ressources', labelAr: 'عقد عمل مؤشر عليه أو شهادة مدرسية أو ما يثبت الموارد', required: true },
    { code: 'criminal_record', label: 'Extrait du casier judiciaire du pays d’origine', labelAr: 'مستخرج من السجل العدلي لبلد الأصل', required: true },
    { code: 'medical_certificate', label: 'Certificat médical', labelAr: 'شهادة طبية', required: true },
    { code: 'fee_stamp', label: 'Timbre fiscal', labelAr: 'تنبر جبائي', required: true },
    { code: 'marriage_certificate', label: 'Acte de mariage (conjoint d’un Marocain)', labelAr: 'عقد الزواج', required: false },
  ],
  renewal: [
    { code: 'current_permit', label: 'Carte d’immatriculation en cours', labelAr: 'بطاقة التسجيل الحالية', required: true },
    { code: 'passport', label: 'Passeport en cours de validité', labelAr: 'جواز سفر ساري المفعول', required: true },
    { code: 'photos', label: 'Photographies d’identité récentes', labelAr: 'صور شمسية حديثة', required: true },
    { code: 'proof_of_address', label: 'Justificatif de domicile', labelAr: 'ما يثبت السكن', required: true },
    { code: 'proof_of_means', label: 'Contrat de travail visé, attestation de scolarité ou justificatif de ressources', labelAr: 'عقد عمل مؤشر عليه أو شهادة مدرسية أو ما يثبت الموارد', required: true },
    { code: 'fee_stamp', label: 'Timbre fiscal', labelAr: 'تنبر جبائي', required: true },
  ],
  residence_card: [
    { code: 'current_permit', label: 'Carte d’immatriculation en cours', labelAr: 'بطاقة التسجيل الحالية', required: true },
    { code: 'passport', label: 'Passeport en cours de validité', labelAr: 'جواز سفر ساري المفعول', required: true },
    { code: 'photos', label: 'Photographies d’identité récentes', labelAr: 'صور شمسية حديثة', required: true },
    { code: 'proof_of_address', label: 'Justificatif de domicile', labelAr: 'ما يثبت السكن', required: true },
    { code: 'proof_of_means', label: 'Justificatif de ressources stables', labelAr: 'ما يثبت الموارد القارة', required: true },
    { code: 'criminal_record', label: 'Extrait du casier judiciaire', labelAr: 'مستخرج من السجل العدلي', required: true },
    { code: 'fee_stamp', label: 'Timbre fiscal', labelAr: 'تنبر جبائي', required: true },
  ],
};

/**
 * The foreigner registration number a desk allocates: `E`, the desk's letters (its `ninPrefix`), then
 * 8 digits (`EBK00000001`). With 8 digits it never reads as a national ID number (at most 7), so the card
 * register, which keys holders by either, never confuses a national with a foreigner.
 */
export const FOREIGNER_NUMBER_PATTERN = /^E[A-Z]{1,2}[0-9]{8}$/;

/** Whether a holder number of the card register is a foreigner registration number. */
export function isForeignerNumber(value: string): boolean {
  return FOREIGNER_NUMBER_PATTERN.test(value);
}

/** The MRZ document code of a residence permit (ICAO Doc 9303 Part 5: `A`, `C` or `I`, then a letter). */
export const PERMIT_DOCUMENT_CODE = 'AR';
