import { DomainError } from './errors.js';
import type { Effect, IncidentType } from './incident-type.schema.js';
import { priorityRank, type Capability, type Priority } from './incident.js';

/** Answers to a type's questionnaire: `true`/`false` for yes-no questions, an option id for choices. */
export type Answers = Readonly<Record<string, boolean | string>>;

/**
 * The priority and capabilities an incident of `type` needs given the call-taker's answers. A raise
 * wins over a lowering (the safe side); unknown questions or options are refused.
 */
export function classify(type: IncidentType, answers: Answers): { priority: Priority; capabilities: Capability[]; flags: { weapons: boolean; hazards: boolean; children: boolean } } {
  const effects: Effect[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = type.questions.find((q) => q.id === id);
    if (question === undefined) {
      const known = type.questions.map((q) => q.id).join(', ') || 'none';
      throw new DomainError('validation', `answers.${id}: ${type.code} asks no such question; its questions: ${known}`, {
        errors: [{ field: `answers.${id}`, message: `is not a question of ${type.code}` }],
      });
    }
    if (question.kind === 'yes-no') {
      if (typeof answer !== 'boolean') throw answerError(id, 'must be true or false');
      if (answer && question.ifYes !== undefined) effects.push(question.ifYes);
    } else {
      const option = question.options?.find((o) => o.id === answer);
      if (option === undefined) throw answerError(id, `must be one of ${(question.options ?? []).map((o) => o.id).join(', ')}`);
      if (option.effect !== undefined) effects.push(option.effect);
    }
  }
  let priority = type.defaultPriority;
  const lowered = effects.map((e) => e.lowerPriorityTo).filter((p): p is Priority => p !== undefined);
  const raised = effects.map((e) => e.raisePriorityTo).filter((p): p is Priority => p !== undefined);
  for (const p of lowered) if (priorityRank(p) > priorityRank(priority)) priority = p;
  // Raises apply last: whatever an answer lowers, another that raises wins (the safe side).
  for (const p of raised) if (priorityRank(p) < priorityRank(priority)) priority = p;
  const capabilities = new Set<Capability>(type.capabilities);
  for (const effect of effects) for (const capability of effect.addCapabilities ?? []) capabilities.add(capability);
  const set = new Set(effects.flatMap((effect) => effect.setFlags ?? []));
  return { priority, capabilities: [...capabilities].sort(), flags: { weapons: set.has('weapons'), hazards: set.has('hazards'), children: set.has('children') } };
}

function answerError(id: string, message: string): DomainError {
  return new DomainError('validation', `answers.${id}: ${message}`, { errors: [{ field: `answers.${id}`, message }] });
}
