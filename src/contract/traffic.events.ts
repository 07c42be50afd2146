/** The traffic module's events: road closures on `road-closure/{id}`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TrafficEvents {}
