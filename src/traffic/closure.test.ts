import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { localPlane, segmentWithin } from '../geo/geometry.js';
import { generateDemoCity } from '../geo/roads/demo-city.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { cifsFeed, datexSituationPublication } from './closure-feeds.js';
import { closedLines, closureEdges, ringAreaM2, segmentPath, streetKey } from './closure.js';

const graph = generateDemoCity();
const centre = { lat: 33.5731, lon: -7.5898 };

/** The distinct neighbours of a node, either way. */
function degree(node: number): number {
  const found = new Set<number>();
  for (let e = 0; e < graph.edgeCount; e += 1) {
    if (graph.sources[e] === node) found.add(graph.targets[e]!);
    if (graph.targets[e] === node) found.add(graph.sources[e]!);
  }
  return found.size;
}

const refusedField = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.errors[0]?.field;
    throw error;
  }
  return undefined;
};

describe('the roads a closure closes (demo city)', () => {
  it('closes a segment from junction to junction, both ways, through its shape points', () => {
    const snap = snapToRoad(graph, centre)!;
    const path = segmentPath(graph, snap.edge);
    expect(path.length).toBeGreaterThanOrEqual(2);
    // Its ends are junctions (or dead ends); every node between is a shape point.
    expect(degree(path[0]!)).not.toBe(2);
    expect(degree(path[path.length - 1]!)).not.toBe(2);
    for (const node of path.slice(1, -1)) expect(degree(node)).toBe(2);
    const { edges } = closureEdges(graph, { kind: 'segment', point: centre, direction: 'both', headingDeg: null });
    expect(edges).toContain(snap.edge);
    for (const e of edges) expect(path).toContain(graph.sources[e]!);
    // Both ways of a two-way segment.
    if (graph.twin[snap.edge]! >= 0) expect(edges).toContain(graph.twin[snap.edge]!);
  });

  it('closes one way along a segment: the edges heading within 90° of the heading given', () => {
    const snap = snapToRoad(graph, centre)!;
    const [a, b] = [graph.sources[snap.edge]!, graph.targets[snap.edge]!];
    const plane = localPlane({ lat: graph.lat[a]!, lon: graph.lon[a]! });
    const heading = Math.round(((Math.atan2(plane.x(graph.lon[b]!), plane.y(graph.lat[b]!)) * 180) / Math.PI + 360) % 360) % 360;
    const along = closureEdges(graph, { kind: 'segment', point: centre, direction: 'one_way', headingDeg: heading });
    expect(along.edges).toContain(snap.edge);
    expect(along.edges).not.toContain(graph.twin[snap.edge]!);
    const lines = closedLines(graph, along.edges);
    expect(lines.every((l) => !l.bothWays)).toBe(true);
    // The published line runs the way traffic is closed: from a towards b.
    const line = lines.find((l) => l.coordinates.some(([lon, lat]) => lon === Math.round(graph.lon[a]! * 1e6) / 1e6 && lat === Math.round(graph.lat[a]! * 1e6) / 1e6))!;
    const ia = line.coordinates.findIndex(([lon]) => lon === Math.round(graph.lon[a]! * 1e6) / 1e6);
    const ib = line.coordinates.findIndex(([lon, lat]) => lon === Math.round(graph.lon[b]! * 1e6) / 1e6 && lat === Math.round(graph.lat[b]! * 1e6) / 1e6);
    expect(ia).toBeLessThan(ib);
  });

  it('refuses a segment point more than 100 m from any road, naming the point', () => {
    expect(refusedField(() => closureEdges(graph, { kind: 'segment', point: { lat: 33.75, lon: -7.3 }, direction: 'both', headingDeg: null }))).toBe('point');
  });

  it('closes every segment of a street by its name, whatever the case and spaces, or only those near a point', () => {
    expect(streetKey('  RUE   8 ')).toBe(streetKey('Rue 8'));
    const whole = closureEdges(graph, { kind: 'street', street: 'rue 8', near: null });
    expect(whole.roads).toEqual(['Rue 8']);
    const named = [...Array(graph.edgeCount).keys()].filter((e) => graph.names[graph.nameIndex[e]!] === 'Rue 8');
    expect([...whole.edges].sort((p, q) => p - q)).toEqual(named);
    const some = graph.sources[named[Math.floor(named.length / 2)]!]!;
    const point = { lat: graph.lat[some]!, lon: graph.lon[some]! };
    const near = closureEdges(graph, { kind: 'street', street: 'Rue 8', near: { point, withinM: 200 } });
    expect(near.edges.length).toBeGreaterThan(0);
    expect(near.edges.length).toBeLessThan(whole.edges.length);
    const plane = localPlane(point);
    for (const e of near.edges) {
      const [a, b] = [graph.sources[e]!, graph.targets[e]!];
      expect(segmentWithin(plane.x(graph.lon[a]!), plane.y(graph.lat[a]!), plane.x(graph.lon[b]!), plane.y(graph.lat[b]!), 200)).toBe(true);
    }
    expect(refusedField(() => closureEdges(graph, { kind: 'street', street: 'Avenue des Nuages', near: null }))).toBe('street');
  });

  it('closes every segment inside an area or crossing its edge, and refuses an area that encloses nothing', () => {
    const d = 0.003;
    const square = [
      { lat: centre.lat - d, lon: centre.lon - d },
      { lat: centre.lat - d, lon: centre.lon + d },
      { lat: centre.lat + d, lon: centre.lon + d },
      { lat: centre.lat + d, lon: centre.lon - d },
    ];
    expect(ringAreaM2(square)).toBeGreaterThan(300_000);
    const { edges } = closureEdges(graph, { kind: 'area', area: square });
    const inside = (lat: number, lon: number) => Math.abs(lat - centre.lat) < d && Math.abs(lon - centre.lon) < d;
    for (let e = 0; e < graph.edgeCount; e += 1) {
      const [a, b] = [graph.sources[e]!, graph.targets[e]!];
      const aIn = inside(graph.lat[a]!, graph.lon[a]!);
      const bIn = inside(graph.lat[b]!, graph.lon[b]!);
      // An edge with an end inside is closed; an edge with both ends far outside the square is not.
      if (aIn || bIn) expect(edges, `edge ${e}`).toContain(e);
      const far = (lat: number, lon: number) => Math.abs(lat - centre.lat) > 2 * d || Math.abs(lon - centre.lon) > 2 * d;
      if (far(graph.lat[a]!, graph.lon[a]!) && far(graph.lat[b]!, graph.lon[b]!)) expect(edges).not.toContain(e);
    }
    const line = [square[0]!, square[2]!, { lat: centre.lat, lon: centre.lon }];
    expect(refusedField(() => closureEdges(graph, { kind: 'area', area: line }))).toBe('area');
    expect(refusedField(() => closureEdges(graph, { kind: 'area', area: [square[0]!, square[1]!, square[1]!] }))).toBe('area');
  });

  it('joins the closed edges into lines, one road each, for the map and the feeds', () => {
    const { edges } = closureEdges(graph, { kind: 'street', street: 'Rue 8', near: null });
    const lines = closedLines(graph, edges);
    expect(lines.every((l) => l.road === 'Rue 8' && l.bothWays)).toBe(true);
    // Every segment appears once: a line of n positions covers n - 1 segments, both ways.
    expect(lines.reduce((sum, l) => sum + l.coordinates.length - 1, 0) * 2).toBe(edges.length);
  });

  it('writes CIFS items per line and a DATEX II record per line, with the times in the centre’s zone and in UTC', () => {
    const { edges } = closureEdges(graph, { kind: 'street', street: 'Rue 8', near: null });
    const closure = {
      id: 'closure-7',
      source: 'traffic' as const,
      reason: 'flooding',
      reasonText: null,
      startsAt: '2026-07-01T08:00:00.000Z',
      endsAt: null,
      createdAt: '2026-07-01T07:55:00.000Z',
      updatedAt: '2026-07-01T07:55:00.000Z',
      version: 1,
      lines: closedLines(graph, edges),
    };
    const [item] = cifsFeed([closure]).incidents;
    expect(item).toMatchObject({ id: 'closure-7-1', subtype: 'ROAD_CLOSED_HAZARD', starttime: '2026-07-01T09:00:00+01:00', description: 'Route fermée : inondation', direction: 'BOTH_DIRECTIONS' });
    expect(item).not.toHaveProperty('endtime');
    const xml = datexSituationPublication([closure], { at: new Date('2026-07-01T08:00:00.000Z'), publisher: 'MA-DGSN-CASA & co', country: 'ma' });
    expect(xml).toContain('<com:nationalIdentifier>MA-DGSN-CASA &amp; co</com:nationalIdentifier>');
    expect(xml).toContain('<sit:causeType>obstruction</sit:causeType>');
    expect(xml).not.toContain('overallEndTime');
    expect(xml.match(/<sit:situationRecord /g)?.length).toBe(closure.lines.length);
  });
});
