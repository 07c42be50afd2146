import PDFDocument from 'pdfkit';
import { invalidField } from '../errors.js';
import { lineHeightFor, paintLines, registerFaces, settlePageDirection } from './pdf-text.js';
import { wrapText, type Direction } from './text-shaping.js';

/**
 * Bilingual official documents (certificates, receipts) rendered to PDF on the server, without a browser.
 *
 * Library: pdfkit 0.20.2 writes the PDF (A4 pages, embedded subset TrueType fonts with a ToUnicode map,
 * PNG images, vector drawing); fontkit, pdfkit's font engine, shapes Arabic with the font's OpenType tables
 * (contextual forms, lam-alef ligature); bidi-js 1.1.0 applies the Unicode Bidirectional Algorithm so that
 * numbers and Latin names inside Arabic keep their order. Fonts come from npm packages, pinned: Noto Naskh
 * Arabic (`@embedpdf/fonts-arabic`, TrueType, regular and bold) and DejaVu Serif (`dejavu-fonts-ttf`) for
 * French. Chromium's printing was not wanted: no browser on the server, no network, a few milliseconds per
 * document. Layout: French on the left, left to right; Arabic on the right, right to left; dates day-first
 * with Western digits in both languages, as on Moroccan identity documents.
 */

/** A text in both languages. */
export interface BilingualText {
  readonly ar: string;
  readonly fr: string;
}

/** One line of the document's table: labels in both languages; a value per language, or one for both. */
export interface DocumentField {
  readonly labelAr: string;
  readonly labelFr: string;
  readonly valueAr?: string;
  readonly valueFr?: string;
  /** Shown in both columns when the language's own value is absent (numbers, codes, names in Latin letters). */
  readonly value?: string;
}

export interface BilingualDocument {
  /** The issuing authority, one line per `\n` (e.g. the kingdom, then the directorate, then the centre). */
  readonly authority: BilingualText;
  readonly title: BilingualText;
  readonly documentNumber: string;
  /** ISO date `YYYY-MM-DD`, printed day-first (07/12/2026). */
  readonly issuedOn: string;
  readonly expiresOn?: string;
  readonly fields: readonly DocumentField[];
  readonly paragraphs?: readonly BilingualText[];
  readonly footer?: BilingualText;
  /** A PNG (the visible digital seal, a stamp), placed at a fixed size with its caption. */
  readonly seal?: { readonly png: Buffer; readonly caption: BilingualText };
}

/** The labels of the document's own particulars. */
const MetaLabels = {
  number: { ar: 'رقم الوثيقة', fr: 'N° du document' },
  issuedOn: { ar: 'تاريخ الإصدار', fr: 'Date de délivrance' },
  expiresOn: { ar: 'تاريخ انتهاء الصلاحية', fr: "Date d'expiration" },
} as const satisfies Record<string, BilingualText>;

/** A4 in points, and the page's grid. */
const Page = { width: 595.28, height: 841.89, margin: 36, inset: 54, gutter: 18 } as const;
const contentWidth = Page.width - 2 * Page.inset;
const columnWidth = (contentWidth - Page.gutter) / 2;
const leftX = Page.inset;
const rightX = Page.inset + columnWidth + Page.gutter;
const SealSize = 92;
const FooterSize = { rtl: 8.5, ltr: 7.5 } as const;

const Ink = { text: '#111111', muted: '#5b6470', rule: '#9aa3ad', accent: '#0b3d63', band: '#eef2f6' } as const;

/**
 * Formats an ISO date day-first: `2026-12-07` -> `07/12/2026`.
 * @throws DomainError naming `field` when the date is not a real calendar date
 */
