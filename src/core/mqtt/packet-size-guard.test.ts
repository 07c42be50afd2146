import { describe, expect, it } from 'vitest';
import { PacketSizeGuard } from './packet-size-guard.js';

/** An MQTT packet's fixed header: type byte, then the remaining length in 7-bit groups. */
function header(type: number, length: number): number[] {
  const bytes = [type];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

// Bodies of 0xff: were the guard to lose its place, it would read them as huge lengths.
function packet(type: number, bodyLength: number): Buffer {
  return Buffer.concat([Buffer.from(header(type, bodyLength)), Buffer.alloc(bodyLength, 0xff)]);
}

describe('the packet size guard', () => {
  const PUBLISH = 0x30;
  const PINGREQ = 0xc0;

  function follow(maxBytes: number, chunks: Buffer[]): number[] {
    const tooLarge: number[] = [];
    const guard = new PacketSizeGuard(maxBytes, (announced) => tooLarge.push(announced));
    for (const chunk of chunks) if (!guard.inspect(chunk)) break;
    return tooLarge;
  }

  it('follows packets of any size up to the limit across chunks, headers split included', () => {
    const stream = Buffer.concat([packet(PUBLISH, 200), packet(PINGREQ, 0), packet(PUBLISH, 20_000), packet(PUBLISH, 1_000)]);
    // Every cut: 1 byte at a time around the headers, larger pieces elsewhere.
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; ) {
      const size = i < 210 || (i > 20_200 && i < 20_215) ? 1 : 997;
      chunks.push(stream.subarray(i, i + size));
      i += size;
    }
    expect(follow(20_000, chunks)).toEqual([]);
  });

  it('stops at the first packet announcing more than the limit, before its body arrives', () => {
    const big = Buffer.from(header(PUBLISH, 5 * 1_048_576));
    expect(follow(68 * 1_024, [packet(PUBLISH, 10), big])).toEqual([5 * 1_048_576]);
    expect(follow(68 * 1_024, [packet(PUBLISH, 68 * 1_024 + 1)])).toEqual([68 * 1_024 + 1]);
  });
});
