import type { ClosureReason } from '../contract/traffic.js';
import { localDateTime } from '../core/time-zone.js';
import type { PublishedClosure } from './closure.service.js';

/**
 * The closures published for other systems, in two standard forms: a Waze for Cities CIFS feed (JSON)
 * and a DATEX II v3 SituationPublication (XML). Both are built from the same list, one published item
 * per closed line (one road, one way of closing), in the direction closed.
 */

// --- Waze for Cities: CIFS ----------------------------------------------------------------------

/**
 * One CIFS incident (Waze, "CIFS specification", section "CIFS Elements",
 * https://developers.google.com/waze/data-feed/cifs-specification): `id`, `type` and `polyline` are
 * required, `street` and `starttime` are required for a ROAD_CLOSED, the rest requested or optional.
 */
export interface CifsIncident {
  readonly id: string;
  readonly type: 'ROAD_CLOSED';
  readonly subtype: CifsClosedSubtype;
  /** "lat lon lat lon ...", WGS 84, 6 decimals, in the direction of the traffic closed. */
  readonly polyline: string;
  readonly street: string;
  /** ISO 8601 with the offset: 2026-12-07T10:00:00+01:00. */
  readonly starttime: string;
  readonly endtime?: string;
  readonly creationtime: string;
  readonly updatetime: string;
  readonly description: string;
  readonly direction: 'BOTH_DIRECTIONS' | 'ONE_DIRECTION';
}

/** CIFS subtypes of ROAD_CLOSED (same section, "allowed subtypes per type"). */
export type CifsClosedSubtype = 'ROAD_CLOSED_HAZARD' | 'ROAD_CLOSED_CONSTRUCTION' | 'ROAD_CLOSED_EVENT';

/** Our coded causes in CIFS: works are construction, events are events, the rest a hazard. */
const cifsSubtype: Readonly<Record<ClosureReason, CifsClosedSubtype>> = {
  works: 'ROAD_CLOSED_CONSTRUCTION',
  event: 'ROAD_CLOSED_EVENT',
  accident: 'ROAD_CLOSED_HAZARD',
  police_operation: 'ROAD_CLOSED_HAZARD',
  flooding: 'ROAD_CLOSED_HAZARD',
  other: 'ROAD_CLOSED_HAZARD',
};

/**
 * What drivers read when the operator wrote nothing: the cause in French, the language of Casablanca's
 * road signs beside Arabic (Waze shows the description as given).
 */
const reasonDescription: Readonly<Record<ClosureReason, string>> = {
  works: 'Route fermée : travaux',
  event: 'Route fermée : événement',
  accident: 'Route fermée : accident',
  police_operation: 'Route fermée : opération de police',
  flooding: 'Route fermée : inondation',
  other: 'Route fermée',
};
const CORDON_DESCRIPTION = 'Route fermée : périmètre de sécurité';

const lineString = (coordinates: readonly (readonly [number, number])[]) => coordinates.map(([lon, lat]) => `${lat.toFixed(6)} ${lon.toFixed(6)}`).join(' ');

function descriptionOf(closure: PublishedClosure): string {
  if (closure.reasonText !== null) return closure.reasonText;
  return closure.reason === null ? CORDON_DESCRIPTION : (reasonDescription[closure.reason as ClosureReason] ?? reasonDescription.other);
}

/**
 * The CIFS JSON feed: `{ incidents: [...] }`, one incident per closed line. A line of an unnamed road is
 * left out: CIFS requires the street of a closure, and Waze matches closures to its map by it.
 * @example cifsFeed(closures) // { incidents: [{ id: 'closure-12-1', type: 'ROAD_CLOSED', polyline: '33.573100 -7.589800 ...', ... }] }
 */
export function cifsFeed(closures: readonly PublishedClosure[]): { incidents: CifsIncident[] } {
  const incidents: CifsIncident[] = [];
  for (const closure of closures) {
    closure.lines.forEach((line, i) => {
      if (line.road === '' || line.coordinates.length < 2) return;
      incidents.push({
        id: `${closure.id}-${i + 1}`,
        type: 'ROAD_CLOSED',
        subtype: closure.reason === null ? 'ROAD_CLOSED_HAZARD' : (cifsSubtype[closure.reason as ClosureReason] ?? 'ROAD_CLOSED_HAZARD'),
        polyline: lineString(line.coordinates),
        street: line.road,
        starttime: localDateTime(new Date(closure.startsAt)),
        ...(closure.endsAt === null ? {} : { endtime: localDateTime(new Date(closure.endsAt)) }),
        creationtime: localDateTime(new Date(closure.createdAt)),
        updatetime: localDateTime(new Date(closure.updatedAt)),
        description: descriptionOf(closure),
        direction: line.bothWays ? 'BOTH_DIRECTIONS' : 'ONE_DIRECTION',
      });
    });
  }
  return { incidents };
}

