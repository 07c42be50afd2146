/** The shapes the server answers with (see docs/api.md and /docs). */

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type IncidentStatus = 'new' | 'dispatched' | 'en_route' | 'on_scene' | 'cleared' | 'closed' | 'cancelled';
export type UnitStatus = 'available' | 'dispatched' | 'en_route' | 'on_scene' | 'busy' | 'out_of_service' | 'off_duty';
export type UnitKind = 'patrol_car' | 'motorcycle' | 'foot_patrol' | 'traffic_unit' | 'intervention_brigade' | 'eod_squad' | 'canine_unit';
export type Language = 'ar' | 'fr' | 'en';

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export interface User {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly fullNameAr: string | null;
  readonly roles: readonly string[];
  readonly locale: Language;
  /** The person's own choice, over the administrator's `locale`; null until they choose. */
  readonly language: Language | null;
  readonly mustChangePassword: boolean;
}

/** A person's second factor: none, enrolment started, or active; and whether this session must enrol one first. */
export interface SecondFactor {
  readonly state: 'none' | 'pending' | 'active';
  readonly enrolledAt: string | null;
  readonly mustEnrol: boolean;
}

export interface Me {
  readonly user?: User;
  readonly secondFactor?: SecondFactor;
  readonly permissions: readonly string[];
}

/** What `POST /auth/totp/enrolment` answers: the new key as text and as an otpauth:// URI. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly uri: string;
}

export interface Incident {
  readonly id: string;
  readonly number: string;
  readonly type: string;
  readonly priority: Priority;
  readonly status: IncidentStatus;
  readonly location: LatLon;
  readonly address: string | null;
  readonly district: string | null;
  readonly summary: string;
  readonly capabilities: readonly string[];
  readonly flags: { readonly weapons: boolean; readonly hazards: boolean; readonly children: boolean };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly allowedActions: readonly string[];
}

export interface UnitPosition extends LatLon {
  readonly speedKmh: number | null;
  readonly heading: number | null;
  readonly accuracyM: number | null;
  readonly at: string;
}

export interface Unit {
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly station: string;
  readonly capabilities: readonly string[];
  readonly crew: readonly string[];
  readonly device: string | null;
  readonly status: UnitStatus;
  readonly statusSince: string;
  readonly incident: string | null;
  readonly position: UnitPosition | null;
  readonly statusStale: boolean;
  readonly positionStale: boolean;
}

export interface CallLocation {
  readonly source: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly radiusM?: number;
  readonly at: string;
}

export interface Call {
  readonly id: string;
  readonly callId: string;
  readonly callerNumber: string;
  readonly trunk: string;
  readonly status: 'ringing' | 'answered' | 'transferred' | 'ended' | 'abandoned';
  readonly urgent: boolean;
  readonly callTaker: string | null;
  readonly rangAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly networkLocation: CallLocation | null;
  readonly supplementalLocations: readonly CallLocation[];
  readonly incident: string | null;
  readonly waitingS?: number;
}

export interface Labels {
  readonly ar: string;
  readonly fr: string;
  readonly en: string;
}

export interface Effect {
  readonly raisePriorityTo?: Priority;
  readonly lowerPriorityTo?: Priority;
  readonly addCapabilities?: readonly string[];
  /** Flags the answer sets on the incident. */
  readonly setFlags?: readonly ('weapons' | 'hazards' | 'children')[];
}

export interface Question {
  readonly id: string;
  readonly labels: Labels;
  readonly kind: 'yes-no' | 'choice';
  readonly ifYes?: Effect;
  readonly options?: readonly { readonly id: string; readonly labels: Labels; readonly effect?: Effect }[];
}

export interface IncidentType {
  readonly code: string;
  readonly labels: Labels;
  readonly family: string;
  readonly defaultPriority: Priority;
  readonly capabilities: readonly string[];
  readonly transferTo?: { readonly service: string; readonly numbers: readonly string[] };
  readonly questions: readonly Question[];
}

export interface NearIncident {
  readonly number: string;
  readonly type: string;
  readonly status: IncidentStatus;
  readonly priority: Priority;
  readonly summary: string;
  readonly location: LatLon;
  readonly createdAt: string;
  readonly distanceM: number;
}

export interface Recommendation {
  readonly callSign: string;
  readonly kind: string;
  readonly status: string;
  readonly station: string;
  readonly etaS: number;
  readonly distanceM: number;
  readonly reason: 'nearest_by_road' | 'from_station' | 'divertible';
  readonly positionStale: boolean;
  readonly divertFrom: string | null;
}

export interface Assignment {
  readonly callSign: string;
  readonly assignedAt: string;
  readonly assignedBy: string;
  readonly etaS: number | null;
  readonly acknowledgedAt: string | null;
  readonly releasedAt: string | null;
  readonly releaseReason: string | null;
  /** Until when its author may take it back (`POST /incidents/{n}/undo-assignment`); null when it cannot be. */
  readonly undoableUntil: string | null;
}

export interface Note {
  readonly n: number;
  readonly text: string;
  readonly author: string;
  readonly at: string;
}

export interface TimelineEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface Timeline {
  readonly events: readonly TimelineEvent[];
  readonly intervals: Record<string, number | undefined>;
}

export interface RoadRoute {
  /** `straight_line`: an estimate for an end off the road network (asked with `offNetwork=estimate`), not a road to draw. */
  readonly kind: 'road' | 'straight_line';
  /** The ends further than 1 km from every road. */
  readonly outside: readonly ('from' | 'to')[];
  readonly etaS: number;
  readonly distanceM: number;
  readonly coordinates: readonly [number, number][];
}

export interface CallTaker {
  readonly username: string;
  /** ready, not_ready, on_call, wrap_up (after a call, until ready again) or logged_out. */
  readonly state: string;
  readonly since?: string;
  readonly callId?: string | null;
}

export const priorities: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const openStatuses: readonly IncidentStatus[] = ['new', 'dispatched', 'en_route', 'on_scene', 'cleared'];
