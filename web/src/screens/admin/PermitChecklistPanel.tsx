import { useId, useState, type FormEvent } from 'react';
import { put } from '../../api';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { NoticeLine, useNotice } from './parts';
import { permitKinds, type ChecklistDocument, type PermitKind } from '@contract/permit';
import type { Checklist } from '@contract/permit.schema';

/** A row being edited: the label in Arabic as typed ('' for none). */
type Row = { code: string; label: string; labelAr: string; required: boolean };

const rowsOf = (documents: readonly ChecklistDocument[]): Row[] => documents.map((d) => ({ code: d.code, label: d.label, labelAr: d.labelAr ?? '', required: d.required }));

/**
 * The documents each kind of residence-permit application asks for, as data the administrator edits: a
 * code (what the desks tick and the journal records), the French and Arabic labels, required or not.
 * Saving replaces the kind's list whole (journaled); applications already filed keep what they presented,
 * and the next decisions follow the new list.
 */
export function PermitChecklistPanel() {
  const i18n = useI18n();
  const titleId = useId();
  const [kind, setKind] = useState<PermitKind>('first_registration');
  const checklist = useResource<Checklist>(`/identity/permits/checklists/${kind}`, ['identity-permit-checklist/']);
  const { notice, say, refuse } = useNotice();
  const loaded = checklist.data?.kind === kind ? checklist.data : undefined;
  return (
    <section className="admin-panel" aria-labelledby={titleId} data-testid="admin-permit-checklists">
      <h2 id={titleId}>{i18n.t('permit.checklists')}</h2>
      <label>
        {i18n.t('permit.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as PermitKind)} data-testid="admin-permit-kind">
          {permitKinds.map((k) => (
            <option key={k} value={k}>
              {i18n.t(`permit.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <NoticeLine notice={notice} testId="admin-permit-notice" />
      {loaded === undefined ? (
        <p className="muted">{checklist.error ?? i18n.t('admin.loading')}</p>
      ) : (
        <ChecklistForm
          key={`${kind}/${JSON.stringify(loaded.documents)}`}
          kind={kind}
          documents={loaded.documents}
          onSaved={(saved) => {
            checklist.setData(saved);
            say((words) => words.t('permit.checklistSaved', { kind: words.t(`permit.kind.${kind}`) }));
          }}
          onRefused={(failure) => refuse(failure)}
        />
      )}
    </section>
  );
}

function ChecklistForm({ kind, documents, onSaved, onRefused }: { kind: PermitKind; documents: readonly ChecklistDocument[]; onSaved: (saved: Checklist) => void; onRefused: (failure: unknown) => void }) {
  const i18n = useI18n();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(documents));
  const [busy, setBusy] = useState(false);
  const canChange = store.can('identity.manage');
  const edit = (index: number, change: Partial<Row>) => setRows((before) => before.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { documents: rows.map((r) => ({ code: r.code.trim(), label: r.label.trim(), labelAr: r.labelAr.trim() === '' ? null : r.labelAr.trim(), required: r.required })) };
      onSaved(await put<Checklist>(`/identity/permits/checklists/${kind}`, body));
    } catch (failure) {
      onRefused(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form permit-checklist-editor" onSubmit={(e) => void submit(e)} data-testid="admin-permit-checklist">
      <table className="list">
        <thead>
          <tr>
            <th>{i18n.t('permit.code')}</th>
            <th>{i18n.t('permit.labelFr')}</th>
            <th>{i18n.t('permit.labelAr')}</th>
            <th>{i18n.t('permit.required')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} data-document={row.code}>
              <td>
                <input type="text" dir="ltr" value={row.code} required pattern="[a-z][a-z0-9_]{1,39}" disabled={!canChange} onChange={(e) => edit(index, { code: e.target.value })} aria-label={i18n.t('permit.code')} name={`documents[${index}].code`} />
              </td>
              <td>
                <input type="text" dir="ltr" lang="fr" value={row.label} required maxLength={200} disabled={!canChange} onChange={(e) => edit(index, { label: e.target.value })} aria-label={i18n.t('permit.labelFr')} />
              </td>
              <td>
                <input type="text" dir="rtl" lang="ar" value={row.labelAr} maxLength={200} disabled={!canChange} onChange={(e) => edit(index, { labelAr: e.target.value })} aria-label={i18n.t('permit.labelAr')} />
              </td>
              <td>
                <input type="checkbox" checked={row.required} disabled={!canChange} onChange={(e) => edit(index, { required: e.target.checked })} aria-label={i18n.t('permit.required')} />
              </td>
              <td>
                {canChange && (
                  <button type="button" className="link" onClick={() => setRows((before) => before.filter((_, i) => i !== index))}>
                    {i18n.t('permit.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canChange && (
        <div className="row">
          <button type="button" className="secondary" onClick={() => setRows((before) => [...before, { code: '', label: '', labelAr: '', required: true }])} data-testid="admin-permit-add">
            {i18n.t('permit.addDocument')}
          </button>
          <button type="submit" disabled={busy || rows.length === 0} data-testid="admin-permit-save">
            {i18n.t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}
