import type { Answers, Priority } from '@contract';
import type { IncidentType } from '@contract/shapes';
import { PriorityBadge } from '../../components/common';
import { useI18n } from '../../i18n';

interface ClassificationProps {
  readonly type: IncidentType;
  readonly answers: Answers;
  readonly expected: Priority | null;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly onAnswer: (question: string, value: boolean | string | undefined) => void;
}

/** The type's questions (yes-no or a choice, blank until answered) and the priority the answers give, as the server will compute it. */
export function Classification({ type, answers, expected, fieldErrors, onAnswer }: ClassificationProps) {
  const i18n = useI18n();
  return (
    <>
      {type.questions.length > 0 && (
        <fieldset data-testid="questions">
          <legend>{i18n.t('calltaker.questions')}</legend>
          {type.questions.map((question) => (
            <label key={question.id}>
              {i18n.label(question.labels)}
              {question.kind === 'yes-no' ? (
                <select
                  name={`q-${question.id}`}
                  value={answers[question.id] === undefined ? '' : String(answers[question.id])}
                  onChange={(event) => onAnswer(question.id, event.target.value === '' ? undefined : event.target.value === 'true')}
                >
                  <option value="">—</option>
                  <option value="true">{i18n.t('common.yes')}</option>
                  <option value="false">{i18n.t('common.no')}</option>
                </select>
              ) : (
                <select name={`q-${question.id}`} value={String(answers[question.id] ?? '')} onChange={(event) => onAnswer(question.id, event.target.value || undefined)}>
                  <option value="">—</option>
                  {question.options?.map((option) => (
                    <option key={option.id} value={option.id}>
                      {i18n.label(option.labels)}
                    </option>
                  ))}
                </select>
              )}
              {fieldErrors[`answers.${question.id}`] !== undefined && <span className="field-error">{fieldErrors[`answers.${question.id}`]}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {expected !== null && (
        <div className="row" data-testid="expected-priority">
          {i18n.t('field.priority')}: <PriorityBadge priority={expected} /> {i18n.t(`priority.${expected}` as 'priority.P1')}
        </div>
      )}
    </>
  );
}
