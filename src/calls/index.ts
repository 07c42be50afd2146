// The calls module's public entry: what other modules may use.
export { Call, CallLocation, CallTakerState } from './call.js';
export { CallKpis, callKpis, percentile, type CallTimes } from './call-kpi.js';
export { callTakers, callTimesBetween, getCallsOfIncident, queue } from './call.service.js';
