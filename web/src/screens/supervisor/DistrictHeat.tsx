import { useId, useMemo } from 'react';
import { useI18n, type I18n } from '../../i18n';
import type { DistrictCount } from './liveKpis';
import { useResource } from '../../useResource';

interface AreaProperties {
  readonly code: string;
  readonly name: string;
  readonly name_ar: string | null;
}

type Areas = GeoJSON.FeatureCollection<GeoJSON.MultiPolygon | GeoJSON.Polygon, AreaProperties>;

interface DrawnArea {
  readonly code: string;
  readonly name: string;
  readonly nameAr: string | null;
  readonly path: string;
  readonly label: readonly [number, number];
  /** How wide the largest piece is, so that a long name in a small district is drawn smaller. */
  readonly labelRoom: number;
}

const WIDTH = 600;
const PAD = 6;

/**
 * The districts as SVG paths. Over a city, longitude times cos(latitude) against latitude is close
 * enough to the map's projection, and needs no map library.
 */
function project(areas: Areas): { areas: DrawnArea[]; height: number } {
  const polygonsOf = (geometry: GeoJSON.MultiPolygon | GeoJSON.Polygon) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const feature of areas.features)
    for (const polygon of polygonsOf(feature.geometry))
      for (const [lon = 0, lat = 0] of polygon[0] ?? []) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 2 * PAD) / Math.max((maxLon - minLon) * k, 1e-9);
  const xy = ([lon = 0, lat = 0]: GeoJSON.Position): [number, number] => [PAD + (lon - minLon) * k * scale, PAD + (maxLat - lat) * scale];
  const drawn = areas.features.map((feature) => {
    const polygons = polygonsOf(feature.geometry).map((rings) => rings.map((ring) => ring.map(xy)));
    const path = polygons
      .flatMap((rings) => rings.map((ring) => `M${ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}Z`))
      .join('');
    // The name goes at the centre of the largest piece.
    const largest = polygons.map((rings) => rings[0] ?? []).reduce((best, ring) => (Math.abs(ringArea(ring)) > Math.abs(ringArea(best)) ? ring : best), [] as [number, number][]);
    const xs = largest.map(([x]) => x);
    const labelRoom = xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs);
    return { code: feature.properties.code, name: feature.properties.name, nameAr: feature.properties.name_ar, path, label: centroid(largest), labelRoom };
  });
  return { areas: drawn, height: Math.ceil((maxLat - minLat) * scale + 2 * PAD) };
}

function ringArea(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

function centroid(ring: readonly [number, number][]): [number, number] {
  const area = ringArea(ring);
  if (area === 0) return ring[0] ?? [0, 0];
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (6 * area), cy / (6 * area)];
}

// From a pale sand (one incident) to the console's danger red (the busiest district); none is grey.
const EMPTY_FILL = '#eef1f4';
const LOW: readonly [number, number, number] = [0xfd, 0xe3, 0xc4];
const HIGH: readonly [number, number, number] = [0xb7, 0x1c, 0x1c];

