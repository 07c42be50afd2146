import { Parser as HtmlParser } from 'htmlparser2';
import { Type, type Static, type TSchema } from 'typebox';
import { isOpen } from '../contract/incident.js';
import { DomainError, type FieldProblem } from '../core/errors.js';
import { escapeXml } from '../core/xml-text.js';
import { formatPidfLo, parsePidfLo, type PidfLocation } from '../geo/pidf-lo.js';
import type { Call, CallLocation } from '../calls/index.js';
import type { Assignment } from '../dispatch/index.js';
import type { Flags, Incident, IncidentType, IncidentTypeCatalogue, Note, Priority, ReceivedIncident } from '../incidents/index.js';
import type { Unit } from '../units/index.js';

/**
 * NENA EIDO 1.0 (NENA-STA-024.1, the Emergency Incident Data Object, JSON per its OpenAPI schema):
 * an incident as one centre hands it to another. `buildEido` writes an incident, its location, calls,
 * notes and cautions; `readEido` reads a received document into what Amane needs to open an incident.
 *
 * Registry values: incident types are APCO ANS 2.103.1 common incident type codes (the catalogue's
 * `commonType`), with Amane's own code and label beside them; incident status is the NENA Incident
 * Status registry's `Active` or `Closed`, with Amane's status as internal text; call states are the
 * IANA call-state names (`callBegin`, `callAnswered`, `callEnd`).
 */

export const EIDO_VERSION = '1.0';

// --- What a received document must hold --------------------------------------------------------
// The subset of the EIDO 1.0 schema Amane relies on when it opens an incident from a document. Objects
// stay open: EIDO documents carry many components Amane does not use, and they are accepted as sent.

const Text = (description?: string) => Type.String({ minLength: 1, ...(description === undefined ? {} : { description }) });
const Reference = Type.Object({ $ref: Text('the $id of the referenced component') }, { 'x-expected': 'a reference: {"$ref": "<component id>"}' });
const DateTime = Type.String({ format: 'date-time', 'x-expected': 'a date-time with its offset, such as 2026-11-29T10:00:00Z' });

/** The prologue every EIDO component starts with. */
function Component<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object({
    $id: Text('globally unique identifier of the component'),
    lastUpdateTimeStamp: DateTime,
    updatedByAgencyReference: Reference,
    updatedByAgentReference: Type.Optional(Reference),
    ...properties,
  });
}

const ReceivedLocation = Component({
  locationTypeDescriptionRegistryText: Text(),
  locationByValue: Type.Optional(Type.String({ maxLength: 64 * 1024, description: 'a PIDF-LO document' })),
  locationByReferenceUrl: Type.Optional(Type.String()),
  locationDescriptionText: Type.Optional(Type.String({ maxLength: 1_000 })),
});

const ReceivedNote = Component({
  notesActionComments: Type.String({ maxLength: 20_000 }),
  agentReference: Type.Optional(Reference),
});

const ReceivedCaution = Component({
  cautionTypeInternalText: Type.String(),
  cautionTypeCommonRegistryText: Type.String(),
  cautionSeverity: Type.Enum(['highest', 'high', 'normal', 'low', 'lowest']),
});

const ReceivedIncidentComponent = Component({
  incidentTypeCommonRegistryText: Text(),
  incidentTypeInternalCode: Type.Optional(Type.String()),
  incidentTypeInternalText: Type.Optional(Type.String()),
  internalIncidentId: Type.Optional(Type.String()),
  incidentPriorityInternalText: Type.Optional(Type.String()),
  incidentCommonPriorityNumber: Type.Optional(Type.Integer({ 'x-expected': 'a whole number' })),
  locationReference: Type.Optional(Type.Array(Reference)),
  notesReference: Type.Optional(Type.Array(Reference)),
});

