import bidiModule, { type Bidi } from 'bidi-js';
import { loadFace, type FontFace, type LoadedFace } from './fonts.js';

/**
 * Shaping and bidirectional layout of one line of text, for the PDF renderer.
 *
 * A line is split by the Unicode Bidirectional Algorithm (UAX #9, through bidi-js) into runs of one
 * embedding level and one face; each run is shaped by fontkit with its own direction (so Arabic gets its
 * contextual forms and the lam-alef ligature, and a number inside Arabic stays left to right); the runs are
 * then put in visual order (rule L2). The glyphs come out left to right, as they are painted.
 */

export type Direction = 'ltr' | 'rtl';

/** One glyph as painted: its id in the face, the characters it stands for (logical order), and its metrics in points. */
export interface PlacedGlyph {
  readonly id: number;
  readonly codePoints: readonly number[];
  readonly advance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

/** A run of glyphs of one face and one direction, in painting order (left to right). */
export interface ShapedRun {
  readonly face: FontFace;
  readonly rtl: boolean;
  readonly glyphs: readonly PlacedGlyph[];
  readonly width: number;
}

/** A line ready to paint: its runs left to right and its width in points. */
export interface ShapedLine {
  readonly text: string;
  readonly runs: readonly ShapedRun[];
  readonly width: number;
}

export interface LineStyle {
  readonly size: number;
  readonly bold?: boolean;
}

// bidi-js declares an ES default export over a CommonJS build; TypeScript's NodeNext view of it differs
// from Node's, so the factory is taken from whichever shape is present.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ?? bidiModule) as unknown as () => Bidi;
const bidi = bidiFactory();

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;

/**
 * The face for each character: Arabic script always in the Arabic face; anything else in the face of the
 * paragraph's language when it has the glyph (digits inside Arabic look like the Arabic text around them),
 * otherwise in the other face.
 */
function faceFor(char: string, direction: Direction, bold: boolean): FontFace {
  const arabic: FontFace = bold ? 'arabicBold' : 'arabic';
  const latin: FontFace = bold ? 'latinBold' : 'latin';
  if (ARABIC_SCRIPT.test(char)) return arabic;
  const preferred = direction === 'rtl' ? arabic : latin;
  const other = direction === 'rtl' ? latin : arabic;
  return loadFace(preferred).font.hasGlyphForCodePoint(char.codePointAt(0)!) ? preferred : other;
}

interface LogicalRun {
  readonly start: number;
  readonly end: number;
  readonly level: number;
  readonly face: FontFace;
}

/**
 * Shapes one line (no line breaks inside) in a paragraph of the given direction.
 * @example shapeLine('رقم 123', 'rtl', { size: 12 }) // runs: "123" (ltr), then "رقم " (rtl, glyphs reversed)
 */
export function shapeLine(text: string, direction: Direction, style: LineStyle): ShapedLine {
  const bold = style.bold === true;
  const { levels } = bidi.getEmbeddingLevels(text, direction);
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  const runs: LogicalRun[] = [];
  let index = 0;
  for (const char of text) {
    const level = levels[index]!;
    const face = faceFor(char, direction, bold);
    const last = runs.at(-1);
    // A space joins the run it is in, so that words shaped together keep the font's spacing.
    if (last !== undefined && last.level === level && (last.face === face || char === ' ')) {
      runs[runs.length - 1] = { ...last, end: index + char.length };
    } else {
      runs.push({ start: index, end: index + char.length, level, face });
    }
    index += char.length;
  }
  const visual = visualOrder(runs);
  const shaped = visual.map((run) => shapeRun(text, run, mirrored, style.size));
  return { text, runs: shaped, width: shaped.reduce((sum, run) => sum + run.width, 0) };
}

/** Rule L2 of UAX #9: from the highest level down to the lowest odd one, reverse every sequence at that level or above. */
function visualOrder(runs: readonly LogicalRun[]): LogicalRun[] {
  const order = [...runs];
  if (order.length === 0) return order;
  const highest = Math.max(...order.map((run) => run.level));
  const lowestOdd = Math.min(...order.map((run) => (run.level % 2 === 1 ? run.level : Infinity)));
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < order.length) {
      if (order[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && order[j]!.level >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order;
}

function shapeRun(text: string, run: LogicalRun, mirrored: Map<number, string>, size: number): ShapedRun {
  const rtl = run.level % 2 === 1;
  let source = '';
  for (let i = run.start; i < run.end; i++) source += rtl ? (mirrored.get(i) ?? text[i]) : text[i];
  const { font } = loadFace(run.face) as LoadedFace;
  const scale = size / font.unitsPerEm;
  // The direction is the bidi level's, not guessed from the script: a run of digits at an odd level
  // (never produced by UAX #9) or of neutrals between Arabic words must follow the level.
  const layout = font.layout(source, [], run.face.startsWith('arabic') ? 'arab' : 'latn', undefined, rtl ? 'rtl' : 'ltr');
  const glyphs = layout.glyphs.map((glyph, i) => {
    const position = layout.positions[i]!;
    return {
      id: glyph.id,
      codePoints: glyph.codePoints,
      advance: position.xAdvance * scale,
      xOffset: position.xOffset * scale,
      yOffset: position.yOffset * scale,
    };
  });
  return { face: run.face, rtl, glyphs, width: glyphs.reduce((sum, glyph) => sum + glyph.advance, 0) };
}

/** The width of a line of text in points. */
export function measureLine(text: string, direction: Direction, style: LineStyle): number {
  return shapeLine(text, direction, style).width;
}

/**
 * Breaks a paragraph into lines no wider than `width`, at spaces, in logical order (each line is then laid
 * out on its own); a word wider than the line stays whole on its own line.
 */
export function wrapText(text: string, direction: Direction, style: LineStyle, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/u).filter((word) => word !== '');
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && measureLine(candidate, direction, style) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Strong left-to-right letters minus strong right-to-left ones in a text (bidi classes L against R and AL),
 * the count by which poppler decides a page's direction.
 */
export function strongDirectionBalance(text: string): number {
  let balance = 0;
  for (const char of text) {
    const type = bidi.getBidiCharTypeName(char);
    if (type === 'L') balance++;
    else if (type === 'R' || type === 'AL') balance--;
  }
  return balance;
}
