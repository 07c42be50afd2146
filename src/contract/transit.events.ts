/** Counts of what a GTFS import held. */
export type TransitFeedCounts = {
  agencies: number;
  stops: number;
  routes: number;
  trips: number;
  stopTimes: number;
  shapes: number;
  calendars: number;
  calendarDates: number;
  frequencies: number;
};

/** The public-transport module's events: feeds imported and configured, on `transit-feed/{id}`. */
export interface TransitEvents {
  /** A GTFS timetable was imported under this feed id, replacing the one before (`replaced`). */
  'transit_feed.imported': { source: string; sha256: string; counts: TransitFeedCounts; replaced: boolean };
  /** The feed's GTFS-realtime source was set or changed (a null URL: pushed only, not polled). */
  'transit_feed.realtime_configured': { url: string | null; pollIntervalS: number };
  /** An operator published a GTFS-realtime Alert on a line near an incident or a cordon. */
  'transit_feed.alert_emitted': { alert: string; routes: string[]; cause: string; effect: string; header: string; description: string; source: string };
}
