/* eslint-disable @typescript-eslint/no-explicit-any -- these tests walk EIDO documents as the plain JSON they are */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { sharedDataFile } from '../core/testing.js';
import type { Call } from '../calls/call.js';
import { seedCatalogue } from '../incidents/incident-type.js';
import type { Incident } from '../incidents/incident.js';
import { buildEido, fromHtml, readEido, type EidoSnapshot, type ReceivedEido } from './eido.js';
import { nenaEidoValidator } from './nena-schema.testing.js';

const catalogue = seedCatalogue();

const incident: Incident = {
  id: '0b8f3c2e-5d7a-4e0b-9c1d-2f3a4b5c6d7e',
  number: 'CASA-2026-000042',
  type: 'robbery',
  priority: 'P1',
  status: 'dispatched',
  location: { lat: 33.5899, lon: -7.6039 },
  address: 'Boulevard Mohammed V, près du marché "central" & de la poste',
  district: 'SIDI-BELYOUT',
  summary: 'Deux hommes armés ont arraché un sac <rouge> à une passante',
  capabilities: ['armed'],
  flags: { weapons: true, hazards: false, children: true },
  createdAt: '2026-11-29T10:00:40.000Z',
  updatedAt: '2026-11-29T10:03:00.000Z',
  allowedActions: ['en_route', 'arrive', 'cancel'],
};

const call: Call = {
  id: '5f0c1a7e-2b3c-4d5e-8f9a-0b1c2d3e4f50',
  callId: 'pbx-7781',
  callerNumber: '+212600000001',
  trunk: 'casa-19-a',
  status: 'ended',
  urgent: false,
  callTaker: 'salma',
  rangAt: '2026-11-29T10:00:00.000Z',
  answeredAt: '2026-11-29T10:00:06.000Z',
  endedAt: '2026-11-29T10:02:00.000Z',
  transferredTo: null,
  networkLocation: { source: 'network', lat: 33.5901, lon: -7.6041, radiusM: 150, method: 'Cell', at: '2026-11-29T10:00:00.000Z' },
  supplementalLocations: [{ source: 'user:salma', lat: 33.5899, lon: -7.6039, at: '2026-11-29T10:00:30.000Z' }],
  incident: 'CASA-2026-000042',
  callbackDoneAt: null,
};

const snapshot: EidoSnapshot = {
  agencyId: 'casablanca.police.ma',
  incident,
  type: catalogue.find((t) => t.code === 'robbery'),
  createdBy: 'user:salma',
  notes: [
    { n: 1, author: 'user:karim', at: '2026-11-29T10:02:10.000Z', text: 'Suspects fled towards the port\non a black scooter' },
    { n: 2, author: 'device:pbx', at: '2026-11-29T10:02:30.000Z', text: 'Second caller confirms: 2 < 3 suspects' },
  ],
  calls: [call],
  resources: [
    {
      assignment: { callSign: 'CASA-PC-12', assignedAt: '2026-11-29T10:01:00.000Z', assignedBy: 'user:karim', etaS: 240, acknowledgedAt: '2026-11-29T10:01:05.000Z', releasedAt: null, releaseReason: null, undoableUntil: null },
      unit: {
        id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
        callSign: 'CASA-PC-12',
        kind: 'patrol_car',
        station: 'ST-SIDI-BELYOUT',
        capabilities: ['armed'],
        crew: ['yassine'],
        device: 'avl-12',
        status: 'en_route',
        statusSince: '2026-11-29T10:01:30.000Z',
        incident: 'CASA-2026-000042',
        position: null,
        statusStale: false,
        positionStale: true,
      },
    },
    {
      assignment: { callSign: 'CASA-MC-3', assignedAt: '2026-11-29T10:01:00.000Z', assignedBy: 'user:karim', etaS: null, acknowledgedAt: null, releasedAt: '2026-11-29T10:02:00.000Z', releaseReason: 'breakdown', undoableUntil: null },
      unit: undefined,
    },
  ],
  roles: new Map([
    ['salma', ['call-taker']],
    ['karim', ['dispatcher', 'supervisor']],
    ['yassine', ['field-officer']],
  ]),
};

const eidoFolder = sharedDataFile('standards/eido/openapi.yaml');

