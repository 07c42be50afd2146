import { describe, expect, it } from 'vitest';
import type { Call, IncidentType } from '@contract/shapes';
import { callerPlace, classified, deskAfter, deskKey, describedAddress, emptyDesk, incidentRequest, networkBeside, type Desk, type DeskEvent } from './callDesk';

const labels = (en: string) => ({ ar: en, fr: en, en });

const assault: IncidentType = {
  code: 'assault',
  labels: labels('Assault'),
  family: 'violence',
  defaultPriority: 'P2',
  capabilities: [],
  questions: [
    { id: 'weapon_seen', labels: labels('Weapon seen?'), kind: 'yes-no', ifYes: { raisePriorityTo: 'P1', setFlags: ['weapons'] } },
    {
      id: 'injured',
      labels: labels('Injured?'),
      kind: 'choice',
      options: [
        { id: 'none', labels: labels('None'), effect: { lowerPriorityTo: 'P3' } },
        { id: 'several', labels: labels('Several'), effect: { raisePriorityTo: 'P1' } },
      ],
    },
  ],
};

function call(change: Partial<Call> = {}): Call {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    callId: 'c-1',
    callerNumber: '+212522000111',
    trunk: 'T1',
    status: 'answered',
    urgent: false,
    callTaker: 'amina',
    rangAt: '2026-12-07T10:00:00.000Z',
    answeredAt: '2026-12-07T10:00:05.000Z',
    endedAt: null,
    transferredTo: null,
    networkLocation: { source: 'network', lat: 33.5731, lon: -7.5898, radiusM: 80, at: '2026-12-07T10:00:00.000Z' },
    supplementalLocations: [],
    incident: null,
    callbackDoneAt: null,
    ...change,
  };
}

const play = (...events: DeskEvent[]): Desk => events.reduce(deskAfter, emptyDesk);

