import { useId, useMemo, useState } from 'react';
import { PriorityBadge } from '../../components/common';
import { useI18n, type I18n } from '../../i18n';
import { NoticeLine, phrase, useNotice } from '../admin/parts';
import { useResource } from '../../useResource';
import { capabilityName, TypeEditor } from './TypeEditor';
import type { CatalogueType } from './types';
import '../admin/admin.css';
import './catalogue.css';

/** Whether a type matches what was typed: its code, or its name in any of the three languages. */
function matches(type: CatalogueType, search: string): boolean {
  if (search === '') return true;
  const haystack = [type.code, type.family, type.labels.ar, type.labels.fr, type.labels.en].join(' ').toLocaleLowerCase();
  return search
    .toLocaleLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

function capabilityList(i18n: I18n, list: readonly string[]): string {
  return list.length === 0 ? '—' : list.map((c) => capabilityName(i18n, c)).join(i18n.separator);
}

/**
 * The incident type catalogue, for whoever holds `incident.catalogue` (the supervisor): the call-takers'
 * protocols, listed with their names, base priority, required capabilities and questionnaire; one opens
 * on the right to be changed. The list follows live: a save made elsewhere shows at once.
 */
export function CatalogueScreen() {
  const i18n = useI18n();
  const titleId = useId();
  const catalogue = useResource<CatalogueType[]>('/incident-types', ['incident-types/']);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const { notice, say } = useNotice();
  const types = catalogue.data ?? [];
  const shown = useMemo(() => types.filter((type) => matches(type, search.trim())), [types, search]);
  const type = types.find((t) => t.code === selected);

  return (
    <div className="admin-page catalogue-page" data-testid="catalogue">
      <div className="admin-column">
        <section className="admin-panel" aria-labelledby={titleId} data-testid="catalogue-types">
          <h2 id={titleId}>
            {i18n.t('catalogue.title')}
            {catalogue.data !== undefined && <span className="count">{i18n.number(types.length)}</span>}
          </h2>
          <p className="muted">{i18n.t('catalogue.intro')}</p>
          <NoticeLine notice={notice} testId="catalogue-notice" />
          <label className="catalogue-search">
            <span className="sr-only">{i18n.t('catalogue.search')}</span>
            <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={i18n.t('catalogue.search')} aria-label={i18n.t('catalogue.search')} data-testid="catalogue-search" />
          </label>
          {catalogue.data === undefined ? (
            <p className="muted">{catalogue.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
          ) : shown.length === 0 ? (
            <p className="empty">{i18n.t('catalogue.none')}</p>
          ) : (
            <table className="list admin-table" data-testid="catalogue-list">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('catalogue.col.label')}</th>
                  <th scope="col">{i18n.t('catalogue.col.priority')}</th>
                  <th scope="col">{i18n.t('catalogue.col.capabilities')}</th>
                  <th scope="col" className="num">
                    {i18n.t('catalogue.col.questions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((t) => (
                  <tr key={t.code} className={t.code === selected ? 'selected' : undefined} data-type={t.code} data-priority={t.defaultPriority}>
                    <td>
                      <button type="button" className="link catalogue-open" onClick={() => setSelected(t.code)} aria-current={t.code === selected ? 'true' : undefined}>
                        <bdi>{i18n.label(t.labels)}</bdi>
                      </button>
                      <div>
                        <bdi dir="ltr" className="admin-username catalogue-code">
                          {t.code}
                        </bdi>
                      </div>
                    </td>
                    <td>
                      <PriorityBadge priority={t.defaultPriority} />
                    </td>
                    <td>{capabilityList(i18n, t.capabilities)}</td>
                    <td className="num">{i18n.number(t.questions.length)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <div className="admin-column">
        {type === undefined ? (
          <p className="empty">{i18n.t('catalogue.select')}</p>
        ) : (
          <TypeEditor
            key={type.code}
            type={type}
            catalogue={types}
            onSaved={(saved) => {
              say((words) => phrase(words, 'catalogue.saved', { type: words.label(saved.labels) }));
              catalogue.reload();
            }}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </div>
  );
}
