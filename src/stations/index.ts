// The stations module's public entry: what other modules may use.
export { NewStation, Station, StationCode, stationStream } from './station.js';
export { createStation, findStationByCode, listStations, pointInside, seedStationsFromAreas, stationCodeFor } from './station.service.js';

