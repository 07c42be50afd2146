import { IncidentFlag, classify, type Answers, type Priority } from '@contract';
import type { Call, IncidentType, LatLon } from '@contract/shapes';

/**
 * The call-taker's desk, without React: where the caller is, what the answers make of the type, what
 * each key does, and the form's state from the call answered to the incident recorded.
 */

/** A place on the map, with the network's uncertainty when it gave one. */
export type CallerPlace = LatLon & { radiusM?: number };

/** Where the call is: the call-taker's own placing first, else the network's. */
export function callerPlace(call: Call): CallerPlace | null {
  const placed = [...call.supplementalLocations].reverse().find((l) => l.lat !== undefined && l.lon !== undefined);
  const best = placed ?? call.networkLocation;
  if (best?.lat === undefined || best.lon === undefined) return null;
  return { lat: best.lat, lon: best.lon, ...(best.radiusM === undefined ? {} : { radiusM: best.radiusM }) };
}

/** Once the caller is placed elsewhere, the network's location, kept on the map beside it (lighter); else null. */
export function networkBeside(call: Call, place: CallerPlace | null): CallerPlace | null {
  const network = call.networkLocation;
  if (place === null || network?.lat === undefined || network.lon === undefined) return null;
  if (network.lat === place.lat && network.lon === place.lon) return null;
  return { lat: network.lat, lon: network.lon, ...(network.radiusM === undefined ? {} : { radiusM: network.radiusM }) };
}

/**
 * What the answers given so far make of the type, as the server will (the contract's `classify`): the
 * priority shown while the call-taker types, and the flags the answers set (a weapon seen sets `weapons`).
 * Only the type's own questions, answered, count: a question left blank is no answer yet.
 */
export function classified(type: IncidentType | undefined, answers: Answers): { priority: Priority; flags: ReadonlySet<IncidentFlag> } | null {
  if (type === undefined) return null;
  const given = Object.fromEntries(
    type.questions.flatMap((q) => {
      const answer = answers[q.id];
      if (q.kind === 'yes-no') return typeof answer === 'boolean' ? [[q.id, answer]] : [];
      return q.options?.some((o) => o.id === answer) === true ? [[q.id, answer]] : [];
    }),
  ) as Answers;
  const { priority, flags } = classify(type, given);
  return { priority, flags: new Set(Object.values(IncidentFlag).filter((flag) => flags[flag])) };
}

/** The answers with one more (or one fewer: `undefined` takes the answer back). */
export function withAnswer(answers: Answers, id: string, value: boolean | string | undefined): Answers {
  const next = { ...answers };
  if (value === undefined) delete next[id];
  else next[id] = value;
  return next;
}

/** A map click to six decimals (about ten centimetres): what the server keeps. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Numbers a call may be transferred to when its type names none. */
export const defaultTransferNumbers = ['15', '150', '177'] as const;

/** A caller waiting longer than this is shown late. */
export const waitingLateAfterS = 15;

/** The address a place's description makes: the nearest named road and the district, in the operator's language. */
export function describedAddress(
  found: { readonly street: string | null; readonly district: { readonly name: string; readonly nameAr: string | null } | null },
  language: 'ar' | 'fr' | 'en',
  separator: string,
): string {
  const district = found.district === null ? null : language === 'ar' ? (found.district.nameAr ?? found.district.name) : found.district.name;
  return [found.street, district].filter((part) => part !== null).join(separator);
}

/** The call in hand may be ended from the console while it is answered or transferred. */
export function mayEnd(call: Call): boolean {
  return call.status === 'answered' || call.status === 'transferred';
}

/** The call in hand may be transferred while answered, not twice. */
export function mayTransfer(call: Call): boolean {
  return call.status === 'answered';
}

/** What a key does at the desk. */
export type DeskKey = 'answer' | 'refuseInWrapUp' | 'create' | 'end' | 'focusTransfer' | 'link' | 'goReady' | 'goNotReady' | 'nothingOnCall';

/**
 * F2 answers the next call (refused in wrap-up), F4 creates the incident, F6 ends the call, F7 goes to
 * the transfer number, F8 links to the first suggestion (when there is one), F9 toggles ready and not
 * ready (from wrap-up: ready; on a call it does nothing, and the browser's own use of the key is still
 * held back). Any other key is not the desk's: `null`.
 */
