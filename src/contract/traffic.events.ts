/** A road closure as journaled: what it closes (geometry and names, never edge numbers) and when. */
export type RoadClosureJournal = {
  kind: string;
  point: { lat: number; lon: number } | null;
  street: string | null;
  nearM: number | null;
  area: { lat: number; lon: number }[] | null;
  direction: string;
  headingDeg: number | null;
  reason: string;
  reasonText: string | null;
  startsAt: string;
  endsAt: string | null;
  /** The roads it closed on the network of the day, by name. */
  roads: string[];
};

/** The traffic module's events: road closures on `road-closure/{id}`. */
export interface TrafficEvents {
  /** The traffic operator closed a segment, a street or an area (now or from a later start). */
  'road_closure.set': RoadClosureJournal;
  /** A closure's end was moved (or removed: `null`, until reopened). */
  'road_closure.changed': { endsAt: string | null; previousEndsAt: string | null; version: number };
  /** Someone reopened the roads before the closure's end. */
  'road_closure.reopened': { by: string; endsAt: string | null };
  /** The closure's end time passed: the system reopened the roads. */
  'road_closure.ended': { endsAt: string };
}
