/**
 * An example of every request body, by operation (`METHOD /path`), published beside the body's schema.
 * They tell one story (a station, a unit, an incident in Casablanca; a desk, a person, an application for
 * a card) so that an integrator can replay them in order. `openapi.api.test.ts` sends each one to the
 * server: an example that the server would refuse fails the build.
 */
import { seedStandoffTable } from '../eod/standoff.js';
import { loadSeedCatalogue } from '../incidents/incident-type.js';

const ANFA = { lat: 33.5883, lon: -7.6114 };
/** An 8 x 8 grey JPEG: the smallest portrait the server reads. */
const PORTRAIT_JPEG = '/9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z';
/** ISO/IEC 19794-2 minutiae templates of two fingers (synthetic). */
const RIGHT_INDEX = 'Rk1SACAyMAB7QoeuxR5L8/Bm/h1dqSaPUKI3qHWgx+wrwets/4ZnikVoS/brquxLy2ERbpzERJcoWNZ+INXZ7npifTzuy8U74AMbmcK0VRoYtYEUnp9B099ybQ7Sjtq8NdOk3JYjp4VVxn4MJrg0aSJ8ZtZXrr1ufkYJuCPWI+A1mH9m+u+24AR3oza9gw2ELii0hs96EnZkr8qypsQh/LGLJYj+qi/VZgVUqlOlXLym2n9zL4/pNKQGq8ir0f0Bo26optLbfL9UHdNvrOtEKCS1VZoeFsgrZu1pZXcAeblazUCOu7bm9UZR+LFLZTfZS3Nd0Uky97eV+RF8h0yBsoEruGzXEy5y';
const LEFT_INDEX = 'Rk1SACAyMAB4VyxpRfFtV3ohRRmVZpkiINwLXtXVP7v4SJeMVoZ7ziUNhM0FTPL8cRU+rOjNkaCrid22ut2zvWTrJMVXRWeZlWZvcEqbVV2R/y7Pfnb5yaBZQYDS3/nBszkcAdRB7OcJbbF5aNi5vZrsg1XzmzKy3mbOxhooyg74CLuKHfoYtIatXW3MNFN4VZljItgE1NCLzZyysHJ2q/9RT6U9pQl0hcSHj4X8v6Glu30cjj3zQ+0SFesHx4pH8qSESmMnW1C1SB3phYHt6H/FbXniUPsULr5lQnZi8TsFLfoYdBHSvvHOGa7c96PNriH3phs9iPL/Ktqb054uCwtJpEAHjk8j';

