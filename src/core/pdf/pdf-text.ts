import { loadFace, type FontFace } from './fonts.js';
import { shapeLine, strongDirectionBalance, type Direction, type LineStyle, type ShapedLine } from './text-shaping.js';

/**
 * Paints shaped lines into a pdfkit document.
 *
 * pdfkit's own `text()` lays out each word on its own and concatenates the words in logical order, which
 * puts the words of right-to-left text in the wrong order; so we paint the glyphs that `shapeLine` placed,
 * through the font object pdfkit embeds (subset, widths, ToUnicode). That object is not part of pdfkit's
 * typed API: `EmbeddedFace` below names the few members used, for the pinned pdfkit 0.20.2; the tests
 * (pdftotext, pdftoppm) fail if a new version changes them.
 *
 * Text extraction: the glyphs are painted left to right, as seen, and each maps to its characters in the
 * font's ToUnicode table; extractors (poppler's pdftotext, pdf.js) turn right-to-left runs back into logical
 * order by reversing them character by character. A ligature stands for several characters (lam-alef for
 * "لا"): inside a right-to-left run its mapping is written reversed, so that the extractor's reversal gives
 * the logical order back (otherwise "الاسم" would come out as "االسم").
 */

interface EmbeddedFace {
  readonly id: string;
  readonly subset: { includeGlyph(glyphId: number): number };
  readonly unicode: number[][];
  readonly widths: number[];
  readonly scale: number;
  ref(): unknown;
}

interface DocumentInternals {
  readonly _font: EmbeddedFace;
  readonly page: { readonly height: number; readonly fonts: Record<string, unknown> };
  addContent(data: string): void;
}

/** Registers the faces (once per document) under their names. */
export function registerFaces(doc: PDFKit.PDFDocument): void {
  for (const face of ['arabic', 'arabicBold', 'latin', 'latinBold'] as const) doc.registerFont(face, loadFace(face).bytes);
}

function embeddedFace(doc: PDFKit.PDFDocument, face: FontFace): EmbeddedFace {
  doc.font(face);
  return (doc as unknown as DocumentInternals)._font;
}

const number = (value: number): string => (Math.round(value * 1000) / 1000).toString();

/** Paints a shaped line with its left end at `x` and its baseline at `baseline` (pdfkit's top-down coordinates). */
export function paintLine(doc: PDFKit.PDFDocument, line: ShapedLine, x: number, baseline: number, size: number, options: { invisible?: boolean } = {}): void {
  const internals = doc as unknown as DocumentInternals;
  const pageHeight = internals.page.height;
  doc.save();
  // pdfkit's pages are drawn top-down; text needs the PDF's bottom-up space back.
  doc.transform(1, 0, 0, -1, 0, pageHeight);
  internals.addContent('BT');
  if (options.invisible === true) internals.addContent('3 Tr');
  let cursor = x;
  for (const run of line.runs) {
    const face = embeddedFace(doc, run.face);
    if (internals.page.fonts[face.id] === undefined) internals.page.fonts[face.id] = face.ref();
    internals.addContent(`/${face.id} ${number(size)} Tf`);
    for (const glyph of run.glyphs) {
      const gid = face.subset.includeGlyph(glyph.id);
      if (face.widths[gid] === undefined) face.widths[gid] = loadFace(run.face).font.getGlyph(glyph.id).advanceWidth * face.scale;
      if (face.unicode[gid] === undefined) {
        face.unicode[gid] = run.rtl && glyph.codePoints.length > 1 ? [...glyph.codePoints].reverse() : [...glyph.codePoints];
      }
      const gx = cursor + glyph.xOffset;
      const gy = pageHeight - baseline + glyph.yOffset;
      internals.addContent(`1 0 0 1 ${number(gx)} ${number(gy)} Tm <${gid.toString(16).padStart(4, '0')}> Tj`);
      cursor += glyph.advance;
    }
  }
  internals.addContent('ET');
  doc.restore();
}

export type Align = 'left' | 'right' | 'center';

export interface TextBox extends LineStyle {
  readonly x: number;
  /** Top of the first line. */
  readonly y: number;
  readonly width: number;
  readonly direction: Direction;
  /** Defaults to the direction's start: left for French, right for Arabic. */
  readonly align?: Align;
  readonly lineHeight?: number;
  readonly color?: string;
}

