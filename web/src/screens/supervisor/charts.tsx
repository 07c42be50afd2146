import { useId } from 'react';
import { useI18n } from '../../i18n';

// Small SVG charts, drawn by hand: each has a <title> read by screen readers, prints its values beside
// its marks, and mirrors for Arabic (time and bars run from the inline start). Text anchors are left as
// `start`/`end`, which SVG reads in the text's direction, so they mirror by themselves.

const WIDTH = 480;

/** `x` (a mark starting at `x`, `width` wide) measured from the inline start. */
function mirror(rtl: boolean, x: number, width = 0): number {
  return rtl ? WIDTH - x - width : x;
}

export interface Column {
  readonly key: string;
  readonly label: string;
  /** Null: nothing measured (drawn as a dash, not as zero). */
  readonly value: number | null;
  readonly valueText: string;
  readonly colour: string;
  /** What the column says, in a sentence (its tooltip). */
  readonly description: string;
}

/** Vertical columns in order from the inline start (hours of the day), with an optional target line. */
export function ColumnChart({ title, columns, max, target }: { title: string; columns: readonly Column[]; max: number; target?: { value: number; label: string } }) {
  const rtl = useI18n().dir === 'rtl';
  const titleId = useId();
  const height = 170;
  const top = 18;
  const bottom = 20;
  const plot = height - top - bottom;
  // The target's label sits in a gutter at the inline end, clear of the columns.
  const gutter = target === undefined ? 0 : 36;
  const step = (WIDTH - gutter) / Math.max(columns.length, 1);
  const barWidth = Math.min(step * 0.72, 44);
  const y = (value: number) => top + plot - (Math.min(value, max) / max) * plot;
  return (
    <svg className="sup-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
      <title id={titleId}>{title}</title>
      <line className="sup-axis" x1={0} x2={WIDTH} y1={top + plot} y2={top + plot} />
      {columns.map((column, i) => {
        const x = mirror(rtl, i * step + (step - barWidth) / 2, barWidth);
        const centre = x + barWidth / 2;
        return (
          <g key={column.key}>
            <title>{column.description}</title>
            {column.value !== null && <rect x={x} y={y(column.value)} width={barWidth} height={Math.max(top + plot - y(column.value), 1)} fill={column.colour} rx={2} />}
            <text className="sup-chart-value" x={centre} y={column.value === null ? top + plot - 4 : y(column.value) - 4} textAnchor="middle">
              {column.valueText}
            </text>
            <text className="sup-chart-label" x={centre} y={height - 5} textAnchor="middle">
              {column.label}
            </text>
          </g>
        );
      })}
      {target !== undefined && (
        <g className="sup-target">
          <line x1={mirror(rtl, 0, WIDTH - gutter + 4)} x2={mirror(rtl, 0, WIDTH - gutter + 4) + WIDTH - gutter + 4} y1={y(target.value)} y2={y(target.value)} />
          <text x={mirror(rtl, WIDTH - gutter + 7)} y={y(target.value) + 4} textAnchor="start">
            {target.label}
          </text>
        </g>
      )}
    </svg>
  );
}

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
  readonly colour: string;
}

/** Horizontal bars, a label at the inline start of each and its value at the end of the bar. */
export function BarChart({ title, bars, max }: { title: string; bars: readonly Bar[]; max: number }) {
  const rtl = useI18n().dir === 'rtl';
  const titleId = useId();
  const row = 24;
  const labelWidth = 150;
  const room = WIDTH - labelWidth - 44;
  const height = bars.length * row + 4;
  return (
    <svg className="sup-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
      <title id={titleId}>{title}</title>
      {bars.map((bar, i) => {
        const length = max === 0 ? 0 : (bar.value / max) * room;
        const y = i * row + 4;
        return (
          <g key={bar.key}>
            <title>{`${bar.label}: ${bar.valueText}`}</title>
            <text className="sup-chart-label" x={mirror(rtl, labelWidth - 8)} y={y + 13} textAnchor="end">
              {bar.label}
            </text>
            <rect className="sup-track" x={mirror(rtl, labelWidth, room)} y={y + 2} width={room} height={14} rx={2} />
            {length > 0 && <rect x={mirror(rtl, labelWidth, length)} y={y + 2} width={length} height={14} fill={bar.colour} rx={2} />}
            <text className="sup-chart-value" x={mirror(rtl, labelWidth + length + 5)} y={y + 13} textAnchor="start">
              {bar.valueText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Segment {
  readonly key: string;
  readonly value: number;
  readonly colour: string;
  /** Its tooltip: the label and the formatted count. */
  readonly description: string;
}

/** One bar split into parts (the share of each state), from the inline start; the counts are printed by the caller. */
export function StackedBar({ title, segments }: { title: string; segments: readonly Segment[] }) {
  const rtl = useI18n().dir === 'rtl';
  const titleId = useId();
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  let start = 0;
  return (
    <svg className="sup-stack" viewBox={`0 0 ${WIDTH} 16`} preserveAspectRatio="none" role="img" aria-labelledby={titleId}>
      <title id={titleId}>{title}</title>
      <rect className="sup-track" x={0} y={0} width={WIDTH} height={16} />
      {total > 0 &&
        segments.map((segment) => {
          const width = (segment.value / total) * WIDTH;
          const x = mirror(rtl, start, width);
          start += width;
          return segment.value === 0 ? null : (
            <rect key={segment.key} x={x} y={0} width={width} height={16} fill={segment.colour}>
              <title>{segment.description}</title>
            </rect>
          );
        })}
    </svg>
  );
}
