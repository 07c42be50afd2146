import { useCallback, useEffect, useRef, useState } from 'react';
import { post } from '../../api';
import { problemText } from '../../components/common';

/** At most one fix per this interval, except right after a status change. */
export const MIN_INTERVAL_MS = 5_000;

/** How long the browser may take for a fix before it says so (it goes on trying). */
export const GEO_TIMEOUT_S = 20;
/** The server drops a fix implying a faster move (src/units/avl.ts `MAX_SPEED_KMH`). */
export const MAX_SPEED_KMH = 200;

const STORAGE_KEY = 'amane.field.sharePosition';

/** Why the server did not use a fix (`dropped[].reason` of `POST /avl/positions`). */
export type DropReason = 'invalid' | 'unknown_unit' | 'not_allowed' | 'out_of_order' | 'duplicate' | 'impossible_jump' | 'out_of_area' | 'future';

/** Why the browser gives no position. */
export type GeoProblem = 'unsupported' | 'insecure' | 'denied' | 'unavailable' | 'timeout';

export interface Sharing {
  readonly on: boolean;
  /** The latest fix the device gave: when, how precise (metres). */
  readonly lastFix: { readonly at: Date; readonly accuracyM: number } | null;
  /** The latest fix the centre took. */
  readonly lastSent: { readonly at: Date; readonly accuracyM: number } | null;
  readonly geoProblem: GeoProblem | null;
  /** The centre refused the latest fix (a drop reason), or the request failed (its message). */
  readonly refusal: { readonly reason: DropReason; readonly at: Date } | { readonly message: string; readonly at: Date } | null;
}

interface AvlAnswer {
  readonly accepted: number;
  readonly dropped: readonly { readonly index: number; readonly callSign: string; readonly reason: DropReason }[];
}

const initial: Sharing = { on: false, lastFix: null, lastSent: null, geoProblem: null, refusal: null };

/**
 * Sends this device's position as the unit's AVL while `on`: `watchPosition`, at most one fix per
 * 5 s (the latest one, when the interval ends), and one at once on `sendNow` (a status change).
 * The choice is remembered on the device, so a reloaded page goes on sharing.
 */
export function usePositionSharing(callSign: string | undefined): Sharing & { setOn(on: boolean): void; sendNow(): void } {
  const [state, setState] = useState<Sharing>(() => ({ ...initial, on: localStorage.getItem(STORAGE_KEY) === 'true' }));
  const sharer = useRef<PositionSharer | undefined>(undefined);

  const setOn = useCallback((on: boolean) => {
    localStorage.setItem(STORAGE_KEY, String(on));
    setState((s) => ({ ...s, on, ...(on ? { geoProblem: null, refusal: null } : {}) }));
  }, []);

  useEffect(() => {
    if (!state.on || callSign === undefined) return;
    const problem = unavailableReason();
    if (problem !== null) {
      setState((s) => ({ ...s, geoProblem: problem }));
      return;
    }
    const current = new PositionSharer(callSign, (change) => setState((s) => ({ ...s, ...change })), () => setOn(false));
    sharer.current = current;
    current.start();
    return () => {
      current.stop();
      sharer.current = undefined;
    };
  }, [state.on, callSign, setOn]);

  const sendNow = useCallback(() => sharer.current?.sendNow(), []);
  return { ...state, setOn, sendNow };
}

function unavailableReason(): GeoProblem | null {
  if (!window.isSecureContext) return 'insecure';
  if (!('geolocation' in navigator)) return 'unsupported';
  return null;
}

const GEO_OPTIONS: PositionOptions = { enableHighAccuracy: true, maximumAge: 0, timeout: GEO_TIMEOUT_S * 1_000 };

/** One sharing session: the watch, the 5 s pacing, the requests and, while it lasts, the screen kept awake. */
class PositionSharer {
  private watchId: number | undefined;
  private latest: GeolocationPosition | undefined;
  private lastSentFixAt = 0;
  private lastAttemptAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private forceNext = false;
  /** A status change is waiting for a fix to send at once. */
  private urgent = false;
  private stopped = false;
  private wakeLock: WakeLockSentinel | undefined;

  constructor(
    private readonly callSign: string,
    private readonly update: (change: Partial<Sharing>) => void,
    private readonly onDenied: () => void,
  ) {}

