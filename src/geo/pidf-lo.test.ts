import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import fc from 'fast-check';
import { formatPidfLo, parsePidfLo } from './pidf-lo.js';

/** A PIDF-LO document shaped as in RFC 5491's examples, around the given location-info content. */
function pidf(locationInfo: string, options: { extra?: string; method?: string; rootNs?: string; geoprivNs?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="${options.rootNs ?? 'urn:ietf:params:xml:ns:pidf'}"
    xmlns:gp="${options.geoprivNs ?? 'urn:ietf:params:xml:ns:pidf:geopriv10'}"
    xmlns:gml="http://www.opengis.net/gml"
    xmlns:gs="http://www.opengis.net/pidflo/1.0"
    xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"
    xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
    entity="pres:+212600000000@casablanca.example">
  <dm:device id="handset">
    <gp:geopriv>
      <gp:location-info>
        ${locationInfo}
      </gp:location-info>
      <gp:usage-rules/>
      <gp:method>${options.method ?? 'GPS'}</gp:method>
    </gp:geopriv>
    <dm:deviceID>mac:00-11-22-33-44-55</dm:deviceID>
    <timestamp>2026-03-01T08:00:05Z</timestamp>
  </dm:device>
  ${options.extra ?? ''}
</presence>`;
}

const point = '<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>33.5731 -7.5898</gml:pos></gml:Point>';
const circle = `<gs:Circle srsName="urn:ogc:def:crs:EPSG::4326">
  <gml:pos>33.5950 -7.6187</gml:pos>
  <gs:radius uom="urn:ogc:def:uom:EPSG::9001">850</gs:radius>
</gs:Circle>`;
const civic = `<ca:civicAddress xml:lang="fr">
  <ca:country>MA</ca:country>
  <ca:A1>Casablanca-Settat</ca:A1>
  <ca:A3>Casablanca</ca:A3>
  <ca:A4>Anfa</ca:A4>
  <ca:RD>Boulevard Mohammed V</ca:RD>
  <ca:HNO>120</ca:HNO>
  <ca:PC>20250</ca:PC>
</ca:civicAddress>`;

function refusal(xml: string): string {
  try {
    parsePidfLo(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain.code).toBe('validation');
    expect(domain.errors[0]?.field).toBe('location');
    return domain.message;
  }
  throw new Error('expected the document to be refused');
}

describe('PIDF-LO caller location', () => {
  it('reads a geodetic point (latitude first, as EPSG 4326 orders it), the method and the time', () => {
    expect(parsePidfLo(pidf(point))).toEqual({
      geodetic: { shape: 'point', lat: 33.5731, lon: -7.5898 },
      method: 'GPS',
      timestamp: '2026-03-01T08:00:05.000Z',
    });
  });

  it('reads a circle with its radius of uncertainty in metres', () => {
    expect(parsePidfLo(pidf(circle, { method: 'Cell' })).geodetic).toEqual({ shape: 'circle', lat: 33.595, lon: -7.6187, radiusM: 850 });
  });

  it('reads a 3D point with its altitude', () => {
    const xml = pidf('<gml:Point srsName="urn:ogc:def:crs:EPSG::4979"><gml:pos>33.5731 -7.5898 42.5</gml:pos></gml:Point>');
    expect(parsePidfLo(xml).geodetic).toEqual({ shape: 'point', lat: 33.5731, lon: -7.5898, altitudeM: 42.5 });
  });

  it('reads a civic address, alone or beside a geodetic shape', () => {
    expect(parsePidfLo(pidf(civic)).civic).toEqual({
      country: 'MA',
      A1: 'Casablanca-Settat',
      A3: 'Casablanca',
      A4: 'Anfa',
      RD: 'Boulevard Mohammed V',
      HNO: '120',
      PC: '20250',
    });
    const both = parsePidfLo(pidf(`${circle}${civic}`));
    expect(both.geodetic?.shape).toBe('circle');
    expect(both.civic?.RD).toBe('Boulevard Mohammed V');
  });

  it('refuses control characters in a value (XML forbids them), and folds line breaks into spaces', () => {
    expect(refusal(pidf('<ca:civicAddress><ca:country>MA</ca:country><ca:RD>Bd&#x7;Zerktouni</ca:RD></ca:civicAddress>'))).toMatch(/not well-formed XML/);
    const folded = parsePidfLo(pidf('<ca:civicAddress><ca:country>MA</ca:country><ca:RD>Boulevard\n\t  Zerktouni</ca:RD></ca:civicAddress>'));
    expect(folded.civic?.RD).toBe('Boulevard Zerktouni');
  });

  it('keeps Arabic civic names as written', () => {
    const xml = pidf('<ca:civicAddress xml:lang="ar"><ca:country>MA</ca:country><ca:A3>الدار البيضاء</ca:A3><ca:RD>شارع محمد الخامس</ca:RD></ca:civicAddress>');
    expect(parsePidfLo(xml).civic).toEqual({ country: 'MA', A3: 'الدار البيضاء', RD: 'شارع محمد الخامس' });
  });

  it('refuses malformed XML, saying where', () => {
    expect(refusal(pidf(point).replace('</gml:Point>', '</gml:Pint>'))).toMatch(/not well-formed XML/);
    expect(refusal('<presence xmlns="urn:ietf:params:xml:ns:pidf">')).toMatch(/not well-formed XML/);
    expect(refusal('not xml at all')).toMatch(/not well-formed XML/);
  });

  it('refuses a document whose root is not PIDF presence, or whose location is in the wrong namespace', () => {
    expect(refusal(pidf(point, { rootNs: 'urn:example:not-pidf' }))).toContain('is not a PIDF document: its root is {urn:example:not-pidf}presence');
    expect(refusal(pidf(point, { geoprivNs: 'urn:example:geopriv' }))).toContain('holds no location');
    const pointInWrongNs = point.replaceAll('gml:', 'gs:');
    expect(refusal(pidf(pointInWrongNs))).toContain('Point is in the namespace http://www.opengis.net/pidflo/1.0');
  });

  it('refuses coordinates out of range or not numbers', () => {
    expect(refusal(pidf(point.replace('33.5731 -7.5898', '91.2 -7.5898')))).toContain('latitude 91.2 is out of range');
    expect(refusal(pidf(point.replace('33.5731 -7.5898', '33.5731 -187.5')))).toContain('longitude -187.5 is out of range');
    expect(refusal(pidf(point.replace('33.5731 -7.5898', '33.5731')))).toContain('must be latitude longitude');
    expect(refusal(pidf(point.replace('33.5731 -7.5898', 'NaN Infinity')))).toContain('must be latitude longitude');
    expect(refusal(pidf(point.replace('33.5731 -7.5898', '0x21 7')))).toContain('must be latitude longitude');
  });

  it('refuses a coordinate system other than WGS 84, a radius not in metres, and a shape it does not handle', () => {
    expect(refusal(pidf(point.replace('EPSG::4326', 'EPSG::3857')))).toContain('is not WGS 84');
    expect(refusal(pidf(circle.replace('EPSG::9001', 'EPSG::9002')))).toContain('must be in metres');
    expect(refusal(pidf(circle.replace('>850<', '>-5<')))).toContain('must be a distance in metres above 0');
    const polygon = '<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>33.5 -7.6 33.6 -7.6 33.6 -7.5 33.5 -7.6</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>';
    expect(refusal(pidf(polygon))).toContain('the Polygon shape is not supported');
  });

  it('refuses external entities and entity expansion (XXE) without resolving anything', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE presence [ <!ENTITY loc SYSTEM "file:///etc/passwd"> ]>
${pidf(point).replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('33.5731 -7.5898', '&loc;')}`;
    expect(refusal(xxe)).toContain('must not contain a DOCTYPE or entity declarations');
    const bomb = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${pidf(point)}`;
    expect(refusal(bomb)).toContain('DOCTYPE');
    // An entity reference without a declaration is simply malformed.
    expect(refusal(pidf(point.replace('33.5731 -7.5898', '&loc;')))).toMatch(/not well-formed XML/);
  });

  it('refuses a 5 MB body before parsing it, and absurd nesting', () => {
    const huge = pidf(point, { extra: `<note>${'x'.repeat(5 * 1024 * 1024)}</note>` });
    expect(refusal(huge)).toContain('is larger than 64 KiB');
    const deep = pidf(point, { extra: '<a>'.repeat(40) + '</a>'.repeat(40) });
    expect(refusal(deep)).toContain('nests elements deeper than 32 levels');
  });

  it('refuses a document with no location in it', () => {
    expect(refusal(pidf(''))).toContain('holds no location');
  });
});

describe('PIDF-LO writing', () => {
  it('writes what the parser reads back: point, circle and civic address, special characters escaped', () => {
    const civicText = fc.string({ minLength: 1, maxLength: 60 }).map((s) => s.replace(/[\p{Cc}\ufffe\uffff]/gu, ' ').replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
    fc.assert(
      fc.property(
        // -0 is written as 0, as any decimal writer does.
        fc.double({ min: -90, max: 90, noNaN: true }).map((x) => x + 0),
        fc.double({ min: -180, max: 180, noNaN: true }).map((x) => x + 0),
        fc.option(fc.double({ min: 0.5, max: 100_000, noNaN: true }), { nil: undefined }),
        fc.option(civicText, { nil: undefined }),
        (lat, lon, radiusM, loc) => {
          const xml = formatPidfLo({ lat, lon, ...(radiusM === undefined ? {} : { radiusM }), ...(loc === undefined ? {} : { civic: { country: 'MA', LOC: loc } }), entity: 'pres:x@amane', timestamp: '2026-11-29T10:00:00.000Z' });
          const read = parsePidfLo(xml);
          expect(read.geodetic).toEqual({ shape: radiusM === undefined ? 'point' : 'circle', lat, lon, ...(radiusM === undefined ? {} : { radiusM }) });
          expect(read.civic).toEqual(loc === undefined ? undefined : { country: 'MA', LOC: loc });
          expect(read.timestamp).toBe('2026-11-29T10:00:00.000Z');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a civic-only document, leaving out names RFC 5139 does not define', () => {
    const read = parsePidfLo(formatPidfLo({ civic: { country: 'MA', A3: 'Casablanca', RD: 'Boulevard <Zerktouni> & co', bogus: 'x' }, method: 'Manual', entity: 'pres:y', timestamp: '2026-11-29T10:00:00.000Z' }));
    expect(read).toEqual({ civic: { country: 'MA', A3: 'Casablanca', RD: 'Boulevard <Zerktouni> & co' }, method: 'Manual', timestamp: '2026-11-29T10:00:00.000Z' });
  });
});
