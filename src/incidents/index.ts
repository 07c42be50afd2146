// The incidents module's public entry: what other modules may use.
export { Flags, Incident, IncidentNumber, IncidentStatus, NewIncident, Note, incidentStream, isOpen } from './incident.js';
export { Capability, IncidentType, IncidentTypeCatalogue, Priority } from './incident-type.js';
export { getCatalogue } from './incident-catalogue.service.js';
export {
  applyActionInCommand,
  changePriorityInCommand,
  countOpenedIncident,
  findIncident,
  getIncident,
  getNotes,
  getTimeline,
  listIncidents,
  lockIncident,
  openIncidentInCommand,
  prepareIncident,
  receiveIncident,
  type IncidentOpening,
  type ReceivedIncident,
} from './incident.service.js';
