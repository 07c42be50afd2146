/**
 * The shapes the API answers, as types: what the console imports (`import type`), so that it reads the
 * server's own schemas and never holds a copy. Types only: nothing of TypeBox reaches the console's build.
 */
export type { CreatedUser, Device, DeviceWithToken, Me, RoleGrant, Session, User, UserAccount, UserWithOneTimePassword } from './account.schema.js';
export type { Application, ApplicationStep, ApplicationSummary, CheckFlag, IdentityRules, OwnApplication } from './application.schema.js';
export type { SecondFactor, TotpEnrolment } from './auth.schema.js';
export type { Appointment, DaySlots, Desk, Slot } from './appointment.schema.js';
export type { Call, CallLocation, CallTakerOnBoard } from './call.schema.js';
export type { AlarmIncidentResult, Camera, CameraAlarm, CameraSources, CameraView, IncidentCamera, Play, Preset, VideoWall, WallSummary, WallTile } from './camera.schema.js';
export type { Card, CardSummary, Verification } from './card.schema.js';
export type { Certificate, CertificateHolder, CertificateResidence, CertificateSummary, JudicialRecord, OwnCertificate, RecordsCheck } from './certificate.schema.js';
export type { SealDocument, SealVerification } from './seal.schema.js';
export type { Assignment, Recommendation } from './dispatch.schema.js';
export type {
  CapMessageSummary,
  Cordon,
  CordonCamera,
  Deployment,
  EodPicture,
  EodRecommendation,
  Equipment,
  IncidentDeviceClass,
  PerimeterPoint,
  RoadClosure,
  Squad,
  SquadRecommendation,
  StandoffClass,
  StandoffTable,
  StandoffTableInForce,
} from './eod.schema.js';
export type { Effect, IncidentType, IncidentTypeCatalogue, Labels, Question } from './incident-type.schema.js';
export type { Closure, ClosureChange, ClosureEntry, ClosureGeometry, NewClosure } from './traffic.schema.js';
export type { Flags, Incident, NearbyIncident, Note } from './incident.schema.js';
export type { ErasedPerson, Person, PersonChange, PersonRead, PersonReads, PersonRecord } from './person.schema.js';
export type { JournalEventView, JournalVerdict } from './journal.schema.js';
export type { Batch, BatchWithApplications, Centre, DeskDeliveries, ProductionBoard, ScheduleResult } from './production.schema.js';
export type { Language, Point, Point as LatLon } from './schema.js';
export type { IdentityStatistics } from './statistics.schema.js';
export type { Position, Station, Unit } from './unit.schema.js';
export type { CallTaker, Timeline, TimelineEvent } from './views.js';
export type { RoadRoute } from './road.schema.js';
