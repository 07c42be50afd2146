import { useId, useRef, useState, type FormEvent } from 'react';
import { api, post } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { FormRefusal, PlaceFields, phrase, placeFields, useFormRefusal, weekdayName, type FieldNamer } from './parts';
import { codeIn, numberIn, textIn } from './formData';
import type { Desk, Station } from '@contract/shapes';

/** The ISO weekdays, Monday first: a desk's opening days. */
const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** The words of each field of a desk the server may refuse (its paths: `opens`, `location.lat`, `weekdays.2`). */
const deskFields: Record<string, MessageKey> = {
  code: 'admin.desk.code',
  name: 'admin.desk.name',
  station: 'admin.desk.station',
  ...placeFields,
  opens: 'admin.desk.opens',
  closes: 'admin.desk.closes',
  slotMinutes: 'admin.desk.slotMinutes',
  slotCapacity: 'admin.desk.slotCapacity',
  weekdays: 'admin.desk.weekdays',
  ninPrefix: 'admin.desk.ninPrefix',
  active: 'admin.desk.active',
};

const deskFieldName: FieldNamer = (field, i18n) => {
  const key = deskFields[field] ?? deskFields[field.replace(/\.\d+$/, '')];
  return key === undefined ? undefined : i18n.t(key);
};

/** What the form holds, in the shape of the API. */
function deskFromForm(data: FormData) {
  return {
    name: textIn(data, 'name'),
    location: { lat: numberIn(data, 'location.lat'), lon: numberIn(data, 'location.lon') },
    opens: textIn(data, 'opens'),
    closes: textIn(data, 'closes'),
    slotMinutes: numberIn(data, 'slotMinutes'),
    slotCapacity: numberIn(data, 'slotCapacity'),
    weekdays: data.getAll('weekdays').map(Number),
    active: data.get('active') === 'on',
    ninPrefix: codeIn(data, 'ninPrefix'),
  };
}

/** The fields of `next` that differ from the desk's, for `PATCH /identity/desks/:code`. */
function deskChange(desk: Desk, next: ReturnType<typeof deskFromForm>): Record<string, unknown> {
  const before: Record<string, unknown> = { ...desk, weekdays: [...desk.weekdays].sort(), ninPrefix: desk.ninPrefix };
  const after: Record<string, unknown> = { ...next, weekdays: [...next.weekdays].sort(), ninPrefix: next.ninPrefix === '' ? null : next.ninPrefix };
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
}

/** The station's name in the console's language. */
export function stationName(i18n: I18n, station: Pick<Station, 'name' | 'nameAr'>): string {
  return i18n.language === 'ar' && station.nameAr !== null ? station.nameAr : station.name;
}

/**
 * Opens a desk (`desk` undefined) or changes one: name, place, hours, slot length and people per slot,
 * the days it opens, the letters of the national ID numbers it allocates, open or closed. A change sends
 * only what was changed; the server checks that a slot fits between the hours and says which field is
 * wrong. Enter saves.
 */
