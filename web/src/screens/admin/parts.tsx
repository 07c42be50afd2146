import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../../api';
import type { I18n, MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';
import { refusalText as refusalOfCode } from '../../refusal';

/**
 * What the refused request was, when one code means different things for different actions: `settings`
 * is a change to the centre's set-up (desks, centres, rules, stations), where no account is concerned.
 */
export type AdminAction = 'approve' | 'resetFactor' | 'settings' | 'other';

/**
 * Names, in the operator's words, a field the server refused (`opens`, `location.lat`, `3.labels.ar`):
 * each form knows its own fields. Undefined for a field the form does not show.
 */
export type FieldNamer = (field: string, i18n: I18n) => string | undefined;

/** The field a refusal names first (the server's path, `fees.1.underAge`), if any. */
export function refusedField(failure: unknown): string | undefined {
  return failure instanceof ApiError ? failure.errors[0]?.field : undefined;
}

/** The words of the bundle that name the fields of an account or a device the server may refuse. */
const fieldWords: Record<string, MessageKey> = {
  username: 'admin.col.username',
  fullName: 'admin.field.fullName',
  fullNameAr: 'admin.field.fullNameAr',
  locale: 'admin.field.language',
  roles: 'admin.col.roles',
  reason: 'admin.field.reason',
  name: 'admin.field.deviceName',
  kind: 'admin.col.kind',
};

/**
 * What a refusal means for an administrator's action when its code alone does not say it (the two-person
 * rule on an approval, the last administrator, a value already in use); undefined to let the code say it.
 * `formNamed` is the form's own name of the refused field, `named` the same or the account's words for it.
 */
function adminSentence(i18n: I18n, failure: ApiError, action: AdminAction, formNamed: string | undefined, named: string | undefined): string | undefined {
  const field = failure.errors[0]?.field;
  switch (failure.code) {
    case 'forbidden':
      if (action === 'settings') return undefined;
      return i18n.t(action === 'approve' ? 'admin.error.twoPerson' : 'admin.error.forbidden');
    case 'conflict':
      if (action !== 'settings' && (field === 'roles' || field === 'id')) return i18n.t('admin.error.lastAdministrator');
      // A conflict that names a field is a value already in use: a user name, a device's name, a code.
      if (named !== undefined) return i18n.t('admin.error.taken', { field: named });
      return action === 'approve' ? i18n.t('admin.error.disabledAccount') : undefined;
    case 'validation':
    case 'bad_request':
      // The form sends only roles the server knows: a refusal of `roles` is the separation of duties.
      return field === 'roles' && formNamed === undefined ? i18n.t('admin.error.separateDuties') : undefined;
    case 'invalid_transition':
      return action === 'resetFactor' ? i18n.t('admin.error.noFactor') : undefined;
    default:
      return undefined;
  }
}

/**
 * Why the server refused an administrator's action, in the console's language: what the refusal means
 * for that action when the code alone does not say it, else the console's one wording of refusals
 * (`refusal.ts`), with the form's names for its fields. Never the server's English `detail`, nor the
 * API's name of a field.
 */
export function refusalText(i18n: I18n, failure: unknown, action: AdminAction = 'other', nameField?: FieldNamer): string {
  if (!(failure instanceof ApiError)) return i18n.t('problem.network');
  // The account and device words name fields of those forms only; a settings form names its own.
  const name = (field: string) => nameField?.(field, i18n) ?? (action === 'settings' || fieldWords[field] === undefined ? undefined : i18n.t(fieldWords[field]));
  const field = failure.errors[0]?.field;
  const own = adminSentence(i18n, failure, action, field === undefined ? undefined : nameField?.(field, i18n), field === undefined ? undefined : name(field));
  return own ?? refusalOfCode(i18n, failure, name);
}

/**
 * A sentence of the bundle with its data (names, dates, counts) each isolated in a `<bdi>`, so a Latin
 * user name or a number keeps its own direction inside Arabic text.
 */
export function phrase(i18n: I18n, key: MessageKey, vars: Record<string, string>): ReactNode {
  return i18n
    .t(key)
    .split(/\{(\w+)\}/)
    .map((part, index) => (index % 2 === 0 ? part : <bdi key={index}>{vars[part] ?? ''}</bdi>));
}

export interface Notice {
  readonly tone: 'ok' | 'refused';
  /** Made at display time, so it follows a change of language. */
  readonly text: (i18n: I18n) => ReactNode;
}

/** One line under a panel saying what the last action did or why it was refused. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const say = useCallback((text: (i18n: I18n) => ReactNode) => setNotice({ tone: 'ok', text }), []);
  const refuse = useCallback((failure: unknown, action: AdminAction = 'other') => setNotice({ tone: 'refused', text: (i18n) => refusalText(i18n, failure, action) }), []);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, say, refuse, clear };
}

/**
 * A form's refusal: the sentence under the form (made at display time, so it follows a change of
 * language) and the field the server named, marked invalid and given the cursor. A form names its
 * inputs with the server's paths (`opens`, `location.lat`) so that the two meet.
 */
export function useFormRefusal(nameField: FieldNamer) {
  const [failure, setFailure] = useState<unknown>(null);
  const field = failure === null ? undefined : refusedField(failure);
  const refuse = useCallback((refused: unknown, form: HTMLFormElement | null) => {
    setFailure(refused);
    const named = refusedField(refused);
    if (form === null || named === undefined) return;
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(named)}"]`);
    input?.focus();
  }, []);
  const clear = useCallback(() => setFailure(null), []);
  /** `aria-invalid` for the input of `name`. */
  const invalid = (name: string) => (field === name ? true : undefined);
  return { failure, field, refuse, clear, invalid, nameField };
}

