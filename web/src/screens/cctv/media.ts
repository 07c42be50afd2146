/**
 * What the console may show of a camera's media. The console's security policy lets images and video
 * come from the centre itself only (`img-src 'self' data: blob:`, media under `default-src 'self'`), so
 * a snapshot or stream at a camera's or an NVR's own address cannot be shown inline: the tile says so
 * and offers the URL to open in a player. A media server published under the centre's address plays.
 */

/** Whether the page may load `url` as an image or a video (same origin, or data: and blob:). */
export function showable(url: string | null | undefined): url is string {
  if (url === null || url === undefined || url === '') return false;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.origin === location.origin;
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
