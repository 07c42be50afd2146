/** The public-transport module's events: feeds imported and configured, on `transit-feed/{id}`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TransitEvents {}
