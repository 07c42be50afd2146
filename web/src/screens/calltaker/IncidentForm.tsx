import type { FormEvent, RefObject } from 'react';
import { IncidentFlag, type Priority } from '@contract';
import type { IncidentType } from '@contract/shapes';
import { useI18n } from '../../i18n';
import type { Desk, DeskEvent } from './callDesk';
import { Classification } from './Classification';

interface IncidentFormProps {
  readonly form: Desk;
  /** The catalogue's types, in the order of the operator's language. */
  readonly types: readonly IncidentType[];
  readonly type: IncidentType | undefined;
  readonly expected: Priority | null;
  /** Flags the answers set: ticked, and not to be unticked by hand. */
  readonly implied: ReadonlySet<IncidentFlag>;
  readonly typeRef: RefObject<HTMLSelectElement | null>;
  readonly onChange: (event: DeskEvent) => void;
  readonly onSubmit: (event: FormEvent) => void;
}

/** The incident the call reports: its type and the type's questions, the address, what the caller says, and the flags. */
export function IncidentForm({ form, types, type, expected, implied, typeRef, onChange, onSubmit }: IncidentFormProps) {
  const i18n = useI18n();
  const { fieldErrors } = form;
  return (
    <form className="section form" onSubmit={onSubmit} data-testid="incident-form">
      <label>
        {i18n.t('field.type')}
        <select ref={typeRef} name="type" value={form.typeCode} onChange={(event) => onChange({ kind: 'typeChosen', code: event.target.value })} required data-testid="type">
          <option value="">{i18n.t('calltaker.chooseType')}</option>
          {types.map((t) => (
            <option key={t.code} value={t.code}>
              {t.labels[i18n.language]} ({t.defaultPriority})
            </option>
          ))}
        </select>
        {fieldErrors.type !== undefined && <span className="field-error">{fieldErrors.type}</span>}
      </label>
      {type?.transferTo !== undefined && (
        <p className="suggestion">{i18n.t('calltaker.transferHint', { service: type.transferTo.service, numbers: type.transferTo.numbers.join(', ') })}</p>
      )}
      {type !== undefined && (
        <Classification type={type} answers={form.answers} expected={expected} fieldErrors={fieldErrors} onAnswer={(question, value) => onChange({ kind: 'answerGiven', question, value })} />
      )}
      <label>
        {i18n.t('field.address')}
        <input name="address" maxLength={300} value={form.address} onChange={(event) => onChange({ kind: 'addressTyped', text: event.target.value })} data-testid="address" />
      </label>
      <label>
        {i18n.t('field.summary')}
        <textarea name="summary" rows={3} required maxLength={2000} value={form.summary} onChange={(event) => onChange({ kind: 'summaryTyped', text: event.target.value })} data-testid="summary" />
        {fieldErrors.summary !== undefined && <span className="field-error">{fieldErrors.summary}</span>}
      </label>
      {fieldErrors.location !== undefined && <span className="field-error">{fieldErrors.location}</span>}
      <fieldset className="row">
        <legend>⚠</legend>
        {Object.values(IncidentFlag).map((flag) => (
          <label key={flag} className="row">
            <input
              type="checkbox"
              name={flag}
              style={{ width: 'auto' }}
              checked={form.ticked.has(flag) || implied.has(flag)}
              disabled={implied.has(flag)}
              onChange={(event) => onChange({ kind: 'flagTicked', flag, ticked: event.target.checked })}
              data-testid={`flag-${flag}`}
            />{' '}
            {i18n.t(`flag.${flag}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit" data-testid="create-incident">
        {i18n.t('calltaker.create')} <kbd>F4</kbd>
      </button>
    </form>
  );
}
