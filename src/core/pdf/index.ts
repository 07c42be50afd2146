/** Server-side PDF: bilingual (Arabic right to left, French left to right) official documents and report charts. */
export { formatDayFirst, renderDocument, type BilingualDocument, type BilingualText, type DocumentField } from './bilingual-document.js';
export { niceStep, paintBarChart, type BarChart, type ChartBox } from './bar-chart.js';
export { lineHeightFor, paintLines, registerFaces, settlePageDirection, type TextBox } from './pdf-text.js';
export { shapeLine, wrapText, type Direction } from './text-shaping.js';
