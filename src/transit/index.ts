// The transit module's public entry: what other modules and the command line may use.
export { importGtfs } from './gtfs.service.js';
export { readGtfsFiles, readGtfsZip, GtfsError, type GtfsFeed } from './gtfs.js';
export { DEMO_TRANSIT_FEED, demoTransitFiles, demoTransitZip } from './demo-lines.js';
export { listFeeds } from './transit.service.js';
