import { useEffect, useState } from 'react';
import { post, query } from '../../api';
import type { BatchWithApplications, Centre, ProductionBoard, ScheduleResult } from '@contract/shapes';
import { useResource } from '../../useResource';
import { centreToday } from './dates';
import { centreShown } from './issuance';
import { sentence, useToast, type Message } from './parts';

const CENTRE_KEY = 'amane.identity.centre';
const boardTopics = ['identity-batch/', 'identity-centre/', 'identity-application/'];

/**
 * The issuance centre's desk: the centres, the one chosen (remembered on this browser) and its board for
 * a day, kept current by `/live`; the batch opened; and the operator's commands, each followed by a toast.
 */
export function useIssuance() {
  const centres = useResource<Centre[]>('/identity/centres', ['identity-centre/']);
  const [code, setCode] = useState(() => localStorage.getItem(CENTRE_KEY) ?? '');
  const [day, setDay] = useState(centreToday);
  const board = useResource<ProductionBoard>(code === '' ? null : `/identity/centres/${encodeURIComponent(code)}/board${query({ day })}`, boardTopics);
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = useResource<BatchWithApplications>(openId === null ? null : `/identity/batches/${openId}`, ['identity-batch/']);
  const [busy, setBusy] = useState(false);
  const { toast, say, fail } = useToast();

  // A centre remembered here that no longer exists gives way to the first one.
  useEffect(() => {
    const shown = centreShown((centres.data ?? []).map((c) => c.code), code);
    if (shown !== code) setCode(shown);
  }, [centres.data, code]);

  // A batch that cannot be read says why, as a command's refusal does.
  const openError = opened.error;
  useEffect(() => {
    if (openError !== null) say(() => openError);
  }, [openError, say]);

  const act = async <T>(work: () => Promise<T>, done: (answer: T) => Message) => {
    setBusy(true);
    try {
      const answer = await work();
      say(done(answer));
      board.reload();
      centres.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return {
    centres: centres.data ?? [],
    code,
    choose: (next: string) => {
      localStorage.setItem(CENTRE_KEY, next);
      setCode(next);
    },
    day,
    setDay,
    board: board.data,
    error: board.error ?? centres.error,
    opened: opened.data ?? null,
    open: (batch: string) => setOpenId(batch),
    close: () => setOpenId(null),
    busy,
    toast,
    schedule: () =>
      void act(
        () => post<ScheduleResult>(`/identity/production/schedule${query({ day, centre: code })}`),
        (r) => (w) => w.t('issuance.scheduled', { cards: w.count('issuance.cardsScheduled', r.scheduled), batches: w.count('issuance.batchCount', r.batches.length), waiting: w.number(r.waiting) }),
      ),
    produce: (batch: string) => void act(() => post(`/identity/batches/${batch}/produce`), () => (w) => sentence(w, 'issuance.produced', { batch })),
    ship: (batch: string, desk: string) => void act(() => post(`/identity/batches/${batch}/ship`), () => (w) => sentence(w, 'issuance.shipped', { batch, desk })),
    goOffline: (reason: string) => void act(() => post(`/identity/centres/${code}/offline`, { reason }), () => (w) => sentence(w, 'issuance.wentOffline', { centre: code })),
    goOnline: () => void act(() => post(`/identity/centres/${code}/online`), () => (w) => sentence(w, 'issuance.wentOnline', { centre: code })),
    /** Blank cards received; `received` runs once they are counted (the form is emptied). */
    receiveStock: (cards: number, reference: string, received: () => void) =>
      void act(
        async () => {
          await post(`/identity/centres/${code}/stock`, { cards, ...(reference === '' ? {} : { reference }) });
          received();
        },
        () => (w) => w.count('issuance.stockReceived', cards),
      ),
  };
}

export type IssuanceDesk = ReturnType<typeof useIssuance>;