/** An EIDO document as Amane accepts it for import (the schema's required parts, and the incident). */
export const ReceivedEido = Type.Object({
  $id: Text('identifier of the EIDO document'),
  lastUpdateTimeStamp: DateTime,
  updatedByAgencyReference: Reference,
  eidoVersion: Type.Literal(EIDO_VERSION, { 'x-expected': `"${EIDO_VERSION}"` }),
  issuingElementIdentification: Text(),
  agencyComponent: Type.Array(
    Component({ agencyRoleDescriptionRegistryText: Type.Array(Type.String()), agencyType: Type.Array(Type.String()) }),
    { minItems: 1, maxItems: 50, 'x-expected': 'a list of 1 to 50 agencies' },
  ),
  incidentComponent: Type.Optional(ReceivedIncidentComponent),
  locationComponent: Type.Optional(Type.Array(ReceivedLocation, { maxItems: 100 })),
  notesComponent: Type.Optional(Type.Array(ReceivedNote, { maxItems: 1_000 })),
  cautionComponent: Type.Optional(Type.Array(ReceivedCaution, { maxItems: 100 })),
  emergencyResourceComponent: Type.Optional(Type.Array(Type.Object({ emergencyResourceName: Type.Optional(Type.String()) }), { maxItems: 500 })),
});
export type ReceivedEido = Static<typeof ReceivedEido>;

// --- Writing -------------------------------------------------------------------------------------

