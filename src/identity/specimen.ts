import { createHash } from 'node:crypto';

/**
 * A specimen fingerprint template, as a live scanner would hand one over: an ISO/IEC 19794-2 record
 * header (`FMR\0`, version ` 20\0`), then 256 bytes drawn from `seed` (the same seed, the same
 * template: how the embedded matcher's exact-duplicate check is exercised). Base64. For tests and the
 * simulator; real templates come from the enrolment stations.
 */
export function fingerprintTemplate(seed: string): string {
  const body = Buffer.concat(Array.from({ length: 8 }, (_, i) => createHash('sha256').update(`${seed}/${i}`).digest()));
  return Buffer.concat([Buffer.from('FMR\u0000 20\u0000', 'latin1'), body]).toString('base64');
}
