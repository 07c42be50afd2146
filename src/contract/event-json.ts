/** A JSON value as the journal keeps it: what `JSON.parse` gives back. */
export type EventJson = string | number | boolean | null | EventJson[] | { [key: string]: EventJson };

/** A place as the journal keeps it. */
export type EventPlace = {
  lat: number;
  lon: number;
};
