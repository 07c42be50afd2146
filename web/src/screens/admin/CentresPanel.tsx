import { useId, useRef, useState, type FormEvent } from 'react';
import { api, post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { FormRefusal, NoticeLine, PlaceFields, phrase, placeFields, useFormRefusal, useNotice, type FieldNamer } from './parts';
import { codeIn, filled, numberIn, textIn } from './formData';
import type { Centre } from '@contract/shapes';

const centreFields: Record<string, MessageKey> = {
  code: 'admin.centre.code',
  name: 'admin.centre.name',
  prefix: 'admin.centre.prefix',
  ...placeFields,
  dailyCapacity: 'admin.centre.dailyCapacity',
  stock: 'admin.centre.stock',
};

const centreFieldName: FieldNamer = (field, i18n) => (centreFields[field] === undefined ? undefined : i18n.t(centreFields[field]));

/** The issuance centres as they stand (`identity.centres`): open one, change one's name, place or daily capacity. */
export function CentresPanel() {
  const i18n = useI18n();
  const titleId = useId();
  const centres = useResource<Centre[]>(store.can('identity.centres') ? '/identity/centres' : null, ['identity-centre/']);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const { notice, say } = useNotice();
  const list = centres.data ?? [];
  const current = editing === null || editing === 'new' ? undefined : list.find((centre) => centre.code === editing);

  const saved = (centre: Centre, opened: boolean) => {
    setEditing(centre.code);
    say((words) => phrase(words, opened ? 'admin.centre.opened' : 'admin.centre.changed', { code: centre.code }));
    centres.reload();
  };

  return (
    <section className="admin-panel admin-centres" aria-labelledby={titleId} data-testid="admin-centres">
      <h2 id={titleId}>
        {i18n.t('admin.centres')}
        {centres.data !== undefined && <span className="count">{i18n.number(list.length)}</span>}
        {editing !== 'new' && (
          <button type="button" className="admin-new" onClick={() => setEditing('new')} data-testid="admin-centre-new">
            {i18n.t('admin.centre.open')}
          </button>
        )}
      </h2>
      {editing !== null && (
        <CentreEditor
          key={editing === 'new' ? 'new' : `${editing}|${current?.updatedAt ?? ''}`}
          code={editing === 'new' ? undefined : editing}
          centre={current}
          onSaved={saved}
          onClose={() => setEditing(null)}
        />
      )}
      <NoticeLine notice={notice} testId="admin-centres-notice" />
      {centres.data === undefined ? (
        <p className="muted">{centres.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{i18n.t('admin.centres.none')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-centre-list">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.centre.code')}</th>
              <th scope="col">{i18n.t('admin.centre.name')}</th>
              <th scope="col">{i18n.t('admin.centre.prefixShort')}</th>
              <th scope="col">{i18n.t('admin.centre.dailyCapacity')}</th>
              <th scope="col">{i18n.t('admin.centre.stock')}</th>
              <th scope="col">{i18n.t('admin.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((centre) => (
              <tr key={centre.code} className={centre.code === editing ? 'selected' : undefined} data-centre={centre.code} data-capacity={centre.dailyCapacity}>
                <td>
                  <button type="button" className="link" onClick={() => setEditing(centre.code)} aria-current={centre.code === editing ? 'true' : undefined}>
                    <bdi dir="ltr" className="admin-nowrap">{centre.code}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{centre.name}</bdi>
                </td>
                <td>
                  <bdi dir="ltr">{centre.prefix}</bdi>
                </td>
                <td className="num">{i18n.number(centre.dailyCapacity)}</td>
                <td className="num">{i18n.number(centre.stock)}</td>
                <td>
                  <span className={`badge admin-state ${centre.online ? 'enabled' : 'disabled'}`}>{centre.online ? i18n.t('admin.centre.online') : i18n.t('admin.centre.offline')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Opens a centre (`code` undefined), or changes one. A centre whose figures this console has not read
 * shows empty fields: only those filled in are sent, the others stay as they are.
 */
function CentreEditor({ code, centre, onSaved, onClose }: { code: string | undefined; centre: Centre | undefined; onSaved: (centre: Centre, opened: boolean) => void; onClose: () => void }) {
  const i18n = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useFormRefusal(centreFieldName);
  const [busy, setBusy] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const opening = code === undefined;
  const unknown = !opening && centre === undefined;
  const keep = unknown ? i18n.t('admin.centre.keep') : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    refusal.clear();
    setUnchanged(false);
    const name = textIn(data, 'name');
    const location = { lat: numberIn(data, 'location.lat'), lon: numberIn(data, 'location.lon') };
    let request: () => Promise<Centre>;
    if (code === undefined) {
      const body = {
        code: codeIn(data, 'code'),
        name,
        prefix: codeIn(data, 'prefix'),
        location,
        dailyCapacity: numberIn(data, 'dailyCapacity'),
        ...(filled(data, 'stock') ? { stock: numberIn(data, 'stock') } : {}),
      };
      request = () => post<Centre>('/identity/centres', body);
    } else {
      const change: Record<string, unknown> = {};
      // Unread figures: an empty field leaves the centre's as it is. Read ones: what differs is sent.
      if (unknown ? name !== '' : name !== centre?.name) change.name = name;
      if (unknown ? filled(data, 'location.lat') || filled(data, 'location.lon') : JSON.stringify(location) !== JSON.stringify(centre?.location)) change.location = location;
      const capacity = numberIn(data, 'dailyCapacity');
      if (unknown ? filled(data, 'dailyCapacity') : capacity !== centre?.dailyCapacity) change.dailyCapacity = capacity;
      if (Object.keys(change).length === 0) {
        setUnchanged(true);
        return;
      }
      request = () => api<Centre>('PATCH', `/identity/centres/${encodeURIComponent(code)}`, change);
    }
    setBusy(true);
    try {
      onSaved(await request(), opening);
    } catch (failure) {
      refusal.refuse(failure, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="admin-form admin-grid-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
      data-testid="admin-centre-form"
      data-centre={code}
    >
      <h3 id={`${id}-title`}>
        {opening ? i18n.t('admin.centre.open') : phrase(i18n, 'admin.centre.changeTitle', { code: code ?? '' })}
      </h3>
      {unknown && <p className="muted">{i18n.t('admin.centre.unread')}</p>}
      {opening && (
        <label>
          {i18n.t('admin.centre.code')}
          <input name="code" autoComplete="off" autoFocus dir="ltr" aria-invalid={refusal.invalid('code')} aria-describedby={`${id}-code`} data-testid="admin-centre-code" />
          <span className="muted" id={`${id}-code`}>
            {i18n.t('admin.hint.code')}
          </span>
        </label>
      )}
      <label>
        {i18n.t('admin.centre.name')}
        <input name="name" defaultValue={centre?.name} placeholder={keep} autoComplete="off" dir="auto" aria-invalid={refusal.invalid('name')} data-testid="admin-centre-name" />
      </label>
      {opening && (
        <label>
          {i18n.t('admin.centre.prefix')}
          <input name="prefix" maxLength={1} autoComplete="off" dir="ltr" aria-invalid={refusal.invalid('prefix')} aria-describedby={`${id}-prefix`} data-testid="admin-centre-prefix" />
          <span className="muted" id={`${id}-prefix`}>
            {i18n.t('admin.hint.prefix')}
          </span>
        </label>
      )}
      <PlaceFields place={centre?.location} refusal={refusal} keep={keep} />
      <label>
        {i18n.t('admin.centre.dailyCapacity')}
        <input
          name="dailyCapacity"
          type="number"
          min={0}
          defaultValue={centre?.dailyCapacity}
          placeholder={keep}
          autoFocus={!opening}
          dir="ltr"
          aria-invalid={refusal.invalid('dailyCapacity')}
          data-testid="admin-centre-capacity"
        />
      </label>
      {opening && (
        <label>
          {i18n.t('admin.centre.stockInitial')}
          <input name="stock" type="number" min={0} dir="ltr" aria-invalid={refusal.invalid('stock')} />
        </label>
      )}
      <FormRefusal refusal={refusal} testId="admin-centre-error" />
      {unchanged && <p className="muted">{i18n.t('admin.unchanged')}</p>}
      <div className="row">
        <button type="submit" disabled={busy} data-testid="admin-centre-save">
          {opening ? i18n.t('admin.centre.openButton') : i18n.t('admin.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {i18n.t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