describe('the call-taker’s desk', () => {
  it('places the caller where the call-taker last put them, else where the network says, and keeps the network’s beside it', () => {
    const network = call();
    expect(callerPlace(network)).toEqual({ lat: 33.5731, lon: -7.5898, radiusM: 80 });
    expect(networkBeside(network, callerPlace(network))).toBeNull();
    const placed = call({
      supplementalLocations: [
        { source: 'call-taker', lat: 33.58, lon: -7.6, at: '2026-12-07T10:01:00.000Z' },
        { source: 'call-taker', lat: 33.59, lon: -7.61, at: '2026-12-07T10:02:00.000Z' },
      ],
    });
    expect(callerPlace(placed)).toEqual({ lat: 33.59, lon: -7.61 });
    expect(networkBeside(placed, callerPlace(placed))).toEqual({ lat: 33.5731, lon: -7.5898, radiusM: 80 });
    expect(callerPlace(call({ networkLocation: { source: 'network', civic: { street: 'x' }, at: '2026-12-07T10:00:00.000Z' } }))).toBeNull();
  });

  it('classifies as the server will, counting only answers to the type’s own questions', () => {
    expect(classified(undefined, {})).toBeNull();
    expect(classified(assault, {})?.priority).toBe('P2');
    const armed = classified(assault, { weapon_seen: true });
    expect(armed?.priority).toBe('P1');
    expect([...(armed?.flags ?? [])]).toEqual(['weapons']);
    expect(classified(assault, { injured: 'none' })?.priority).toBe('P3');
    // An option another type had, or a question this one does not ask, is no answer yet.
    expect(classified(assault, { injured: 'stolen_car', other: true })?.priority).toBe('P2');
  });

  it('gives each desk key its command, F8 only with a suggestion and F9 by the call-taker’s state', () => {
    expect(deskKey('F2', 'ready', false)).toBe('answer');
    expect(deskKey('F2', 'wrap_up', false)).toBe('refuseInWrapUp');
    expect(deskKey('F4', 'on_call', false)).toBe('create');
    expect(deskKey('F6', 'on_call', false)).toBe('end');
    expect(deskKey('F7', 'on_call', false)).toBe('focusTransfer');
    expect(deskKey('F8', 'on_call', false)).toBeNull();
    expect(deskKey('F8', 'on_call', true)).toBe('link');
    expect(deskKey('F9', 'ready', false)).toBe('goNotReady');
    expect(deskKey('F9', 'wrap_up', false)).toBe('goReady');
    expect(deskKey('F9', 'not_ready', false)).toBe('goReady');
    expect(deskKey('F9', 'on_call', false)).toBe('nothingOnCall');
    expect(deskKey('F5', 'ready', true)).toBeNull();
  });

  it('writes the address from the caller’s place until the call-taker types one, and starts a new call with an empty form', () => {
    const described = play({ kind: 'answered', callId: 'c-1' }, { kind: 'addressDescribed', text: 'Bd Zerktouni, Maarif' });
    expect(described.address).toBe('Bd Zerktouni, Maarif');
    const typed = deskAfter(described, { kind: 'addressTyped', text: 'Bd Mohammed V' });
    expect(deskAfter(typed, { kind: 'addressDescribed', text: 'Rue 12' }).address).toBe('Bd Mohammed V');
    const next = play({ kind: 'answered', callId: 'c-1' }, { kind: 'typeChosen', code: 'assault' }, { kind: 'summaryTyped', text: 'Fight' }, { kind: 'answered', callId: 'c-2' });
    expect(next).toEqual({ ...emptyDesk, callId: 'c-2' });
  });

  it('takes a call back after a reload only when the desk holds none', () => {
    expect(play({ kind: 'resumed', callId: 'c-1' }).callId).toBe('c-1');
    expect(play({ kind: 'answered', callId: 'c-2' }, { kind: 'resumed', callId: 'c-1' }).callId).toBe('c-2');
  });

  it('takes back the answers when another type is chosen, and no longer describes the place once the call is recorded', () => {
    const answered = play({ kind: 'answered', callId: 'c-1' }, { kind: 'typeChosen', code: 'assault' }, { kind: 'answerGiven', question: 'weapon_seen', value: true });
    expect(answered.answers).toEqual({ weapon_seen: true });
    expect(deskAfter(answered, { kind: 'answerGiven', question: 'weapon_seen', value: undefined }).answers).toEqual({});
    expect(deskAfter(answered, { kind: 'typeChosen', code: 'fire' }).answers).toEqual({});
    const recorded = deskAfter(deskAfter(answered, { kind: 'refused', fieldErrors: { summary: 'x' } }), { kind: 'recorded', incident: 'CASA-2026-000123' });
    expect(recorded.fieldErrors).toEqual({});
    expect(deskAfter(recorded, { kind: 'addressDescribed', text: 'Rue 12' }).address).toBe('');
  });

  it('sends the flags ticked and those the answers imply, the text trimmed, and no address when none was written', () => {
    const desk = play(
      { kind: 'answered', callId: 'c-1' },
      { kind: 'typeChosen', code: 'assault' },
      { kind: 'answerGiven', question: 'weapon_seen', value: true },
      { kind: 'flagTicked', flag: 'children', ticked: true },
      { kind: 'flagTicked', flag: 'hazards', ticked: true },
      { kind: 'flagTicked', flag: 'hazards', ticked: false },
      { kind: 'summaryTyped', text: '  Fight outside the pharmacy ' },
      { kind: 'addressTyped', text: '   ' },
    );
    expect(incidentRequest(desk, assault)).toEqual({
      type: 'assault',
      answers: { weapon_seen: true },
      summary: 'Fight outside the pharmacy',
      flags: { weapons: true, hazards: false, children: true },
    });
    expect(incidentRequest(deskAfter(desk, { kind: 'addressTyped', text: ' Bd Anfa ' }), assault)).toMatchObject({ address: 'Bd Anfa' });
  });

  it('describes a place with the district’s Arabic name in Arabic, and without the parts it lacks', () => {
    const found = { street: 'Bd Zerktouni', district: { name: 'Maarif', nameAr: 'المعاريف' } };
    expect(describedAddress(found, 'ar', '، ')).toBe('Bd Zerktouni، المعاريف');
    expect(describedAddress(found, 'fr', ', ')).toBe('Bd Zerktouni, Maarif');
    expect(describedAddress({ street: null, district: { name: 'Anfa', nameAr: null } }, 'ar', '، ')).toBe('Anfa');
    expect(describedAddress({ street: null, district: null }, 'en', ', ')).toBe('');
  });
});
