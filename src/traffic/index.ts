// The traffic module's public entry: what other modules (and the server) may use.
export { flushTrafficSpeeds, liveSpeeds, type LiveSpeeds } from './speed.service.js';
export { createCorridor, listCorridors } from './corridor.service.js';
