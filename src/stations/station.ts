import { Type, type Static } from 'typebox';
import { Latitude, Longitude, StationCode } from '../contract/unit.schema.js';
import { Closed, Line } from '../core/schema.js';

// A station's shape and code are the contract's, shared with the console.
export { Station, StationCode } from '../contract/unit.schema.js';

export function stationStream(code: string): string {
  return `station/${code}`;
}

export const NewStation = Closed({
  code: StationCode,
  name: Line({ maxLength: 120 }),
  nameAr: Type.Optional(Line({ maxLength: 120 })),
  area: Type.Optional(Type.String({ maxLength: 40, description: 'The imported district the station serves' })),
  location: Closed({ lat: Latitude, lon: Longitude }, { description: 'Where the station is' }),
});
export type NewStation = Static<typeof NewStation>;
