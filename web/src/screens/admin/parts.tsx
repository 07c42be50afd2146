import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../../api';
import type { I18n, MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';

/** What the refused request was, when one code means different things for different actions. */
export type AdminAction = 'approve' | 'resetFactor' | 'other';

/** The words of the bundle that name each field the server may refuse. */
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
 * Why the server refused, in the console's language: from the problem's `code` and the field it names,
 * never from its English `detail`. Anything not foreseen gets the generic sentence.
 */
export function refusalText(i18n: I18n, failure: unknown, action: AdminAction = 'other'): string {
  if (!(failure instanceof ApiError)) return i18n.t('admin.error.generic');
  const field = failure.errors[0]?.field;
  switch (failure.code) {
    case 'forbidden':
      return i18n.t(action === 'approve' ? 'admin.error.twoPerson' : 'admin.error.forbidden');
    case 'conflict':
      if (field === 'username') return i18n.t('admin.error.usernameTaken');
      if (field === 'name') return i18n.t('admin.error.deviceTaken');
      if (field === 'roles' || field === 'id') return i18n.t('admin.error.lastAdministrator');
      return i18n.t(action === 'approve' ? 'admin.error.disabledAccount' : 'admin.error.stale');
    case 'validation':
    case 'bad_request':
      // The form sends only roles the server knows: a refusal of `roles` is the separation of duties.
      if (field === 'roles') return i18n.t('admin.error.separateDuties');
      if (field !== undefined && fieldWords[field] !== undefined) return i18n.t('admin.error.field', { field: i18n.t(fieldWords[field]) });
      return i18n.t('admin.error.generic');
    case 'invalid_transition':
      return i18n.t(action === 'resetFactor' ? 'admin.error.noFactor' : 'admin.error.stale');
    case 'not_found':
      return i18n.t('admin.error.notFound');
    case 'rate_limited':
      return i18n.t('admin.error.busy');
    default:
      return i18n.t('admin.error.generic');
  }
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
  const i18n = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  useEffect(() => {
    if (open && !withReason) confirmRef.current?.focus();
  }, [open, withReason]);
  const close = () => {
    setOpen(false);
    // Back where the keyboard was.
    setTimeout(() => triggerRef.current?.focus());
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = withReason ? String(new FormData(event.currentTarget).get('reason') ?? '').trim() : '';
    if (withReason && reason === '') return;
    setBusy(true);
    try {
      if (await onConfirm(reason)) setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };
  if (!open) {
    return (
      <button type="button" ref={triggerRef} className={danger ? 'danger' : 'secondary'} disabled={disabled} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <form className={`admin-confirm${danger ? ' danger' : ''}`} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} data-testid={`${testId}-confirm`}>
      <p>{confirmText}</p>
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
        <button type="button" className="secondary" onClick={close}>
          {i18n.t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Roles in the operator's language, joined. */
export function roleNames(i18n: I18n, roles: readonly string[]): string {
  return roles.map((role) => (i18n.has(`role.${role}`) ? i18n.t(`role.${role}` as MessageKey) : role)).join(i18n.language === 'ar' ? '، ' : ', ');
}
