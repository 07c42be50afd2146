import { describe, expect, it } from 'vitest';
import { distanceM } from '../geometry.js';
import { generateDemoCity } from './demo-city.js';
import { FORMAT_VERSION, decodeRoadGraph, encodeRoadGraph } from './road-graph-codec.js';
import { buildRoadGraph, stronglyConnectedComponents, weaklyConnectedComponents, type RoadGraph } from './road-graph.js';
import { RoadClass, type RoadWay } from './road.js';
import { way } from './road.testing.js';

const build = (ways: RoadWay[], keep: 'all' | 'largest' = 'all') => buildRoadGraph(ways, { attribution: 'test', source: 'test', keep });

/** Every directed edge as "from>to" in coordinates, to compare graphs whatever their numbering. */
function edgesOf(graph: RoadGraph): string[] {
  const at = (v: number) => `${graph.lon[v]},${graph.lat[v]}`;
  return Array.from({ length: graph.edgeCount }, (_, e) => `${at(graph.sources[e]!)}>${at(graph.targets[e]!)}`).sort();
}

describe('building the road graph', () => {
  it('joins ways at identical vertices and measures each segment by great-circle distance', () => {
    const { graph } = build([way([[-7.60, 33.59], [-7.61, 33.59]]), way([[-7.61, 33.59], [-7.61, 33.60]])]);
    expect(graph.nodeCount).toBe(3);
    expect(graph.edgeCount).toBe(4);
    for (let e = 0; e < graph.edgeCount; e += 1) {
      const a = { lat: graph.lat[graph.sources[e]!]!, lon: graph.lon[graph.sources[e]!]! };
      const b = { lat: graph.lat[graph.targets[e]!]!, lon: graph.lon[graph.targets[e]!]! };
      expect(graph.lengthM[e]).toBe(Math.fround(distanceM(a, b)));
    }
  });

  it('joins OSM ways by node id, not by position', () => {
    const { graph } = build([
      { ...way([[-7.60, 33.59], [-7.61, 33.59]]), nodeKeys: ['1', '2'] },
      { ...way([[-7.61, 33.59], [-7.62, 33.59]]), nodeKeys: ['3', '4'] },
    ]);
    expect(graph.nodeCount).toBe(4);
  });

  it('drives a forward way along its drawing, a backward one against it, a two-way one both ways as twins', () => {
    const forward = build([way([[0, 0], [0.001, 0]], 'forward')]).graph;
    expect(edgesOf(forward)).toEqual(['0,0>0.001,0']);
    expect(forward.twin[0]).toBe(-1);
    const backward = build([way([[0, 0], [0.001, 0]], 'backward')]).graph;
    expect(edgesOf(backward)).toEqual(['0.001,0>0,0']);
    const both = build([way([[0, 0], [0.001, 0]], 'both')]).graph;
    expect(edgesOf(both)).toEqual(['0,0>0.001,0', '0.001,0>0,0']);
    expect(both.twin[0]).toBe(1);
    expect(both.twin[1]).toBe(0);
  });

  it('lays the reversed adjacency out as the exact transpose of the forward one', () => {
    const graph = generateDemoCity();
    const forward: string[] = [];
    const reversed: string[] = [];
    let misplaced = 0;
    for (let v = 0; v < graph.nodeCount; v += 1) {
      for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e += 1) {
        if (graph.sources[e] !== v) misplaced += 1;
        forward.push(`${v}>${graph.targets[e]}#${e}`);
      }
      for (let j = graph.inOffsets[v]!; j < graph.inOffsets[v + 1]!; j += 1) {
        const e = graph.inEdges[j]!;
        if (graph.targets[e] !== v) misplaced += 1;
        reversed.push(`${graph.sources[e]}>${v}#${e}`);
      }
    }
    expect(misplaced).toBe(0);
    expect(reversed.sort()).toEqual(forward.sort());
    let badTwins = 0;
    for (let e = 0; e < graph.edgeCount; e += 1) {
      const twin = graph.twin[e]!;
      if (twin >= 0 && (graph.twin[twin] !== e || graph.sources[twin] !== graph.targets[e] || graph.targets[twin] !== graph.sources[e])) badTwins += 1;
    }
    expect(badTwins).toBe(0);
  });

  it('keeps only the largest strongly connected part, leaving out a one-way street that leads nowhere', () => {
    const square = way([[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]);
    const exit = way([[0.001, 0.001], [0.002, 0.002], [0.003, 0.003]], 'forward');
    const all = build([square, exit], 'all');
    expect(stronglyConnectedComponents(all.graph).sizes.sort((a, b) => b - a)).toEqual([4, 1, 1]);
    expect(weaklyConnectedComponents(all.graph).sizes).toEqual([6]);
    const { graph, stats } = build([square, exit], 'largest');
    expect(stats).toEqual({ nodes: 4, edges: 8, droppedNodes: 2, droppedEdges: 2 });
    expect(edgesOf(graph)).toEqual(edgesOf(build([square], 'all').graph));
    expect(stronglyConnectedComponents(graph).sizes).toEqual([4]);
  });

  it('prices each edge from its class (and names it)', () => {
    const { graph } = build([way([[0, 0], [0.01, 0]], 'forward', 'motorway', 'Autoroute A3')]);
    expect(graph.roadClass[0]).toBe(RoadClass.motorway);
    expect(graph.names[graph.nameIndex[0]!]).toBe('Autoroute A3');
    // About 1,113 m at 100 km/h.
    expect(graph.timeS[0]).toBeCloseTo(graph.lengthM[0]! / (100 / 3.6), 3);
  });
});

describe('the stored form of a road graph', () => {
  it('reads back exactly what was written', () => {
    const graph = generateDemoCity();
    const bytes = encodeRoadGraph(graph);
    const decoded = decodeRoadGraph(bytes);
    for (const key of Object.keys(graph) as (keyof RoadGraph)[]) expect(decoded[key], key).toEqual(graph[key]);
    expect(encodeRoadGraph(decoded).equals(bytes)).toBe(true);
  });

  it('reads a graph from a buffer that does not start on an 8-byte boundary (as a database hands it)', () => {
    const bytes = encodeRoadGraph(build([way([[0, 0], [0.001, 0]], 'both', 'primary', 'Rue de Fès')]).graph);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    expect(decodeRoadGraph(shifted.subarray(3)).names).toEqual(['', 'Rue de Fès']);
  });

  it('refuses another format version and a truncated buffer', () => {
    const bytes = encodeRoadGraph(build([way([[0, 0], [0.001, 0]])]).graph);
    const other = Buffer.from(bytes);
    other.writeUInt32LE(FORMAT_VERSION + 1, 4);
    expect(() => decodeRoadGraph(other)).toThrow(/format version 2, this Amane reads 1; run amane import-roads again/);
    expect(() => decodeRoadGraph(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodeRoadGraph(Buffer.from('not a graph at all, honestly'))).toThrow(/bad magic/);
  });
});