/** The words of a place's fields, as the server names them when it refuses one (`location.lat`). */
export const placeFields: Readonly<Record<string, MessageKey>> = {
  location: 'admin.place',
  'location.lat': 'admin.place.lat',
  'location.lon': 'admin.place.lon',
};

/**
 * A place's latitude and longitude in a form, named as the server's paths (`location.lat`,
 * `location.lon`); `place` fills them, `keep` is the placeholder of a field left as it is.
 */
export function PlaceFields({ place, refusal, keep, testId }: { place?: { lat: number; lon: number } | undefined; refusal: ReturnType<typeof useFormRefusal>; keep?: string; testId?: string }) {
  const i18n = useI18n();
  return (
    <fieldset className="admin-fieldset admin-pair">
      <legend>{i18n.t('admin.place')}</legend>
      {(['lat', 'lon'] as const).map((axis) => (
        <label key={axis}>
          {i18n.t(`admin.place.${axis}`)}
          <input
            name={`location.${axis}`}
            type="number"
            step="any"
            defaultValue={place?.[axis]}
            placeholder={keep}
            dir="ltr"
            aria-invalid={refusal.invalid(`location.${axis}`)}
            data-testid={testId === undefined ? undefined : `${testId}-${axis}`}
          />
        </label>
      ))}
    </fieldset>
  );
}

/** The line under a form that says why the server refused it. */
export function FormRefusal({ refusal, testId }: { refusal: ReturnType<typeof useFormRefusal>; testId: string }) {
  const i18n = useI18n();
  if (refusal.failure === null) return null;
  return (
    <p className="error" role="alert" data-testid={testId} data-field={refusal.field}>
      {refusalText(i18n, refusal.failure, 'settings', refusal.nameField)}
    </p>
  );
}

export function NoticeLine({ notice, testId }: { notice: Notice | null; testId: string }) {
  const i18n = useI18n();
  return (
    <p className={`admin-notice ${notice?.tone ?? ''}`} role={notice?.tone === 'refused' ? 'alert' : 'status'} data-testid={testId} data-tone={notice?.tone}>
      {notice?.text(i18n)}
    </p>
  );
}

/**
 * A password or token shown once: large, left to right whatever the language, with a copy button and the
 * warning that it will not be shown again. It stays until the administrator says it was handed over.
 */
