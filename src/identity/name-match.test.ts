import { describe, expect, it } from 'vitest';
import { demographicKeys, demographicMatch, latinKey, normaliseArabic } from './name-match.js';

describe('Arabic names', () => {
  it('ignores vowel marks and the tatweel', () => {
    expect(normaliseArabic('مُحَمَّد')).toBe('محمد');
    expect(normaliseArabic('محــــمد')).toBe('محمد');
    expect(normaliseArabic('فَاطِمَة الزَّهْرَاء')).toBe(normaliseArabic('فاطمة الزهراء'));
  });

  it('unifies the alef forms, ta marbuta and alef maqsura', () => {
    expect(normaliseArabic('أمين')).toBe(normaliseArabic('امين'));
    expect(normaliseArabic('إدريس')).toBe(normaliseArabic('ادريس'));
    expect(normaliseArabic('آمال')).toBe(normaliseArabic('امال'));
    expect(normaliseArabic('فاطمة')).toBe(normaliseArabic('فاطمه'));
    expect(normaliseArabic('مصطفى')).toBe(normaliseArabic('مصطفي'));
    expect(normaliseArabic('عبد الله')).toBe(normaliseArabic('عبدالله'));
  });

  it('keeps different names apart', () => {
    expect(normaliseArabic('محمد')).not.toBe(normaliseArabic('أحمد'));
    expect(normaliseArabic('سعيد')).not.toBe(normaliseArabic('سعد'));
  });
});

describe('Latin transliterations of Moroccan names', () => {
  const same = (...names: string[]) => expect(new Set(names.map(latinKey)).size, names.join(' / ')).toBe(1);
  const different = (a: string, b: string) => expect(latinKey(a), `${a} / ${b}`).not.toBe(latinKey(b));

  it('reads case, accents and spacing as the same', () => {
    same('Fatima Zahra', 'FATIMA-ZAHRA', 'fatimazahra', 'Fatima Zahrâ');
    same('Benjelloun', 'Ben Jelloun', 'BEN-JELLOUN');
  });

  it('folds the common French and English spellings of one sound', () => {
    same('Mohamed', 'Mohammed', 'Muhammad', 'Mohammad');
    same('Youssef', 'Yousef', 'Yusuf', 'Youcef');
    same('Bouchra', 'Boushra', 'Bushra');
    same('Khalid', 'Khaled', 'Halid');
    same('Hicham', 'Hisham');
    same('Chaimae', 'Shaimaa', 'Chaymae');
    same('Ghita', 'Rhita');
    same('Ouafae', 'Wafae');
    same('Kacem', 'Qasim');
  });

  it('drops the article and reads Abd el- however it is written', () => {
    same('El Idrissi', 'Idrissi', 'Al-Idrissi', 'Elidrissi');
    same('Abdelkader', 'Abd El Kader', 'Abdul Qadir', 'Abd al-Qadir');
    same('Abdellah', 'Abdallah', 'Abdullah');
  });

  it('keeps different names apart (vowels are folded, so Said and Saad are not: the birth date and parents still must agree)', () => {
    expect(latinKey('Said')).toBe(latinKey('Saad'));
    different('Mohamed', 'Ahmed');
    different('Amina', 'Mouna');
    different('Karim', 'Kamal');
    different('Rachid', 'Rachida');
    different('Alaoui', 'Alami');
  });
});

describe('the demographic check', () => {
  const person = (over: Partial<Parameters<typeof demographicKeys>[0]> = {}) =>
    demographicKeys({
      nin: 'BE123456',
      birthDate: '1990-05-14',
      birthPlace: 'Casablanca',
      givenNames: 'Mohammed Amine',
      surname: 'El Idrissi',
      givenNamesAr: 'محمد أمين',
      surnameAr: 'الإدريسي',
      fatherName: 'Abdelkader',
      motherName: 'Fatima Zahra',
      ...over,
    });

  it('catches the same person registered twice with other spellings, in either script', () => {
    const latinVariant = person({ nin: 'BK998877', givenNames: 'Mohamed Amin', surname: 'Idrissi', givenNamesAr: 'محمد الأمين', fatherName: 'Abd El Kader', motherName: 'Fatimazahra' });
    expect(demographicMatch(person(), latinVariant)).toBe('same names, birth date and parents');
    const arabicVariant = person({ nin: 'BK998878', givenNames: 'Amine', surname: 'Drissi', givenNamesAr: 'مُحَمَّد امين', surnameAr: 'الادريسي', fatherName: 'عبد القادر', motherName: 'فاطمة الزهراء' });
    // The Arabic names agree; the parents are written in another script: the birth place decides.
    expect(demographicMatch(person(), arabicVariant)).toBe('same names, birth date and birth place (parents not comparable)');
  });

  it('does not flag different people', () => {
    expect(demographicMatch(person(), person({ nin: 'BK1', birthDate: '1990-05-15' }))).toBeUndefined();
    expect(demographicMatch(person(), person({ nin: 'BK2', fatherName: 'Brahim' }))).toBeUndefined();
    expect(demographicMatch(person(), person({ nin: 'BK3', givenNames: 'Ahmed', givenNamesAr: 'أحمد' }))).toBeUndefined();
    expect(demographicMatch(person(), person({ nin: 'BK4', fatherName: null, motherName: null, birthPlace: 'Fès' }))).toBeUndefined();
    expect(demographicMatch(person(), person())).toBeUndefined();
  });
});
