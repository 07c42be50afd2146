/** Road traffic feeds in: the words of the traffic centre's events the server and the console share. */

/**
 * What a traffic event is, as the feeds say it: DATEX II v3 situation records (EN 16157-3) mapped to
 * four kinds (an `Accident`; `MaintenanceWorks`/`ConstructionWorks`, roadworks; `RoadOrCarriagewayOrLaneManagement`
 * of type `roadClosed`; `AbnormalTraffic`), and `other` for anything else the JSON form names.
 */
export const TrafficEventKind = {
  accident: 'accident',
  roadworks: 'roadworks',
  roadClosed: 'road_closed',
  abnormalTraffic: 'abnormal_traffic',
  other: 'other',
} as const;
export type TrafficEventKind = (typeof TrafficEventKind)[keyof typeof TrafficEventKind];

/** How a feed's documents arrive: pushed by the traffic centre's device, or fetched from its URL. */
export const TrafficFeedFormat = { datex2: 'datex2', json: 'json' } as const;
export type TrafficFeedFormat = (typeof TrafficFeedFormat)[keyof typeof TrafficFeedFormat];

/** How near a road a measurement site or an event's point must lie to be matched to it, metres. */
export const FEED_MATCH_MAX_M = 50;

/** Cameras within this distance of a corridor's line are listed as along it, metres. */
export const CORRIDOR_CAMERA_M = 60;
