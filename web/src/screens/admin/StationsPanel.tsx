import { useId, useRef, useState, type FormEvent } from 'react';
import { post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import type { Resource } from '../../useResource';
import { stationName } from './DeskEditor';
import { codeIn, filled, numberIn, textIn } from './formData';
import { FormRefusal, NoticeLine, PlaceFields, phrase, placeFields, useFormRefusal, useNotice, type FieldNamer } from './parts';
import type { Station } from '@contract/shapes';

const stationFields: Record<string, MessageKey> = {
  code: 'admin.station.code',
  name: 'admin.station.name',
  nameAr: 'admin.station.nameAr',
  area: 'admin.station.area',
  ...placeFields,
};

const stationFieldName: FieldNamer = (field, i18n) => (stationFields[field] === undefined ? undefined : i18n.t(stationFields[field]));

/**
 * The police stations units leave from and desks stand in: listed with the district each answers for;
 * those who hold `unit.manage` add one (a station is not changed here: its units and desks hang on it).
 */
export function StationsPanel({ stations }: { stations: Resource<Station[]> }) {
  const i18n = useI18n();
  const titleId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const refusal = useFormRefusal(stationFieldName);
  const { notice, say } = useNotice();
  const canAdd = store.can('unit.manage');

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    refusal.clear();
    const body = {
      code: codeIn(data, 'code'),
      name: textIn(data, 'name'),
      ...(filled(data, 'nameAr') ? { nameAr: textIn(data, 'nameAr') } : {}),
      ...(filled(data, 'area') ? { area: textIn(data, 'area') } : {}),
      location: { lat: numberIn(data, 'location.lat'), lon: numberIn(data, 'location.lon') },
    };
    setBusy(true);
    try {
      const station = await post<Station>('/stations', body);
      setAdding(false);
      say((words) => phrase(words, 'admin.station.added', { code: station.code }));
    } catch (failure) {
      refusal.refuse(failure, formRef.current);
    } finally {
      setBusy(false);
      stations.reload();
    }
  };

  const list = stations.data ?? [];
  return (
    <section className="admin-panel admin-stations" aria-labelledby={titleId} data-testid="admin-stations">
      <h2 id={titleId}>
        {i18n.t('admin.stations')}
        {stations.data !== undefined && <span className="count">{i18n.number(list.length)}</span>}
        {canAdd && !adding && (
          <button type="button" className="admin-new" onClick={() => setAdding(true)} data-testid="admin-station-new">
            {i18n.t('admin.station.add')}
          </button>
        )}
      </h2>
      {adding && (
        <form ref={formRef} className="admin-form admin-grid-form" noValidate onSubmit={(event) => void add(event)} data-testid="admin-station-form">
          <label>
            {i18n.t('admin.station.code')}
            <input name="code" autoComplete="off" autoFocus dir="ltr" aria-invalid={refusal.invalid('code')} />
          </label>
          <label>
            {i18n.t('admin.station.name')}
            <input name="name" autoComplete="off" dir="ltr" aria-invalid={refusal.invalid('name')} />
          </label>
          <label>
            {i18n.t('admin.station.nameAr')}
            <input name="nameAr" autoComplete="off" dir="rtl" lang="ar" aria-invalid={refusal.invalid('nameAr')} />
          </label>
          <label>
            {i18n.t('admin.station.area')}
            <input name="area" autoComplete="off" dir="auto" aria-invalid={refusal.invalid('area')} />
          </label>
          <PlaceFields refusal={refusal} />
          <FormRefusal refusal={refusal} testId="admin-station-error" />
          <div className="row">
            <button type="submit" disabled={busy}>
              {i18n.t('admin.station.add')}
            </button>
            <button type="button" className="secondary" onClick={() => (setAdding(false), refusal.clear())}>
              {i18n.t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <NoticeLine notice={notice} testId="admin-stations-notice" />
      {stations.data === undefined ? (
        <p className="muted">{stations.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{i18n.t('admin.stations.none')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-station-list">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.station.code')}</th>
              <th scope="col">{i18n.t('admin.col.name')}</th>
              <th scope="col">{i18n.t('admin.station.area')}</th>
              <th scope="col">{i18n.t('admin.place')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((station) => (
              <tr key={station.code} data-station={station.code}>
                <td>
                  <bdi dir="ltr" className="admin-nowrap">{station.code}</bdi>
                </td>
                <td>
                  <bdi>{stationName(i18n, station)}</bdi>
                </td>
                <td>{station.area === null ? '—' : <bdi>{station.area}</bdi>}</td>
                <td>
                  <bdi dir="ltr" className="num admin-nowrap">
                    {i18n.number(station.location.lat, 5)}
                  </bdi>{' '}
                  ·{' '}
                  <bdi dir="ltr" className="num admin-nowrap">
                    {i18n.number(station.location.lon, 5)}
                  </bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
