import type { I18n, MessageKey } from '../i18n';

/** Where the server's streets come from (`origin` of `GET /roads`). */
export type RoadOrigin = 'generated' | 'openstreetmap' | 'other';

/** The roads as `GET /roads` describes them, besides their features. */
export interface RoadsCredit {
  readonly origin?: RoadOrigin;
  readonly attribution?: string;
}

const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';
const ODBL = 'https://opendatacommons.org/licenses/odbl/';

/**
 * The roads' credit for MapLibre's attribution control (which keeps `a`, `bdi` and their `href`, `dir`
 * and `lang`), in the operator's language: OpenStreetMap's contributors with the link to its copyright
 * and licence page, as the ODbL asks, and the ODbL itself when the data names it; the demo city said to be
 * generated, not map data. Names (OpenStreetMap, ODbL) are isolated as names. Any other source is credited
 * in its own words, which no translation file holds, isolated as data.
 *
 *   roadsAttribution({ origin: 'openstreetmap', attribution: '© OpenStreetMap contributors, ODbL 1.0' }, ar)
 *   // '<a href="https://www.openstreetmap.org/copyright" ...>© مساهمو <bdi>OpenStreetMap</bdi></a>، <a ...>رخصة <bdi>ODbL</bdi></a>'
 */
export function roadsAttribution(credit: RoadsCredit, i18n: Pick<I18n, 't' | 'language'>): string {
  const origin = credit.origin ?? (credit.attribution === undefined || /\bOpenStreetMap\b/i.test(credit.attribution) ? 'openstreetmap' : 'other');
  if (origin === 'generated') return escapeHtml(i18n.t('map.generatedStreets'));
  if (origin === 'other') return credit.attribution === undefined ? '' : `<bdi dir="auto">${escapeHtml(credit.attribution)}</bdi>`;
  const contributors = link(OSM_COPYRIGHT, withName(i18n, 'map.osmContributors', 'OpenStreetMap'));
  if (!/\bODbL\b/.test(credit.attribution ?? '')) return contributors;
  return `${contributors}${escapeHtml(i18n.t('map.creditSeparator'))}${link(ODBL, withName(i18n, 'map.licence', 'ODbL'))}`;
}

/** A translation whose `{name}` is a name, isolated in `<bdi>` (in its own direction, whatever the text around). */
function withName(i18n: Pick<I18n, 't' | 'language'>, key: MessageKey, name: string): string {
  return i18n
    .t(key)
    .split('{name}')
    .map(escapeHtml)
    .join(`<bdi dir="ltr">${escapeHtml(name)}</bdi>`);
}

function link(href: string, html: string): string {
  return `<a href="${href}" target="_blank" rel="noopener noreferrer">${html}</a>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
