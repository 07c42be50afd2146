import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api';
import { problemText } from '../../components/common';
import { store } from '../../store';
import type { CameraAlarm } from '@contract/shapes';

const REFETCH_DELAY_MS = 100;

/**
 * The alarms still waiting for someone (open or acknowledged), in the order the server gives (most
 * severe first, a wanted plate before an offline camera, then newest: one rule, the server's), asked again (once per
 * burst) whenever `/live` reports an event on a `camera-alarm/{id}` stream: a new alarm shows
 * without a reload, one handled by a colleague leaves.
 */
export function useAlarms(): { alarms: readonly CameraAlarm[]; loaded: boolean; error: string | null; reload: () => void } {
  const [alarms, setAlarms] = useState<readonly CameraAlarm[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      void get<CameraAlarm[]>('/camera-alarms?status=active&limit=500').then(
        (found) => {
          if (!live) return;
          setAlarms(found);
          setLoaded(true);
          setError(null);
        },
        (failure: unknown) => live && setError(problemText(failure)),
      );
    // Listening first, so an alarm raised while the list loads is not missed.
    const off = store.onEvent((event) => {
      if (!event.stream.startsWith('camera-alarm/') || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        load();
      }, REFETCH_DELAY_MS);
    });
    // Back after a lost connection: what was missed may not all be replayed (a resync).
    const offLive = store.subscribe('live', () => store.liveState === 'live' && load());
    load();
    return () => {
      live = false;
      clearTimeout(timer);
      off();
      offLive();
    };
  }, [generation]);

  return { alarms, loaded, error, reload };
}
