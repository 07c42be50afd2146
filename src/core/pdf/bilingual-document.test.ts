import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { missingTools } from '../testing.js';
import { renderDocument, type BilingualDocument } from './bilingual-document.js';
import { loadFace } from './fonts.js';
import { shapeLine } from './text-shaping.js';

const missing = (tool: string) => missingTools(tool).length > 0;
const skipText = missing('pdftotext');
const skipRaster = missing('pdftoppm');

/** Direction marks poppler adds or that we paint, then all whitespace: the characters in their order. */
const normalise = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').replace(/\s+/gu, '');

const specimen: BilingualDocument = {
  authority: { ar: 'المملكة المغربية\nالمديرية العامة للأمن الوطني', fr: 'Royaume du Maroc\nDirection Générale de la Sûreté Nationale' },
  title: { ar: 'شهادة السكنى', fr: 'Certificat de résidence' },
  documentNumber: 'CR-2026-000123',
  issuedOn: '2026-12-07',
  expiresOn: '2027-03-07',
  fields: [
    { labelAr: 'الاسم الكامل', labelFr: 'Nom complet', valueAr: 'جان دوبون', valueFr: 'Jean Dupont' },
    { labelAr: 'رقم البطاقة الوطنية', labelFr: 'N° de la carte nationale', value: 'AB123456' },
    { labelAr: 'العنوان', labelFr: 'Adresse', valueAr: '12 زنقة الحرية الدار البيضاء 20250', valueFr: '12 rue de la Liberté, Casablanca 20250' },
    { labelAr: 'السيد', labelFr: 'Titulaire', valueAr: 'السيد Jean Dupont المولود سنة 1990', valueFr: 'M. Jean Dupont, né en 1990' },
  ],
  paragraphs: [{ ar: 'تشهد المديرية العامة للأمن الوطني بأن الشخص المذكور أعلاه يقطن بالعنوان المبين', fr: 'La Direction Générale de la Sûreté Nationale certifie que la personne désignée ci-dessus réside à l’adresse indiquée' }],
  footer: { ar: 'يمكن التحقق من الختم الرقمي المرئي', fr: 'Le cachet numérique visible peut être vérifié' },
  seal: { png: blackSquarePng(60), caption: { ar: 'الختم الرقمي المرئي', fr: 'Cachet numérique visible' } },
};

function blackSquarePng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return PNG.sync.write(png);
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-pdf-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

async function writeSpecimen(doc: BilingualDocument = specimen): Promise<string> {
  const file = path.join(workDir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, await renderDocument(doc));
  return file;
}

