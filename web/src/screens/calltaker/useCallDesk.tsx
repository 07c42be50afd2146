import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, post, query } from '../../api';
import { Words } from '../../components/common';
import { useI18n } from '../../i18n';
import { problemText } from '../../problemText';
import { useStore } from '../../store';
import { useResource } from '../../useResource';
import type { Call, LatLon, NearbyIncident } from '@contract/shapes';
import { callerPlace, classified, deskAfter, deskKey, describedAddress, emptyDesk, incidentRequest, mayEnd, mayTransfer, networkBeside, round6, type DeskEvent } from './callDesk';

/** What `GET /places/describe` says of a point: the nearest named road and the district around it. */
interface PlaceDescription {
  readonly street: string | null;
  readonly district: { readonly name: string; readonly nameAr: string | null } | null;
}

export interface DeskMessage {
  readonly text: ReactNode;
  readonly error: boolean;
}

const callPath = (callId: string) => `/calls/${encodeURIComponent(callId)}`;

/** A sentence with one code or number in it, isolated so right-to-left text never reorders it. */
function sentence(text: string, name: string, value: string): ReactNode {
  return <Words text={text} vars={{ [name]: <bdi>{value}</bdi> }} />;
}

/**
 * The call-taker's desk: their state, the call in hand (followed live), the incident form, the open
 * incidents near the caller, the address written from the caller's place, and the commands with their keys.
 */
export function useCallDesk() {
  const i18n = useI18n();
  const s = useStore('queue', 'callTakers', 'catalogue');
  const username = s.me.user?.username ?? '';
  const myState = s.callTakers.find((taker) => taker.username === username);
  const [desk, dispatch] = useReducer(deskAfter, emptyDesk);
  const [message, setMessage] = useState<DeskMessage | null>(null);
  const typeRef = useRef<HTMLSelectElement>(null);
  const transferRef = useRef<HTMLInputElement>(null);
  const say = (text: ReactNode, error = false) => setMessage({ text, error });

  // The call in hand is followed live (hang-up, locations added); one already in hand after a reload comes back.
  const callResource = useResource<Call>(desk.callId === null ? null : callPath(desk.callId), desk.callId === null ? [] : [`call/${desk.callId}`]);
  const call = callResource.data ?? null;
  const myCallId = myState?.callId ?? null;
  useEffect(() => {
    if (myCallId !== null) dispatch({ kind: 'resumed', callId: myCallId });
  }, [myCallId]);

  const type = s.types.find((t) => t.code === desk.typeCode);
  const place = call === null ? null : callerPlace(call);
  const beside = call === null ? null : networkBeside(call, place);
  const sortedTypes = useMemo(() => [...s.types].sort((a, b) => a.labels[i18n.language].localeCompare(b.labels[i18n.language], i18n.language)), [s.types, i18n.language]);

  // Open incidents near the caller: the same event, already reported?
  const nearResource = useResource<NearbyIncident[]>(place === null ? null : `/incidents/near${query({ lat: place.lat, lon: place.lon, type: desk.typeCode || undefined })}`, ['incident/']);
  const near = nearResource.data ?? [];

  // The address from the location (nearest named road, district), unless the call-taker wrote one.
  const described = useResource<PlaceDescription>(place === null || desk.incident !== null ? null : `/places/describe${query({ lat: place.lat, lon: place.lon })}`).data;
  useEffect(() => {
    if (described !== undefined) dispatch({ kind: 'addressDescribed', text: describedAddress(described, i18n.language, i18n.separator) });
  }, [described, desk.callId, i18n.language, i18n.separator]);

  const setReady = async (state: 'ready' | 'not_ready') => {
    try {
      await post('/call-takers/me/state', { state });
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const answerNext = async () => {
    try {
      const taken = await post<Call>('/calls/next');
      dispatch({ kind: 'answered', callId: taken.callId });
      callResource.setData(taken, callPath(taken.callId));
      say(sentence(i18n.t('calltaker.answered'), 'number', taken.callerNumber));
      setTimeout(() => typeRef.current?.focus(), 0);
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const placeCaller = async (position: LatLon) => {
    if (call === null || desk.incident !== null) return;
    try {
      callResource.setData(await post<Call>(`${callPath(call.callId)}/location`, { lat: round6(position.lat), lon: round6(position.lon) }));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const createIncident = async (event?: FormEvent) => {
    event?.preventDefault();
    if (call === null || desk.incident !== null) return;
    try {
      const result = await post<{ incidentNumber: string; call: Call }>(`${callPath(call.callId)}/incident`, incidentRequest(desk, type));
      callResource.setData(result.call);
      dispatch({ kind: 'recorded', incident: result.incidentNumber });
      say(sentence(i18n.t('calltaker.created'), 'number', result.incidentNumber));
    } catch (failure) {
      if (failure instanceof ApiError && failure.errors.length > 0) dispatch({ kind: 'refused', fieldErrors: Object.fromEntries(failure.errors.map((e) => [e.field, i18n.t('problem.field')])) });
      say(problemText(failure), true);
    }
  };

  /** Ends the call in hand: the call-taker goes to wrap-up, and is offered no call until ready again. */
  const endCall = async () => {
    if (call === null || !mayEnd(call)) return;
    try {
      callResource.setData(await post<Call>(`${callPath(call.callId)}/end`));
      say(i18n.t('calltaker.ended'));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const transferCall = async (to: string) => {
    if (call === null || !mayTransfer(call) || to === '') return;
    try {
      callResource.setData(await post<Call>(`${callPath(call.callId)}/transfer`, { to }));
      say(sentence(i18n.t('calltaker.transferred'), 'to', to));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const link = async (number: string) => {
    if (call === null) return;
    try {
      callResource.setData(await post<Call>(`${callPath(call.callId)}/link`, { incident: number }));
      dispatch({ kind: 'recorded', incident: number });
      say(sentence(i18n.t('calltaker.linked'), 'number', number));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  // Every render listens with the commands as they now are (the call, the form, the suggestions).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = deskKey(event.key, myState?.state, near[0] !== undefined);
      if (action === null) return;
      event.preventDefault();
      if (action === 'answer') void answerNext();
      else if (action === 'refuseInWrapUp') say(i18n.t('calltaker.inWrapUp'), true);
      else if (action === 'create') void createIncident();
      else if (action === 'end') void endCall();
      else if (action === 'focusTransfer') transferRef.current?.focus();
      else if (action === 'link') void link(near[0]!.number);
      else if (action !== 'nothingOnCall') void setReady(action === 'goReady' ? 'ready' : 'not_ready');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const classification = classified(type, desk.answers);
  return {
    username,
    myState,
    queue: s.queue,
    message,
    call,
    place,
    networkBeside: beside,
    near,
    form: desk,
    change: (event: DeskEvent) => dispatch(event),
    type,
    sortedTypes,
    expected: classification?.priority ?? null,
    implied: classification?.flags ?? new Set(),
    typeRef,
    transferRef,
    setReady,
    answerNext,
    placeCaller,
    createIncident,
    endCall,
    transferCall,
    link,
  };
}

export type CallDeskView = ReturnType<typeof useCallDesk>;
