import { useId } from 'react';
import { useI18n, type I18n } from '../../i18n';
import type { Resource } from '../../useResource';
import { NoticeLine, wallClock, weekdayName, type Notice } from './parts';
import type { Desk } from '@contract/shapes';

/** The days a desk opens, as the console names them: `Monday to Friday` reads better as the days themselves, short. */
function openDays(i18n: I18n, weekdays: readonly number[]): string {
  return [...weekdays]
    .sort((a, b) => a - b)
    .map((day) => weekdayName(i18n, day, 'short'))
    .join(i18n.separator);
}

/**
 * The enrolment desks: code, name, station, hours, slots, days, the letters of the national ID numbers
 * they allocate, open or closed. A desk's code opens it on the right; "Open a desk" opens a new one.
 */
export function DesksPanel({
  desks,
  notice,
  selected,
  onSelect,
}: {
  desks: Resource<Desk[]>;
  notice: Notice | null;
  selected: string | null;
  onSelect: (code: string | 'new') => void;
}) {
  const i18n = useI18n();
  const titleId = useId();
  const list = desks.data ?? [];
  return (
    <section className="admin-panel admin-desks" aria-labelledby={titleId} data-testid="admin-desks">
      <h2 id={titleId}>
        {i18n.t('admin.desks')}
        {desks.data !== undefined && <span className="count">{i18n.number(list.length)}</span>}
        {selected !== 'new' && (
          <button type="button" className="admin-new" onClick={() => onSelect('new')} data-testid="admin-desk-new">
            {i18n.t('admin.desk.open')}
          </button>
        )}
      </h2>
      <NoticeLine notice={notice} testId="admin-desks-notice" />
      {desks.data === undefined ? (
        <p className="muted">{desks.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{i18n.t('admin.desks.none')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-desk-list">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.desk.code')}</th>
              <th scope="col">{i18n.t('admin.desk.name')}</th>
              <th scope="col">{i18n.t('admin.desk.hours')}</th>
              <th scope="col">{i18n.t('admin.desk.slots')}</th>
              <th scope="col">{i18n.t('admin.desk.weekdays')}</th>
              <th scope="col">{i18n.t('admin.desk.ninPrefixShort')}</th>
              <th scope="col">{i18n.t('admin.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((desk) => (
              <tr key={desk.code} className={desk.code === selected ? 'selected' : undefined} data-desk={desk.code} data-active={desk.active}>
                <td>
                  <button type="button" className="link" onClick={() => onSelect(desk.code)} aria-current={desk.code === selected ? 'true' : undefined}>
                    <bdi dir="ltr" className="admin-nowrap">{desk.code}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{desk.name}</bdi>
                  {desk.station !== null && (
                    <div className="muted">
                      {i18n.t('admin.desk.atStation')} <bdi dir="ltr" className="admin-nowrap">{desk.station}</bdi>
                    </div>
                  )}
                </td>
                <td>
                  <bdi dir="ltr" className="admin-nowrap" data-testid="admin-desk-hours">
                    {wallClock(i18n, desk.opens)}–{wallClock(i18n, desk.closes)}
                  </bdi>
                </td>
                <td>{i18n.t('admin.desk.slotLine', { minutes: i18n.count('admin.desk.minutes', desk.slotMinutes), people: i18n.count('admin.desk.people', desk.slotCapacity) })}</td>
                <td>{openDays(i18n, desk.weekdays)}</td>
                <td>{desk.ninPrefix === null ? '—' : <bdi dir="ltr">{desk.ninPrefix}</bdi>}</td>
                <td>
                  <span className={`badge admin-state ${desk.active ? 'enabled' : 'disabled'}`}>{desk.active ? i18n.t('admin.desk.isOpen') : i18n.t('admin.desk.isClosed')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