export function OneTimeSecret({ title, warning, value, testId, onDone }: { title: ReactNode; warning: string; value: string; testId: string; onDone: () => void }) {
  const i18n = useI18n();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const valueRef = useRef<HTMLElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  useEffect(() => doneRef.current?.focus(), []);
  const copyValue = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy('copied');
    } catch {
      // Without the clipboard (permission refused), the text is selected for Ctrl+C.
      const selection = window.getSelection();
      if (selection !== null && valueRef.current !== null) selection.selectAllChildren(valueRef.current);
      setCopy('failed');
    }
  };
  return (
    <section className="admin-secret" role="region" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId}>{title}</h3>
      <p className="admin-secret-warning">⚠ {warning}</p>
      <div className="admin-secret-row">
        <code ref={valueRef} dir="ltr" className="admin-secret-value" data-testid={`${testId}-value`}>
          {value}
        </code>
        <button type="button" onClick={() => void copyValue()}>
          {i18n.t('admin.copy')}
        </button>
        <button type="button" className="secondary" ref={doneRef} onClick={onDone}>
          {i18n.t('admin.secretDone')}
        </button>
      </div>
      <p className="muted" role="status">
        {copy === 'copied' ? i18n.t('admin.copied') : copy === 'failed' ? i18n.t('admin.copyFailed') : ''}
      </p>
    </section>
  );
}

/**
 * A button whose action asks to be confirmed: pressed, it opens a line that says what will happen, with
 * the reason field when the action is journaled with one, Confirm (Enter) and Cancel (Escape).
 */
export function ConfirmAction({
  label,
  confirmText,
  withReason,
  danger = false,
  disabled = false,
  testId,
  onConfirm,
}: {
  label: string;
  confirmText: ReactNode;
  withReason: boolean;
  danger?: boolean;
  disabled?: boolean;
  testId: string;
  onConfirm: (reason: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    // Back where the keyboard was.
    setTimeout(() => triggerRef.current?.focus());
  };
  if (!open) {
    return (
      <button type="button" ref={triggerRef} className={danger ? 'danger' : 'secondary'} disabled={disabled} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <ConfirmLine
      text={confirmText}
      withReason={withReason}
      danger={danger}
      testId={`${testId}-confirm`}
      onCancel={close}
      onConfirm={async (reason) => {
        const done = await onConfirm(reason);
        if (done) setOpen(false);
        return done;
      }}
    />
  );
}

/**
 * The confirmation itself: what will happen, the reason field when the action takes one (it has the
 * cursor; otherwise Confirm has it), Confirm (Enter) and Cancel (Escape). `onConfirm` says whether the
 * action was done; the line stays open on a refusal so that it can be tried again.
 */
export function ConfirmLine({
  text,
  withReason,
  danger = false,
  testId,
  onConfirm,
  onCancel,
}: {
  text: ReactNode;
  withReason: boolean;
  danger?: boolean;
  testId: string;
  onConfirm: (reason: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  useEffect(() => {
    if (!withReason) confirmRef.current?.focus();
  }, [withReason]);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = withReason ? String(new FormData(event.currentTarget).get('reason') ?? '').trim() : '';
    if (withReason && reason === '') return;
    setBusy(true);
    try {
      await onConfirm(reason);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <form className={`admin-confirm${danger ? ' danger' : ''}`} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} data-testid={testId}>
      <div className="admin-confirm-text">{text}</div>
      {withReason && (
        <label htmlFor={reasonId}>
          {i18n.t('admin.field.reason')}
          <input id={reasonId} name="reason" required maxLength={500} autoFocus autoComplete="off" />
        </label>
      )}
      <div className="row">
        <button type="submit" ref={confirmRef} className={danger ? 'danger' : ''} disabled={busy}>
          {i18n.t('admin.confirm')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {i18n.t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A wall-clock time of a schedule (`09:30`) in the console's digits, two of them each side: `٠٩:٣٠`
 * when Arabic-Indic digits are asked for. It is not an instant, so no time zone moves it.
 */
export function wallClock(i18n: I18n, time: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const two = (n: number) => i18n.number(n).padStart(2, i18n.number(0));
  return `${two(hours)}:${two(minutes)}`;
}

/** The name of an ISO weekday (1 Monday ... 7 Sunday) in the console's language. */
export function weekdayName(i18n: I18n, isoDay: number, width: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday; at noon, no offset of the centre's clock moves it to another day.
  return i18n.format(new Date(Date.UTC(2024, 0, isoDay, 12)), { weekday: width });
}

/** Roles in the operator's language, joined. */
export function roleNames(i18n: I18n, roles: readonly string[]): string {
  return roles.map((role) => (i18n.has(`role.${role}`) ? i18n.t(`role.${role}` as MessageKey) : role)).join(i18n.separator);
}
