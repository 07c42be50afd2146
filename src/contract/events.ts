import type { CallEvents } from './call.events.js';
import type { CameraEvents } from './camera.events.js';
import type { CertificateEvents } from './certificate.events.js';
import type { DispatchEvents } from './dispatch.events.js';
import type { EodEvents } from './eod.events.js';
import type { IdentityEvents } from './identity.events.js';
import type { IncidentEvents } from './incident.events.js';
import type { KernelEvents } from './kernel.events.js';
import type { PermitEvents } from './permit.events.js';
import type { StationEvents } from './station.events.js';
import type { TrafficEvents } from './traffic.events.js';
import type { TrafficFeedEvents } from './traffic-feed.events.js';
import type { TransitEvents } from './transit.events.js';
import type { UnitEvents } from './unit.events.js';

/**
 * Every event the journal holds: its type, and the data recorded with it. Each module keeps its part in
 * `<module>.events.ts`; this is where they are joined, so an event recorded or read under a type not
 * listed here, or with other data, does not compile.
 */
export type EventCatalogue = KernelEvents & IncidentEvents & CallEvents & UnitEvents & DispatchEvents & StationEvents & CameraEvents & EodEvents & IdentityEvents & PermitEvents & CertificateEvents & TrafficEvents & TrafficFeedEvents & TransitEvents;

/** What happened, `kind.verb_past`: `incident.created`, `session.revoked`. */
export type EventType = keyof EventCatalogue;

/** The data recorded with an event of type `T`. */
export type EventData<T extends EventType> = EventCatalogue[T];

/** An event's type and its data, as a union on the type: `switch (event.type)` narrows `event.data`. */
export type TypedEvent = { [K in EventType]: { readonly type: K; readonly data: EventCatalogue[K] } }[EventType];

/** A committed event of the journal, its data typed by its type. */
export type CatalogueEvent = { readonly seq: number; readonly at: string; readonly actor: string; readonly stream: string } & TypedEvent;

/**
 * Every event type, as a value (for the checks that read the journal). The `satisfies` clause below keeps
 * it equal to the catalogue: a type missing here, or one that is not in the catalogue, does not compile.
 */
