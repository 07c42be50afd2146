import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from './api';
import { problemText } from './components/common';
import { store } from './store';

const REFETCH_DELAY_MS = 120;

export interface Resource<T> {
  readonly data: T | undefined;
  /** The server answered 404 (no appointment yet, no application yet). */
  readonly missing: boolean;
  readonly error: string | null;
  readonly reload: () => void;
}

/**
 * `GET path`, asked again (once per burst) whenever `/live` reports an event on a stream starting with
 * one of `streams` (`identity-application/`), and when the feed comes back after a loss. A null path
 * loads nothing. Roles that see no identity stream (citizens) reload with `reload` or `pollMs`.
 */
export function useResource<T>(path: string | null, streams: readonly string[] = [], pollMs?: number): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const streamKey = streams.join(',');

  useEffect(() => {
    setData(undefined);
    setMissing(false);
    setError(null);
  }, [path]);

  useEffect(() => {
    if (path === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      void get<T>(path).then(
        (value) => {
          if (!live) return;
          setData(value);
          setMissing(false);
          setError(null);
        },
        (failure: unknown) => {
          if (!live) return;
          if (failure instanceof ApiError && failure.status === 404) {
            setData(undefined);
            setMissing(true);
            setError(null);
          } else setError(problemText(failure));
        },
      );
    const prefixes = streamKey === '' ? [] : streamKey.split(',');
    const off = store.onEvent((event) => {
      if (!prefixes.some((prefix) => event.stream.startsWith(prefix)) || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        load();
      }, REFETCH_DELAY_MS);
    });
    const offLive = store.subscribe('live', () => store.liveState === 'live' && load());
    const poll = pollMs === undefined ? undefined : setInterval(load, pollMs);
    load();
    return () => {
      live = false;
      clearTimeout(timer);
      clearInterval(poll);
      off();
      offLive();
    };
  }, [path, streamKey, pollMs, generation]);

  return { data, missing, error, reload };
}
