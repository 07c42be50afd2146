import { localPlane, type LatLon } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { DATEX_NS } from './feed-datex.js';

/** A named two-way street's edge of the demo city near its centre, long enough to measure on. */
export function streetEdge(graph: RoadGraph, centre: LatLon, skip = 0): { edge: number; tail: LatLon; head: LatLon; bearingDeg: number; road: string } {
  const plane = localPlane(centre);
  let found = 0;
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const name = graph.names[graph.nameIndex[e]!] ?? '';
    if (name === '' || graph.twin[e]! < 0 || graph.lengthM[e]! < 150 || graph.lengthM[e]! > 500) continue;
    if (Math.hypot(plane.x(graph.lon[a]!), plane.y(graph.lat[a]!)) > 2_000) continue;
    if (found++ < skip) continue;
    const tail = { lat: graph.lat[a]!, lon: graph.lon[a]! };
    const head = { lat: graph.lat[b]!, lon: graph.lon[b]! };
    const local = localPlane(tail);
    const bearingDeg = ((Math.atan2(local.x(head.lon), local.y(head.lat)) * 180) / Math.PI + 360) % 360;
    return { edge: e, tail, head, bearingDeg, road: name };
  }
  throw new Error('no street edge of 150 to 500 m within 2 km of the centre');
}

/** The point `fraction` of the way from a to b, moved `sideM` metres to its left. */
export function between(a: LatLon, b: LatLon, fraction: number, sideM = 0): LatLon {
  const plane = localPlane(a);
  const [bx, by] = [plane.x(b.lon), plane.y(b.lat)];
  const length = Math.hypot(bx, by);
  const [x, y] = [bx * fraction - (by / length) * sideM, by * fraction + (bx / length) * sideM];
  return { lat: a.lat + y / 111_195, lon: a.lon + x / (111_195 * Math.cos((a.lat * Math.PI) / 180)) };
}

const NAMESPACES = [
  `xmlns:mc="${DATEX_NS.container}"`,
  `xmlns:d2="${DATEX_NS.payload}"`,
  `xmlns:com="${DATEX_NS.common}"`,
  `xmlns:loc="${DATEX_NS.location}"`,
  `xmlns:roa="${DATEX_NS.roadTrafficData}"`,
  `xmlns:sit="${DATEX_NS.situation}"`,
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

const pointCoordinates = (p: LatLon) => `<loc:pointCoordinates><loc:latitude>${p.lat.toFixed(7)}</loc:latitude><loc:longitude>${p.lon.toFixed(7)}</loc:longitude></loc:pointCoordinates>`;

/**
 * A DATEX II v3 message container with a site table (one point site, with its bearing) and the
 * measured data of that site: an average speed at `at`.
 */
export function datexMeasured(site: { id: string; point: LatLon; bearingDeg: number }, kmh: number, at: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<mc:messageContainer ${NAMESPACES} modelBaseVersion="3">
  <mc:payload xsi:type="roa:MeasurementSiteTablePublication" lang="fr" modelBaseVersion="3">
    <com:publicationTime>${at}</com:publicationTime>
    <com:publicationCreator><com:country>ma</com:country><com:nationalIdentifier>CASA-TC</com:nationalIdentifier></com:publicationCreator>
    <roa:measurementSiteTable id="CASA-SITES" version="1">
      <roa:measurementSite id="${site.id}" version="1">
        <roa:measurementSiteLocation xsi:type="loc:PointLocation">
          <loc:pointByCoordinates><loc:bearing>${Math.round(site.bearingDeg)}</loc:bearing>${pointCoordinates(site.point)}</loc:pointByCoordinates>
        </roa:measurementSiteLocation>
      </roa:measurementSite>
    </roa:measurementSiteTable>
  </mc:payload>
  <mc:payload xsi:type="roa:MeasuredDataPublication" lang="fr" modelBaseVersion="3">
    <com:publicationTime>${at}</com:publicationTime>
    <com:publicationCreator><com:country>ma</com:country><com:nationalIdentifier>CASA-TC</com:nationalIdentifier></com:publicationCreator>
    <roa:measurementSiteTableReference id="CASA-SITES" version="1" targetClass="roa:MeasurementSiteTable"/>
    <roa:siteMeasurements>
      <roa:measurementSiteReference id="${site.id}" version="1" targetClass="roa:MeasurementSite"/>
      <roa:measurementTimeDefault>${at}</roa:measurementTimeDefault>
      <roa:physicalQuantity index="1">
        <roa:physicalQuantity xsi:type="roa:SinglePhysicalQuantity">
          <roa:basicData xsi:type="roa:TrafficSpeed"><roa:averageVehicleSpeed numberOfInputValuesUsed="14"><com:speed>${kmh}</com:speed></roa:averageVehicleSpeed></roa:basicData>
        </roa:physicalQuantity>
      </roa:physicalQuantity>
    </roa:siteMeasurements>
  </mc:payload>
</mc:messageContainer>`;
}

/** A DATEX II v3 situation publication: one road closed along a line (linearByCoordinates), valid from `start` to `end`. */
export function datexRoadClosed(record: { id: string; from: LatLon; to: LatLon; start: string; end: string | null; comment?: string }, options: { omitStart?: boolean } = {}): string {
  const start = options.omitStart === true ? '' : `<com:overallStartTime>${record.start}</com:overallStartTime>`;
  const end = record.end === null ? '' : `<com:overallEndTime>${record.end}</com:overallEndTime>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<d2:payload ${NAMESPACES} xsi:type="sit:SituationPublication" lang="fr" modelBaseVersion="3">
  <com:publicationTime>${record.start}</com:publicationTime>
  <com:publicationCreator><com:country>ma</com:country><com:nationalIdentifier>CASA-TC</com:nationalIdentifier></com:publicationCreator>
  <sit:situation id="SIT-${record.id}" version="1">
    <sit:overallSeverity>high</sit:overallSeverity>
    <sit:headerInformation><com:informationStatus>real</com:informationStatus></sit:headerInformation>
    <sit:situationRecord xsi:type="sit:RoadOrCarriagewayOrLaneManagement" id="${record.id}" version="1">
      <sit:situationRecordCreationTime>${record.start}</sit:situationRecordCreationTime>
      <sit:situationRecordVersionTime>${record.start}</sit:situationRecordVersionTime>
      <sit:probabilityOfOccurrence>certain</sit:probabilityOfOccurrence>
      <sit:validity>
        <com:validityStatus>definedByValidityTimeSpec</com:validityStatus>
        <com:validityTimeSpecification>${start}${end}</com:validityTimeSpecification>
      </sit:validity>
      <sit:generalPublicComment><sit:comment><com:values><com:value lang="fr">${record.comment ?? 'Route fermée'}</com:value></com:values></sit:comment></sit:generalPublicComment>
      <sit:locationReference xsi:type="loc:LinearLocation">
        <loc:linearExtension><loc:linearByCoordinates>
          <loc:startPoint>${pointCoordinates(record.from)}</loc:startPoint>
          <loc:endPoint>${pointCoordinates(record.to)}</loc:endPoint>
        </loc:linearByCoordinates></loc:linearExtension>
      </sit:locationReference>
      <sit:roadOrCarriagewayOrLaneManagementType>roadClosed</sit:roadOrCarriagewayOrLaneManagementType>
    </sit:situationRecord>
  </sit:situation>
</d2:payload>`;
}