export const eventTypes = [
  // The kernel
  'user.created',
  'user.updated',
  'user.language_changed',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.password_changed',
  'user.login_failed',
  'user.password_check_failed',
  'user.locked_out',
  'user.role_requested',
  'user.role_granted',
  'user.role_refused',
  'user.totp_enrolment_started',
  'user.totp_enrolled',
  'user.totp_reset',
  'session.opened',
  'session.idle_expired',
  'session.closed',
  'session.revoked',
  'device.registered',
  'device.revoked',
  'device.token_rotated',
  'security.logins_refused',
  'key.rotated',
  'journal.signing_key_rotated',
  'area.imported',
  'roads.imported',
  'demo.seeded',
  // Incidents
  'incident.created',
  'incident.dispatched',
  'incident.en_route',
  'incident.on_scene',
  'incident.cleared',
  'incident.closed',
  'incident.cancelled',
  'incident.reopened',
  'incident.recalled',
  'incident.recleared',
  'incident.priority_changed',
  'incident.flags_changed',
  'incident.note_added',
  'incident_types.replaced',
  // Calls
  'call.ringing',
  'call.answered',
  'call.transferred',
  'call.abandoned',
  'call.ended',
  'call.location_added',
  'call.linked',
  'call.callback_done',
  'call_taker.state_changed',
  'incident.call_linked',
  // Units
  'unit.created',
  'unit.changed',
  'unit.status_changed',
  'unit.dispatched',
  'unit.released',
  // Dispatch
  'incident.unit_assigned',
  'incident.assignment_undone',
  'incident.unit_released',
  'unit.acknowledged',
  // Stations
  'station.created',
  // Cameras
  'camera.registered',
  'camera.changed',
  'cameras.exported',
  'camera.pointed',
  'camera.point-undelivered',
  'camera.viewed',
  'camera.offline',
  'camera.online',
  'camera_alarm.raised',
  'camera_alarm.escalated',
  'camera_alarm.acknowledged',
  'camera_alarm.dismissed',
  'camera_alarm.cleared',
  'camera_alarm.incident_opened',
  'incident.camera_alarm_linked',
  'plate_hotlist.created',
  'plate_hotlist.changed',
  'plate_hotlist.deleted',
  'plate_hotlist.entries_added',
  'plate_hotlist.entry_removed',
  'video-wall.saved',
  // EOD
  'eod_squad.registered',
  'eod_squad.changed',
  'eod_squad.equipment_added',
  'eod_squad.equipment_changed',
  'eod_squad.deployment_opened',
  'eod_squad.deployment_logged',
  'standoff_table.replaced',
  'cordon.set',
  'cordon.changed',
  'cordon.lifted',
  'cordon.units_withdrawn',
  'incident.device_class_set',
  'incident.cordon_set',
  'incident.cordon_changed',
  'incident.cordon_lifted',
  'unit.withdraw_ordered',
  // Identity
  'identity_person.registered',
  'identity_person.read',
  'identity_person.reads_listed',
  'identity_person.account_linked',
  'identity_person.changed',
  'identity_person.application_opened',
  'identity_person.photo_read',
  'identity_person.erased',
  'identity_application.opened',
  'identity_application.enrolled',
  'identity_application.checked',
  'identity_application.referred',
  'identity_application.approved',
  'identity_application.rejected',
  'identity_application.scheduled',
  'identity_application.requeued',
  'identity_application.produced',
  'identity_application.shipped',
  'identity_application.received',
  'identity_application.delivered',
  'identity_application.handover_refused',
  'identity_card.personalised',
  'identity_card.delivered',
  'identity_card.suspended',
  'identity_card.reinstated',
  'identity_card.declared_lost',
  'identity_card.declared_stolen',
  'identity_card.revoked',
  'identity_card.expired',
  'identity_card.replaced',
  'identity_appointment.booked',
  'identity_appointment.moved',
  'identity_appointment.cancelled',
  'identity_appointment.no_show',
  'identity_appointment.attended',
  'identity_appointment.reminded',
  'identity_desk.created',
  'identity_desk.changed',
  'identity_centre.created',
  'identity_centre.changed',
  'identity_centre.stock_received',
  'identity_centre.online',
  'identity_centre.offline',
  'identity_batch.scheduled',
  'identity_batch.produced',
  'identity_batch.shipped',
  'identity_batch.received',
  'identity_batch.cancelled',
  'identity_rules.saved',
  'identity_seal.issued',
  'identity_seal.revoked',
  // Residence permits
  'identity_resident.registered',
  'identity_resident.read',
  'identity_permit.filed',
  'identity_permit.documents_presented',
  'identity_permit.approved',
  'identity_permit.rejected',
  'identity_permit.scheduled',
  'identity_permit.requeued',
  'identity_permit.produced',
  'identity_permit.shipped',
  'identity_permit.received',
  'identity_permit.delivered',
  'identity_permit.handover_refused',
  'identity_permit.receipt_issued',
  'identity_permit.receipt_renewed',
  'identity_permit.receipt_closed',
  'identity_permit.reminded',
  'identity_permit_checklist.saved',
  'identity_permit_rules.saved',
  // Administrative certificates and the judicial records
  'identity_certificate.requested',
  'identity_certificate.issued',
  'identity_certificate.rejected',
  'identity_certificate.revoked',
  'judicial_record.entered',
  'judicial_record.corrected',
  // Traffic
  'road_closure.set',
  'road_closure.changed',
  'road_closure.reopened',
  'road_closure.ended',
  // Traffic feeds in, and corridors
  'traffic_feed.configured',
  'traffic_feed.changed',
  'traffic_feed.removed',
  'feed_closure.started',
  'feed_closure.ended',
  'corridor.created',
  'corridor.changed',
  'corridor.removed',
  // Public transport
  'transit_feed.imported',
  'transit_feed.realtime_configured',
  'transit_feed.alert_emitted',
] as const satisfies readonly EventType[];

// Both directions: every listed type is in the catalogue (above), and every catalogue type is listed.
type Unlisted = Exclude<EventType, (typeof eventTypes)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTypeListed;