/** The fill of a district with `n` open incidents when the busiest has `max`. */
export function heatColour(n: number, max: number): string {
  if (n <= 0 || max <= 0) return EMPTY_FILL;
  const t = max === 1 ? 1 : (n - 1) / (max - 1);
  const channel = (i: 0 | 1 | 2) => Math.round(LOW[i] + (HIGH[i] - LOW[i]) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/** The district's name in the operator's language: Arabic names in Arabic. */
function districtName(i18n: I18n, district: { code: string | null; name: string | null; nameAr: string | null }): string {
  if (district.code === null) return i18n.t('supervisor.outside');
  const name = i18n.language === 'ar' ? (district.nameAr ?? district.name) : district.name;
  return name ?? i18n.t('supervisor.formerDistrict', { code: district.code });
}

/** Open incidents per district: a choropleth of the districts and, as its accessible equivalent, a sorted table. */
export function DistrictHeat({ byDistrict }: { byDistrict: readonly DistrictCount[] }) {
  const i18n = useI18n();
  const titleId = useId();
  // undefined while asked; null when the centre could not say (no districts drawn, the table stays).
  const read = useResource<Areas>('/areas');
  const areas = read.data ?? (read.error !== null || read.missing ? null : undefined);
  const drawing = useMemo(() => (areas === undefined || areas === null || areas.features.length === 0 ? null : project(areas)), [areas]);
  const counts = new Map(byDistrict.map((district) => [district.code, district]));
  const max = Math.max(0, ...byDistrict.filter((district) => district.code !== null).map((district) => district.open));
  // Districts with nothing today share one line, so the table stays short enough to read at a glance.
  const busy = (district: DistrictCount) => district.open + district.created > 0;
  const quiet = byDistrict
    .filter((district) => !busy(district))
    .map((district) => districtName(i18n, district))
    .sort((a, b) => a.localeCompare(b, i18n.language));
  const rows = byDistrict
    .filter(busy)
    .sort((a, b) => b.open - a.open || b.created - a.created || districtName(i18n, a).localeCompare(districtName(i18n, b), i18n.language));
  const describe = (district: DistrictCount) =>
    i18n.t('supervisor.districtTitle', { name: districtName(i18n, district), open: i18n.number(district.open), created: i18n.number(district.created) });

  return (
    <div className="sup-heat">
      {drawing === null ? (
        areas !== undefined && <p className="empty">{i18n.t('supervisor.noAreas')}</p>
      ) : (
        <figure className="sup-heat-map">
          <svg viewBox={`0 0 ${WIDTH} ${drawing.height}`} role="img" aria-labelledby={titleId}>
            <title id={titleId}>{i18n.t('supervisor.districtMap')}</title>
            {drawing.areas.map((area) => {
              const count = counts.get(area.code) ?? { code: area.code, name: area.name, nameAr: area.nameAr, open: 0, created: 0 };
              return (
                <path key={area.code} d={area.path} fill={heatColour(count.open, max)} className="sup-district" data-code={area.code} data-open={count.open}>
                  <title>{describe(count)}</title>
                </path>
              );
            })}
            {drawing.areas.map((area) => {
              const open = counts.get(area.code)?.open ?? 0;
              const dark = max > 0 && open > 0 && (open - 1) / Math.max(max - 1, 1) > 0.5;
              const name = districtName(i18n, { code: area.code, name: area.name, nameAr: area.nameAr });
              // About 0.58 em a letter: shrink the name until it fits most of its district's width.
              const fontSize = Math.max(6.5, Math.min(11, (area.labelRoom * 0.75) / (name.length * 0.58)));
              return (
                <text key={area.code} className={`sup-district-label${dark ? ' dark' : ''}`} x={area.label[0]} y={area.label[1]} fontSize={fontSize.toFixed(1)} textAnchor="middle" aria-hidden="true">
                  <tspan x={area.label[0]} dy={open > 0 ? '-0.2em' : '0.35em'}>
                    {name}
                  </tspan>
                  {open > 0 && (
                    <tspan className="count" x={area.label[0]} dy="1.15em">
                      {i18n.number(open)}
                    </tspan>
                  )}
                </text>
              );
            })}
          </svg>
          <figcaption className="sup-legend">
            <span>{i18n.t('supervisor.legend')}</span>
            <span className="sup-legend-scale">
              <span className="sup-swatch" style={{ background: EMPTY_FILL }} aria-hidden="true" /> {i18n.number(0)}
              {max > 0 && (
                <>
                  <span className="sup-swatch" style={{ background: heatColour(1, max) }} aria-hidden="true" /> {i18n.number(1)}
                </>
              )}
              {max > 1 && (
                <>
                  <span className="sup-gradient" style={{ background: `linear-gradient(${i18n.dir === 'rtl' ? 'to left' : 'to right'}, ${heatColour(1, max)}, ${heatColour(max, max)})` }} aria-hidden="true" />{' '}
                  {i18n.number(max)}
                </>
              )}
            </span>
          </figcaption>
        </figure>
      )}
      {rows.length + quiet.length > 0 && (
        <table className="list sup-heat-table">
          <caption className="sr-only">{i18n.t('supervisor.districts')}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('field.district')}</th>
              <th scope="col" className="num">
                {i18n.t('supervisor.open')}
              </th>
              <th scope="col" className="num">
                {i18n.t('supervisor.created')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((district) => (
              <tr key={district.code ?? ''} data-code={district.code ?? ''} className={district.open === 0 ? 'quiet' : undefined}>
                <th scope="row">
                  <span className="sup-swatch" style={{ background: heatColour(district.open, max) }} aria-hidden="true" /> {districtName(i18n, district)}
                </th>
                <td className="num">{i18n.number(district.open)}</td>
                <td className="num">{i18n.number(district.created)}</td>
              </tr>
            ))}
            {quiet.length > 0 && (
              <tr className="quiet" data-code="">
                <td colSpan={3}>{i18n.t('supervisor.quietDistricts', { n: i18n.number(quiet.length), names: new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' }).format(quiet) })}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
