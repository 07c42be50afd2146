import type { MessageKey } from '../../i18n';

/** The foreign resident's form of the foreigners' desk: its fields, and the API body it makes. */

/** A text field of the resident's form: its name in the API body (dotted for nested ones), words, checks. */
export interface ResidentField {
  readonly name: string;
  readonly label: MessageKey;
  readonly required: boolean;
  readonly date?: boolean;
  readonly pattern?: string;
  readonly dir: 'rtl' | 'ltr' | 'auto';
  readonly upper?: boolean;
}

// Names typed in Latin letters read left to right; Arabic ones right to left; free text follows its script.
export const RESIDENT_FIELDS: readonly ResidentField[] = [
  { name: 'surname', label: 'permit.surname', required: true, dir: 'ltr' },
  { name: 'givenNames', label: 'permit.givenNames', required: true, dir: 'ltr' },
  { name: 'surnameAr', label: 'permit.surnameAr', required: false, dir: 'rtl' },
  { name: 'givenNamesAr', label: 'permit.givenNamesAr', required: false, dir: 'rtl' },
  { name: 'birthDate', label: 'identity.birthDate', required: true, date: true, dir: 'ltr' },
  { name: 'birthPlace', label: 'permit.birthPlace', required: true, dir: 'auto' },
  { name: 'nationality', label: 'permit.nationality', required: true, pattern: '[A-Za-z]{3}', dir: 'ltr', upper: true },
  { name: 'passport.number', label: 'permit.passportNumber', required: true, pattern: '[A-Za-z0-9]{5,15}', dir: 'ltr', upper: true },
  { name: 'passport.issuingState', label: 'permit.issuingState', required: true, pattern: '[A-Za-z]{3}', dir: 'ltr', upper: true },
  { name: 'passport.expiry', label: 'permit.passportExpiry', required: true, date: true, dir: 'ltr' },
  { name: 'entryDate', label: 'permit.entryDate', required: true, date: true, dir: 'ltr' },
  { name: 'address', label: 'identity.address', required: true, dir: 'auto' },
  { name: 'phone', label: 'identity.phone', required: false, dir: 'ltr' },
];

export const ACTIVITIES = ['employer', 'school', 'none'] as const;

/** The API body of a new resident from the form: nested fields set from their dotted names, empty ones left out. */
export function residentBody(data: FormData, desk: string): Record<string, unknown> {
  const body: Record<string, unknown> = { desk, sex: String(data.get('sex') ?? '') };
  const passport: Record<string, string> = {};
  for (const field of RESIDENT_FIELDS) {
    let value = String(data.get(field.name) ?? '').trim();
    if (value === '') continue;
    if (field.upper === true) value = value.toUpperCase();
    if (field.name.startsWith('passport.')) passport[field.name.slice('passport.'.length)] = value;
    else body[field.name] = value;
  }
  body.passport = passport;
  const kind = String(data.get('activity.kind') ?? 'none');
  const name = String(data.get('activity.name') ?? '').trim();
  body.activity = kind === 'none' || name === '' ? { kind } : { kind, name };
  return body;
}
