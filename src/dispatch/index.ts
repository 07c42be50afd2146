// The dispatch module's public entry: what other modules may use.
export { Assignment, Recommendation } from './dispatch.js';
export { assignUnits, getAssignments } from './dispatch.service.js';
export { recommendUnits } from './recommend.service.js';
