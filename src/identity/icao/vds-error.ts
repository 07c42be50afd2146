/** A visible digital seal (ICAO Doc 9303 Part 13) that cannot be written or read; the message says where. */
export class VdsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VdsError';
  }
}