// --- DATEX II v3 --------------------------------------------------------------------------------

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Our coded causes as DATEX II v3 `CauseTypeEnum` values (situation namespace, class `Cause`):
 * works → roadMaintenance, an event → roadsideEvent, a police operation → securityIncident, flooding
 * → obstruction (water over the road), an accident → accident.
 */
const datexCause: Readonly<Record<ClosureReason, string>> = {
  works: 'roadMaintenance',
  event: 'roadsideEvent',
  accident: 'accident',
  police_operation: 'securityIncident',
  flooding: 'obstruction',
  other: 'other',
};

export interface DatexOptions {
  /** When the publication is made (the clock's now). */
  readonly at: Date;
  /** The publisher's national identifier (the agency, AMANE_AGENCY_ID). */
  readonly publisher: string;
  /** ISO 3166-1 alpha-2, lower case: `ma`. */
  readonly country: string;
}

/**
 * A DATEX II v3 SituationPublication (CEN/TS 16157-3, the v3 XML schema namespaces
 * `http://datex2.eu/schema/3/...`): one situation per closure, one `RoadOrCarriagewayOrLaneManagement`
 * record per closed line, of type `roadClosed`, with its validity (start, end), cause, public comment
 * and a linear location given as a GML line string (`SingleRoadLinearLocation`, positions "lat lon").
 */
export function datexSituationPublication(closures: readonly PublishedClosure[], options: DatexOptions): string {
  const at = options.at.toISOString();
  const situations = closures
    .filter((closure) => closure.lines.some((line) => line.coordinates.length >= 2))
    .map((closure) => {
      const records = closure.lines
        .filter((line) => line.coordinates.length >= 2)
        .map((line, i) => {
          const cause = closure.reason === null ? 'securityIncident' : (datexCause[closure.reason as ClosureReason] ?? 'other');
          const name = line.road === '' ? '' : `\n          <loc:roadInformation><loc:roadName><com:values><com:value lang="fr">${escapeXml(line.road)}</com:value></com:values></loc:roadName></loc:roadInformation>`;
          return `      <sit:situationRecord xsi:type="sit:RoadOrCarriagewayOrLaneManagement" id="${escapeXml(closure.id)}-${i + 1}" version="${closure.version}">
        <sit:situationRecordCreationTime>${new Date(closure.createdAt).toISOString()}</sit:situationRecordCreationTime>
        <sit:situationRecordVersionTime>${new Date(closure.updatedAt).toISOString()}</sit:situationRecordVersionTime>
        <sit:probabilityOfOccurrence>certain</sit:probabilityOfOccurrence>
        <sit:validity>
          <com:validityStatus>definedByValidityTimeSpec</com:validityStatus>
          <com:validityTimeSpecification>
            <com:overallStartTime>${new Date(closure.startsAt).toISOString()}</com:overallStartTime>${closure.endsAt === null ? '' : `\n            <com:overallEndTime>${new Date(closure.endsAt).toISOString()}</com:overallEndTime>`}
          </com:validityTimeSpecification>
        </sit:validity>
        <sit:cause xsi:type="sit:Cause">
          <sit:causeType>${cause}</sit:causeType>
        </sit:cause>
        <sit:generalPublicComment>
          <com:comment><com:values><com:value lang="fr">${escapeXml(descriptionOf(closure))}</com:value></com:values></com:comment>
        </sit:generalPublicComment>
        <sit:locationReference xsi:type="loc:SingleRoadLinearLocation">${name}
          <loc:gmlLineString srsName="EPSG:4326">
            <loc:posList>${lineString(line.coordinates)}</loc:posList>
          </loc:gmlLineString>
        </sit:locationReference>
        <sit:complianceOption>mandatory</sit:complianceOption>
        <sit:roadOrCarriagewayOrLaneManagementType>roadClosed</sit:roadOrCarriagewayOrLaneManagementType>
      </sit:situationRecord>`;
        });
      return `    <sit:situation id="${escapeXml(closure.id)}">
      <sit:headerInformation>
        <com:confidentiality>noRestriction</com:confidentiality>
        <com:informationStatus>real</com:informationStatus>
      </sit:headerInformation>
${records.join('\n')}
    </sit:situation>`;
    });
  return `<?xml version="1.0" encoding="UTF-8"?>
<d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload" xmlns:com="http://datex2.eu/schema/3/common" xmlns:sit="http://datex2.eu/schema/3/situation" xmlns:loc="http://datex2.eu/schema/3/locationReferencing" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="sit:SituationPublication" lang="fr" modelBaseVersion="3">
  <com:publicationTime>${at}</com:publicationTime>
  <com:publicationCreator>
    <com:country>${escapeXml(options.country)}</com:country>
    <com:nationalIdentifier>${escapeXml(options.publisher)}</com:nationalIdentifier>
  </com:publicationCreator>
${situations.join('\n')}
</d2:payload>
`;
}
