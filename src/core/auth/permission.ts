import { Role } from '../../contract/account.js';
import type { DeviceKind } from './device.js';

/**
 * The security model in one place: roles, permissions, which role holds which permission, and which
 * permission lets a client see a journal stream on the live feed. Auditors read this file.
 */
// The roles themselves are the contract's: the administrator's console lists them.
export { Role, allRoles, personRoles, type PersonRole } from '../../contract/account.js';

export const Permission = {
  userRead: 'user.read',
  userManage: 'user.manage',
  sessionRevoke: 'session.revoke',
  deviceRead: 'device.read',
  deviceManage: 'device.manage',
  deviceReport: 'device.report',
  journalRead: 'journal.read',
  journalVerify: 'journal.verify',
  incidentRead: 'incident.read',
  incidentCreate: 'incident.create',
  /** Notes, flags, priority. */
  incidentUpdate: 'incident.update',
  /** Dispatch, en route, on scene, cleared. */
  incidentDispatch: 'incident.dispatch',
  /** Close, cancel. */
  incidentClose: 'incident.close',
  incidentReopen: 'incident.reopen',
  /** Edit the incident type catalogue (types, priorities, questionnaires). */
  incidentCatalogue: 'incident.catalogue',
  /** The telephony reports rings, answers, transfers, hang-ups. */
  callReport: 'call.report',
  callRead: 'call.read',
  /** Take calls from the queue, locate and classify them, link them to incidents. */
  callTake: 'call.take',
  callKpi: 'call.kpi',
  /** The unit board, stations, positions and tracks. */
  unitRead: 'unit.read',
  /** Change a unit's status: one's own unit (crew, tracker), or any with `unit.dispatch`. */
  unitStatus: 'unit.status',
  /** Act for any unit: assign it, move its status. */
  unitDispatch: 'unit.dispatch',
  /** Create units and stations, set crews, capabilities and trackers. */
  unitManage: 'unit.manage',
  /** Report positions (AVL) for one's own unit. */
  avlReport: 'avl.report',
  /** The camera registry, health, the cameras on an incident, the alarm queue (reading). */
  cameraRead: 'camera.read',
  /** Watch a camera (journaled), point a PTZ camera, arrange video walls. */
  cameraOperate: 'camera.operate',
  /** Acknowledge, dismiss or escalate camera alarms; read and edit plate hotlists. */
  cameraAlarm: 'camera.alarm',
  /** Register, edit, import and export cameras. */
  cameraManage: 'camera.manage',
  /** Export the registry with the stream URLs' credentials (user and password) left in. */
  cameraCredentials: 'camera.credentials',
  /** Cameras, recorders and video analytics report heartbeats, events and plate reads. */
  cameraReport: 'camera.report',
  /** EOD squads, their equipment and deployments, cordons, the stand-off table (reading). */
  eodRead: 'eod.read',
  /** Set and lift cordons, confirm a device class, log a squad's deployment times and outcome. */
  eodOperate: 'eod.operate',
  /** Create squads, edit their equipment and readiness, edit the stand-off table. */
  eodManage: 'eod.manage',
  /** Read a person's record in the national register; every read is journaled with its reason. */
  identityPersonRead: 'identity.person.read',
  /** Enrolment desks' appointments: book, move or cancel for a citizen, record no-shows. */
  identityAppointment: 'identity.appointment',
  /** Open applications, record the fee, enrol photo, fingerprints and signature. */
  identityEnrol: 'identity.enrol',
  /** Decide on applications in the review queue: approve, reject with reason, refer to an officer. */
  identityReview: 'identity.review',
  /** Issuance centres: production batches, personalisation, shipping. */
  identityProduce: 'identity.produce',
  /** Stations receive card batches and hand cards over against a check of the holder. */
  identityDeliver: 'identity.deliver',
  /** Declare a card lost or stolen, suspend or revoke it. */
  identityCardStatus: 'identity.card.status',
  /** Verify a card with the details a verifying officer may see (the public check says valid or not). */
  identityVerify: 'identity.verify',
  /**
   * Erase a person from the register where the law allows it (their data key destroyed, journaled with
   * the reason and legal basis). Held by those who decide on the register's records, not administrators.
   */
  identityErase: 'identity.erase',
  /** Desks, issuance centres, validity rules, document signer keys. */
  identityManage: 'identity.manage',
  /** Production and waiting-time statistics. */
  identityReport: 'identity.report',
  /** The issuance centres as they stand: capacity, blank stock, online (read by who manages them too). */
  identityCentres: 'identity.centres',
  /** A citizen's own appointments and applications. */
  identitySelf: 'identity.self',
  /** Revoke a document printed with a visible digital seal (a certificate, a receipt): its seal then reads "revoked". */
  identitySealRevoke: 'identity.seal.revoke',
  /** Administrative certificates at a desk: request one for a person (card checked), the desk's list, print. */
  identityCertificates: 'identity.certificates',
  /** Decide on certificate requests (approve, reject with reason), revoke an issued certificate. */
  identityCertificatesApprove: 'identity.certificates.approve',
  /** Enter and correct the judicial records a police record certificate is checked against. */
  identityRecordsManage: 'identity.records.manage',
  /** The traffic picture: live speeds and congestion, road closures, public transport and its delays. */
  trafficRead: 'traffic.read',
  /** Close and reopen roads, segments and areas; acknowledge traffic warnings. */
  trafficOperate: 'traffic.operate',
  /** Public-transport feeds: import a GTFS timetable, configure the GTFS-realtime feeds polled. */
  transitManage: 'transit.manage',
  /**
   * A public-transport operator's system (a device of kind `transit`) exchanges GTFS-realtime with the
   * centre: pushes its vehicles and trip updates, reads the Alert feed the centre emits.
   */
  transitReport: 'transit.report',
  /** A city traffic centre's system (a device of kind `traffic-centre`) pushes its speeds and events (DATEX II or JSON). */
  trafficReport: 'traffic.report',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/**
 * What a route asks of its caller: a permission, or one of three access levels.
 * - `public`: anyone (health, readiness, login, public verification);
 * - `authenticated`: any logged-in person or device (their own session, the live feed);
 * - `metrics`: Prometheus, from loopback or with the metrics token.
 */
export type RouteAccess = Permission | 'public' | 'authenticated' | 'metrics';

const P = Permission;

/** Which role holds which permission. A role not listed for a permission is refused (403). */
const incidentWork = [P.incidentRead, P.incidentCreate, P.incidentUpdate] as const;

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  'call-taker': [...incidentWork, P.callRead, P.callTake, P.unitRead, P.cameraRead],
  dispatcher: [
    ...incidentWork, P.incidentDispatch, P.incidentClose, P.callRead, P.unitRead, P.unitStatus, P.unitDispatch, P.cameraRead, P.cameraOperate,
    P.eodRead, P.eodOperate, P.trafficRead,
  ],
  supervisor: [
    P.userRead, ...incidentWork, P.incidentDispatch, P.incidentClose, P.incidentReopen, P.incidentCatalogue, P.callRead, P.callTake, P.callKpi,
    P.unitRead, P.unitStatus, P.unitDispatch, P.unitManage, P.cameraRead, P.cameraOperate, P.cameraAlarm, P.cameraManage,
    P.eodRead, P.eodOperate, P.eodManage, P.trafficRead, P.trafficOperate,
  ],
  'field-officer': [P.incidentRead, P.incidentUpdate, P.unitRead, P.unitStatus, P.avlReport, P.eodRead],
  'eod-officer': [P.incidentRead, P.incidentUpdate, P.unitRead, P.unitStatus, P.avlReport, P.eodRead, P.eodOperate],
  'cctv-operator': [P.incidentRead, P.incidentCreate, P.incidentUpdate, P.unitRead, P.cameraRead, P.cameraOperate, P.cameraAlarm],
  'traffic-operator': [P.incidentRead, P.unitRead, P.eodRead, P.cameraRead, P.trafficRead, P.trafficOperate],
  'identity-clerk': [
    P.identityPersonRead, P.identityAppointment, P.identityEnrol, P.identityReview, P.identityDeliver, P.identityCardStatus, P.identityVerify,
    P.identityReport, P.identityCentres, P.identityErase, P.identityCertificates, P.identitySealRevoke,
  ],
  'issuance-operator': [P.identityProduce, P.identityVerify, P.identityReport, P.identityCentres],
  // The officer who decides on certificate requests, having read the records check: not the desk that
  // took the request (separation of duties), nor the administration that keeps the judicial records.
  'certificate-officer': [P.identityCertificatesApprove, P.identitySealRevoke, P.identityCentres],
  // Auditors read everything that was done, and change nothing.
  auditor: [
    P.userRead, P.deviceRead, P.journalRead, P.journalVerify, P.incidentRead, P.callRead, P.callKpi, P.unitRead, P.cameraRead, P.eodRead,
    P.identityReport, P.identityCentres, P.trafficRead,
  ],
  // Administrators manage accounts and devices, and do not read the journal: separation of duties.
  administrator: [
    P.userRead, P.userManage, P.sessionRevoke, P.deviceRead, P.deviceManage, P.unitRead, P.unitManage, P.cameraRead, P.cameraManage, P.cameraCredentials,
    P.eodRead, P.eodManage, P.identityManage, P.identityCentres, P.trafficRead, P.transitManage,
    // The judicial records are entered by the administration that holds the register's reference data,
    // not by the desks that request certificates nor the officers who decide on them.
    P.identityRecordsManage,
  ],
  citizen: [P.identitySelf],
  // What some device may hold; each device holds only its kind's share (`devicePermissions`).
  device: [P.deviceReport, P.callReport, P.unitStatus, P.avlReport, P.cameraReport, P.transitReport, P.trafficReport],
};

