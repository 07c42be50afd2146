// The EOD module's public entry: what other modules may use.
export { NewEquipment } from './eod.js';
export { createSquad, listSquads } from './squad.service.js';
export { listRoadClosures } from './cordon.service.js';
