/**
 * Where the seal (a DataMatrix, ISO/IEC 16022) lies in a picture of a printed page. A photo or a scan of
 * the whole page holds the page's frame, its text and its margins too, which a DataMatrix detector takes
 * for the symbol's edges: the symbol is found first and the part of the picture around it read. The
 * console does it before sending a picture (a smaller upload), the server when a picture sent whole does
 * not read.
 *
 * The symbol is a square block of modules about half dark; text runs in thin lines, a frame is a thin
 * line, a photo's background is even. So: the picture cut in cells, the cells whose share of dark pixels
 * is that of the symbol, their connected groups, and of those the largest that is square and filled.
 * Pure, on grey levels (one byte a pixel), so that it runs in the browser and on the server alike.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Otsu's threshold of a picture's grey levels: the one that best separates ink from paper. */
export function inkThreshold(grey: ArrayLike<number>): number {
  const histogram = new Array<number>(256).fill(0);
  for (let i = 0; i < grey.length; i++) histogram[grey[i]!]! += 1;
  const total = grey.length;
  let sum = 0;
  for (let level = 0; level < 256; level++) sum += level * histogram[level]!;
  let [below, belowSum, best, threshold] = [0, 0, -1, 128];
  for (let level = 0; level < 256; level++) {
    below += histogram[level]!;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    belowSum += level * histogram[level]!;
    const meanBelow = belowSum / below;
    const meanAbove = (sum - belowSum) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) [best, threshold] = [between, level];
  }
  return threshold;
}

/**
 * The box around the seal in a grey picture (`width` × `height`, row by row), its quiet zone included,
 * or `undefined` when no block looks like one.
 */
export function locateSeal(grey: ArrayLike<number>, width: number, height: number): Box | undefined {
  if (width * height !== grey.length || width < 32 || height < 32) return undefined;
  const threshold = inkThreshold(grey);
  const cell = Math.max(4, Math.round(Math.min(width, height) / 100));
  const columns = Math.floor(width / cell);
  const rows = Math.floor(height / cell);
  const inked = new Uint8Array(columns * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < columns; cx++) {
      let dark = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y++) {
        const row = y * width;
        for (let x = cx * cell; x < (cx + 1) * cell; x++) if (grey[row + x]! <= threshold) dark++;
      }
      const share = dark / (cell * cell);
      inked[cy * columns + cx] = share >= 0.25 && share <= 0.85 ? 1 : 0;
    }
  }
  // Connected groups of such cells (8 neighbours); the best is the largest square, filled one.
  const seen = new Uint8Array(inked.length);
  let best: { cells: number; x0: number; y0: number; x1: number; y1: number } | undefined;
  for (let start = 0; start < inked.length; start++) {
    if (inked[start] === 0 || seen[start] === 1) continue;
    const stack = [start];
    seen[start] = 1;
    let [cells, x0, y0, x1, y1] = [0, columns, rows, -1, -1];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const [x, y] = [at % columns, Math.floor(at / columns)];
      cells++;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
          const next = ny * columns + nx;
          if (inked[next] === 1 && seen[next] === 0) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
    const square = w >= 4 && h >= 4 && Math.max(w, h) <= 1.4 * Math.min(w, h);
    if (square && cells >= 0.6 * w * h && (best === undefined || cells > best.cells)) best = { cells, x0, y0, x1, y1 };
  }
  if (best === undefined) return undefined;
  // The quiet zone a reader needs, and the cells only partly inked at the symbol's edges.
  const size = Math.max(best.x1 - best.x0 + 1, best.y1 - best.y0 + 1) * cell;
  const margin = Math.max(2 * cell, Math.round(size * 0.2));
  const x = Math.max(0, best.x0 * cell - margin);
  const y = Math.max(0, best.y0 * cell - margin);
  return { x, y, width: Math.min(width, (best.x1 + 1) * cell + margin) - x, height: Math.min(height, (best.y1 + 1) * cell + margin) - y };
}
