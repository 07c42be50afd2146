import { describe, expect, it } from 'vitest';
import { residentBody } from './residentForm';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

const typed = {
  surname: ' Diallo ',
  givenNames: 'Aminata',
  surnameAr: '',
  givenNamesAr: 'أميناتا',
  birthDate: '1994-07-12',
  birthPlace: 'Dakar',
  nationality: 'sen',
  'passport.number': 'a02468135',
  'passport.issuingState': 'Sen',
  'passport.expiry': '2030-05-01',
  entryDate: '2026-01-15',
  address: '7 rue Moulay Youssef, Casablanca',
  phone: '',
  sex: 'F',
};

describe("the foreign resident's form of the foreigners' desk", () => {
  it('makes the API body: nested passport, codes in capitals, empty optional fields left out, the desk allocating', () => {
    expect(residentBody(form({ ...typed, 'activity.kind': 'employer', 'activity.name': ' Atlas Textiles SARL ' }), 'CASA-ANFA')).toEqual({
      desk: 'CASA-ANFA',
      sex: 'F',
      surname: 'Diallo',
      givenNames: 'Aminata',
      givenNamesAr: 'أميناتا',
      birthDate: '1994-07-12',
      birthPlace: 'Dakar',
      nationality: 'SEN',
      passport: { number: 'A02468135', issuingState: 'SEN', expiry: '2030-05-01' },
      entryDate: '2026-01-15',
      address: '7 rue Moulay Youssef, Casablanca',
      activity: { kind: 'employer', name: 'Atlas Textiles SARL' },
    });
  });

  it('sends no name for no activity, nor an empty one (the server asks an employer or a school to be named)', () => {
    expect(residentBody(form({ ...typed, 'activity.kind': 'none', 'activity.name': 'ignored' }), 'CASA-ANFA').activity).toEqual({ kind: 'none' });
    expect(residentBody(form({ ...typed, 'activity.kind': 'school', 'activity.name': '  ' }), 'CASA-ANFA').activity).toEqual({ kind: 'school' });
  });
});
