import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, post, put, query } from '../../api';
import { problemText } from '../../components/common';
import { wallTileCount, type WallLayout } from '@contract';
import type { CameraView, VideoWall, WallSummary } from '@contract/shapes';

/** The wall an operator starts with when none is saved yet (saved at the first change). */
export const FIRST_WALL = 'main';

export interface WallState {
  readonly name: string;
  readonly shared: boolean;
  readonly layout: WallLayout;
  /** Camera ids row by row, null for an empty tile; as many as the layout has tiles. */
  readonly tiles: readonly (string | null)[];
}

export interface VideoWallControl {
  readonly walls: readonly WallSummary[];
  readonly wall: WallState;
  /** What each tile plays, by tile index, once its view was granted. */
  readonly views: ReadonlyMap<number, CameraView>;
  readonly selectedTile: number | null;
  readonly error: string | null;
  selectTile(index: number | null): void;
  /** Watches a camera (`POST /cameras/{id}/views`, journaled) and puts it in the selected tile, else the first empty one. */
  show(cameraId: string, incident?: string): Promise<void>;
  clear(index: number): void;
  setLayout(layout: WallLayout): void;
  open(name: string, shared: boolean): void;
  create(name: string): void;
}

const fit = (tiles: readonly (string | null)[], layout: WallLayout) => Array.from({ length: wallTileCount[layout] }, (_, i) => tiles[i] ?? null);

/**
 * The operator's video wall: named layouts saved on the server (`PUT /video-walls/{name}` at each
 * change), each tile's camera watched through a journaled view, so that who looked at which camera,
 * and when, is in the journal.
 */
export function useVideoWall(): VideoWallControl {
  const [walls, setWalls] = useState<readonly WallSummary[]>([]);
  const [wall, setWall] = useState<WallState>({ name: FIRST_WALL, shared: false, layout: '2x2', tiles: fit([], '2x2') });
  const [views, setViews] = useState<ReadonlyMap<number, CameraView>>(new Map());
  const [selectedTile, setSelectedTile] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(wall);
  current.current = wall;

  const listWalls = useCallback(() => get<WallSummary[]>('/video-walls').then(setWalls, (failure: unknown) => setError(problemText(failure))), []);

  const save = useCallback(
    (next: WallState) => {
      setWall(next);
      put(`/video-walls/${encodeURIComponent(next.name)}`, { layout: next.layout, tiles: next.tiles, ...(next.shared ? { shared: true } : {}) }).then(
        () => {
          setError(null);
          void listWalls();
        },
        (failure: unknown) => setError(problemText(failure)),
      );
    },
    [listWalls],
  );

  /**
   * Asks for a view of each tile's camera; an answer is kept while its tile still shows that camera.
   * Each camera's own view rather than the wall's (`POST /video-walls/{name}/views`): that one gives a
   * single URL, WebRTC first, and the console plays HLS or a snapshot, which only the camera's view lists.
   */
  const watchAll = useCallback(async (state: WallState) => {
    const granted = new Map<number, CameraView>();
    await Promise.all(
      state.tiles.map(async (id, index) => {
        if (id === null) return;
        try {
          granted.set(index, await post<CameraView>(`/cameras/${encodeURIComponent(id)}/views`, {}));
        } catch (failure) {
          setError(problemText(failure));
        }
      }),
    );
    setViews((known) => {
      const next = new Map(known);
      for (const [index, view] of granted) {
        if (current.current.name === state.name && current.current.tiles[index] === view.camera && !next.has(index)) next.set(index, view);
      }
      return next;
    });
  }, []);

  const open = useCallback(
    (name: string, shared: boolean) => {
      get<VideoWall>(`/video-walls/${encodeURIComponent(name)}${query({ shared: shared || undefined })}`).then(
        (loaded) => {
          const state: WallState = { name: loaded.name, shared: loaded.shared, layout: loaded.layout, tiles: fit(loaded.tiles.map((tile) => tile.camera?.id ?? null), loaded.layout) };
          current.current = state;
          setWall(state);
          setViews(new Map());
          setSelectedTile(0);
          setError(null);
          void watchAll(state);
        },
        (failure: unknown) => setError(problemText(failure)),
      );
    },
    [watchAll],
  );

  useEffect(() => {
    let live = true;
    get<WallSummary[]>('/video-walls').then(
      (found) => {
        if (!live) return;
        setWalls(found);
        // One's own wall first, else the room's shared one.
        const first = found.find((w) => !w.shared) ?? found[0];
        if (first !== undefined) open(first.name, first.shared);
      },
      (failure: unknown) => live && !(failure instanceof ApiError && failure.status === 404) && setError(problemText(failure)),
    );
    return () => {
      live = false;
    };
  }, [open]);

  const show = useCallback(
    async (cameraId: string, incident?: string) => {
      const state = current.current;
      const target = selectedTile !== null && selectedTile < state.tiles.length ? selectedTile : Math.max(0, state.tiles.indexOf(null));
      try {
        // The view first: a camera reaches the wall only once watching it is in the journal.
        const view = await post<CameraView>(`/cameras/${encodeURIComponent(cameraId)}/views`, incident === undefined ? {} : { incident });
        setViews((known) => new Map(known).set(target, view));
        const tiles = [...current.current.tiles];
        tiles[target] = cameraId;
        save({ ...current.current, tiles });
        const nextEmpty = tiles.indexOf(null);
        setSelectedTile(nextEmpty === -1 ? target : nextEmpty);
      } catch (failure) {
        setError(problemText(failure));
      }
    },
    [save, selectedTile],
  );

  const clear = useCallback(
    (index: number) => {
      const tiles = [...current.current.tiles];
      tiles[index] = null;
      setViews((known) => {
        const next = new Map(known);
        next.delete(index);
        return next;
      });
      save({ ...current.current, tiles });
      setSelectedTile(index);
    },
    [save],
  );

  const setLayout = useCallback(
    (layout: WallLayout) => {
      const count = wallTileCount[layout];
      setViews((known) => new Map([...known].filter(([index]) => index < count)));
      setSelectedTile((tile) => (tile === null || tile >= count ? 0 : tile));
      save({ ...current.current, layout, tiles: fit(current.current.tiles, layout) });
    },
    [save],
  );

  const create = useCallback(
    (name: string) => {
      const state: WallState = { name, shared: false, layout: current.current.layout, tiles: current.current.tiles };
      current.current = state;
      save(state);
    },
    [save],
  );

  return { walls, wall, views, selectedTile, error, selectTile: setSelectedTile, show, clear, setLayout, open, create };
}