/** Everything an export is made of, read by the service. */
export interface EidoSnapshot {
  readonly agencyId: string;
  readonly incident: Incident;
  readonly type: IncidentType | undefined;
  /** Who created the incident (a journal actor). */
  readonly createdBy: string;
  readonly notes: readonly Note[];
  readonly calls: readonly Call[];
  /** The units sent to the incident (current and past), with their unit as it stands now. */
  readonly resources: readonly { readonly assignment: Assignment; readonly unit: Unit | undefined }[];
  /** The roles of the people named in the document, by username. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
}

/** NENA Primary Unit Status registry values for Amane's unit statuses. */
const primaryUnitStatus: Readonly<Record<Unit['status'], string>> = {
  available: 'Available',
  dispatched: 'Dispatched',
  en_route: 'Enroute',
  on_scene: 'OnScene',
  busy: 'Unavailable',
  out_of_service: 'OutOfService',
  off_duty: 'OffDuty',
};

/** NENA Emergency Resource Type registry values for Amane's unit kinds. */
const resourceTypes: Readonly<Record<Unit['kind'], string>> = {
  patrol_car: 'LawEnforcementUnit',
  motorcycle: 'LawEnforcementMotorcycle',
  foot_patrol: 'LawEnforcementFootPatrol',
  traffic_unit: 'LawEnforcementTrafficUnit',
  intervention_brigade: 'LawEnforcementTacticalTeam',
  eod_squad: 'BombSquad',
  canine_unit: 'LawEnforcementK9',
};

/** EIDO's agent roles (NENA Agent Role registry) for Amane's roles. */
const agentRoles: Readonly<Record<string, string>> = {
  'call-taker': 'Call Taking',
  dispatcher: 'Dispatching',
  supervisor: 'Supervisor',
  'field-officer': 'Responder',
  'eod-officer': 'Responder',
};


const callStates: Readonly<Record<Call['status'], string>> = {
  ringing: 'callBegin',
  answered: 'callAnswered',
  transferred: 'callEnd',
  ended: 'callEnd',
  abandoned: 'callEnd',
};

const cautions: readonly { flag: keyof Flags; text: string; registry: string }[] = [
  { flag: 'weapons', text: 'weapons', registry: 'Weapons' },
  { flag: 'hazards', text: 'hazards', registry: 'Hazardous Materials' },
  { flag: 'children', text: 'children involved', registry: 'Children' },
];

/** The EIDO 1.0 document of an incident. */
export function buildEido(snapshot: EidoSnapshot): Record<string, unknown> {
  const { agencyId: agency, incident } = snapshot;
  const by = { $ref: agency };
  const prologue = (id: string, at: string, actor?: string) => {
    const agent = agentId(actor, agency);
    return { $id: id, lastUpdateTimeStamp: at, updatedByAgencyReference: by, ...(agent === undefined ? {} : { updatedByAgentReference: { $ref: agent } }) };
  };
  const base = `${agency}/incident/${incident.number}`;
  const agents = new Set<string>();
  const referAgent = (actor: string | null | undefined) => {
    const id = agentId(actor ?? undefined, agency);
    if (id !== undefined) agents.add(actor!.replace(/^user:/, ''));
    return id;
  };

  const locations: Record<string, unknown>[] = [];
  const incidentLocationId = `${base}/location`;
  locations.push({
    ...prologue(incidentLocationId, incident.updatedAt),
    locationTypeDescriptionRegistryText: 'Incident',
    locationByValue: formatPidfLo({
      lat: incident.location.lat,
      lon: incident.location.lon,
      ...(incident.address === null ? {} : { civic: { country: 'MA', LOC: incident.address } }),
      method: 'Manual',
      entity: `pres:${incident.number}@${agency}`,
      timestamp: incident.createdAt,
    }),
    ...(incident.address === null ? {} : { locationDescriptionText: incident.address }),
  });

  const notes: Record<string, unknown>[] = [];
  // The one-line summary the call-taker wrote opens the narrative.
  const creator = referAgent(snapshot.createdBy);
  notes.push({
    ...prologue(`${base}/note/0`, incident.createdAt, snapshot.createdBy),
    notesActionComments: toHtml(incident.summary),
    ...(creator === undefined ? {} : { agentReference: { $ref: creator } }),
  });
  for (const note of snapshot.notes) {
    const author = referAgent(note.author);
    notes.push({
      ...prologue(`${base}/note/${note.n}`, note.at, note.author),
      notesActionComments: toHtml(note.text),
      ...(author === undefined ? {} : { agentReference: { $ref: author } }),
    });
  }

  const calls: Record<string, unknown>[] = [];
  const callbacks: Record<string, unknown>[] = [];
  for (const call of snapshot.calls) {
    const callId = `urn:emergency:uid:callid:${call.callId}:${agency}`;
    const callbackId = `${agency}/callback/${call.callId}`;
    const callLocations = [call.networkLocation, ...call.supplementalLocations].filter((l): l is CallLocation => l !== null);
    const locationIds = callLocations.map((location, i) => {
      const id = `${agency}/call/${call.callId}/location/${i}`;
      locations.push({
        ...prologue(id, location.at),
        locationTypeDescriptionRegistryText: 'Caller',
        locationByValue: formatPidfLo({
          ...(location.lat === undefined || location.lon === undefined ? {} : { lat: location.lat, lon: location.lon }),
          ...(location.radiusM === undefined ? {} : { radiusM: location.radiusM }),
          ...(location.civic === undefined ? {} : { civic: location.civic }),
          ...(location.method === undefined ? {} : { method: location.method }),
          entity: `pres:${call.callId}@${agency}`,
          timestamp: location.at,
        }),
        locationDescriptionText: `from ${location.source}`,
      });
      return { $ref: id };
    });
    const taker = referAgent(call.callTaker === null ? null : `user:${call.callTaker}`);
    calls.push({
      ...prologue(callId, call.endedAt ?? call.answeredAt ?? call.rangAt),
      queueIdentifier: `19@${agency}`,
      standardPrimaryCallType: 'emergency',
      direction: 'incoming',
      callStartTimestamp: call.rangAt,
      ...(call.answeredAt === null ? {} : { answerDate: call.answeredAt }),
      callStateRegistryText: callStates[call.status],
      ...(taker === undefined ? {} : { agentReference: [{ $ref: taker }] }),
      callBackReference: { $ref: callbackId },
      ...(locationIds.length === 0 ? {} : { locationReference: locationIds }),
    });
    callbacks.push({ ...prologue(callbackId, call.rangAt), callBackInformationUri: [`tel:${call.callerNumber}`] });
  }

  const resources: Record<string, unknown>[] = [];
  const dispatches: Record<string, unknown>[] = [];
  snapshot.resources.forEach(({ assignment, unit }, i) => {
    const resourceId = `${agency}/unit/${assignment.callSign}/${incident.number}/${i + 1}`;
    const crew = (unit?.crew ?? []).map((username) => referAgent(`user:${username}`)!);
    const onIncident = assignment.releasedAt === null;
    const capabilities = unit?.capabilities ?? [];
    resources.push({
      ...prologue(resourceId, assignment.releasedAt ?? assignment.acknowledgedAt ?? assignment.assignedAt),
      emergencyResourceName: assignment.callSign,
      emergencyResourceTypeCommonRegistryText: unit === undefined ? 'Other' : resourceTypes[unit.kind],
      ...(unit === undefined ? {} : { emergencyResourceTypeInternalText: unit.kind }),
      resourceAttributeRegistryText: capabilities.length === 0 ? [] : ['Other'],
      ...(capabilities.length === 0 ? {} : { resourceAttributeInternalText: capabilities }),
      primaryUnitStatusRegistryText: unit === undefined ? 'Unavailable' : primaryUnitStatus[unit.status],
      secondaryUnitStatusRegistryText: assignment.acknowledgedAt === null ? [] : ['Acknowledged'],
      unitStatusInternal: [onIncident ? (unit?.status ?? 'unknown') : `released: ${assignment.releaseReason ?? ''}`.trim()],
      agentReference: crew.map((id) => ({ $ref: id })),
      ...(assignment.etaS === null ? {} : { eta: new Date(Date.parse(assignment.assignedAt) + assignment.etaS * 1_000).toISOString() }),
      ...(onIncident ? { activeOnIncidentId: `urn:emergency:uid:incidentid:${incident.id}:${agency}` } : {}),
    });
    const dispatcher = referAgent(assignment.assignedBy);
    dispatches.push({
      ...prologue(`${agency}/dispatch/${incident.number}/${i + 1}`, assignment.assignedAt, assignment.assignedBy),
      agencyReference: by,
      ...(dispatcher === undefined ? {} : { agentReference: { $ref: dispatcher } }),
      emergencyResourceReference: [{ $ref: resourceId }],
    });
  });

  const cautionComponents = cautions
    .filter((c) => incident.flags[c.flag])
    .map((c) => ({
      ...prologue(`${base}/caution/${c.flag}`, incident.updatedAt),
      cautionTypeInternalText: c.text,
      cautionTypeCommonRegistryText: c.registry,
      cautionSeverity: 'high',
    }));

  const priorityNumber = Number(incident.priority.slice(1));
  const open = isOpen(incident.status);
  const incidentComponent = {
    ...prologue(`${base}`, incident.updatedAt),
    incidentTypeCommonRegistryText: snapshot.type?.commonType ?? 'TROUBLE',
    incidentTypeInternalCode: incident.type,
    incidentTypeInternalText: snapshot.type?.labels.en ?? incident.type,
    incidentStatusCommonRegistryText: [open ? 'Active' : 'Closed'],
    incidentStatusInternalText: [incident.status],
    internalIncidentId: incident.number,
    incidentPriorityInternalText: incident.priority,
    incidentCommonPriorityNumber: priorityNumber,
    ...(incident.district === null ? {} : { beatOrDispatchGroupText: incident.district }),
    ...(agents.size === 0 ? {} : { agentReference: [...agents].map((username) => ({ $ref: `${username}@${agency}` })) }),
    locationReference: [{ $ref: incidentLocationId }],
    notesReference: notes.map((note) => ({ $ref: note.$id as string })),
  };

  return {
    $id: `urn:emergency:uid:incidentid:${incident.id}:${agency}`,
    lastUpdateTimeStamp: incident.updatedAt,
    updatedByAgencyReference: by,
    eidoVersion: EIDO_VERSION,
    issuingElementIdentification: `cad.${agency}`,
    incidentComponent,
    ...(calls.length === 0 ? {} : { callComponent: calls, callbackComponent: callbacks }),
    ...(resources.length === 0 ? {} : { dispatchComponent: dispatches, emergencyResourceComponent: resources }),
    notesComponent: notes,
    agencyComponent: [
      {
        $id: agency,
        lastUpdateTimeStamp: incident.updatedAt,
        updatedByAgencyReference: by,
        agencyRoleDescriptionRegistryText: ['CallReceiving', 'Dispatching'],
        agencyType: ['police'],
        incidentOwningAgencyIndicator: true,
      },
    ],
    ...(agents.size === 0
      ? {}
      : {
          agentComponent: [...agents].map((username) => ({
            $id: `${username}@${agency}`,
            lastUpdateTimeStamp: incident.updatedAt,
            updatedByAgencyReference: by,
            agentRoleRegistryText: rolesOf(snapshot.roles.get(username) ?? []),
            agencyReference: by,
          })),
        }),
    locationComponent: locations,
    ...(cautionComponents.length === 0 ? {} : { cautionComponent: cautionComponents }),
  };
}

/** The EIDO agent id of a journal actor, for people only (`user:alice` -> `alice@agency`). */
function agentId(actor: string | undefined, agency: string): string | undefined {
  return actor?.startsWith('user:') === true ? `${actor.slice('user:'.length)}@${agency}` : undefined;
}

function rolesOf(roles: readonly string[]): string[] {
  const mapped = [...new Set(roles.map((role) => agentRoles[role]).filter((role): role is string => role !== undefined))];
  return mapped.length === 0 ? ['Other'] : mapped;
}

/** Notes travel as HTML5 text. */
function toHtml(text: string): string {
  return escapeXml(text).replace(/\r?\n/g, '<br>');
}

// --- Reading -------------------------------------------------------------------------------------

/** What a received document becomes, and what could not be carried over exactly. */
export interface ReadEido {
  readonly incident: Omit<ReceivedIncident, 'source'> & { readonly source: { readonly eido: string; readonly agency: string; readonly issuedBy: string; readonly incident?: string } };
  readonly warnings: readonly string[];
}

const SUMMARY_MAX = 500;
const NOTE_MAX = 4_000;

/**
 * Reads a document already checked against `ReceivedEido` into an incident to open. Every problem is
 * reported at once, each on its field (`locationComponent.0.locationByValue`).
 */
export function readEido(doc: ReceivedEido, catalogue: IncidentTypeCatalogue): ReadEido {
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  const incident = doc.incidentComponent;
  if (incident === undefined) {
    throw new DomainError('validation', 'incidentComponent: is required to open an incident from an EIDO document', {
      errors: [{ field: 'incidentComponent', message: 'is required to open an incident from an EIDO document' }],
    });
  }

  // Type: Amane's own code when the sender is an Amane centre, else the common (APCO) type.
  let type = catalogue.find((t) => t.code === incident.incidentTypeInternalCode);
  type ??= catalogue.find((t) => t.commonType === incident.incidentTypeCommonRegistryText.toUpperCase());
  if (type === undefined) {
    type = catalogue.find((t) => t.code === 'other') ?? catalogue[0]!;
    warnings.push(`incident type "${incident.incidentTypeCommonRegistryText}" has no match in the catalogue; opened as ${type.code}`);
  }

  let priority: Priority = type.defaultPriority;
  const internal = incident.incidentPriorityInternalText?.trim().toUpperCase();
  if (internal !== undefined && /^P[1-4]$/.test(internal)) priority = internal as Priority;
  else if (incident.incidentCommonPriorityNumber !== undefined) {
    const n = incident.incidentCommonPriorityNumber;
    if (n >= 1 && n <= 4) priority = `P${n}` as Priority;
    else problems.push({ field: 'incidentComponent.incidentCommonPriorityNumber', message: `${n} is not a priority Amane knows; expected 1 (highest) to 4` });
  } else warnings.push(`no priority given; the type's default ${priority} was used`);

  // Location: the one the incident refers to, else the first given by value.
  const locations = doc.locationComponent ?? [];
  const wanted = incident.locationReference?.[0]?.$ref;
  let index = wanted === undefined ? -1 : locations.findIndex((l) => l.$id === wanted);
  if (wanted !== undefined && index === -1) {
    problems.push({ field: 'incidentComponent.locationReference.0', message: `refers to "${wanted}", which is not in locationComponent` });
  }
  if (index === -1) index = locations.findIndex((l) => l.locationByValue !== undefined);
  let place: PidfLocation | undefined;
  let address: string | null = null;
  if (index === -1) {
    if (wanted === undefined) problems.push({ field: 'locationComponent', message: 'must hold the incident location by value (a PIDF-LO document)' });
  } else {
    const location = locations[index]!;
    const field = `locationComponent.${index}.locationByValue`;
    if (location.locationByValue === undefined) {
      problems.push({ field, message: 'is required: Amane does not dereference locations by URL' });
    } else {
      try {
        place = parsePidfLo(location.locationByValue, field);
        if (place.geodetic === undefined) {
          problems.push({ field, message: 'holds a civic address only; the incident needs coordinates (a gml:Point or gs:Circle)' });
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push(...error.errors);
      }
    }
    address = oneLine(location.locationDescriptionText ?? civicLine(place?.civic) ?? '', 300) || null;
  }

  // Notes: the first one the incident refers to is its summary; the others follow as narrative.
  const notes = doc.notesComponent ?? [];
  const order = (incident.notesReference ?? []).map((ref) => notes.find((n) => n.$id === ref.$ref)).filter((n) => n !== undefined);
  const rest = notes.filter((n) => !order.includes(n)).sort((a, b) => a.lastUpdateTimeStamp.localeCompare(b.lastUpdateTimeStamp));
  const narrative = [...order, ...rest];
  const summaryNote = narrative.shift();
  let summary = summaryNote === undefined ? '' : oneLine(fromHtml(summaryNote.notesActionComments), SUMMARY_MAX);
  if (summary === '') summary = oneLine(incident.incidentTypeInternalText ?? type.labels.en, SUMMARY_MAX);
  const narrativeTexts = narrative
    .map((note) => {
      const text = fromHtml(note.notesActionComments).trim();
      const from = note.agentReference?.$ref ?? note.updatedByAgencyReference.$ref;
      return text === '' ? '' : clip(`[${from}, ${note.lastUpdateTimeStamp}] ${text}`, NOTE_MAX);
    })
    .filter((text) => text !== '');

  const flags: Flags = { weapons: false, hazards: false, children: false };
  for (const caution of doc.cautionComponent ?? []) {
    const said = `${caution.cautionTypeInternalText} ${caution.cautionTypeCommonRegistryText}`.toLowerCase();
    if (said.includes('weapon')) flags.weapons = true;
    else if (said.includes('hazard')) flags.hazards = true;
    else if (said.includes('child')) flags.children = true;
    else warnings.push(`caution "${caution.cautionTypeCommonRegistryText}" kept in no flag`);
  }

  const resources = doc.emergencyResourceComponent ?? [];
  if (resources.length > 0) {
    const names = resources.map((r) => r.emergencyResourceName).filter((n) => n !== undefined);
    warnings.push(`${resources.length} ${resources.length === 1 ? 'unit' : 'units'} of the sending centre (${names.join(', ') || 'unnamed'}) not carried over: send units from this centre`);
  }
  if (problems.length > 0) {
    throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  }
  return {
    incident: {
      type: type.code,
      priority,
      location: { lat: place!.geodetic!.lat, lon: place!.geodetic!.lon },
      address,
      summary,
      flags,
      notes: narrativeTexts,
      source: {
        eido: doc.$id,
        agency: doc.updatedByAgencyReference.$ref,
        issuedBy: doc.issuingElementIdentification,
        ...(incident.internalIncidentId === undefined ? {} : { incident: incident.internalIncidentId }),
      },
    },
    warnings,
  };
}

/** A civic address as one line: number, street, then the places, as RFC 5139 orders them. */
function civicLine(civic: Readonly<Record<string, string>> | undefined): string | undefined {
  if (civic === undefined) return undefined;
  if (civic.LOC !== undefined && Object.keys(civic).every((k) => k === 'LOC' || k === 'country')) return civic.LOC;
  const street = ['HNO', 'HNS', 'PRD', 'RD', 'STS', 'POD'].map((k) => civic[k]).filter(Boolean).join(' ');
  const parts = [civic.NAM, street, civic.LOC, civic.A6, civic.A5, civic.A4, civic.A3, civic.A2, civic.A1, civic.PC].filter((p): p is string => p !== undefined && p !== '');
  return parts.length === 0 ? undefined : parts.join(', ');
}

/** Elements whose end ends a line of the note. */
const LINE_ENDS = new Set(['p', 'div', 'li']);
/** Elements whose content is not text a person reads. */
const NOT_TEXT = new Set(['script', 'style', 'template']);

/**
 * HTML5 note text back to plain text: line breaks kept (`<br>`, the end of a paragraph, block or list
 * item), tags, comments and scripts dropped, character references decoded; a no-break space is a space
 * and a reference to a control character or to nothing valid (`&#0;`) is a space.
 * @example fromHtml('<p>one &amp; two</p>three') // 'one & two\nthree'
 */
export function fromHtml(html: string): string {
  let text = '';
  let hidden = 0;
  let ending = false;
  const parser = new HtmlParser(
    {
      onopentag(name) {
        if (name === 'br') text += '\n';
        if (NOT_TEXT.has(name)) hidden += 1;
      },
      onclosetag(name, implied) {
        if (NOT_TEXT.has(name)) hidden = Math.max(0, hidden - 1);
        // A paragraph left open at the end of the note ends no line: the note ends there.
        else if (LINE_ENDS.has(name) && !(implied && ending)) text += '\n';
      },
      ontext(data) {
        if (hidden === 0) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  ending = true;
  parser.end();
  return text.replace(/\u00a0/g, ' ').replace(/[\p{Cc}\ufffd]/gu, (c) => (c === '\n' || c === '\t' || c === '\r' ? c : ' '));
}

/** One printable line, at most `max` characters. */
function oneLine(text: string, max: number): string {
  return clip(text.replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim(), max);
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\r\n?/g, '\n').replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ' '))];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