describe.skipIf(eidoFolder === undefined)("EIDO documents against NENA's EIDO 1.0 schema (needs ../shared/data/standards/eido)", () => {
  // Built in beforeAll, not here: vitest collects a skipped describe's body too, and without the data
  // there is no folder to read.
  let folder: string;
  let validate: ReturnType<typeof nenaEidoValidator>;
  // Compiling NENA's schema takes seconds, and on a loaded machine more than the default 30.
  beforeAll(() => {
    folder = path.dirname(eidoFolder!);
    validate = nenaEidoValidator(folder);
  }, 180_000);
  const sample = () => JSON.parse(fs.readFileSync(path.join(folder, 'sample-call-transfer.json'), 'utf8')) as Record<string, unknown>;

  it("accepts NENA's own sample, and refuses it without what the schema requires", () => {
    expect(validate(sample()), JSON.stringify(validate.errors)).toBe(true);
    for (const required of ['agencyComponent', 'eidoVersion', 'issuingElementIdentification', 'lastUpdateTimeStamp']) {
      const broken = sample();
      delete broken[required];
      expect(validate(broken), required).toBe(false);
    }
    expect(validate({ ...sample(), eidoVersion: '2.0' })).toBe(false);
  });

  it('accepts the export of an incident with its calls, notes, cautions and agents', () => {
    const doc = buildEido(snapshot);
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('accepts the export of a bare incident: no address, no district, no calls, no notes, no flags, made by a device', () => {
    const doc = buildEido({
      ...snapshot,
      incident: { ...incident, address: null, district: null, flags: { weapons: false, hazards: false, children: false }, status: 'closed' },
      type: undefined,
      createdBy: 'device:pbx',
      notes: [],
      calls: [],
      resources: [],
      roles: new Map(),
    });
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(doc).not.toHaveProperty('agentComponent');
    expect(doc).not.toHaveProperty('callComponent');
  });

  it('refuses to import NENA’s call-transfer sample, which holds no incident, naming the field', () => {
    expect(() => readEido(sample() as unknown as ReceivedEido, catalogue)).toThrow(
      expect.objectContaining({ errors: [{ field: 'incidentComponent', message: 'is required to open an incident from an EIDO document' }] }),
    );
  });
});

describe('EIDO export', () => {
  const doc = buildEido(snapshot) as Record<string, any>;

  it('maps the incident to EIDO and APCO codes, keeping Amane’s own values beside them', () => {
    expect(doc).toMatchObject({
      $id: `urn:emergency:uid:incidentid:${incident.id}:casablanca.police.ma`,
      eidoVersion: '1.0',
      issuingElementIdentification: 'cad.casablanca.police.ma',
      updatedByAgencyReference: { $ref: 'casablanca.police.ma' },
      lastUpdateTimeStamp: incident.updatedAt,
    });
    expect(doc.incidentComponent).toMatchObject({
      incidentTypeCommonRegistryText: 'ROBBERY',
      incidentTypeInternalCode: 'robbery',
      incidentTypeInternalText: 'Robbery (with violence)',
      incidentStatusCommonRegistryText: ['Active'],
      incidentStatusInternalText: ['dispatched'],
      internalIncidentId: 'CASA-2026-000042',
      incidentPriorityInternalText: 'P1',
      incidentCommonPriorityNumber: 1,
      beatOrDispatchGroupText: 'SIDI-BELYOUT',
    });
    expect(doc.agentComponent.map((a: any) => [a.$id, a.agentRoleRegistryText])).toEqual([
      ['salma@casablanca.police.ma', ['Call Taking']],
      ['karim@casablanca.police.ma', ['Dispatching', 'Supervisor']],
      ['yassine@casablanca.police.ma', ['Responder']],
    ]);
  });

  it('lists the units sent, with their status, crew, ETA and the dispatch that sent them', () => {
    expect(doc.emergencyResourceComponent.map((r: any) => [r.emergencyResourceName, r.emergencyResourceTypeCommonRegistryText, r.primaryUnitStatusRegistryText, r.unitStatusInternal])).toEqual([
      ['CASA-PC-12', 'LawEnforcementUnit', 'Enroute', ['en_route']],
      ['CASA-MC-3', 'Other', 'Unavailable', ['released: breakdown']],
    ]);
    expect(doc.emergencyResourceComponent[0]).toMatchObject({
      resourceAttributeRegistryText: ['Other'],
      resourceAttributeInternalText: ['armed'],
      secondaryUnitStatusRegistryText: ['Acknowledged'],
      agentReference: [{ $ref: 'yassine@casablanca.police.ma' }],
      eta: '2026-11-29T10:05:00.000Z',
      activeOnIncidentId: doc.$id,
    });
    expect(doc.emergencyResourceComponent[1]).not.toHaveProperty('activeOnIncidentId');
    expect(doc.dispatchComponent.map((d: any) => [d.agentReference.$ref, d.emergencyResourceReference[0].$ref])).toEqual(
      doc.emergencyResourceComponent.map((r: any) => ['karim@casablanca.police.ma', r.$id]),
    );
  });

  it('writes the call with its states, callback number and both locations, the network one first', () => {
    expect(doc.callComponent).toHaveLength(1);
    expect(doc.callComponent[0]).toMatchObject({
      $id: 'urn:emergency:uid:callid:pbx-7781:casablanca.police.ma',
      direction: 'incoming',
      standardPrimaryCallType: 'emergency',
      callStartTimestamp: call.rangAt,
      answerDate: call.answeredAt,
      callStateRegistryText: 'callEnd',
      agentReference: [{ $ref: 'salma@casablanca.police.ma' }],
    });
    expect(doc.callbackComponent[0].callBackInformationUri).toEqual(['tel:+212600000001']);
    const callLocations = doc.callComponent[0].locationReference.map((r: any) => doc.locationComponent.find((l: any) => l.$id === r.$ref));
    expect(callLocations.map((l: any) => [l.locationTypeDescriptionRegistryText, l.locationDescriptionText])).toEqual([
      ['Caller', 'from network'],
      ['Caller', 'from user:salma'],
    ]);
    expect(callLocations[0].locationByValue).toContain('<gs:radius uom="urn:ogc:def:uom:EPSG::9001">150</gs:radius>');
  });

  it('opens the narrative with the summary, notes as HTML, signed by people only; flags as cautions', () => {
    expect(doc.notesComponent.map((n: any) => n.notesActionComments)).toEqual([
      'Deux hommes armés ont arraché un sac &lt;rouge&gt; à une passante',
      'Suspects fled towards the port<br>on a black scooter',
      'Second caller confirms: 2 &lt; 3 suspects',
    ]);
    expect(doc.notesComponent.map((n: any) => n.agentReference?.$ref)).toEqual(['salma@casablanca.police.ma', 'karim@casablanca.police.ma', undefined]);
    expect(doc.incidentComponent.notesReference.map((r: any) => r.$ref)).toEqual(doc.notesComponent.map((n: any) => n.$id));
    expect(doc.cautionComponent.map((c: any) => [c.cautionTypeInternalText, c.cautionSeverity])).toEqual([
      ['weapons', 'high'],
      ['children involved', 'high'],
    ]);
  });
});

describe('EIDO import', () => {
  const read = (doc: unknown) => readEido(doc as ReceivedEido, catalogue);
  const problems = (doc: unknown) => {
    try {
      read(doc);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).errors;
    }
    throw new Error('the document was accepted');
  };

  it('reads back what was exported: type, priority, location, address, summary, flags and notes', () => {
    const { incident: back, warnings } = read(buildEido(snapshot));
    expect(warnings).toEqual(['2 units of the sending centre (CASA-PC-12, CASA-MC-3) not carried over: send units from this centre']);
    expect(back).toMatchObject({
      type: incident.type,
      priority: incident.priority,
      location: incident.location,
      address: incident.address,
      summary: incident.summary,
      flags: incident.flags,
      source: { eido: `urn:emergency:uid:incidentid:${incident.id}:casablanca.police.ma`, agency: 'casablanca.police.ma', issuedBy: 'cad.casablanca.police.ma', incident: incident.number },
    });
    expect(back.notes).toEqual([
      '[karim@casablanca.police.ma, 2026-11-29T10:02:10.000Z] Suspects fled towards the port\non a black scooter',
      '[casablanca.police.ma, 2026-11-29T10:02:30.000Z] Second caller confirms: 2 < 3 suspects',
    ]);
  });

  it('maps another centre’s common type and priority number, and says what it could not map', () => {
    const doc = buildEido(snapshot) as Record<string, any>;
    doc.incidentComponent = { ...doc.incidentComponent, incidentTypeInternalCode: 'X-77', incidentTypeCommonRegistryText: 'burglary', incidentPriorityInternalText: 'urgent', incidentCommonPriorityNumber: 3 };
    expect(read(doc).incident).toMatchObject({ type: 'burglary', priority: 'P3' });
    doc.incidentComponent.incidentTypeCommonRegistryText = 'MAYDAY';
    delete doc.emergencyResourceComponent;
    delete doc.incidentComponent.incidentCommonPriorityNumber;
    const { incident: other, warnings } = read(doc);
    expect(other).toMatchObject({ type: 'other', priority: 'P3' });
    expect(warnings).toEqual(['incident type "MAYDAY" has no match in the catalogue; opened as other', "no priority given; the type's default P3 was used"]);
  });

  it('reports every problem on its own field at once', () => {
    const doc = buildEido(snapshot) as Record<string, any>;
    doc.incidentComponent.incidentCommonPriorityNumber = 9;
    delete doc.incidentComponent.incidentPriorityInternalText;
    doc.locationComponent[0].locationByValue = doc.locationComponent[0].locationByValue.replace('33.5899 -7.6039', '133.5899 -7.6039');
    expect(problems(doc)).toEqual([
      { field: 'incidentComponent.incidentCommonPriorityNumber', message: '9 is not a priority Amane knows; expected 1 (highest) to 4' },
      { field: 'locationComponent.0.locationByValue', message: 'latitude 133.5899 is out of range (-90 to 90)' },
    ]);
  });

  it('refuses a location it cannot place: civic only, by reference only, or a dangling reference', () => {
    const doc = buildEido(snapshot) as Record<string, any>;
    doc.locationComponent[0].locationByValue = doc.locationComponent[0].locationByValue.replace(/<gml:Point.*?<\/gml:Point>/, '');
    expect(problems(doc)).toEqual([{ field: 'locationComponent.0.locationByValue', message: 'holds a civic address only; the incident needs coordinates (a gml:Point or gs:Circle)' }]);
    delete doc.locationComponent[0].locationByValue;
    doc.locationComponent[0].locationByReferenceUrl = 'https://lis.example/loc/1';
    expect(problems(doc)).toEqual([{ field: 'locationComponent.0.locationByValue', message: 'is required: Amane does not dereference locations by URL' }]);
    doc.incidentComponent.locationReference = [{ $ref: 'nowhere' }];
    doc.locationComponent = [];
    expect(problems(doc)).toEqual([{ field: 'incidentComponent.locationReference.0', message: 'refers to "nowhere", which is not in locationComponent' }]);
  });

  it('refuses XML with entity declarations inside a location (no XXE through EIDO)', () => {
    const doc = buildEido(snapshot) as Record<string, any>;
    doc.locationComponent[0].locationByValue = `<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>${doc.locationComponent[0].locationByValue.replace(/^<\?xml[^>]*\?>/, '')}`;
    expect(problems(doc)).toEqual([{ field: 'locationComponent.0.locationByValue', message: 'must not contain a DOCTYPE or entity declarations' }]);
  });

  it('turns HTML notes into plain text without letting control characters through', () => {
    expect(fromHtml('<p>Line&nbsp;one</p><p>two &amp; <b>three</b>&#x41;&#0;&#65;</p>')).toBe('Line one\ntwo & threeA A\n');
  });

  it('reads a note as a browser shows it: every named reference, a lone < as text, no comment or script', () => {
    expect(fromHtml('Suspect&eacute; vu &agrave; 3 m &lt; 5 m<br/>ok')).toBe('Suspecté vu à 3 m < 5 m\nok');
    expect(fromHtml('if a < b then<!-- staff only -->, stop')).toBe('if a < b then, stop');
    expect(fromHtml('<div>one</div><script>alert("x")</script><style>p{}</style>two')).toBe('one\ntwo');
    expect(fromHtml('<ul><li>first<li>second</ul>')).toBe('first\nsecond\n');
    expect(fromHtml('<p>left open')).toBe('left open');
  });
});
