// The units module's public entry: what other modules may use.
export {
  CallSign,
  NewUnit,
  StationCode,
  Unit,
  UnitChange,
  UnitKind,
  UnitStatus,
  checkUnitTransition,
  onDutyStatuses,
  statusesOffIncident,
  unitStream,
} from './unit.js';
export {
  changeUnit,
  createUnit,
  dispatchUnitInCommand,
  findUnit,
  findUnitInCommand,
  followUnitStatus,
  getUnit,
  getUnitInCommand,
  listUnits,
  mayActForUnit,
  releaseUnitInCommand,
  undoDispatchInCommand,
  type StatusFollower,
  type UnitInCommand,
} from './unit.service.js';
export { flushUnitPositions, followUnitFixes, listUnitPlacesInCommand, unitPlacesReady, type FixListener, type UnitPlace } from './avl.service.js';
export type { Fix } from './avl.js';
export { unitIndex, type IndexedUnit, type NearestUnit, type PlacedUnit, type UnitQuery } from './unit-index.js';
export { principalOf } from './unit.mqtt.js';
export { UNIT_TOPIC, unitTopic, unitTopicFilter, type UnitTopicLeaf } from './unit-topics.js';
