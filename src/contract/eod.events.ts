/** An item of a squad's equipment as journaled. */
export type EquipmentJournal = {
  id: string;
  kind: string;
  label: string;
  readiness: string;
  nextMaintenance: string | null;
};

/**
 * A deployment's log changed: the times an officer logged (camelCase) or the steps a squad's status
 * stamped as it moved (the column names: `departed_at`, `on_scene_at`, `cleared_at`).
 */
export type DeploymentLogged = {
  deployment: string;
  incident: string;
  alertedAt?: string;
  departedAt?: string;
  onSceneAt?: string;
  neutralisedAt?: string;
  clearedAt?: string;
  equipmentUsed?: string[];
  outcome?: string;
  notes?: string;
  departed_at?: string | null;
  on_scene_at?: string | null;
  neutralised_at?: string | null;
  cleared_at?: string | null;
};

/** A cordon as journaled on its stream. */
export type CordonJournal = {
  cordon: string;
  version: number;
  deviceClass: string;
  centre: { lat: number; lon: number };
  mandatoryM: number;
  preferredM: number;
  /** The units ordered out by this change. */
  withdrawn: string[];
  /** The CAP message's identifier. */
  cap: string;
};

/**
 * The EOD module's events: `eod-squad/{call sign}`, `cordon/{number}`, the stand-off table, and what
 * it records on `incident/{number}` and `unit/{call sign}`.
 */
export interface EodEvents {
  /** An EOD squad was registered, with its equipment. */
  'eod_squad.registered': { city: string; station: string; equipment: EquipmentJournal[] };
  /** A squad's city changed. */
  'eod_squad.changed': { city: string };
  /** An item was added to a squad's equipment. */
  'eod_squad.equipment_added': EquipmentJournal;
  /** An item's label, readiness or next maintenance changed: only what changed. */
  'eod_squad.equipment_changed': { id: string; kind: string; label?: string; readiness?: string; nextMaintenance?: string | null };
  /** A squad was deployed to an incident. */
  'eod_squad.deployment_opened': { deployment: string; incident: string; alertedAt: string; deviceClass: string | null; distanceKm: number | null };
  /** A deployment's log changed. */
  'eod_squad.deployment_logged': DeploymentLogged;
  /** The stand-off table was replaced: each class's distances before and after. */
  'standoff_table.replaced': {
    changes: ({ code: string; added: true; mandatoryM: number; preferredM: number } | { code: string; mandatoryM: [number, number]; preferredM: [number, number] })[];
    removed: string[];
    classes: number;
    source: string;
  };
  /** A cordon was set around the incident. */
  'cordon.set': CordonJournal;
  /** The cordon was changed (another device class, another centre). */
  'cordon.changed': CordonJournal;
  /** The cordon was lifted. */
  'cordon.lifted': { cordon: string; reason: string; cap: string };
  /** Units inside the cordon were ordered out. */
  'cordon.units_withdrawn': { cordon: string; withdrawn: string[] };
  /** The suspected device's class was set (by a unit on scene, or the dispatcher). */
  'incident.device_class_set': { deviceClass: string; previous: string | null; unit?: string };
  /** A cordon was set around the incident. */
  'incident.cordon_set': { deviceClass: string; mandatoryM: number; preferredM: number };
  /** The incident's cordon was changed. */
  'incident.cordon_changed': { deviceClass: string; mandatoryM: number; preferredM: number };
  /** The incident's cordon was lifted. */
  'incident.cordon_lifted': { reason: string };
  /** A unit inside a cordon was ordered out, away from the device. */
  'unit.withdraw_ordered': { incident: string; distanceM: number; mandatoryM: number; bearingOutDeg: number };
}