export function DeskEditor({
  desk,
  stations,
  onSaved,
  onClose,
}: {
  desk: Desk | undefined;
  stations: readonly Station[];
  onSaved: (desk: Desk, opened: boolean) => void;
  onClose: () => void;
}) {
  const i18n = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useFormRefusal(deskFieldName);
  const [busy, setBusy] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const opening = desk === undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const fields = deskFromForm(data);
    refusal.clear();
    setUnchanged(false);
    let request: () => Promise<Desk>;
    if (desk === undefined) {
      const station = codeIn(data, 'station');
      const { ninPrefix, ...rest } = fields;
      const body = { code: codeIn(data, 'code'), ...rest, ...(station === '' ? {} : { station }), ...(ninPrefix === '' ? {} : { ninPrefix }) };
      request = () => post<Desk>('/identity/desks', body);
    } else {
      const change = deskChange(desk, fields);
      if (Object.keys(change).length === 0) {
        setUnchanged(true);
        return;
      }
      request = () => api<Desk>('PATCH', `/identity/desks/${encodeURIComponent(desk.code)}`, change);
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

  /** A desk at a station stands where the station does, unless a place was typed already. */
  const placeAtStation = (code: string) => {
    const form = formRef.current;
    const station = stations.find((s) => s.code === code.trim().toUpperCase());
    if (form === null || station === undefined) return;
    for (const [name, value] of [
      ['location.lat', station.location.lat],
      ['location.lon', station.location.lon],
    ] as const) {
      const input = form.elements.namedItem(name) as HTMLInputElement | null;
      if (input !== null && input.value === '') input.value = String(value);
    }
  };

  return (
    <section className="admin-panel admin-detail" aria-labelledby={`${id}-title`} data-testid="admin-desk-editor" data-desk={desk?.code}>
      <h2 id={`${id}-title`}>
        {opening ? (
          i18n.t('admin.desk.open')
        ) : (
          <>
            <bdi>{desk.name}</bdi>
            <bdi dir="ltr" className="admin-username">
              {desk.code}
            </bdi>
          </>
        )}
        <button type="button" className="link admin-close" onClick={onClose}>
          {i18n.t('admin.detail.close')}
        </button>
      </h2>
      <form ref={formRef} className="admin-form admin-grid-form" noValidate onSubmit={(event) => void submit(event)} data-testid="admin-desk-form">
        {opening && (
          <label>
            {i18n.t('admin.desk.code')}
            <input name="code" autoComplete="off" autoFocus dir="ltr" aria-invalid={refusal.invalid('code')} aria-describedby={`${id}-code`} data-testid="admin-desk-code" />
            <span className="muted" id={`${id}-code`}>
              {i18n.t('admin.hint.code')}
            </span>
          </label>
        )}
        <label>
          {i18n.t('admin.desk.name')}
          <input name="name" defaultValue={desk?.name} autoComplete="off" dir="auto" aria-invalid={refusal.invalid('name')} data-testid="admin-desk-name" />
        </label>
        {opening ? (
          <label>
            {i18n.t('admin.desk.station')}
            <input
              name="station"
              list={`${id}-stations`}
              autoComplete="off"
              dir="ltr"
              aria-invalid={refusal.invalid('station')}
              aria-describedby={`${id}-station`}
              onChange={(event) => placeAtStation(event.target.value)}
              data-testid="admin-desk-station"
            />
            <datalist id={`${id}-stations`}>
              {stations.map((station) => (
                <option key={station.code} value={station.code} label={stationName(i18n, station)} />
              ))}
            </datalist>
            <span className="muted" id={`${id}-station`}>
              {i18n.t('admin.hint.station')}
            </span>
          </label>
        ) : (
          <div className="admin-readonly">
            <span className="muted">{i18n.t('admin.desk.station')}</span>
            <span>{desk.station === null ? i18n.t('admin.desk.noStation') : <bdi dir="ltr">{desk.station}</bdi>}</span>
          </div>
        )}
        <PlaceFields place={desk?.location} refusal={refusal} testId="admin-desk" />
        <fieldset className="admin-fieldset admin-pair">
          <legend>{i18n.t('admin.desk.hours')}</legend>
          <label>
            {i18n.t('admin.desk.opens')}
            <input name="opens" defaultValue={desk?.opens} placeholder="08:30" inputMode="numeric" autoComplete="off" dir="ltr" aria-invalid={refusal.invalid('opens')} data-testid="admin-desk-opens" />
          </label>
          <label>
            {i18n.t('admin.desk.closes')}
            <input name="closes" defaultValue={desk?.closes} placeholder="16:30" inputMode="numeric" autoComplete="off" dir="ltr" aria-invalid={refusal.invalid('closes')} data-testid="admin-desk-closes" />
          </label>
          <span className="muted admin-hint">{i18n.t('admin.hint.hours')}</span>
        </fieldset>
        <fieldset className="admin-fieldset admin-pair">
          <legend>{i18n.t('admin.desk.slots')}</legend>
          <label>
            {i18n.t('admin.desk.slotMinutes')}
            <input name="slotMinutes" type="number" min={5} max={240} defaultValue={desk?.slotMinutes ?? 15} dir="ltr" aria-invalid={refusal.invalid('slotMinutes')} data-testid="admin-desk-slot-minutes" />
          </label>
          <label>
            {i18n.t('admin.desk.slotCapacity')}
            <input name="slotCapacity" type="number" min={1} max={500} defaultValue={desk?.slotCapacity ?? 1} dir="ltr" aria-invalid={refusal.invalid('slotCapacity')} data-testid="admin-desk-slot-capacity" />
          </label>
        </fieldset>
        <fieldset className="admin-fieldset admin-weekdays" aria-invalid={refusal.field?.startsWith('weekdays') === true ? true : undefined}>
          <legend>{i18n.t('admin.desk.weekdays')}</legend>
          {isoWeekdays.map((day) => (
            <label key={day}>
              <input type="checkbox" name="weekdays" value={day} defaultChecked={(desk?.weekdays ?? [1, 2, 3, 4, 5]).includes(day)} /> {weekdayName(i18n, day)}
            </label>
          ))}
        </fieldset>
        <label>
          {i18n.t('admin.desk.ninPrefix')}
          <input name="ninPrefix" defaultValue={desk?.ninPrefix ?? ''} maxLength={2} autoComplete="off" dir="ltr" aria-invalid={refusal.invalid('ninPrefix')} aria-describedby={`${id}-nin`} data-testid="admin-desk-nin-prefix" />
          <span className="muted" id={`${id}-nin`}>
            {phrase(i18n, 'admin.hint.ninPrefix', { example: 'BE' })}
          </span>
        </label>
        <label className="admin-check">
          <input type="checkbox" name="active" defaultChecked={desk?.active ?? true} data-testid="admin-desk-active" /> {i18n.t('admin.desk.activeBox')}
        </label>
        <FormRefusal refusal={refusal} testId="admin-desk-error" />
        {unchanged && <p className="muted">{i18n.t('admin.unchanged')}</p>}
        <div className="row">
          <button type="submit" disabled={busy} data-testid="admin-desk-save">
            {opening ? i18n.t('admin.desk.openButton') : i18n.t('admin.save')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {i18n.t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
