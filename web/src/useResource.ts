import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from './api';
import { concernsTopic, type LiveTopic } from './liveTopic';
import { problemText } from './problemText';
import { store } from './store';

const REFETCH_DELAY_MS = 120;

export interface Resource<T> {
  readonly data: T | undefined;
  /** The server answered 404 (no appointment yet, no application yet). */
  readonly missing: boolean;
  readonly error: string | null;
  readonly reload: () => void;
  /**
   * Puts what a command answered in place of the last reading (or derives it from that reading), so the
   * screen shows it before the next one; `forPath` primes a path the screen is about to read.
   */
  readonly setData: (next: T | ((current: T | undefined) => T | undefined), forPath?: string) => void;
}

/** What was read, kept with the path it answers for: another path's answer is never shown for this one. */
interface Reading<T> {
  readonly path: string | null;
  readonly data: T | undefined;
  readonly missing: boolean;
  readonly error: string | null;
}

const nothing: Reading<never> = { path: null, data: undefined, missing: false, error: null };

/**
 * `GET path`, asked again (once per burst) whenever `/live` reports an event that concerns one of
 * `topics` (a stream's beginning such as `identity-application/`, or a stream and the types of events
 * that matter), and when the feed comes back after a loss. A null path loads nothing. Roles that see no
 * such stream (citizens) reload with `reload` or `pollMs`.
 */
export function useResource<T>(path: string | null, topics: readonly LiveTopic[] = [], pollMs?: number): Resource<T> {
  const [reading, setReading] = useState<Reading<T>>(nothing);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const topicsKey = JSON.stringify(topics);

  const setData = useCallback(
    (next: T | ((current: T | undefined) => T | undefined), forPath?: string) =>
      setReading((last) => {
        const target = forPath ?? path;
        const current = last.path === target ? last.data : undefined;
        const data = typeof next === 'function' ? (next as (current: T | undefined) => T | undefined)(current) : next;
        return { path: target, data, missing: false, error: null };
      }),
    [path],
  );

  useEffect(() => {
    if (path === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      void get<T>(path).then(
        (value) => live && setReading({ path, data: value, missing: false, error: null }),
        (failure: unknown) => {
          if (!live) return;
          if (failure instanceof ApiError && failure.status === 404) setReading({ path, data: undefined, missing: true, error: null });
          else setReading((last) => ({ path, data: last.path === path ? last.data : undefined, missing: false, error: problemText(failure) }));
        },
      );
    const watched = JSON.parse(topicsKey) as LiveTopic[];
    const off = store.onEvent((event) => {
      if (timer !== undefined || !concernsTopic(watched, event)) return;
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
  }, [path, topicsKey, pollMs, generation]);

  const current = reading.path === path ? reading : nothing;
  return { data: current.data, missing: current.missing, error: current.error, reload, setData };
}
