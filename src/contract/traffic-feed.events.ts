/** A road closure that came from a traffic centre's feed, as journaled when it starts and ends. */
export type FeedClosureJournal = {
  feed: string;
  event: string;
  kind: string;
  description: string | null;
  startsAt: string;
  endsAt: string | null;
  /** The roads it closed on the network of the day, by name. */
  roads: string[];
};

/** A corridor as journaled: its names and its waypoints. */
export type CorridorJournal = {
  nameAr: string;
  nameFr: string;
  nameEn: string;
  waypoints: { lat: number; lon: number }[];
};

/**
 * The traffic feeds' and corridors' events: feeds on `traffic-feed/{id}`, the closures they bring on
 * `feed-closure/{feed}:{event}`, corridors on `corridor/{id}`. What the feeds carry (speeds, events) is
 * telemetry and not journaled; a closure they cause is, as routing changes for it.
 */
export interface TrafficFeedEvents {
  /** Someone configured a feed: its name, and the URL polled (null: pushed only). */
  'traffic_feed.configured': { name: string; url: string | null; pollIntervalS: number };
  /** A feed's name, URL or interval changed: the values now. */
  'traffic_feed.changed': { name: string; url: string | null; pollIntervalS: number };
  /** A feed was removed; its closures ended with it. */
  'traffic_feed.removed': { name: string };
  /** An event of a feed that closes a road came into force: routing avoids the road. */
  'feed_closure.started': FeedClosureJournal;
  /** It ended: its end time passed, the feed withdrew it, or the feed was removed. */
  'feed_closure.ended': { endsAt: string | null; why: 'end_time' | 'withdrawn' | 'feed_removed' };
  'corridor.created': CorridorJournal;
  'corridor.changed': CorridorJournal & { version: number };
  'corridor.removed': { nameEn: string };
}
