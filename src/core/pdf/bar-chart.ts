import { lineHeightFor, paintLines } from './pdf-text.js';
import type { Direction } from './text-shaping.js';

/** A bar chart for reports: one bar per category, vector-drawn, labels in the chart's language. */
export interface BarChart {
  readonly direction: Direction;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
  /** A colour per bar is not needed in reports; one ink keeps print legible. */
  readonly color?: string;
}

export interface ChartBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A step of 1, 2 or 5 times a power of ten giving at most `count` intervals up to `max`. */
export function niceStep(max: number, count: number): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

/**
 * Paints a bar chart in a box: value axis with grid lines, one bar per category with its value above it
 * and its label below. Right-to-left charts (Arabic) put the first category on the right, with the axis.
 * @example paintBarChart(doc, { direction: 'ltr', bars: [{ label: 'Rabat', value: 3163322 }] }, { x: 60, y: 100, width: 470, height: 220 })
 */
export function paintBarChart(doc: PDFKit.PDFDocument, chart: BarChart, box: ChartBox): void {
  if (chart.bars.some((bar) => !Number.isFinite(bar.value) || bar.value < 0)) throw new Error('bar values must be finite and not negative');
  const rtl = chart.direction === 'rtl';
  const labelSize = rtl ? 9 : 8;
  const axisWidth = 44;
  const labelBand = 2 * lineHeightFor(labelSize);
  const valueBand = lineHeightFor(7.5);
  const plot = {
    x: rtl ? box.x : box.x + axisWidth,
    y: box.y + valueBand,
    width: box.width - axisWidth,
    height: box.height - labelBand - valueBand,
  };
  const max = Math.max(0, ...chart.bars.map((bar) => bar.value));
  const step = niceStep(max, 5);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const yOf = (value: number) => plot.y + plot.height - (value / top) * plot.height;

  doc.save();
  for (let tick = 0; tick <= top + step / 2; tick += step) {
    const y = yOf(tick);
    doc.lineWidth(tick === 0 ? 0.8 : 0.3).strokeColor(tick === 0 ? '#333333' : '#c5ccd3').moveTo(plot.x, y).lineTo(plot.x + plot.width, y).stroke();
    const axisX = rtl ? plot.x + plot.width + 4 : box.x;
    paintLines(doc, [tick.toLocaleString('en-US')], { x: axisX, y: y - lineHeightFor(7) / 2, width: axisWidth - 6, direction: 'ltr', align: rtl ? 'left' : 'right', size: 7, color: '#5b6470' });
  }
  const slot = plot.width / Math.max(1, chart.bars.length);
  chart.bars.forEach((bar, i) => {
    const slotX = rtl ? plot.x + plot.width - (i + 1) * slot : plot.x + i * slot;
    const barWidth = slot * 0.6;
    const barX = slotX + (slot - barWidth) / 2;
    const y = yOf(bar.value);
    doc.rect(barX, y, barWidth, plot.y + plot.height - y).fill(chart.color ?? '#0b3d63');
    paintLines(doc, [bar.value.toLocaleString('en-US')], { x: slotX, y: y - valueBand, width: slot, direction: 'ltr', align: 'center', size: 7.5 });
    paintLines(doc, [bar.label], { x: slotX, y: plot.y + plot.height + 3, width: slot, direction: chart.direction, align: 'center', size: labelSize });
  });
  doc.restore();
}
