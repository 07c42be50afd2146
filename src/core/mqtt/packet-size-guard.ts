import type { Socket } from 'node:net';

/**
 * Reads the length in each MQTT packet's fixed header as the bytes go by, and calls `onTooLarge` as
 * soon as one announces more than `maxBytes`, before its body has arrived. The broker's parser would
 * otherwise buffer a packet of any announced size (up to 256 MiB), even a CONNECT from an anonymous
 * socket. Only the header bytes are looked at; bodies are skipped by arithmetic.
 */
export class PacketSizeGuard {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private remaining = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onTooLarge: (announced: number) => void,
  ) {}

  /**
   * Watches a socket the broker reads with `read()`: a 'data' listener added after its 'readable'
   * listener sees each chunk as the broker reads it, without changing how the stream flows.
   */
  watch(socket: Socket): void {
    const onData = (chunk: Buffer) => {
      if (!this.inspect(chunk)) socket.off('data', onData);
    };
    socket.on('data', onData);
  }

  /** Follows the stream through `chunk`; false once a packet was too large (and nothing more is read). */
  inspect(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const skipped = Math.min(this.remaining, chunk.length - i);
        this.remaining -= skipped;
        i += skipped;
        if (this.remaining === 0) this.state = 'header';
        continue;
      }
      const byte = chunk[i]!;
      i += 1;
      if (this.state === 'header') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if ((byte & 0x80) !== 0 && this.multiplier <= 128 ** 3) continue;
      // A fifth length byte is malformed; the broker's parser says so. The guard only judges the size.
      if (this.length > this.maxBytes) {
        this.onTooLarge(this.length);
        return false;
      }
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 'header' : 'body';
    }
    return true;
  }
}
