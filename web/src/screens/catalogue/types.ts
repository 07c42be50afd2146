/** The incident type catalogue as the editor holds it (`GET /incident-types`, `PUT /incident-types` whole). */
import { Capability } from '@contract';
import type { IncidentType } from '@contract/shapes';

/**
 * A type of the catalogue, as the server sends it: fields the console does not edit (the common type used
 * with other centres, the transfer to another service) are kept, so that saving one type never drops a
 * field of another.
 */
export type CatalogueType = IncidentType;

/** What a unit can do, matched against what a type needs, in the contract's order. */
export const capabilities: readonly Capability[] = Object.values(Capability);

/** The languages every label is written in, in the order the editor shows them. */
export const labelLanguages = ['ar', 'fr', 'en'] as const;

/** A deep copy one may change: the editor's draft of a type. */
export type Draft<T> = T extends readonly (infer U)[] ? Draft<U>[] : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;