export function deskKey(key: string, state: string | undefined, hasSuggestion: boolean): DeskKey | null {
  switch (key) {
    case 'F2':
      return state === 'wrap_up' ? 'refuseInWrapUp' : 'answer';
    case 'F4':
      return 'create';
    case 'F6':
      return 'end';
    case 'F7':
      return 'focusTransfer';
    case 'F8':
      return hasSuggestion ? 'link' : null;
    case 'F9':
      return state === 'on_call' ? 'nothingOnCall' : state === 'ready' ? 'goNotReady' : 'goReady';
    default:
      return null;
  }
}

/** The incident form of the call in hand, from the call answered to the incident it is recorded with. */
export interface Desk {
  readonly callId: string | null;
  readonly typeCode: string;
  readonly answers: Answers;
  /** Flags the call-taker ticked; those the answers imply are added when the incident is created. */
  readonly ticked: ReadonlySet<IncidentFlag>;
  readonly address: string;
  /** The call-taker wrote the address: a description of the caller's place no longer replaces it. */
  readonly addressTyped: boolean;
  readonly summary: string;
  /** The server's field-by-field refusals of the last attempt, by field path (`type`, `answers.weapon_seen`). */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** The incident the call is recorded with, created or linked: the form is done. */
  readonly incident: string | null;
}

export type DeskEvent =
  | { readonly kind: 'answered'; readonly callId: string }
  /** A call already in hand (after a reload) comes back; a desk with a call keeps it. */
  | { readonly kind: 'resumed'; readonly callId: string }
  | { readonly kind: 'typeChosen'; readonly code: string }
  | { readonly kind: 'answerGiven'; readonly question: string; readonly value: boolean | string | undefined }
  | { readonly kind: 'flagTicked'; readonly flag: IncidentFlag; readonly ticked: boolean }
  | { readonly kind: 'addressTyped'; readonly text: string }
  | { readonly kind: 'addressDescribed'; readonly text: string }
  | { readonly kind: 'summaryTyped'; readonly text: string }
  | { readonly kind: 'refused'; readonly fieldErrors: Readonly<Record<string, string>> }
  | { readonly kind: 'recorded'; readonly incident: string };

export const emptyDesk: Desk = { callId: null, typeCode: '', answers: {}, ticked: new Set(), address: '', addressTyped: false, summary: '', fieldErrors: {}, incident: null };

/** The desk after `event`. A new call starts an empty form; a new type takes back the answers to the last one's questions. */
export function deskAfter(desk: Desk, event: DeskEvent): Desk {
  switch (event.kind) {
    case 'answered':
      return { ...emptyDesk, callId: event.callId };
    case 'resumed':
      return desk.callId === null ? { ...desk, callId: event.callId } : desk;
    case 'typeChosen':
      return { ...desk, typeCode: event.code, answers: {} };
    case 'answerGiven':
      return { ...desk, answers: withAnswer(desk.answers, event.question, event.value) };
    case 'flagTicked': {
      const ticked = new Set(desk.ticked);
      if (event.ticked) ticked.add(event.flag);
      else ticked.delete(event.flag);
      return { ...desk, ticked };
    }
    case 'addressTyped':
      return { ...desk, address: event.text, addressTyped: true };
    case 'addressDescribed':
      return desk.addressTyped || desk.incident !== null ? desk : { ...desk, address: event.text };
    case 'summaryTyped':
      return { ...desk, summary: event.text };
    case 'refused':
      return { ...desk, fieldErrors: event.fieldErrors };
    case 'recorded':
      return { ...desk, incident: event.incident, fieldErrors: {} };
  }
}

/** What `POST /calls/{id}/incident` is sent: the form, with the flags ticked and those the answers imply. */
export function incidentRequest(desk: Desk, type: IncidentType | undefined) {
  const flagged = new Set([...desk.ticked, ...(classified(type, desk.answers)?.flags ?? [])]);
  const address = desk.address.trim();
  return {
    type: desk.typeCode,
    answers: desk.answers,
    summary: desk.summary.trim(),
    ...(address === '' ? {} : { address }),
    flags: { weapons: flagged.has('weapons'), hazards: flagged.has('hazards'), children: flagged.has('children') },
  };
}