describe('renderDocument', () => {
  it.skipIf(skipText)(`gives pdftotext the French and the Arabic fields in logical order, mixed Arabic with digits and Latin included${skipText ? ' (skipped: pdftotext missing)' : ''}`, async () => {
    const text = normalise(execFileSync('pdftotext', ['-enc', 'UTF-8', await writeSpecimen(), '-'], { encoding: 'utf8' }));
    const expected = [
      'Nom complet', 'Jean Dupont', '12 rue de la Liberté, Casablanca 20250', 'M. Jean Dupont, né en 1990', 'Certificat de résidence',
      'الاسم الكامل', 'جان دوبون', 'المديرية العامة للأمن الوطني', 'شهادة السكنى',
      '12 زنقة الحرية الدار البيضاء 20250', 'السيد Jean Dupont المولود سنة 1990',
      'CR-2026-000123', '07/12/2026', '07/03/2027',
    ];
    for (const value of expected) expect(text).toContain(normalise(value));
    // The lam-alef ligature comes out as lam then alef, not reversed.
    expect(text).not.toContain(normalise('االسم'));
  });

  it.skipIf(skipRaster)(`rasterises with pdftoppm: ink in the header, both columns of the fields and the seal${skipRaster ? ' (skipped: pdftoppm missing)' : ''}`, async () => {
    const file = await writeSpecimen();
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(workDir, 'page')]);
    const pngFile = fs.readdirSync(workDir).find((name) => name.startsWith('page') && name.endsWith('.png'))!;
    const image = PNG.sync.read(fs.readFileSync(path.join(workDir, pngFile)));
    // A4 at 50 dpi: 414 x 585 pixels; one point is 50/72 pixel.
    expect([image.width, image.height]).toEqual([414, 585]);
    const px = (pt: number) => Math.round((pt * 50) / 72);
    const darkPixels = (x0: number, y0: number, x1: number, y1: number) => {
      let dark = 0;
      for (let y = px(y0); y < px(y1); y++) {
        for (let x = px(x0); x < px(x1); x++) {
          const i = (y * image.width + x) * 4;
          if (image.data[i]! + image.data[i + 1]! + image.data[i + 2]! < 300) dark++;
        }
      }
      return dark;
    };
    expect(darkPixels(60, 56, 200, 100)).toBeGreaterThan(20); // the French authority
    expect(darkPixels(395, 56, 540, 100)).toBeGreaterThan(20); // the Arabic authority
    expect(darkPixels(60, 250, 290, 420)).toBeGreaterThan(50); // French fields
    expect(darkPixels(306, 250, 540, 420)).toBeGreaterThan(50); // Arabic fields
    expect(darkPixels(60, 540, 250, 600)).toBe(0); // the blank between the paragraphs and the seal
    expect(darkPixels(543, 50, 553, 75)).toBe(0); // the direction marks beside the Arabic authority are invisible
    expect(darkPixels(262, 630, 332, 700)).toBeGreaterThan(1000); // the black seal, 92 points wide, centred above the footer
  });

  it.skipIf(skipText)(`flows long tables onto further pages, each read in logical order${skipText ? ' (skipped: pdftotext missing)' : ''}`, async () => {
    const fields = Array.from({ length: 24 }, (_, i) => ({ labelAr: `حكم رقم ${i + 1}`, labelFr: `Jugement n° ${i + 1}`, valueAr: `المحكمة الابتدائية بالرباط ملف ${2000 + i}`, valueFr: `Tribunal de Rabat, dossier ${2000 + i}` }));
    const file = await writeSpecimen({ ...specimen, fields });
    const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '').map(normalise);
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.join('');
    for (const field of fields) {
      expect(text).toContain(normalise(field.valueAr));
      expect(text).toContain(normalise(field.valueFr));
    }
    for (const page of pages) expect(page).toContain(normalise('يمكن التحقق من الختم الرقمي المرئي'));
  });

  it.skipIf(skipText)(`keeps the seal on the page it certifies: fields that would push it onto a page of its own are set label beside value${skipText ? ' (skipped: pdftotext missing)' : ''}`, async () => {
    const pagesOf = async (doc: BilingualDocument) =>
      execFileSync('pdftotext', ['-enc', 'UTF-8', await writeSpecimen(doc), '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '').map(normalise);
    const fields = Array.from({ length: 9 }, (_, i) => ({ labelAr: `الحقل ${i + 1}`, labelFr: `Champ ${i + 1}`, value: `V${i + 1}` }));
    const pages = await pagesOf({ ...specimen, seal: { ...specimen.seal!, png: blackSquarePng(200) }, fields });
    expect(pages).toHaveLength(1);
    for (const field of fields) for (const text of [field.labelFr, field.labelAr, field.value]) expect(pages[0]).toContain(normalise(text));
    expect(pages[0]).toContain(normalise('Cachet numérique visible'));
    // More than side by side can hold: the table flows on as usual, the seal after it.
    const long = Array.from({ length: 30 }, (_, i) => ({ labelAr: `الحقل ${i + 1}`, labelFr: `Champ ${i + 1}`, value: `V${i + 1}` }));
    const flowed = await pagesOf({ ...specimen, fields: long });
    expect(flowed.length).toBeGreaterThan(1);
    expect(flowed.at(-1)).toContain(normalise('Cachet numérique visible'));
  });

  it('refuses a date that is not a calendar date, naming the field', async () => {
    await expect(renderDocument({ ...specimen, expiresOn: '2027-02-30' })).rejects.toThrow(DomainError);
    await expect(renderDocument({ ...specimen, expiresOn: '2027-02-30' })).rejects.toThrow(/expiresOn/u);
    await expect(renderDocument({ ...specimen, seal: { png: Buffer.from('GIF89a'), caption: specimen.seal!.caption } })).rejects.toThrow(/seal\.png/u);
  });
});

describe('shapeLine', () => {
  const font = loadFace('arabic').font;
  const isolated = (char: string) => font.glyphForCodePoint(char.codePointAt(0)!).id;

  it('gives "سلام" its positional forms and makes lam-alef one ligature glyph', () => {
    const [run] = shapeLine('سلام', 'rtl', { size: 12 }).runs;
    const [aloneLamAlef] = shapeLine('لا', 'rtl', { size: 12 }).runs[0]!.glyphs;
    // Painted left to right: meem (isolated: alef never joins to its left), lam-alef joined to seen, seen (initial).
    expect(run!.rtl).toBe(true);
    expect(run!.glyphs.map((g) => g.codePoints)).toEqual([[0x645], [0x644, 0x627], [0x633]]);
    expect(run!.glyphs[2]!.id).not.toBe(isolated('س'));
    expect(run!.glyphs[0]!.id).toBe(isolated('م'));
    expect([isolated('ل'), isolated('ا')]).not.toContain(run!.glyphs[1]!.id);
    // The ligature in "سلام" is its final form, not the one "لا" takes alone.
    expect(aloneLamAlef!.codePoints).toEqual([0x644, 0x627]);
    expect(run!.glyphs[1]!.id).not.toBe(aloneLamAlef!.id);
  });

  it('keeps digits and Latin inside Arabic left to right, in visual order', () => {
    const line = shapeLine('رقم 123 Jean', 'rtl', { size: 12 });
    const runs = line.runs.map((run) => ({ rtl: run.rtl, text: run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('') }));
    // Left to right as painted: "Jean", then "123", then "رقم" with its glyphs reversed.
    const words = runs.filter((r) => r.text.trim() !== '');
    expect(words.map((r) => r.text.trim())).toEqual(['Jean', '123', 'مقر']);
    expect(words.map((r) => r.rtl)).toEqual([false, false, true]);
  });
});
