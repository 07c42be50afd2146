import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { missingTools } from '../testing.js';
import { niceStep, paintBarChart, type BarChart } from './bar-chart.js';
import { registerFaces, settlePageDirection } from './pdf-text.js';

const skip = missingTools('pdftotext', 'pdftoppm');
const skipPoppler = skip.length > 0;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-chart-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** One A4 page with the chart in the box (60, 100)-(530, 340). */
async function chartPdf(chart: BarChart): Promise<string> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  registerFaces(doc);
  doc.addPage({ size: 'A4', margin: 0 });
  paintBarChart(doc, chart, { x: 60, y: 100, width: 470, height: 240 });
  settlePageDirection(doc, 530, 90, 10);
  doc.end();
  await done;
  const file = path.join(workDir, `chart-${chart.direction}.pdf`);
  fs.writeFileSync(file, Buffer.concat(chunks));
  return file;
}

describe('paintBarChart', () => {
  it('steps the value axis by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(3_163_322, 5)).toBe(1_000_000);
    expect(niceStep(47, 5)).toBe(10);
    expect(niceStep(12, 5)).toBe(5);
    expect(niceStep(0, 5)).toBe(1);
  });

  it.skipIf(skipPoppler)(`draws bars as tall as their values, first category on the right in Arabic, labels readable by pdftotext${skipPoppler ? ` (skipped: ${skip.join(', ')} missing)` : ''}`, async () => {
    const file = await chartPdf({ direction: 'rtl', bars: [{ label: 'الرباط', value: 3000 }, { label: 'مراكش', value: 1000 }, { label: 'الدار البيضاء', value: 2000 }] });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e]/gu, '');
    for (const label of ['الرباط', 'مراكش', 'الدار البيضاء', '3,000', '1,000']) expect(text).toContain(label);
    execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', file, path.join(workDir, 'chart')]);
    const image = PNG.sync.read(fs.readFileSync(path.join(workDir, 'chart.png')));
    // Dark pixels in the column through each slot's middle, inside the plot (one pixel a point at 72 dpi).
    const columnInk = (x: number) => {
      let dark = 0;
      for (let y = 120; y < 310; y++) {
        const i = (y * image.width + x) * 4;
        if (image.data[i]! < 100 && image.data[i + 2]! < 150) dark++;
      }
      return dark;
    };
    const plotX = 60, slot = (470 - 44) / 3;
    const [left, middle, right] = [0, 1, 2].map((k) => columnInk(Math.round(plotX + slot * k + slot / 2)));
    // Right to left: Rabat (3000) on the right, Marrakech (1000) in the middle, Casablanca (2000) on the left.
    expect(right!).toBeGreaterThan(left!);
    expect(left!).toBeGreaterThan(middle!);
    expect(right! / middle!).toBeGreaterThan(2.5);
  });
});
