// The stations module's public entry: what other modules may use.
export { NewStation, Station, StationCode } from './station.js';
export { createStation, findStationByCode, listStations, seedStationsFromAreas } from './station.service.js';