export const requestExamples: Readonly<Record<string, unknown>> = {
  // Sessions, users and devices.
  'POST /auth/login': { username: 'amina.dispatch', password: 'correct horse battery staple' },
  'PUT /auth/me/language': { language: 'ar' },
  'POST /auth/password': { currentPassword: 'correct horse battery staple', newPassword: 'a longer passphrase of five words' },
  'POST /sessions/:id/revoke': { reason: 'Phone reported lost by its owner' },
  'POST /auth/totp/enrolment/confirm': { code: '492039' },
  'POST /users/:id/totp/reset': { reason: 'Authenticator app lost with the phone; identity checked in person' },
  'POST /users': { username: 'amina.dispatch', fullName: 'Amina El Idrissi', fullNameAr: 'أمينة الإدريسي', roles: ['dispatcher'], locale: 'ar' },
  'PATCH /users/:id': { fullName: 'Amina El Idrissi-Benali', roles: ['dispatcher', 'call-taker'] },
  'POST /users/:id/disable': { reason: 'Left the centre on 30 November' },
  'POST /users/:id/enable': { reason: 'Back from leave' },
  'POST /role-grants/:id/refuse': { reason: 'Not on the duty roster of this centre' },
  'POST /devices': { name: 'pbx-casa-1', kind: 'telephony' },
  'POST /devices/:id/revoke': { reason: 'Vehicle terminal replaced' },
  'POST /devices/:id/token': { reason: 'Token exposed in a support ticket' },

  // Stations and units.
  'POST /stations': { code: 'ST-ANFA', name: 'Anfa', nameAr: 'أنفا', location: ANFA },
  'POST /units': { callSign: 'CASA-PC-12', kind: 'patrol_car', station: 'ST-ANFA', capabilities: ['armed'], crew: ['karim.agent'] },
  'PATCH /units/:callSign': { capabilities: ['armed', 'traffic'] },
  'POST /units/:callSign/status': { status: 'available' },
  'POST /avl/positions': { fixes: [{ callSign: 'CASA-PC-12', lat: 33.5891, lon: -7.6102, speed: 32, heading: 270, accuracy: 8, at: '2026-11-29T10:00:00Z' }] },
  // Incidents.
  // The whole catalogue is replaced at once: the one shipped with Amane (read when the description is built).
  get 'PUT /incident-types'() {
    return loadSeedCatalogue();
  },
  'POST /incidents': {
    type: 'theft',
    answers: { in_progress: true },
    location: ANFA,
    address: 'Boulevard d’Anfa, Casablanca',
    summary: 'Bag snatched from a tourist, suspect ran towards the corniche',
    flags: { weapons: false },
  },
  'POST /incidents/:number/dispatch': { reason: 'Nearest unit sent by radio' },
  'POST /incidents/:number/en-route': { reason: 'Reported by radio' },
  'POST /incidents/:number/on-scene': { reason: 'Reported by radio' },
  'POST /incidents/:number/clear': { reason: 'Suspect handed over to the judicial police' },
  'POST /incidents/:number/close': { disposition: 'report_written', reason: 'Report filed' },
  'POST /incidents/:number/cancel': { reason: 'Duplicate of an incident already open' },
  'POST /incidents/:number/reopen': { reason: 'The caller rang back: the suspect is still there' },
  'POST /incidents/:number/priority': { priority: 'P2', reason: 'A knife was seen' },
  'POST /incidents/:number/flags': { weapons: true, children: false },
  'POST /incidents/:number/notes': { text: 'Suspect: male, about 20, red jacket.\nLast seen on Rue Ibnou Majid.' },

  // Calls.
  'POST /telephony/calls': { callId: 'pbx-casa-1:20261129-0001', callerNumber: '+212600000009', trunk: 'casa-19-a', location: { ...ANFA, radiusM: 80 } },
  'POST /telephony/calls/:callId/answer': { callTaker: 'amina.dispatch' },
  'POST /telephony/calls/:callId/transfer': { to: '15' },
  'POST /call-takers/me/state': { state: 'ready' },
  'POST /calls/:callId/location': { lat: 33.589, lon: -7.61, radiusM: 30 },
  'POST /calls/:callId/transfer': { to: '15' },
  'POST /calls/:callId/incident': { type: 'theft', summary: 'Bag snatched, suspect on foot', address: 'Boulevard d’Anfa, Casablanca' },
  'POST /calls/:callId/link': { incident: 'CASA-2026-000001' },
  'POST /incidents/eido': {
    $id: 'urn:emergency:eido:casablanca.police.ma:2026-000001',
    lastUpdateTimeStamp: '2026-11-29T10:00:00Z',
    updatedByAgencyReference: { $ref: 'urn:emergency:uid:agency:rabat.police.ma' },
    eidoVersion: '1.0',
    issuingElementIdentification: 'cad.rabat.police.ma',
    agencyComponent: [
      {
        $id: 'urn:emergency:uid:agency:rabat.police.ma',
        lastUpdateTimeStamp: '2026-11-29T10:00:00Z',
        updatedByAgencyReference: { $ref: 'urn:emergency:uid:agency:rabat.police.ma' },
        agencyRoleDescriptionRegistryText: ['Police'],
        agencyType: ['Police'],
      },
    ],
    incidentComponent: {
      $id: 'urn:emergency:uid:incident:rabat.police.ma:2026-000042',
      lastUpdateTimeStamp: '2026-11-29T10:00:00Z',
      updatedByAgencyReference: { $ref: 'urn:emergency:uid:agency:rabat.police.ma' },
      incidentTypeCommonRegistryText: 'Theft',
      internalIncidentId: 'RABA-2026-000042',
      incidentCommonPriorityNumber: 3,
      locationReference: [{ $ref: 'urn:emergency:uid:location:rabat.police.ma:1' }],
    },
    locationComponent: [
      {
        $id: 'urn:emergency:uid:location:rabat.police.ma:1',
        lastUpdateTimeStamp: '2026-11-29T10:00:00Z',
        updatedByAgencyReference: { $ref: 'urn:emergency:uid:agency:rabat.police.ma' },
        locationTypeDescriptionRegistryText: 'Incident',
        locationByValue:
          '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" entity="pres:incident@rabat.police.ma">' +
          '<tuple id="t1"><status><gp:geopriv><gp:location-info><gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>34.0209 -6.8416</gml:pos></gml:Point>' +
          '</gp:location-info></gp:geopriv></status></tuple></presence>',
      },
    ],
  },

  // Dispatch.
  'POST /incidents/:number/assign': { units: ['CASA-PC-12'], reason: 'Closest armed unit' },
  'POST /incidents/:number/release': { unit: 'CASA-PC-12', reason: 'Needed for a P1 nearby' },
  'POST /incidents/:number/undo-assignment': { unit: 'CASA-PC-12' },

  // Cameras.
  'POST /cameras': {
    id: 'CAM-ANFA-01',
    name: 'Anfa roundabout, north mast',
    location: ANFA,
    heightM: 8,
    headingDeg: 180,
    fovDeg: 60,
    rangeM: 150,
    ptz: true,
    presets: [{ name: 'Roundabout', headingDeg: 180, zoom: 1 }],
    streamMain: 'rtsp://10.20.0.11/main',
  },
  'POST /cameras/import': { format: 'csv', content: 'id,name,lat,lon,headingDeg,fovDeg,rangeM\nCAM-ANFA-02,Anfa park gate,33.5890,-7.6120,90,60,120\n' },
  'PATCH /cameras/:id': { name: 'Anfa roundabout, north mast (new lens)', fovDeg: 75 },
  'POST /cameras/:id/point': { lat: 33.5885, lon: -7.6111, zoom: 2 },
  'POST /cameras/:id/views': {},
  'PUT /video-walls/:name': { layout: '2x2', tiles: ['CAM-ANFA-01', null, null, null], shared: true },
  'POST /video-walls/:name/views': {},
  'POST /cameras/heartbeats': { beats: [{ camera: 'CAM-ANFA-01', at: '2026-11-29T10:00:00Z' }] },
  'POST /cameras/events': {
    events: [
      {
        camera: 'CAM-ANFA-01',
        topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
        utcTime: '2026-11-29T10:00:00Z',
        propertyOperation: 'Changed',
        data: { IsMotion: 'true' },
      },
    ],
  },
  'POST /plate-hotlists': {
    name: 'Stolen vehicles, Casablanca',
    reason: 'stolen_vehicle',
    priority: 'P2',
    description: 'Declared stolen to the prefecture',
    entries: [{ plate: '12345-A-6', note: 'White Dacia Logan' }],
  },
  'PATCH /plate-hotlists/:id': { priority: 'P1', active: true },
  'POST /plate-hotlists/:id/entries': { entries: [{ plate: '67890-B-1', note: 'Grey Peugeot 208', expiresAt: '2027-01-31T23:59:59Z' }] },
  'POST /camera-alarms/:id/dismiss': { reason: 'A delivery van, not the listed vehicle' },
  'POST /camera-alarms/:id/incident': { type: 'theft', summary: 'Listed stolen vehicle seen by the Anfa camera', at: 'camera' },

  // Identity documents.
  'POST /identity/persons': {
    nin: 'BE12345',
    surname: 'Benali',
    givenNames: 'Youssef',
    surnameAr: 'بنعلي',
    givenNamesAr: 'يوسف',
    sex: 'M',
    birthDate: '1990-04-12',
    birthPlace: 'Casablanca',
    fatherName: 'Ahmed',
    motherName: 'Fatima',
    address: '12 Rue Ibnou Majid, Casablanca',
    phone: '+212600000010',
  },
  'PUT /identity/persons/:nin/account': { username: 'youssef.benali' },
  'POST /identity/desks': {
    code: 'DESK-ANFA',
    name: 'Anfa identity desk',
    station: 'ST-ANFA',
    location: ANFA,
    opens: '08:30',
    closes: '16:30',
    slotMinutes: 15,
    slotCapacity: 3,
    weekdays: [1, 2, 3, 4, 5],
    ninPrefix: 'BK',
  },
  'PATCH /identity/desks/:code': { closes: '17:00', slotCapacity: 4 },
  'POST /identity/appointments': { nin: 'BE12345', desk: 'DESK-ANFA', day: '2026-12-01', time: '09:00' },
  'PATCH /identity/appointments/:id': { day: '2026-12-02', time: '10:15' },
  'POST /identity/applications': { nin: 'BE12345', kind: 'first_card', desk: 'DESK-ANFA', payment: { amountMad: 75, reference: 'TIMBRE-2026-0042' } },
  'POST /identity/applications/:number/enrolment': {
    photo: { data: PORTRAIT_JPEG, quality: 82 },
    fingerprints: [
      { position: 2, template: RIGHT_INDEX, quality: 77 },
      { position: 7, template: LEFT_INDEX, quality: 74 },
    ],
    signature: { data: PORTRAIT_JPEG },
  },
  'POST /identity/applications/:number/decision': { decision: 'approve' },
  'POST /identity/applications/:number/handover': { nin: 'BE12345', birthDate: '1990-04-12' },
  'PUT /identity/rules': {
    validity: [
      { underAge: 12, years: 5 },
      { underAge: null, years: 10 },
    ],
    fees: [
      { underAge: 12, mad: 0 },
      { underAge: null, mad: 75 },
    ],
    minimumQuality: { photo: 60, fingerprint: 50 },
    minimumFingerprints: 2,
    autoApprove: false,
    source: 'Decree 2-08-229, as amended',
  },
  'POST /identity/centres': { code: 'CP-RABAT', name: 'Rabat personalisation centre', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 5000, stock: 20000 },
  'PATCH /identity/centres/:code': { dailyCapacity: 6000 },
  'POST /identity/centres/:code/stock': { cards: 10000, reference: 'DELIVERY-2026-118' },
  'POST /identity/centres/:code/offline': { reason: 'Printer line 2 under maintenance' },
  'POST /identity/cards/:documentNumber/status': { action: 'declare_lost', reason: 'Declared lost at the Anfa desk' },
  'POST /identity/verify': { mrz: ['IDMARAB12345671<<<<<<<<<<<<<<<', '9004126M3612015MAR<<<<<<<<<<<8', 'BENALI<<YOUSSEF<<<<<<<<<<<<<<<'] },
  'POST /identity/seals/verify': { seal: '3AOk0KS0oSGzTKRoWWvDZtxTr1TGgMhMvmgzXG4XRQgNAQ==' },
  'POST /identity/seals/:documentNumber/revocation': { reason: 'Certificate issued on a forged request' },
  'POST /identity/me/appointment': { desk: 'DESK-ANFA', day: '2026-12-01', time: '09:00' },
  'PATCH /identity/me/appointment': { day: '2026-12-02', time: '10:15' },
  'POST /identity/judicial-records': {
    nin: 'BE12345',
    court: 'Tribunal de première instance de Casablanca',
    judgmentDate: '2019-04-02',
    caseReference: 'TPI-CASA/2019/1187',
    offence: 'Vol simple',
    sentence: 'Six mois avec sursis',
  },
  'PATCH /identity/judicial-records/:id': { status: 'rehabilitated', reason: 'Réhabilitation, TPI Casablanca 2026/55' },
  'POST /identity/certificates': { nin: 'BE12345', kind: 'residence', desk: 'DESK-ANFA', residence: { address: '3 rue Tarik Ibn Ziad, Casablanca', documentReference: 'LEASE-2026-77' } },
  'POST /identity/certificates/:number/decision': { decision: 'reject', reason: 'The declared address is not the one on the lease' },
  'POST /identity/certificates/:number/revocation': { reason: 'Issued on a card declared stolen since' },
  'POST /identity/me/certificates': { nin: 'BE12345', kind: 'police-record' },
  'POST /identity/persons/:nin/erasure': { reason: 'Record created twice at the desk', legalBasis: 'Law 09-08, article 8' },
  // Residence permits: a resident registered at the desk (which allocates EBK00000001), an application, its decision.
  'POST /identity/residents': {
    desk: 'DESK-ANFA',
    surname: 'Diallo',
    givenNames: 'Aminata',
    sex: 'F',
    birthDate: '1994-07-12',
    birthPlace: 'Dakar',
    nationality: 'SEN',
    passport: { number: 'A02468135', issuingState: 'SEN', expiry: '2030-05-01' },
    entryDate: '2026-01-15',
    address: '7 rue Moulay Youssef, Casablanca',
    activity: { kind: 'employer', name: 'Atlas Textiles SARL' },
    phone: '+212661234567',
  },
  'PUT /identity/permits/rules': { validityYears: [1, 2, 5, 10], residenceCardAfterYears: 4, residenceCardValidityYears: 10, receiptMonths: 3, reminderDays: [60, 30] },
  'PUT /identity/permits/checklists/:kind': {
    documents: [
      { code: 'current_permit', label: 'Carte d’immatriculation en cours', labelAr: 'بطاقة التسجيل الحالية', required: true },
      { code: 'passport', label: 'Passeport en cours de validité', labelAr: 'جواز سفر ساري المفعول', required: true },
      { code: 'fee_stamp', label: 'Timbre fiscal', labelAr: null, required: true },
    ],
  },
  'POST /identity/permit-applications': { resident: 'EBK00000001', kind: 'first_registration', desk: 'DESK-ANFA', documents: ['passport', 'photos', 'proof_of_address'], photo: { data: PORTRAIT_JPEG } },
  'POST /identity/permit-applications/:number/documents': { documents: ['proof_of_means', 'criminal_record', 'medical_certificate', 'fee_stamp'] },
  'POST /identity/permit-applications/:number/decision': { decision: 'approve' },
  'POST /identity/permit-applications/:number/handover': { resident: 'EBK00000001', birthDate: '1994-07-12' },

  // Explosive ordnance disposal.
  'POST /eod/squads': {
    callSign: 'CASA-EOD-1',
    city: 'Casablanca',
    station: 'ST-ANFA',
    crew: ['nadia.eod'],
    equipment: [{ kind: 'robot', label: 'tEODor robot 3', readiness: 'ready', nextMaintenance: '2027-03-01' }],
  },
  'PATCH /eod/squads/:callSign': { city: 'Mohammedia' },
  'POST /eod/squads/:callSign/equipment': { kind: 'x_ray', label: 'Portable X-ray 2', readiness: 'ready' },
  'PATCH /eod/squads/:callSign/equipment/:id': { readiness: 'maintenance', nextMaintenance: '2026-12-15' },
  'PATCH /eod/deployments/:id': { departedAt: '2026-11-29T10:05:00Z', onSceneAt: '2026-11-29T10:21:00Z', notes: 'Robot deployed at 10:30.' },
  // The whole table is replaced at once: the one shipped with Amane (read when the description is built).
  get 'PUT /eod/standoff-table'() {
    return seedStandoffTable();
  },
  'POST /incidents/:number/eod/device-class': { deviceClass: 'briefcase_suitcase' },
  'POST /incidents/:number/cordon': { deviceClass: 'briefcase_suitcase', centre: ANFA },
  'POST /incidents/:number/cordon/lift': { reason: 'Device neutralised, area cleared by the squad' },
  'POST /incidents/:number/eod/assign': { squad: 'CASA-EOD-1' },

  // Road closures.
  'POST /traffic/closures': { kind: 'segment', point: ANFA, reason: 'works', reasonText: 'Réfection de la chaussée', endsAt: '2027-01-15T18:00:00.000Z' },
  'PATCH /traffic/closures/:id': { endsAt: '2027-01-20T18:00:00.000Z' },

  // Traffic feeds in, and corridors.
  'POST /traffic/feeds': { id: 'casa-tc', name: 'Centre de régulation du trafic de Casablanca', url: 'https://trafic.casablanca.ma/datex2/situations.xml', pollIntervalS: 60 },
  'PATCH /traffic/feeds/:id': { pollIntervalS: 120 },
  'POST /traffic/corridors': {
    nameAr: 'محور أنفا - الميناء',
    nameFr: 'Axe Anfa – port',
    nameEn: 'Anfa – harbour axis',
    waypoints: [ANFA, { lat: 33.5986, lon: -7.6108 }],
  },
  'PATCH /traffic/corridors/:id': { nameEn: 'Anfa – harbour corridor' },

  // Public transport.
  'POST /transit/feeds/:id/realtime': { url: 'https://gtfs-rt.casatramway.ma/vehicle-positions.pb', pollIntervalS: 30 },
  'PATCH /transit/feeds/:id/realtime': { pollIntervalS: 15 },
  'POST /transit/alerts': { warning: 'incident:CASA-2026-000123', header: 'Tram T1 dévié entre Place des Nations Unies et Casa-Voyageurs', effect: 'DETOUR' },
};
