import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { DATEX_NS, readDatexFeed } from './feed-datex.js';

const ns = `xmlns:d2="${DATEX_NS.payload}" xmlns:com="${DATEX_NS.common}" xmlns:loc="${DATEX_NS.location}" xmlns:sit="${DATEX_NS.situation}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;

/** A situation publication of the given records. */
const situations = (records: string) => `<d2:payload ${ns} xsi:type="sit:SituationPublication" lang="fr" modelBaseVersion="3"><com:publicationTime>2026-12-07T08:00:00Z</com:publicationTime><sit:situation id="S1" version="1">${records}</sit:situation></d2:payload>`;
const validity = (status = 'active') =>
  `<sit:validity><com:validityStatus>${status}</com:validityStatus><com:validityTimeSpecification><com:overallStartTime>2026-12-07T07:00:00+01:00</com:overallStartTime></com:validityTimeSpecification></sit:validity>`;

/** The field a refusal names. */
function refusedField(xml: string): string {
  try {
    readDatexFeed(xml);
  } catch (error) {
    if (error instanceof DomainError) return error.errors[0]!.field;
    throw error;
  }
  throw new Error('not refused');
}

describe('the DATEX II v3 reader', () => {
  it('reads an accident on a GML line string, an abnormal traffic on an itinerary, and leaves suspended records out', () => {
    const content = readDatexFeed(
      situations(`
        <sit:situationRecord xsi:type="sit:Accident" id="A1" version="1">${validity()}
          <sit:locationReference xsi:type="loc:LinearLocation"><loc:gmlLineString><loc:posList>33.5 -7.6 33.51 -7.61 33.52 -7.6</loc:posList></loc:gmlLineString></sit:locationReference>
          <sit:accidentType>collision</sit:accidentType>
        </sit:situationRecord>
        <sit:situationRecord xsi:type="sit:AbnormalTraffic" id="T1" version="1">${validity()}
          <sit:locationReference xsi:type="loc:ItineraryByIndexedLocations">
            <loc:locationContainedInItinerary index="2"><loc:location xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates><loc:latitude>33.6</loc:latitude><loc:longitude>-7.5</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates></loc:location></loc:locationContainedInItinerary>
            <loc:locationContainedInItinerary index="1"><loc:location xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates><loc:latitude>33.59</loc:latitude><loc:longitude>-7.51</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates></loc:location></loc:locationContainedInItinerary>
          </sit:locationReference>
        </sit:situationRecord>
        <sit:situationRecord xsi:type="sit:MaintenanceWorks" id="W1" version="1">${validity('suspended')}
          <sit:locationReference xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates><loc:latitude>33.6</loc:latitude><loc:longitude>-7.5</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates></sit:locationReference>
        </sit:situationRecord>`),
    );
    expect(content.events).toEqual([
      { id: 'A1', kind: 'accident', closesRoad: false, points: [{ lat: 33.5, lon: -7.6 }, { lat: 33.51, lon: -7.61 }, { lat: 33.52, lon: -7.6 }], bearingDeg: null, startsAt: '2026-12-07T06:00:00.000Z', endsAt: null, description: null },
      { id: 'T1', kind: 'abnormal_traffic', closesRoad: false, points: [{ lat: 33.59, lon: -7.51 }, { lat: 33.6, lon: -7.5 }], bearingDeg: null, startsAt: '2026-12-07T06:00:00.000Z', endsAt: null, description: null },
    ]);
  });

  it('refuses another version, a DTD, an unread location type and an out-of-range coordinate, naming where', () => {
    expect(refusedField('<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0"/>')).toBe('body');
    expect(refusedField('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toBe('body');
    expect(refusedField(situations(`<sit:situationRecord xsi:type="sit:Accident" id="A1">${validity()}<sit:locationReference xsi:type="loc:AlertCLinear"/></sit:situationRecord>`))).toBe('situationRecord[A1].locationReference');
    expect(
      refusedField(
        situations(`<sit:situationRecord xsi:type="sit:Accident" id="A1">${validity()}<sit:locationReference xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates><loc:latitude>93</loc:latitude><loc:longitude>-7.5</loc:longitude></loc:pointCoordinates></loc:pointByCoordinates></sit:locationReference></sit:situationRecord>`),
      ),
    ).toBe('situationRecord[A1].locationReference.pointByCoordinates.pointCoordinates.latitude');
    expect(refusedField(`<d2:payload ${ns} xsi:type="sit:ElaboratedDataPublication"/>`)).toBe('payload[0]');
  });
});