export function formatDayFirst(iso: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  const date = match === null ? undefined : new Date(`${iso}T00:00:00Z`);
  if (match === null || date === undefined || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw invalidField(field, `expected a calendar date YYYY-MM-DD, got "${iso}"`);
  }
  return `${match[3]}/${match[2]}/${match[1]}`;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function validate(doc: BilingualDocument): void {
  const required: [string, string][] = [
    ['authority.ar', doc.authority.ar],
    ['authority.fr', doc.authority.fr],
    ['title.ar', doc.title.ar],
    ['title.fr', doc.title.fr],
    ['documentNumber', doc.documentNumber],
  ];
  for (const [field, value] of required) if (value.trim() === '') throw invalidField(field, 'must not be empty');
  doc.fields.forEach((f, i) => {
    if (f.labelAr.trim() === '') throw invalidField(`fields[${i}].labelAr`, 'must not be empty');
    if (f.labelFr.trim() === '') throw invalidField(`fields[${i}].labelFr`, 'must not be empty');
  });
  if (doc.seal !== undefined && !doc.seal.png.subarray(0, 8).equals(PNG_SIGNATURE)) throw invalidField('seal.png', 'expected a PNG image');
}

/**
 * Renders a bilingual document to a PDF (A4): header with the authority in both languages around a logo
 * box, the title, the document's number and dates, the fields in two columns (French left, Arabic right),
 * paragraphs, the seal with its caption, the footer.
 * @throws DomainError (validation) naming the field when a date, a required text or the seal is not usable
 */
export async function renderDocument(input: BilingualDocument): Promise<Buffer> {
  validate(input);
  const issued = formatDayFirst(input.issuedOn, 'issuedOn');
  const expires = input.expiresOn === undefined ? undefined : formatDayFirst(input.expiresOn, 'expiresOn');

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: 'ar-MA',
    info: { Title: `${input.title.fr} / ${input.title.ar}`, Producer: 'Amane', Creator: 'Amane', CreationDate: new Date(`${input.issuedOn}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFaces(doc);

  const footer = footerLines(input.footer);
  const bottom = Page.height - Page.inset - footer.height;
  const newPage = () => startPage(doc, footer);
  let y = newPage();
  y = header(doc, input, y);

  const meta: DocumentField[] = [
    { labelAr: MetaLabels.number.ar, labelFr: MetaLabels.number.fr, value: input.documentNumber },
    { labelAr: MetaLabels.issuedOn.ar, labelFr: MetaLabels.issuedOn.fr, value: issued },
  ];
  if (expires !== undefined) meta.push({ labelAr: MetaLabels.expiresOn.ar, labelFr: MetaLabels.expiresOn.fr, value: expires });
  y = metaBand(doc, meta, y) + 14;

  // The seal belongs on the page it certifies: when the fields as usual would push it onto a page of its
  // own and side by side they would not, each field's label and value share one line.
  const paragraphs = (input.paragraphs ?? []).map(paragraphBlock);
  const after = 12 + paragraphs.reduce((sum, block) => sum + block.height + 8, 0) + (input.seal === undefined ? 0 : SealSize + sealCaptionHeight + 8);
  const fits = (rows: readonly Row[]) => y + rows.reduce((sum, row) => sum + row.height, 0) + after <= bottom;
  let rows = input.fields.map(fieldRow);
  if (!fits(rows)) {
    const compact = input.fields.map(compactFieldRow);
    if (fits(compact)) rows = compact;
  }
  for (const row of rows) {
    if (y + row.height > bottom) y = newPage();
    row.paint(doc, y);
    y += row.height;
  }
  y += 12;

  for (const { fr, ar, height } of paragraphs) {
    if (y + height > bottom) y = newPage();
    paintLines(doc, fr, { x: leftX, y, width: columnWidth, direction: 'ltr', size: 10 });
    paintLines(doc, ar, { x: rightX, y, width: columnWidth, direction: 'rtl', size: 11.5 });
    y += height + 8;
  }

  if (input.seal !== undefined) {
    const captionHeight = sealCaptionHeight;
    if (y + SealSize + captionHeight > bottom) y = newPage();
    const sealY = Math.max(y + 8, bottom - SealSize - captionHeight);
    const sealX = Page.width / 2 - SealSize / 2;
    doc.image(input.seal.png, sealX, sealY, { width: SealSize, height: SealSize });
    const captionY = sealY + SealSize + 4;
    const captionBox = { x: Page.width / 2 - 120, width: 240, align: 'center' as const, color: Ink.muted };
    paintLines(doc, [input.seal.caption.ar], { ...captionBox, y: captionY, direction: 'rtl', size: 9 });
    paintLines(doc, [input.seal.caption.fr], { ...captionBox, y: captionY + lineHeightFor(9), direction: 'ltr', size: 8 });
  }

  settlePageDirection(doc, leftX + contentWidth, Page.inset - 2 + lineHeightFor(11) * 0.72, 11);
  doc.end();
  return finished;
}

interface FooterLines {
  readonly ar: readonly string[];
  readonly fr: readonly string[];
  /** From the top of the footer's rule to the bottom of its last line. */
  readonly height: number;
}

/** The footer broken into lines across the page's width (no footer: no room taken). */
function footerLines(footer: BilingualText | undefined): FooterLines {
  if (footer === undefined) return { ar: [], fr: [], height: 0 };
  const ar = wrapText(footer.ar, 'rtl', { size: FooterSize.rtl }, contentWidth);
  const fr = wrapText(footer.fr, 'ltr', { size: FooterSize.ltr }, contentWidth);
  return { ar, fr, height: 14 + ar.length * lineHeightFor(FooterSize.rtl) + fr.length * lineHeightFor(FooterSize.ltr) };
}

/** Starts a page: the double frame and the footer; returns the top of the content. */
function startPage(doc: PDFKit.PDFDocument, footer: FooterLines): number {
  doc.addPage({ size: 'A4', margin: 0 });
  const m = Page.margin;
  doc.lineWidth(1.2).strokeColor(Ink.accent).rect(m, m, Page.width - 2 * m, Page.height - 2 * m).stroke();
  doc.lineWidth(0.4).rect(m + 4, m + 4, Page.width - 2 * m - 8, Page.height - 2 * m - 8).stroke();
  if (footer.height > 0) {
    const top = Page.height - Page.inset - footer.height + 6;
    doc.lineWidth(0.5).strokeColor(Ink.rule).moveTo(leftX, top).lineTo(leftX + contentWidth, top).stroke();
    const box = { x: leftX, width: contentWidth, align: 'center' as const, color: Ink.muted };
    const arHeight = paintLines(doc, footer.ar, { ...box, y: top + 4, direction: 'rtl', size: FooterSize.rtl });
    paintLines(doc, footer.fr, { ...box, y: top + 4 + arHeight, direction: 'ltr', size: FooterSize.ltr });
  }
  return Page.inset;
}

/** The authority in both languages around the logo box, then the title; returns the y below. */
function header(doc: PDFKit.PDFDocument, input: BilingualDocument, top: number): number {
  const logo = 64;
  const sideWidth = (contentWidth - logo) / 2 - 12;
  const fr = wrapText(input.authority.fr, 'ltr', { size: 9, bold: true }, sideWidth);
  const ar = wrapText(input.authority.ar, 'rtl', { size: 11, bold: true }, sideWidth);
  const frHeight = paintLines(doc, fr, { x: leftX, y: top, width: sideWidth, direction: 'ltr', size: 9, bold: true, color: Ink.accent });
  const arHeight = paintLines(doc, ar, { x: leftX + contentWidth - sideWidth, y: top - 2, width: sideWidth, direction: 'rtl', size: 11, bold: true, color: Ink.accent });
  // The logo placeholder: the centre's emblem goes here when it has one.
  const logoX = Page.width / 2 - logo / 2;
  doc.lineWidth(0.8).strokeColor(Ink.accent).rect(logoX, top, logo, logo).stroke();
  doc.lineWidth(0.5).circle(Page.width / 2, top + logo / 2, logo / 2 - 8).stroke();
  let y = top + Math.max(frHeight, arHeight, logo) + 10;
  doc.lineWidth(0.8).strokeColor(Ink.accent).moveTo(leftX, y).lineTo(leftX + contentWidth, y).stroke();
  y += 12;
  y += paintLines(doc, [input.title.ar], { x: leftX, y, width: contentWidth, direction: 'rtl', align: 'center', size: 18, bold: true, color: Ink.accent });
  y += paintLines(doc, [input.title.fr], { x: leftX, y, width: contentWidth, direction: 'ltr', align: 'center', size: 13, bold: true, color: Ink.accent });
  return y + 10;
}

/** The document's number and dates on a tinted band, label and value on one line per language. */
function metaBand(doc: PDFKit.PDFDocument, meta: readonly DocumentField[], top: number): number {
  const rowHeight = lineHeightFor(11);
  const height = meta.length * rowHeight + 10;
  doc.rect(leftX, top, contentWidth, height).fill(Ink.band);
  let y = top + 5;
  for (const field of meta) {
    const value = field.value ?? '';
    // Label and value are painted apart: the value's digits never share a bidi run with the label.
    paintLines(doc, [field.labelFr], { x: leftX + 8, y, width: columnWidth / 2, direction: 'ltr', size: 9, color: Ink.muted, lineHeight: rowHeight });
    paintLines(doc, [value], { x: leftX + 8 + columnWidth / 2, y, width: columnWidth / 2 - 8, direction: 'ltr', size: 10, bold: true, lineHeight: rowHeight });
    paintLines(doc, [field.labelAr], { x: rightX + columnWidth / 2, y, width: columnWidth / 2 - 8, direction: 'rtl', size: 10, color: Ink.muted, lineHeight: rowHeight });
    paintLines(doc, [value], { x: rightX, y, width: columnWidth / 2, direction: 'rtl', size: 10, bold: true, lineHeight: rowHeight });
    y += rowHeight;
  }
  return top + height;
}

interface Row {
  readonly height: number;
  paint(doc: PDFKit.PDFDocument, top: number): void;
}

const LabelSize = { ltr: 8, rtl: 9.5 } as const;
const ValueSize = { ltr: 10.5, rtl: 12 } as const;

/** The seal's caption under it, in both languages. */
const sealCaptionHeight = 2 * lineHeightFor(8.5) + 4;

/** A paragraph in both languages, side by side, broken into lines. */
function paragraphBlock(paragraph: BilingualText): { fr: string[]; ar: string[]; height: number } {
  const fr = wrapText(paragraph.fr, 'ltr', { size: 10 }, columnWidth);
  const ar = wrapText(paragraph.ar, 'rtl', { size: 11.5 }, columnWidth);
  return { fr, ar, height: Math.max(fr.length * lineHeightFor(10), ar.length * lineHeightFor(11.5)) };
}

/** Of a column, the part a compact row gives the label (the rest is the value's). */
const CompactLabelShare = 0.42;

/** One field with label and value on one line in each column (the label first in reading order). */
function compactFieldRow(field: DocumentField): Row {
  const labelWidth = columnWidth * CompactLabelShare;
  const valueWidth = columnWidth - labelWidth - 6;
  const side = (direction: Direction, label: string, value: string) => {
    const labelLines = wrapText(label, direction, { size: LabelSize[direction] }, labelWidth);
    const valueLines = wrapText(value, direction, { size: ValueSize[direction], bold: true }, valueWidth);
    const height = Math.max(labelLines.length * lineHeightFor(LabelSize[direction]), valueLines.length * lineHeightFor(ValueSize[direction]));
    return { labelLines, valueLines, height };
  };
  const fr = side('ltr', field.labelFr, field.valueFr ?? field.value ?? '—');
  const ar = side('rtl', field.labelAr, field.valueAr ?? field.value ?? '—');
  const height = Math.max(fr.height, ar.height) + 8;
  return {
    height,
    paint(doc, top) {
      const labelTop = (direction: Direction) => top + 4 + (lineHeightFor(ValueSize[direction]) - lineHeightFor(LabelSize[direction])) / 2;
      paintLines(doc, fr.labelLines, { x: leftX, y: labelTop('ltr'), width: labelWidth, direction: 'ltr', size: LabelSize.ltr, color: Ink.muted });
      paintLines(doc, fr.valueLines, { x: leftX + labelWidth + 6, y: top + 4, width: valueWidth, direction: 'ltr', size: ValueSize.ltr, bold: true });
      paintLines(doc, ar.labelLines, { x: rightX + columnWidth - labelWidth, y: labelTop('rtl'), width: labelWidth, direction: 'rtl', size: LabelSize.rtl, color: Ink.muted });
      paintLines(doc, ar.valueLines, { x: rightX, y: top + 4, width: valueWidth, direction: 'rtl', size: ValueSize.rtl, bold: true });
      doc.lineWidth(0.4).strokeColor(Ink.rule).moveTo(leftX, top + height).lineTo(leftX + contentWidth, top + height).stroke();
    },
  };
}

/** One field: label above value in each column; the row is as tall as its taller side. */
function fieldRow(field: DocumentField): Row {
  const side = (direction: Direction, label: string, value: string) => {
    const labelLines = wrapText(label, direction, { size: LabelSize[direction] }, columnWidth);
    const valueLines = wrapText(value, direction, { size: ValueSize[direction], bold: true }, columnWidth);
    const height = labelLines.length * lineHeightFor(LabelSize[direction]) + valueLines.length * lineHeightFor(ValueSize[direction]);
    return { labelLines, valueLines, height };
  };
  const fr = side('ltr', field.labelFr, field.valueFr ?? field.value ?? '—');
  const ar = side('rtl', field.labelAr, field.valueAr ?? field.value ?? '—');
  const height = Math.max(fr.height, ar.height) + 8;
  return {
    height,
    paint(doc, top) {
      for (const [x, direction, content] of [[leftX, 'ltr', fr], [rightX, 'rtl', ar]] as const) {
        const labelHeight = paintLines(doc, content.labelLines, { x, y: top + 3, width: columnWidth, direction, size: LabelSize[direction], color: Ink.muted });
        paintLines(doc, content.valueLines, { x, y: top + 3 + labelHeight, width: columnWidth, direction, size: ValueSize[direction], bold: true });
      }
      doc.lineWidth(0.4).strokeColor(Ink.rule).moveTo(leftX, top + height).lineTo(leftX + contentWidth, top + height).stroke();
    },
  };
}