  start(): void {
    this.watchId = navigator.geolocation.watchPosition(
      (position) => this.receive(position),
      (error) => this.failed(error),
      GEO_OPTIONS,
    );
    void this.keepAwake();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  stop(): void {
    this.stopped = true;
    if (this.watchId !== undefined) navigator.geolocation.clearWatch(this.watchId);
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
    void this.wakeLock?.release().catch(() => undefined);
  }

  /**
   * A status change: the position goes at once, whatever the 5 s pacing says: the latest fix if it was
   * not sent yet, else the next one the device gives (asked for now, not waited for).
   */
  sendNow(): void {
    if (this.stopped) return;
    if (this.latest !== undefined && this.latest.timestamp > this.lastSentFixAt) {
      this.flushNow();
      return;
    }
    this.urgent = true;
    navigator.geolocation.getCurrentPosition(
      (position) => this.receive(position),
      () => undefined,
      { ...GEO_OPTIONS, timeout: 10_000 },
    );
  }

  private receive(position: GeolocationPosition): void {
    if (this.stopped) return;
    this.keep(position);
    this.update({ lastFix: { at: new Date(position.timestamp), accuracyM: position.coords.accuracy }, geoProblem: null });
    if (this.urgent) {
      this.urgent = false;
      this.flushNow();
    } else this.schedule();
  }

  private keep(position: GeolocationPosition): void {
    if (this.latest === undefined || position.timestamp >= this.latest.timestamp) this.latest = position;
  }

  private failed(error: GeolocationPositionError): void {
    if (this.stopped) return;
    if (error.code === error.PERMISSION_DENIED) {
      this.update({ geoProblem: 'denied' });
      this.onDenied();
    } else {
      // The watch goes on trying; the next fix clears the problem.
      this.update({ geoProblem: error.code === error.TIMEOUT ? 'timeout' : 'unavailable' });
    }
  }

  private flushNow(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) this.forceNext = true;
    else void this.flush();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.inFlight) return;
    const wait = Math.max(0, this.lastAttemptAt + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
  }

  private async flush(): Promise<void> {
    const position = this.latest;
    // A fix already sent would only come back as a duplicate.
    if (this.stopped || position === undefined || position.timestamp <= this.lastSentFixAt) return;
    this.inFlight = true;
    this.lastAttemptAt = Date.now();
    this.lastSentFixAt = position.timestamp;
    try {
      const answer = await post<AvlAnswer>('/avl/positions', { fixes: [fixOf(this.callSign, position)] });
      if (this.stopped) return;
      const dropped = answer.dropped[0];
      // A duplicate is a fix the centre already has (a reloaded page gets the browser's last one again).
      if (dropped !== undefined && dropped.reason !== 'duplicate') this.update({ refusal: { reason: dropped.reason, at: new Date() } });
      else this.update({ lastSent: { at: new Date(), accuracyM: position.coords.accuracy }, refusal: null });
    } catch (failure) {
      if (!this.stopped) this.update({ refusal: { message: problemText(failure), at: new Date() } });
    } finally {
      this.inFlight = false;
      if (this.forceNext) {
        this.forceNext = false;
        void this.flush();
      } else if (this.latest !== undefined && this.latest.timestamp > this.lastSentFixAt) this.schedule();
    }
  }

  /** A sleeping phone stops giving positions: keep the screen on while sharing, where the browser can. */
  private async keepAwake(): Promise<void> {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || this.stopped) return;
    try {
      this.wakeLock = await navigator.wakeLock.request('screen');
      if (this.stopped) void this.wakeLock.release();
    } catch {
      // Refused (battery saver, no user gesture yet): sharing works while the screen is on.
    }
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') void this.keepAwake();
  };
}

/** A browser fix as the AVL API takes it: speed in km/h (the browser gives m/s), missing values as null. */
export function fixOf(callSign: string, position: GeolocationPosition) {
  const { latitude, longitude, speed, heading, accuracy } = position.coords;
  const finite = (value: number | null, min: number, max: number) => (value === null || !Number.isFinite(value) || value < min || value > max ? null : value);
  const speedKmh = finite(speed, 0, 400 / 3.6);
  return {
    callSign,
    lat: latitude,
    lon: longitude,
    speed: speedKmh === null ? null : Math.round(speedKmh * 36) / 10,
    heading: finite(heading, 0, 360),
    accuracy: finite(accuracy, 0, 100_000),
    at: new Date(position.timestamp).toISOString(),
  };
}
