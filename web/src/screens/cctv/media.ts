/**
 * What the console may show of a camera's media. The console's security policy lets images and video
 * come from the centre itself and from the media servers the deployment names (`AMANE_MEDIA_ORIGINS`:
 * go2rtc, MediaMTX, an NVR, Frigate's API); a snapshot or stream anywhere else cannot be shown inline:
 * the tile says so and offers the URL to open in a player.
 */

let mediaOrigins: readonly string[] = [];

/** The media servers' origins, from the console's settings. */
export function setMediaOrigins(origins: readonly string[]): void {
  mediaOrigins = origins;
}

/** Whether the page may load `url` as an image or a video (the centre, a named media server, data:, blob:). */
export function showable(url: string | null | undefined): url is string {
  if (url === null || url === undefined || url === '') return false;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.origin === location.origin || mediaOrigins.includes(parsed.origin);
  } catch {
    return false;
  }
}

let nativeHls: boolean | undefined;

/** Whether the browser plays HLS in a `<video>` by itself (Safari, recent Chromium); no player library is bundled. */
export function playsHlsNatively(): boolean {
  nativeHls ??= document.createElement('video').canPlayType('application/vnd.apple.mpegurl') !== '';
  return nativeHls;
}

/** A URL with its user and password removed, to show on screen. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