/**
 * What a device's token may do, by the device's kind: a camera cannot report calls, a telephony gateway
 * cannot move units. Finer bounds are the services' own: a tracker moves only the unit it is bound to, a
 * gateway reports only the calls it reported ringing, a controller only its own cameras.
 */
export const devicePermissions: Readonly<Record<DeviceKind, readonly Permission[]>> = {
  telephony: [P.deviceReport, P.callReport],
  vehicle: [P.deviceReport, P.avlReport, P.unitStatus],
  camera: [P.deviceReport, P.cameraReport],
  recorder: [P.deviceReport, P.cameraReport],
  other: [P.deviceReport],
  transit: [P.deviceReport, P.transitReport],
  // Pushes its feed's documents and nothing else: not even `device.report`, which no traffic centre calls.
  'traffic-centre': [P.trafficReport],
};

/** The permissions of a device of this kind. */
export function devicePermissionsOf(kind: DeviceKind): ReadonlySet<Permission> {
  return new Set(devicePermissions[kind]);
}

/** The union of the permissions of some roles. */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => rolePermissions[role]));
}

/**
 * Who may see a journal stream on the live feed, by the stream's kind (the part before `/`).
 * A stream whose kind is not listed is seen by auditors only (through `journal.read`).
 */
export const streamPermission: Readonly<Record<string, Permission>> = {
  user: P.userRead,
  device: P.deviceRead,
  incident: P.incidentRead,
  'incident-types': P.incidentRead,
  call: P.callRead,
  'call-taker': P.callRead,
  unit: P.unitRead,
  station: P.unitRead,
  camera: P.cameraRead,
  'camera-alarm': P.cameraRead,
  'plate-hotlist': P.cameraAlarm,
  'video-wall': P.cameraRead,
  'eod-squad': P.eodRead,
  cordon: P.eodRead,
  'standoff-table': P.eodRead,
  // Identity streams carry no personal data on the live feed beyond what these roles already read.
  'identity-application': P.identityReport,
  'identity-appointment': P.identityAppointment,
  'identity-batch': P.identityReport,
  'identity-centre': P.identityReport,
  'identity-card': P.identityCardStatus,
  // A residence-permit application's steps (numbers, kind, documents' codes): the desks and the centres.
  'identity-permit': P.identityReport,
  'identity-certificate': P.identityCertificates,
  'road-closure': P.trafficRead,
  'road-speeds': P.trafficRead,
  'transit-feed': P.trafficRead,
  'traffic-feed': P.trafficRead,
  'feed-closure': P.trafficRead,
  corridor: P.trafficRead,
};

/**
 * Roles whose holders must prove a second factor (TOTP) when `AMANE_TOTP_REQUIRED` is on: those who
 * grant rights, read everything, command the floor, or make identity cards. Without one enrolled, such
 * a person's session can only enrol one (and sign out, or change its password).
 */
export const secondFactorRoles: readonly Role[] = [Role.administrator, Role.auditor, Role.supervisor, Role.issuanceOperator];

/** Whether holding `roles` asks for a second factor (given the setting that requires it). */
export function rolesNeedSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => secondFactorRoles.includes(role));
}

/** The permission that lets a client see events of `stream` live. */
export function permissionToSee(stream: string): Permission {
  const kind = stream.slice(0, stream.indexOf('/') === -1 ? undefined : stream.indexOf('/'));
  return streamPermission[kind] ?? P.journalRead;
}
