import { useEffect, useState } from 'react';
import { get, query } from '../../api';
import type { UnitStatus } from '@contract';
import { problemText } from '../../components/common';
import { store } from '../../store';

/** `GET /kpis/live` (src/reports/live-kpi.ts): today's figures and the state of the room now. */
export interface LiveKpis {
  readonly at: string;
  /** The start of the period (by default the start of Casablanca's day). */
  readonly since: string;
  readonly calls: {
    readonly total: number;
    readonly answered: number;
    readonly abandoned: number;
    readonly answeredWithin15sPct: number | null;
    readonly answeredWithin20sPct: number | null;
    readonly queueLength: number;
    readonly longestWaitS: number | null;
  };
  readonly incidents: {
    readonly created: number;
    readonly open: number;
    readonly byPriority: Readonly<Record<'1' | '2' | '3' | '4', number>>;
    readonly medianToDispatchS: number | null;
    readonly p90ToDispatchS: number | null;
    readonly medianToOnSceneS: number | null;
    readonly p90ToOnSceneS: number | null;
  };
  /** Every district with zeros; then codes no longer imported (no names); then `code: null`, outside every district. */
  readonly byDistrict: readonly DistrictCount[];
  readonly callTakers: {
    readonly ready: number;
    readonly busy: number;
    readonly wrapUp: number;
    readonly notReady: number;
    readonly loggedOut: number;
    /** Each call-taker by account: the full name (null for an account removed since), and the Arabic one when given. */
    readonly list: readonly { readonly username: string; readonly fullName: string | null; readonly fullNameAr: string | null; readonly state: string; readonly since: string }[];
  };
  readonly units: Readonly<Record<UnitStatus, number>>;
}

export interface DistrictCount {
  readonly code: string | null;
  readonly name: string | null;
  readonly nameAr: string | null;
  readonly open: number;
  readonly created: number;
}

/** One hour of `GET /calls/kpis` (`group` is the Casablanca hour, `2026-07-15 09`). */
export interface HourKpis {
  readonly group: string;
  readonly calls: number;
  readonly answered: number;
  /** Share (0-1) of answered calls answered within 15 s; null with none answered. */
  readonly within15s: number | null;
}

export interface LiveKpiState {
  readonly kpis: LiveKpis | null;
  readonly byHour: readonly HourKpis[] | null;
  /** When the figures last arrived (the browser's clock). */
  readonly refreshedAt: Date | null;
  /** The server's clock minus the browser's, so times in state are not skewed by a badly set PC. */
  readonly serverOffsetMs: number;
  readonly error: string | null;
  readonly refresh: () => void;
}

const POLL_MS = 30_000;
/** Events come in bursts (a dispatch moves the incident and each unit): one refresh per burst. */
const EVENT_DELAY_MS = 1_000;
/** Streams whose events change a figure on the screen. */
const relevantStreams = new Set(['call', 'call-taker', 'incident', 'unit']);

/**
 * The supervisor's figures, fetched at once, a second after the live events that change them, every
 * 30 s whatever happens (durations and "today" move on their own), and when the live feed comes back.
 */
export function useLiveKpis(): LiveKpiState {
  const [state, setState] = useState<Omit<LiveKpiState, 'refresh'>>({ kpis: null, byHour: null, refreshedAt: null, serverOffsetMs: 0, error: null });
  const [refresh, setRefresh] = useState<() => void>(() => () => undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let due = Number.POSITIVE_INFINITY;
    let latest = 0;

    const load = async () => {
      const request = ++latest;
      try {
        const sentAt = Date.now();
        const kpis = await get<LiveKpis>('/kpis/live');
        const receivedAt = Date.now();
        // The hourly chart covers the same day as the figures, up to a second past them.
        const to = new Date(Date.parse(kpis.at) + 1_000).toISOString();
        const hours = await get<{ byHour: HourKpis[] }>(`/calls/kpis${query({ from: kpis.since, to })}`);
        if (stopped || request !== latest) return;
        setState({
          kpis,
          byHour: hours.byHour,
          refreshedAt: new Date(receivedAt),
          serverOffsetMs: Date.parse(kpis.at) - (sentAt + receivedAt) / 2,
          error: null,
        });
      } catch (failure) {
        if (stopped || request !== latest) return;
        setState((previous) => ({ ...previous, error: problemText(failure) }));
      }
    };

    const run = () => {
      timer = undefined;
      due = Number.POSITIVE_INFINITY;
      void load().finally(() => {
        if (!stopped) schedule(POLL_MS);
      });
    };

    /** Runs a refresh in `ms` unless one is already due sooner. */
    const schedule = (ms: number) => {
      const at = Date.now() + ms;
      if (at >= due) return;
      clearTimeout(timer);
      due = at;
      timer = setTimeout(run, ms);
    };

    const offEvent = store.onEvent((event) => {
      const kind = event.stream.split('/', 1)[0] ?? '';
      if (relevantStreams.has(kind)) schedule(EVENT_DELAY_MS);
    });
    let wasLive = store.liveState === 'live';
    const offLive = store.subscribe('live', () => {
      const live = store.liveState === 'live';
      if (live && !wasLive) schedule(0);
      wasLive = live;
    });
    setRefresh(() => () => schedule(0));
    schedule(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
      offEvent();
      offLive();
    };
  }, []);

  return { ...state, refresh };
}
