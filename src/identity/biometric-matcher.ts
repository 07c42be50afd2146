import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { StateKey } from '../core/module-state.js';
import { findFingerprintsByLink } from './application.repository.js';

/** An enrolment's fingerprints, as a 1:N search receives them. */
export interface BiometricProbe {
  readonly application: string;
  /** The applicant: their own earlier enrolments are not duplicates. */
  readonly nin: string;
  /** `link`: the template's keyed hash (biometric-vault.ts `templateLink`). */
  readonly fingerprints: readonly { readonly position: number; readonly template: Uint8Array; readonly link: string }[];
}

/** Someone else already enrolled with a matching finger. */
export interface BiometricHit {
  readonly nin: string;
  readonly application: string;
  readonly position: number;
  /** 0-100; the embedded matcher only knows identical templates (100). */
  readonly score: number;
}

/**
 * The 1:N deduplication step. An ABIS (automated biometric identification system) plugs in here with
 * `useBiometricMatcher`; the embedded default finds exact duplicates only, by the templates' links
 * (keyed hashes).
 */
export interface BiometricMatcher {
  readonly name: string;
  search(probe: BiometricProbe): Promise<readonly BiometricHit[]>;
}

/** The embedded matcher: identical templates enrolled under another national ID number. */
export function templateLinkMatcher(db: Db): BiometricMatcher {
  return {
    name: 'template-hmac',
    async search(probe) {
      const rows = await findFingerprintsByLink(
        db,
        probe.fingerprints.map((f) => f.link),
        probe.nin,
      );
      return rows.map((row) => ({ nin: row.nin, application: row.application_number, position: row.position, score: 100 }));
    },
  };
}

/** The matcher plugged in for this kernel (an ABIS client); taken out by the identity module's stop. */
export const biometricMatcherKey = new StateKey<BiometricMatcher>('identity: the biometric matcher plugged in');

/** Plugs a matcher (an ABIS client) in for this kernel's service, in place of any other. */
export function useBiometricMatcher(core: Pick<Core, 'state'>, matcher: BiometricMatcher): void {
  core.state.delete(biometricMatcherKey);
  core.state.set(biometricMatcherKey, matcher);
}

/** The matcher plugged in, else the embedded one. */
export function biometricMatcherOf(core: Pick<Core, 'db' | 'state'>): BiometricMatcher {
  return core.state.find(biometricMatcherKey) ?? templateLinkMatcher(core.db);
}
