import type { EventPlace } from './event-json.js';

/** The stations module's events, on the stream `station/{code}`. */
export interface StationEvents {
  /** A police station was created. */
  'station.created': { name: string; nameAr: string | null; area: string | null; location: EventPlace };
}
