import { describe, expect, it } from 'vitest';
import { withArabicDigits } from './digits';

describe('the console’s Arabic words with Arabic-Indic digits', () => {
  it('writes the figures of a sentence and its percent sign in Arabic-Indic', () => {
    expect(withArabicDigits('الرد خلال 15 ثانية')).toBe('الرد خلال ١٥ ثانية');
    expect(withArabicDigits('مقارنة بهدف 90%')).toBe('مقارنة بهدف ٩٠٪');
    expect(withArabicDigits('جودة الصورة (0-100)')).toBe('جودة الصورة (٠-١٠٠)');
    expect(withArabicDigits('المسافة 3.5 كم')).toBe('المسافة ٣٫٥ كم');
    expect(withArabicDigits('1. امسح هذا الرمز')).toBe('١. امسح هذا الرمز');
  });

  it('leaves the digits of a Latin token and the placeholders for values alone', () => {
    expect(withArabicDigits('انتقل إلى متاح (F9) للمكالمة التالية')).toBe('انتقل إلى متاح (F9) للمكالمة التالية');
    expect(withArabicDigits('إنذار للعموم (CAP 1.2)')).toBe('إنذار للعموم (CAP 1.2)');
    expect(withArabicDigits('{hour}: {pct} من {answered} مكالمة')).toBe('{hour}: {pct} من {answered} مكالمة');
  });
});
