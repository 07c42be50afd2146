import { useEffect, useState } from 'react';
import { ApiError, get } from '../../api';
import { problemText } from '../../components/common';
import type { LiveEvent } from '../../live';
import { store } from '../../store';
import type { Camera } from '@contract/shapes';

const REFETCH_DELAY_MS = 150;

/**
 * The camera an event changed (registered, edited, found offline), or undefined: events of other
 * streams, and those that leave the camera as it was (someone watched or turned it).
 */
export function changedCamera(event: LiveEvent): string | undefined {
  if (!event.stream.startsWith('camera/') || /view|watch|point|ptz/.test(event.type)) return undefined;
  return event.stream.slice('camera/'.length);
}

/**
 * The camera registry, kept current by `/live`: an event on `camera/{id}` that changes the camera
 * (registered, edited, found offline) has that one camera asked for again.
 */
export function useCameras(): { cameras: ReadonlyMap<string, Camera>; error: string | null } {
  const [cameras, setCameras] = useState<ReadonlyMap<string, Camera>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const refresh = (id: string) => {
      get<Camera>(`/cameras/${encodeURIComponent(id)}`).then(
        (camera) => live && setCameras((known) => new Map(known).set(camera.id, camera)),
        (failure: unknown) => {
          if (live && failure instanceof ApiError && failure.status === 404) {
            setCameras((known) => {
              const next = new Map(known);
              next.delete(id);
              return next;
            });
          }
        },
      );
    };
    const off = store.onEvent((event) => {
      const id = changedCamera(event);
      if (id === undefined || pending.has(id)) return;
      pending.set(
        id,
        setTimeout(() => {
          pending.delete(id);
          refresh(id);
        }, REFETCH_DELAY_MS),
      );
    });
    const load = () =>
      get<Camera[]>('/cameras').then(
        (all) => live && (setCameras(new Map(all.map((camera) => [camera.id, camera]))), setError(null)),
        (failure: unknown) => live && setError(problemText(failure)),
      );
    // Back after a lost connection: what was missed may not all be replayed (a resync).
    const offLive = store.subscribe('live', () => store.liveState === 'live' && void load());
    void load();
    return () => {
      live = false;
      off();
      offLive();
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);
  return { cameras, error };
}