/** The height one line takes at a size (Naskh's tall ascenders and deep descenders need room). */
export function lineHeightFor(size: number): number {
  return size * 1.55;
}

/** Paints lines (already broken) in a box; returns the height used. */
export function paintLines(doc: PDFKit.PDFDocument, lines: readonly string[], box: TextBox): number {
  const lineHeight = box.lineHeight ?? lineHeightFor(box.size);
  const align = box.align ?? (box.direction === 'rtl' ? 'right' : 'left');
  doc.fillColor(box.color ?? '#111111');
  let y = box.y;
  for (const text of lines) {
    tally(doc, text);
    const shaped = shapeLine(text, box.direction, box);
    const x = align === 'left' ? box.x : align === 'right' ? box.x + box.width - shaped.width : box.x + (box.width - shaped.width) / 2;
    // The baseline sits at 72% of the line box: room above for Arabic marks, below for descenders.
    paintLine(doc, shaped, x, y + lineHeight * 0.72, box.size);
    y += lineHeight;
  }
  return y - box.y;
}

/** Per document, per page: strong left-to-right letters minus right-to-left ones painted so far. */
const pageBalances = new WeakMap<PDFKit.PDFDocument, Map<number, number>>();

function currentPage(doc: PDFKit.PDFDocument): number {
  const range = doc.bufferedPageRange();
  return range.start + range.count - 1;
}

function tally(doc: PDFKit.PDFDocument, text: string): void {
  let balances = pageBalances.get(doc);
  if (balances === undefined) pageBalances.set(doc, (balances = new Map()));
  const page = currentPage(doc);
  balances.set(page, (balances.get(page) ?? 0) + strongDirectionBalance(text));
}

const RIGHT_TO_LEFT_MARK = 0x200f;
/** poppler reads at most 64 UTF-16 units for one glyph in a ToUnicode map. */
const MARKS_PER_GLYPH = 60;

/**
 * Makes each page read as right-to-left by text extractors that guess a page's direction from the majority
 * of its letters (poppler's pdftotext does): a bilingual page has more Latin letters than Arabic ones,
 * and read as left-to-right, a line of Arabic with a number in it comes out with its parts in visual
 * order. One zero-width RIGHT-TO-LEFT MARK glyph is painted per page, at (x, baseline) (the right end of an
 * Arabic line), standing in the ToUnicode map for as many marks as the largest page needs (U+200F is
 * invisible and belongs in right-to-left text). French lines are unaffected: a line without Arabic comes
 * out the same either way. The document must be created with `bufferPages: true`; call before `end()`.
 */
export function settlePageDirection(doc: PDFKit.PDFDocument, x: number, baseline: number, size: number): void {
  const balances = pageBalances.get(doc);
  if (balances === undefined) return;
  const needed = Math.max(0, ...[...balances.values()].map((balance) => balance + 1));
  if (needed === 0) return;
  const { font } = loadFace('arabic');
  const glyph = font.glyphForCodePoint(RIGHT_TO_LEFT_MARK);
  const copies = Math.ceil(needed / MARKS_PER_GLYPH);
  const mark = { id: glyph.id, codePoints: [RIGHT_TO_LEFT_MARK], advance: 0, xOffset: 0, yOffset: 0 };
  for (const page of balances.keys()) {
    doc.switchToPage(page);
    const face = embeddedFace(doc, 'arabic');
    const gid = face.subset.includeGlyph(glyph.id);
    face.unicode[gid] = new Array<number>(MARKS_PER_GLYPH).fill(RIGHT_TO_LEFT_MARK);
    // A width in /W (the glyph itself draws nothing) keeps the copies apart for extractors.
    face.widths[gid] = 250;
    // Copies side by side, into the margin: poppler drops a glyph that overlaps the same one before it.
    const glyphs = Array.from({ length: copies }, () => ({ ...mark, advance: size * 0.25 }));
    // Invisible (render mode 3): extractors read the marks, nothing is drawn.
    paintLine(doc, { text: '', width: 0, runs: [{ face: 'arabic', rtl: true, width: 0, glyphs }] }, x, baseline, size, { invisible: true });
  }
}
