import type { I18n, MessageKey } from '../../i18n';

/**
 * Where a refusal of `PUT /incident-types` points: the server names fields by their place in the
 * catalogue sent (`16.labels.fr`: the French label of the 17th type). Undefined for the catalogue as a
 * whole (`catalogue`: a required type missing).
 */
export function placeOf(field: string): { index: number; path: string } | undefined {
  const match = /^(\d+)\.(.+)$/.exec(field);
  return match === null ? undefined : { index: Number(match[1]), path: match[2]! };
}

const typeFields: Record<string, MessageKey> = {
  code: 'catalogue.col.code',
  labels: 'catalogue.labels',
  family: 'catalogue.family',
  commonType: 'catalogue.commonType',
  defaultPriority: 'catalogue.col.priority',
  capabilities: 'catalogue.col.capabilities',
  transferTo: 'catalogue.transfer',
  questions: 'catalogue.questionnaire',
};

const labelWords: Record<string, MessageKey> = { ar: 'catalogue.label.ar', fr: 'catalogue.label.fr', en: 'catalogue.label.en' };

/**
 * A field of one type in the operator's words: `labels.ar` is "Name in Arabic", `questions.1.options.0.labels.fr`
 * "Question 2, answer 1: name in French". The editor names its inputs with the same paths.
 */
export function typeFieldName(i18n: I18n, path: string): string {
  const label = /^labels\.(ar|fr|en)$/.exec(path);
  if (label !== null) return i18n.t(labelWords[label[1]!]!);
  const question = /^questions\.(\d+)(?:\.options\.(\d+))?(?:\.(.+))?$/.exec(path);
  if (question !== null) {
    const n = i18n.number(Number(question[1]) + 1);
    const rest = question[3] === undefined ? undefined : /^labels\.(ar|fr|en)$/.exec(question[3]);
    const what = rest === null || rest === undefined ? undefined : i18n.t(labelWords[rest[1]!]!);
    if (question[2] !== undefined) {
      const m = i18n.number(Number(question[2]) + 1);
      return what === undefined ? i18n.t('catalogue.field.option', { n, m }) : i18n.t('catalogue.field.optionLabel', { n, m, field: what });
    }
    return what === undefined ? i18n.t('catalogue.field.question', { n }) : i18n.t('catalogue.field.questionLabel', { n, field: what });
  }
  const key = typeFields[path.split('.')[0]!];
  return key === undefined ? i18n.t('catalogue.title') : i18n.t(key);
}
