import { useId, useState, type FormEvent } from 'react';
import { post } from '../../api';
import { languages, useI18n } from '../../i18n';
import type { Language } from '@contract/shapes';
import { refusalText, roleNames } from './parts';
import { RolePicker } from './RolePicker';
import type { PersonRole } from '@contract';
import type { CreatedUser } from '@contract/shapes';

/**
 * Creates an operator's account. The server answers with a one-time password (shown by the caller) and,
 * for the roles of the two-person rule, pending grants.
 */
export function NewAccount({ onCreated, onCancel }: { onCreated: (created: CreatedUser) => void; onCancel: () => void }) {
  const i18n = useI18n();
  const [roles, setRoles] = useState<readonly PersonRole[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (roles.length === 0) {
      setError(i18n.t('admin.hint.roles'));
      return;
    }
    const form = new FormData(event.currentTarget);
    const fullNameAr = String(form.get('fullNameAr') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const created = await post<CreatedUser>('/users', {
        username: String(form.get('username') ?? '').trim(),
        fullName: String(form.get('fullName') ?? '').trim(),
        ...(fullNameAr === '' ? {} : { fullNameAr }),
        roles,
        locale: String(form.get('locale')) as Language,
      });
      onCreated(created);
    } catch (failure) {
      setError(refusalText(i18n, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} data-testid="admin-new-account">
      <h3 id={`${id}-title`}>{i18n.t('admin.new.title')}</h3>
      <label>
        {i18n.t('admin.col.username')}
        <input
          name="username"
          required
          minLength={3}
          maxLength={32}
          pattern="[a-z][a-z0-9._\-]*"
          autoComplete="off"
          autoFocus
          dir="ltr"
          aria-describedby={`${id}-username-hint`}
          data-testid="admin-new-username"
        />
        <span className="muted" id={`${id}-username-hint`}>
          {i18n.t('admin.hint.username')}
        </span>
      </label>
      <label>
        {i18n.t('admin.field.fullName')}
        <input name="fullName" required maxLength={100} autoComplete="off" dir="ltr" data-testid="admin-new-fullname" />
      </label>
      <label>
        {i18n.t('admin.field.fullNameAr')}
        <input name="fullNameAr" maxLength={100} autoComplete="off" dir="rtl" lang="ar" />
      </label>
      <label>
        {i18n.t('admin.field.language')}
        <select name="locale" defaultValue={i18n.language}>
          {languages.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
      </label>
      <RolePicker selected={roles} onChange={setRoles} />
      {error !== null && (
        <p className="error" role="alert" data-testid="admin-new-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy} data-testid="admin-create">
          {i18n.t('admin.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {i18n.t('common.cancel')}
        </button>
        {roles.length > 0 && <span className="muted">{roleNames(i18n, roles)}</span>}
      </div>
    </form>
  );
}
