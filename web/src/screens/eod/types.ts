/** The EOD module's answers, as the console reads them (see docs/eod.md). */
import type { Labels, LatLon, Recommendation } from '@contract/shapes';

export interface StandoffClass {
  readonly code: string;
  readonly labels: Labels;
  readonly mandatoryM: number;
  readonly preferredM: number;
}

export interface StandoffTableInForce {
  readonly table: { readonly source: string; readonly classes: readonly StandoffClass[] };
}

export interface IncidentDeviceClass extends StandoffClass {
  readonly source: 'call' | 'scene' | 'eod';
  readonly confirmed: boolean;
  readonly setBy: string | null;
  readonly unit: string | null;
}

export interface PerimeterPoint extends LatLon {
  readonly road: string;
  readonly roadClass: string;
  readonly bearingDeg: number;
}

export interface CordonCamera {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly unavailable: boolean;
  readonly ptz: boolean;
  readonly distanceM: number;
  readonly seesDevice: boolean;
}

export interface Cordon {
  readonly id: string;
  readonly status: 'active' | 'lifted';
  readonly deviceClass: string;
  readonly centre: LatLon;
  readonly mandatoryM: number;
  readonly preferredM: number;
  readonly version: number;
  readonly setAt: string;
  readonly updatedAt: string;
  readonly liftedAt: string | null;
  readonly liftReason: string | null;
  readonly closedSegments: number;
  readonly perimeter: readonly PerimeterPoint[];
  readonly withdrawn: readonly { readonly callSign: string; readonly at: string; readonly distanceM: number }[];
  readonly cameras: readonly CordonCamera[];
}

export interface Deployment {
  readonly id: string;
  readonly squad: string;
  readonly incident: string;
  readonly alertedAt: string;
  readonly departedAt: string | null;
  readonly onSceneAt: string | null;
  readonly neutralisedAt: string | null;
  readonly clearedAt: string | null;
  readonly outcome: string | null;
}

export interface EodPicture {
  readonly incident: string;
  readonly needsEod: boolean;
  readonly deviceClass: IncidentDeviceClass | null;
  readonly cordon: Cordon | null;
  readonly cap: readonly { readonly identifier: string; readonly msgType: string; readonly sent: string }[];
  readonly deployments: readonly Deployment[];
}

export interface SquadRecommendation {
  readonly callSign: string;
  readonly city: string;
  readonly station: string;
  readonly etaS: number;
  readonly distanceM: number;
  readonly method: 'road' | 'estimate';
  readonly degraded: boolean;
  readonly degradedReasons: readonly string[];
  readonly fromStation: boolean;
}

export interface EodRecommendation {
  readonly squads: readonly SquadRecommendation[];
  readonly skipped: readonly { readonly callSign: string; readonly city: string; readonly status: string }[];
  readonly patrols: readonly Recommendation[];
  readonly patrolsNote: string | null;
}

export interface Equipment {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly readiness: string;
  readonly nextMaintenance: string | null;
  readonly maintenanceDue: boolean;
}

/** `GET /eod/squads`: a squad, its unit status and incident, crew and equipment. */
export interface Squad {
  readonly callSign: string;
  readonly city: string;
  readonly station: string;
  readonly status: string;
  readonly incident: string | null;
  readonly crew: readonly string[];
  readonly equipment: readonly Equipment[];
  readonly degraded: boolean;
  readonly degradedReasons: readonly string[];
}

/** `GET /eod/closures`: a cordon in force with the roads it closes. */
export interface RoadClosure {
  readonly incident: string;
  readonly deviceClass: string;
  readonly centre: LatLon;
  readonly mandatoryM: number;
  readonly preferredM: number;
  readonly version: number;
  readonly setAt: string;
  readonly updatedAt: string;
  readonly roads: readonly { readonly road: string; readonly roadClass: string; readonly segments: number }[];
  readonly segments: readonly { readonly road: string; readonly roadClass: string; readonly line: readonly [number, number][] }[];
  readonly perimeter: readonly PerimeterPoint[];
}
