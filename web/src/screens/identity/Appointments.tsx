import { useState, type FormEvent } from 'react';
import { post, query } from '../../api';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { codeLabel, sentence, Token, type Message } from './parts';
import type { Appointment, DaySlots, Desk } from '@contract/shapes';
import { useResource } from '../../useResource';
import { slotAhead } from './dates';

interface Props {
  readonly desks: readonly Desk[];
  readonly desk: string;
  readonly day: string;
  readonly onDesk: (code: string) => void;
  readonly onDay: (day: string) => void;
  /** The person came: open their application, with this appointment. */
  readonly onOpen: (nin: string, appointment: string) => void;
  readonly say: (message: Message) => void;
  readonly fail: (failure: unknown) => void;
}

/** A desk's day: its slots (free places), the appointments by time, booking for a person, cancel and no-show. */
export function Appointments({ desks, desk, day, onDesk, onDay, onOpen, say, fail }: Props) {
  const i18n = useI18n();
  const ready = desk !== '' && day !== '';
  const slots = useResource<DaySlots>(ready ? `/identity/desks/${encodeURIComponent(desk)}/slots${query({ day })}` : null, ['identity-appointment/']);
  const list = useResource<Appointment[]>(ready ? `/identity/appointments${query({ desk, day })}` : null, ['identity-appointment/']);
  const [busy, setBusy] = useState(false);
  const free = (slots.data?.slots ?? []).filter((slot) => slot.free > 0 && slotAhead(day, slot.time));

  const act = async (work: () => Promise<unknown>, done: Message) => {
    setBusy(true);
    try {
      await work();
      say(done);
      slots.reload();
      list.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const book = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const nin = String(data.get('nin') ?? '').trim().toUpperCase();
    const time = String(data.get('time') ?? '');
    void act(
      async () => {
        await post('/identity/appointments', { nin, desk, day, time });
        form.reset();
      },
      (words) => sentence(words, 'identity.booked', { nin, time }),
    );
  };

  return (
    <section className="id-panel" aria-labelledby="id-appointments-title" data-testid="id-appointments">
      <h2 id="id-appointments-title">{i18n.t('identity.appointments')}</h2>
      <div className="form">
        <label>
          {i18n.t('identity.desk')}
          <select value={desk} onChange={(e) => onDesk(e.target.value)} data-testid="id-desk">
            {desks.map((d) => (
              // A desk's name and code are data, as the administrator typed them.
              <option key={d.code} value={d.code} data-token="desk">
                {d.name} ({d.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('identity.day')}
          <DateInput value={day} onChange={(next) => next !== '' && onDay(next)} required data-testid="id-day" />
        </label>
      </div>
      {slots.data !== undefined && !slots.data.open && <p className="muted">{i18n.t('identity.deskClosed')}</p>}
      {slots.data?.open === true && (
        <p className="muted" data-testid="id-free">
          {i18n.t('identity.freePlaces', { places: i18n.count('identity.places', free.reduce((sum, slot) => sum + slot.free, 0)), slots: i18n.count('identity.slots', free.length) })}
        </p>
      )}
      <form className="form id-inline" onSubmit={book} aria-label={i18n.t('identity.book')}>
        <label>
          {i18n.t('identity.nin')}
          <input name="nin" dir="ltr" required pattern="[A-Za-z]{1,2}[0-9]{3,7}" placeholder="BE123456" autoComplete="off" data-testid="id-book-nin" />
        </label>
        <label>
          {i18n.t('identity.time')}
          <select name="time" required data-testid="id-book-time">
            {free.map((slot) => (
              <option key={slot.time} value={slot.time}>
                {slot.time} · {i18n.count('identity.places', slot.free)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || free.length === 0} data-testid="id-book">
          {i18n.t('identity.book')}
        </button>
      </form>
      {(slots.error ?? list.error) !== null && <p className="field-error">{slots.error ?? list.error}</p>}
      {list.data !== undefined && list.data.length === 0 ? (
        <p className="empty">{i18n.t('identity.noAppointment')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{i18n.t('identity.time')}</th>
              <th>{i18n.t('identity.nin')}</th>
              <th>{i18n.t('identity.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((a) => (
              <tr key={a.id} data-appointment={a.nin} data-status={a.status}>
                <td>
                  <Token>{a.time}</Token>
                </td>
                <td>
                  <Token>{a.nin}</Token>
                </td>
                <td>
                  <span className="badge muted">{codeLabel(i18n, 'idappt', a.status)}</span>
                </td>
                <td className="id-actions">
                  {a.status === 'booked' && (
                    <>
                      <button type="button" disabled={busy} onClick={() => onOpen(a.nin, a.id)} data-testid={`id-open-${a.nin}`}>
                        {i18n.t('identity.openApplication')}
                      </button>
                      <button type="button" className="secondary" disabled={busy} onClick={() => void act(() => post(`/identity/appointments/${a.id}/no-show`), (w) => sentence(w, 'identity.noShowDone', { nin: a.nin }))}>
                        {i18n.t('identity.noShow')}
                      </button>
                      <button type="button" className="secondary" disabled={busy} onClick={() => void act(() => post(`/identity/appointments/${a.id}/cancel`), (w) => sentence(w, 'identity.cancelled', { nin: a.nin }))}>
                        {i18n.t('identity.cancel')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
