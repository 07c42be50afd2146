import os from 'node:os';
import { assembleRoadGraph, type RoadGraph } from './road-graph.js';

/**
 * The stored form of a road graph: one buffer, read back without parsing.
 *
 * ```
 * 0   "AMRG"            magic
 * 4   u32 version       FORMAT_VERSION
 * 8   u32 nodeCount
 * 12  u32 edgeCount
 * 16  u32 metaBytes     length of the JSON at the end
 * 20  u32 reserved
 * 24  the arrays, each starting on a multiple of 8, little-endian:
 *     lat f64[n], lon f64[n], offsets u32[n+1], targets u32[e], lengthM f32[e], timeS f32[e],
 *     twin i32[e], nameIndex u32[e], roadClass u8[e], maxSpeedKmh u8[e]
 *     then {names, attribution, source} as UTF-8 JSON
 * ```
 * Derived arrays (each edge's tail, the reversed CSR) are rebuilt on load: cheaper than storing them.
 */
export const FORMAT_VERSION = 1;
const MAGIC = 0x4752_4d41; // "AMRG" read as a little-endian u32
const HEADER_BYTES = 24;

type ArrayName = 'lat' | 'lon' | 'offsets' | 'targets' | 'lengthM' | 'timeS' | 'twin' | 'nameIndex' | 'roadClass' | 'maxSpeedKmh';
const layout: readonly { name: ArrayName; type: Float64ArrayConstructor | Float32ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor; count: (n: number, e: number) => number }[] = [
  { name: 'lat', type: Float64Array, count: (n) => n },
  { name: 'lon', type: Float64Array, count: (n) => n },
  { name: 'offsets', type: Uint32Array, count: (n) => n + 1 },
  { name: 'targets', type: Uint32Array, count: (_, e) => e },
  { name: 'lengthM', type: Float32Array, count: (_, e) => e },
  { name: 'timeS', type: Float32Array, count: (_, e) => e },
  { name: 'twin', type: Int32Array, count: (_, e) => e },
  { name: 'nameIndex', type: Uint32Array, count: (_, e) => e },
  { name: 'roadClass', type: Uint8Array, count: (_, e) => e },
  { name: 'maxSpeedKmh', type: Uint8Array, count: (_, e) => e },
];

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function assertLittleEndian(): void {
  // Typed arrays use the machine's byte order; every machine Amane runs on (x86-64, arm64) is little-endian.
  if (os.endianness() !== 'LE') throw new Error('road graphs are stored little-endian; this machine is big-endian');
}

/** Serialises a graph to one buffer (see the layout above). */
export function encodeRoadGraph(graph: RoadGraph): Buffer {
  assertLittleEndian();
  const meta = Buffer.from(JSON.stringify({ names: graph.names, attribution: graph.attribution, source: graph.source }), 'utf8');
  let size = HEADER_BYTES;
  for (const { type, count } of layout) size = align8(size) + count(graph.nodeCount, graph.edgeCount) * type.BYTES_PER_ELEMENT;
  size = align8(size);
  const buffer = Buffer.alloc(size + meta.length);
  const header = new DataView(buffer.buffer, buffer.byteOffset, HEADER_BYTES);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, FORMAT_VERSION, true);
  header.setUint32(8, graph.nodeCount, true);
  header.setUint32(12, graph.edgeCount, true);
  header.setUint32(16, meta.length, true);
  let at = HEADER_BYTES;
  for (const { name } of layout) {
    at = align8(at);
    const array = graph[name];
    buffer.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  meta.copy(buffer, align8(at));
  return buffer;
}

/** Reads a graph written by `encodeRoadGraph`; refuses another format version or a truncated buffer. */
export function decodeRoadGraph(stored: Uint8Array): RoadGraph {
  assertLittleEndian();
  // A copy that starts on an 8-byte boundary, so the arrays can be views of it.
  const bytes = new Uint8Array(stored);
  if (bytes.byteLength < HEADER_BYTES) throw new Error('road graph: truncated (no header)');
  const header = new DataView(bytes.buffer, 0, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new Error('road graph: not a road graph (bad magic)');
  const version = header.getUint32(4, true);
  if (version !== FORMAT_VERSION) throw new Error(`road graph: format version ${version}, this Amane reads ${FORMAT_VERSION}; run amane import-roads again`);
  const nodeCount = header.getUint32(8, true);
  const edgeCount = header.getUint32(12, true);
  const metaBytes = header.getUint32(16, true);
  const arrays: Partial<Record<ArrayName, ArrayLike<number>>> = {};
  let at = HEADER_BYTES;
  for (const { name, type, count } of layout) {
    at = align8(at);
    const length = count(nodeCount, edgeCount);
    if (at + length * type.BYTES_PER_ELEMENT > bytes.byteLength) throw new Error(`road graph: truncated (in ${name})`);
    arrays[name] = new type(bytes.buffer, at, length);
    at += length * type.BYTES_PER_ELEMENT;
  }
  at = align8(at);
  if (at + metaBytes !== bytes.byteLength) throw new Error('road graph: truncated or padded (meta length does not match)');
  const meta = JSON.parse(Buffer.from(bytes.buffer, at, metaBytes).toString('utf8')) as { names: string[]; attribution: string; source: string };
  return assembleRoadGraph({
    nodeCount,
    edgeCount,
    lat: arrays.lat as Float64Array,
    lon: arrays.lon as Float64Array,
    offsets: arrays.offsets as Uint32Array,
    targets: arrays.targets as Uint32Array,
    lengthM: arrays.lengthM as Float32Array,
    timeS: arrays.timeS as Float32Array,
    twin: arrays.twin as Int32Array,
    nameIndex: arrays.nameIndex as Uint32Array,
    roadClass: arrays.roadClass as Uint8Array,
    maxSpeedKmh: arrays.maxSpeedKmh as Uint8Array,
    names: meta.names,
    attribution: meta.attribution,
    source: meta.source,
  });
}
