import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db, Trx } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { defaultIdentityRules, rulesProblems, type IdentityRules } from './application.js';
import { findRulesRow, saveRulesRow } from './identity.repository.js';
import { RULES_STREAM } from './identity.js';

/** The rules in force: as last saved, else Amane's defaults. */
export async function getIdentityRules(db: Db | Trx): Promise<IdentityRules> {
  const row = await findRulesRow(db);
  return row === undefined ? defaultIdentityRules : fromJsonText(row.rules);
}

/**
 * Replaces the rules (fees, validity, quality thresholds, automatic approval); journaled whole, so the
 * rules in force on any day can be read back. Applications already opened keep their fee and validity.
 */
export async function saveIdentityRules(core: Core, actor: Actor, rules: IdentityRules): Promise<IdentityRules> {
  const problems = rulesProblems(rules);
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return runCommand(core, actor, async ({ trx, at, record }) => {
    await saveRulesRow(trx, { rules: toJsonText(rules), updated_at: at, updated_by: actor });
    record(RULES_STREAM, 'identity_rules.saved', rules);
    return rules;
  });
}
