/**
 * Demonstration capture: the console has no camera or fingerprint scanner driver, so the clerk either
 * chooses a JPEG portrait file or lets the console draw a placeholder one; fingerprint templates are
 * random bytes behind an ISO 19794-2-like header (distinct per enrolment, so the 1:N check finds no
 * duplicate). A real desk plugs its capture devices in here.
 */

export interface EnrolmentBody {
  readonly photo: { readonly data: string; readonly quality: number };
  readonly fingerprints: readonly { readonly position: number; readonly template: string; readonly quality: number }[];
  readonly signature: { readonly data: string };
}

const base64OfDataUrl = (url: string) => url.slice(url.indexOf(',') + 1);

function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** A grey 240 x 320 JPEG portrait with a silhouette and the national ID (or registration) number, base64. */
export function placeholderPortrait(nin: string): string {
  const canvas = document.createElement('canvas');
  canvas.width = 240;
  canvas.height = 320;
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('no 2D canvas');
  g.fillStyle = '#dfe6ec';
  g.fillRect(0, 0, 240, 320);
  g.fillStyle = '#7b8a97';
  g.beginPath();
  g.arc(120, 120, 55, 0, Math.PI * 2);
  g.fill();
  g.beginPath();
  g.ellipse(120, 300, 95, 90, 0, Math.PI, 0);
  g.fill();
  g.fillStyle = '#1b2630';
  g.font = '16px sans-serif';
  g.fillText(nin, 10, 20);
  return base64OfDataUrl(canvas.toDataURL('image/jpeg', 0.85));
}

function placeholderSignature(nin: string): string {
  const canvas = document.createElement('canvas');
  canvas.width = 200;
  canvas.height = 60;
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('no 2D canvas');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, 200, 60);
  g.strokeStyle = '#0b3d5c';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(10, 40);
  for (let x = 10; x < 190; x += 12) g.quadraticCurveTo(x + 6, nin.charCodeAt(x % nin.length) % 2 === 0 ? 10 : 55, x + 12, 35);
  g.stroke();
  return base64OfDataUrl(canvas.toDataURL('image/png'));
}

function randomTemplate(): string {
  const body = new Uint8Array(256);
  crypto.getRandomValues(body);
  const header = new TextEncoder().encode('FMR\u0000 20\u0000');
  const all = new Uint8Array(header.length + body.length);
  all.set(header);
  all.set(body, header.length);
  return bytesToBase64(all);
}

/** A file's bytes in base64. */
export async function fileToBase64(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** What the enrolment route takes: the chosen portrait (else a placeholder), two index fingers, a signature. */
export async function demoEnrolment(nin: string, options: { photo?: File; photoQuality: number; fingerQuality: number }): Promise<EnrolmentBody> {
  const photo = options.photo === undefined ? placeholderPortrait(nin) : await fileToBase64(options.photo);
  return {
    photo: { data: photo, quality: options.photoQuality },
    fingerprints: [
      { position: 2, template: randomTemplate(), quality: options.fingerQuality },
      { position: 7, template: randomTemplate(), quality: options.fingerQuality },
    ],
    signature: { data: placeholderSignature(nin) },
  };
}
