/** The incident type catalogue as `GET /incident-types` answers it and `PUT /incident-types` takes it whole. */
import type { IncidentType } from '@contract/shapes';

/**
 * A type of the catalogue. Fields the console does not edit (the common type used with other centres,
 * the transfer to another service) are kept as the server sent them, so that saving one type never
 * drops a field of another.
 */
export interface CatalogueType extends IncidentType {
  /** Its code in APCO's common incident types, used when the incident is shared with another centre. */
  readonly commonType?: string;
}

/** What a unit can do, matched against what a type needs (`Capability` in src/incidents/incident-type.ts). */
export const capabilities = ['armed', 'traffic', 'canine', 'eod', 'robot', 'intervention', 'women-and-children', 'investigation'] as const;
export type Capability = (typeof capabilities)[number];

/** The languages every label is written in, in the order the editor shows them. */
export const labelLanguages = ['ar', 'fr', 'en'] as const;

/** A deep copy one may change: the editor's draft of a type. */
export type Draft<T> = T extends readonly (infer U)[] ? Draft<U>[] : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;
