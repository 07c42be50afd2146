import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Font } from 'fontkit';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The faces a document uses: Arabic (Noto Naskh Arabic) and Latin (DejaVu Serif), regular and bold. */
export const FontFace = {
  arabic: 'arabic',
  arabicBold: 'arabicBold',
  latin: 'latin',
  latinBold: 'latinBold',
} as const;
export type FontFace = (typeof FontFace)[keyof typeof FontFace];

/** A face's bytes (for the PDF) and its parsed font (for shaping and measuring). */
export interface LoadedFace {
  readonly face: FontFace;
  readonly bytes: Buffer;
  readonly font: Font;
}

/**
 * Where each face comes from: fonts ship in npm packages (pinned in package.json), never in our tree.
 * `@embedpdf/fonts-arabic` exposes only its entry, so its TrueType files are found beside it.
 */
function facePath(face: FontFace): string {
  switch (face) {
    case 'arabic':
    case 'arabicBold': {
      const entry = require.resolve('@embedpdf/fonts-arabic');
      const file = face === 'arabic' ? 'NotoNaskhArabic-Regular.ttf' : 'NotoNaskhArabic-Bold.ttf';
      return path.resolve(path.dirname(entry), '..', 'fonts', file);
    }
    case 'latin':
      return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
    case 'latinBold':
      return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf');
  }
}

const loaded = new Map<FontFace, LoadedFace>();

/** Loads a face once per process (the files are read-only package data, the same for every document). */
export function loadFace(face: FontFace): LoadedFace {
  let entry = loaded.get(face);
  if (entry === undefined) {
    const bytes = fs.readFileSync(facePath(face));
    const font = fontkit.create(bytes);
    if (!('layout' in font)) throw new Error(`font ${face} is a collection, expected a single face`);
    entry = { face, bytes, font };
    loaded.set(face, entry);
  }
  return entry;
}
