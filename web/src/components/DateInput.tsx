import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { calendarParts, parseDayFirst } from '../i18n/dayFirst';
import './DateInput.css';

interface Props {
  /** The date shown, `YYYY-MM-DD` ('' for none), when the screen holds it. */
  readonly value?: string;
  /** The date first shown, when the field is left to itself (a form read with FormData). */
  readonly defaultValue?: string;
  /** Called with each date typed in full and of the calendar (`YYYY-MM-DD`), or '' when emptied. */
  readonly onChange?: (iso: string) => void;
  /** The form field: a hidden input carries the date as `YYYY-MM-DD`. */
  readonly name?: string;
  readonly required?: boolean;
  /** The earliest date accepted, `YYYY-MM-DD`. */
  readonly min?: string;
  /** Found wrong elsewhere (the server refused this field). */
  readonly invalid?: boolean;
  readonly 'aria-label'?: string;
  readonly 'data-testid'?: string;
}

/**
 * A date field that reads and writes day first (`14/05/1990`) whatever the browser's locale: a native
 * `<input type="date">` follows the browser's, where 12/06/2026 may be the 6th of December to an
 * operator who means the 12th of June. What it gives and takes is `YYYY-MM-DD`. A date that is not of
 * the calendar (31/02), or left unfinished, shows as wrong (`aria-invalid`) and keeps its form from
 * being sent. The calendar button opens the browser's own date picker, where a click cannot be misread.
 */
export function DateInput({ value, defaultValue, onChange, name, required, min, invalid, 'aria-label': ariaLabel, 'data-testid': testId }: Props) {
  const i18n = useI18n();
  const shown = (iso: string | undefined) => (iso !== undefined && calendarParts(iso) !== undefined ? i18n.date(iso) : '');
  const [text, setText] = useState(() => shown(value ?? defaultValue));
  const [left, setLeft] = useState(false);
  const [following, setFollowing] = useState(value);
  const [digits, setDigits] = useState(i18n.arabicDigits);
  const field = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  const typed = parseDayFirst(text);
  const iso = typed.kind === 'date' ? typed.iso : '';
  // The screen moved the date (another day chosen elsewhere): show it, unless it is what is typed.
  if (value !== following) {
    setFollowing(value);
    if (value !== iso) {
      setText(shown(value));
      setLeft(false);
    }
  }
  // The operator switched between Latin and Arabic-Indic digits: a date typed in full follows.
  if (digits !== i18n.arabicDigits) {
    setDigits(i18n.arabicDigits);
    if (iso !== '') setText(shown(iso));
  }

  const early = iso !== '' && min !== undefined && iso < min;
  const problem = typed.kind === 'invalid' || typed.kind === 'partial' ? i18n.t('date.invalid') : early ? i18n.t('date.tooEarly', { min: i18n.date(min) }) : '';
  // Unfinished is not wrong while the operator is still typing.
  const wrong = typed.kind === 'invalid' || early || (typed.kind === 'partial' && left);
  useEffect(() => field.current?.setCustomValidity(problem), [problem]);

  const take = (next: string) => {
    setText(next);
    setLeft(false);
    const read = parseDayFirst(next);
    if (read.kind === 'empty') onChange?.('');
    else if (read.kind === 'date' && (min === undefined || read.iso >= min)) onChange?.(read.iso);
  };

  const openPicker = () => {
    const native = picker.current;
    if (native === null) return;
    native.value = iso;
    try {
      native.showPicker();
    } catch {
      // No picker in this browser: the field is there to type in.
      field.current?.focus();
    }
  };

  return (
    <span className="date-input">
      <input
        ref={field}
        type="text"
        inputMode="numeric"
        dir="ltr"
        autoComplete="off"
        value={text}
        required={required}
        placeholder={i18n.t('date.placeholder')}
        aria-label={ariaLabel}
        aria-invalid={wrong || invalid === true}
        title={wrong ? problem : undefined}
        onChange={(e) => take(e.target.value)}
        onBlur={() => {
          setLeft(true);
          if (iso !== '') setText(shown(iso));
        }}
        data-testid={testId}
      />
      <button type="button" className="secondary date-input-pick" onClick={openPicker} aria-label={i18n.t('date.pick')} title={i18n.t('date.pick')}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M4 0h2v2h4V0h2v2h2a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1h2zM3 6v8h10V6zm2 2h2v2H5zm4 0h2v2H9z" />
        </svg>
      </button>
      <input ref={picker} type="date" className="date-input-native" tabIndex={-1} aria-hidden="true" min={min} onChange={(e) => e.target.value !== '' && take(shown(e.target.value))} />
      {name !== undefined && <input type="hidden" name={name} value={iso} />}
      {wrong && (
        <span className="field-error date-input-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
