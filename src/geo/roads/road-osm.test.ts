import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { sharedDataFile } from '../../core/testing.js';
import { buildRoadGraph, stronglyConnectedComponents, weaklyConnectedComponents } from './road-graph.js';
import { parseOsmXml } from './road-osm.js';
import { route } from './road-routing.js';

// A block of four streets, about 93 m by 111 m; Rue A is one-way against its drawing (oneway=-1).
const node = (id: number, lat: number, lon: number) => `<node id="${id}" lat="${lat}" lon="${lon}"/>`;
const wayXml = (id: number, refs: number[], tags: Record<string, string>) =>
  `<way id="${id}">${refs.map((ref) => `<nd ref="${ref}"/>`).join('')}${Object.entries(tags).map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join('')}</way>`;
const block = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  ${node(1, 33.59, -7.6)}${node(2, 33.59, -7.601)}${node(3, 33.591, -7.601)}${node(4, 33.591, -7.6)}
  ${wayXml(10, [1, 2], { highway: 'residential', oneway: '-1', name: 'Rue A', maxspeed: '30' })}
  ${wayXml(11, [2, 3, 4], { highway: 'tertiary', name: 'Rue B' })}
  ${wayXml(12, [4, 1], { highway: 'residential', oneway: 'no', ref: 'R1' })}
  ${extra}
</osm>`;

describe('OSM XML', () => {
  it('reads ways by their nodes, with class, limit and name (else ref)', () => {
    const parsed = parseOsmXml(block());
    expect(parsed.ways.map((w) => [w.nodeKeys, w.roadClass, w.oneWay, w.maxSpeedKmh, w.name])).toEqual([
      [['1', '2'], 'residential', 'backward', 30, 'Rue A'],
      [['2', '3', '4'], 'tertiary', 'both', 0, 'Rue B'],
      [['4', '1'], 'residential', 'both', 0, 'R1'],
    ]);
    expect(parsed.attribution).toBe('© OpenStreetMap contributors, ODbL 1.0');
  });

  it('honours oneway=-1: the street is driven from its last node to its first, never the other way', () => {
    const { ways, attribution } = parseOsmXml(block());
    const { graph } = buildRoadGraph(ways, { attribution, source: 'block.osm' });
    const rueA = Array.from({ length: graph.edgeCount }, (_, e) => e).filter((e) => graph.names[graph.nameIndex[e]!] === 'Rue A');
    expect(rueA).toHaveLength(1);
    const edge = rueA[0]!;
    // Drawn 1 -> 2, so the one edge runs from node 2 (west) to node 1 (east).
    expect(graph.lon[graph.sources[edge]!]).toBe(-7.601);
    expect(graph.lon[graph.targets[edge]!]).toBe(-7.6);
    const east = { edge, fraction: 1, lat: 33.59, lon: -7.6, distanceM: 0 };
    const west = { edge, fraction: 0, lat: 33.59, lon: -7.601, distanceM: 0 };
    expect(route(graph, west, east)!.distanceM).toBeCloseTo(graph.lengthM[edge]!, 6);
    // East to west goes round the block: the other three sides.
    const around = route(graph, east, west)!;
    expect(around.coordinates).toEqual([[-7.6, 33.59], [-7.6, 33.591], [-7.601, 33.591], [-7.601, 33.59]]);
    expect(around.distanceM).toBeGreaterThan(2.5 * graph.lengthM[edge]!);
  });

  it('takes roundabouts and motorways as one-way, and leaves out footways, squares and roads closed to vehicles', () => {
    const parsed = parseOsmXml(
      block(
        wayXml(20, [1, 3], { highway: 'primary', junction: 'roundabout' }) +
          wayXml(21, [1, 3], { highway: 'motorway' }) +
          wayXml(22, [1, 3], { highway: 'footway' }) +
          wayXml(23, [1, 2, 3, 1], { highway: 'pedestrian', area: 'yes' }) +
          wayXml(24, [1, 2, 3, 1], { highway: 'service', area: 'yes' }) +
          wayXml(25, [2, 4], { highway: 'service', access: 'no' }) +
          wayXml(26, [2, 4], { highway: 'service', motor_vehicle: 'no', emergency: 'yes' }) +
          wayXml(27, [2, 4], { highway: 'unclassified', oneway: 'reversible' }),
      ),
    );
    expect(parsed.ways.slice(3).map((w) => [w.roadClass, w.oneWay])).toEqual([
      ['primary', 'forward'],
      ['motorway', 'forward'],
      ['service', 'both'],
    ]);
    expect(parsed.skippedWays).toBe(5);
  });

  it('keeps the runs of a way whose nodes the extract cut off', () => {
    const parsed = parseOsmXml(block(wayXml(30, [1, 99, 3, 4, 98], { highway: 'residential' })));
    expect(parsed.ways[3]!.nodeKeys).toEqual(['3', '4']);
    expect(parsed.ways).toHaveLength(4);
  });

  it('refuses a DOCTYPE, malformed XML and files that are not OSM', () => {
    expect(() => parseOsmXml(`<!DOCTYPE osm [<!ENTITY x SYSTEM "file:///etc/passwd">]>${block()}`)).toThrow(DomainError);
    expect(() => parseOsmXml('<osm><node id="1"></osm>')).toThrow(/not well-formed XML/);
    expect(() => parseOsmXml('<gpx><trk/></gpx>')).toThrow(/not OSM XML/);
    expect(() => parseOsmXml(block().replace(/highway/g, 'railway'))).toThrow(/no road cars can drive on/);
  });
});

const centre = sharedDataFile('casablanca-centre.osm');

describe.skipIf(centre === undefined)('downtown Casablanca in OSM XML (needs ../shared/data/casablanca-centre.osm)', () => {
  it('builds a strongly connected network out of the drivable ways of the extract', () => {
    const parsed = parseOsmXml(fs.readFileSync(centre!, 'utf8'));
    expect([parsed.ways.length, parsed.skippedWays]).toEqual([435, 87]);
    const all = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: 'casablanca-centre.osm', keep: 'all' });
    expect([all.graph.nodeCount, all.graph.edgeCount]).toEqual([2324, 3547]);
    // Joined by some road: nearly all of it. Drivable both ways between any two points: less, as the
    // extract cuts one-way streets at its edge (in but no way out, or out but no way in).
    expect(Math.max(...weaklyConnectedComponents(all.graph).sizes)).toBe(2282);
    expect(Math.max(...stronglyConnectedComponents(all.graph).sizes)).toBe(1818);
    const { graph, stats } = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: 'casablanca-centre.osm' });
    expect(stats.nodes).toBe(1818);
    expect(stronglyConnectedComponents(graph).sizes).toEqual([1818]);
    expect(graph.attribution).toBe('© OpenStreetMap contributors, ODbL 1.0');
  });
});
