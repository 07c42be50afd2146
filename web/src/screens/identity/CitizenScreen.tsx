import { useEffect, useState, type FormEvent } from 'react';
import { api, post, query } from '../../api';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { ApplicationStatusBadge, codeLabel, sentence, StatusHistory, Toast, Token, useToast, type Message } from './parts';
import { applicationStatuses } from '@contract';
import type { Appointment, DaySlots, Desk, OwnApplication, Person as OwnPerson } from '@contract/shapes';
import { useResource } from '../../useResource';
import { CitizenCertificates } from './CitizenCertificates';
import { centreToday, dayAfter, slotAhead } from './dates';
import './identity.css';

/** A citizen sees no live stream: their appointment and application are asked again every half minute. */
const POLL_MS = 30_000;

/** The main steps of an application, as a citizen follows them (a rejection shows instead of the rest). */
const path = applicationStatuses.filter((status) => !['enrolled', 'referred', 'rejected', 'in_production'].includes(status));

/**
 * The citizen's page: their record's name and cards, their appointment (book, move among the free slots,
 * cancel) and where their application stands, step by step. Only their own record (`identity.self`).
 */
export function CitizenScreen() {
  const i18n = useI18n();
  const me = useResource<OwnPerson>('/identity/me');
  // Asked as lists, empty until the citizen has one: having none yet is a normal state, not a 404.
  const appointments = useResource<Appointment[]>('/identity/me/appointments', [], POLL_MS);
  const applications = useResource<OwnApplication[]>('/identity/me/applications', [], POLL_MS);
  const { toast, say, fail } = useToast();
  const person = me.data;
  const appointment = appointments.data?.[0];
  const application = applications.data?.[0];
  const booked = appointment?.status === 'booked' ? appointment : undefined;

  return (
    <div className="id-page id-citizen" data-testid="citizen">
      <section className="id-panel" aria-labelledby="citizen-me-title">
        <h2 id="citizen-me-title">{i18n.t('citizen.title')}</h2>
        {me.missing && <p className="empty">{i18n.t('citizen.notLinked')}</p>}
        {me.error !== null && <p className="field-error">{me.error}</p>}
        {person !== undefined && (
          <dl className="facts">
            <dt>{i18n.t('identity.holder')}</dt>
            <dd>
              <bdi>{i18n.language === 'ar' ? `${person.givenNamesAr} ${person.surnameAr}` : `${person.givenNames} ${person.surname}`}</bdi>
            </dd>
            <dt>{i18n.t('identity.nin')}</dt>
            <dd>
              <Token>{person.nin}</Token>
            </dd>
            {person.cards.map((card) => (
              <Card key={card.documentNumber} card={card} />
            ))}
          </dl>
        )}
      </section>

      <section className="id-panel" aria-labelledby="citizen-appointment-title" data-testid="citizen-appointment">
        <h2 id="citizen-appointment-title">{i18n.t('citizen.appointment')}</h2>
        {appointment !== undefined ? (
          <p data-status={appointment.status}>
            <strong>
              <Token testId="citizen-appointment-day">{i18n.date(appointment.day)}</Token> <Token testId="citizen-appointment-time">{appointment.time}</Token>
            </strong>{' '}
            · <Token>{appointment.desk}</Token> · <span className="badge muted">{codeLabel(i18n, 'idappt', appointment.status)}</span>
          </p>
        ) : (
          appointments.data !== undefined && <p className="empty" data-testid="citizen-no-appointment">{i18n.t('citizen.noAppointment')}</p>
        )}
        {appointments.error !== null && <p className="field-error">{appointments.error}</p>}
        {booked !== undefined && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void post('/identity/me/appointment/cancel').then(
                () => (say((w) => w.t('citizen.cancelled')), appointments.reload()),
                fail,
              )
            }
            data-testid="citizen-cancel"
          >
            {i18n.t('citizen.cancel')}
          </button>
        )}
        <SlotPicker
          moving={booked !== undefined}
          onDone={(message) => {
            say(message);
            appointments.reload();
          }}
          fail={fail}
        />
      </section>

      <section className="id-panel" aria-labelledby="citizen-application-title" data-testid="citizen-application">
        <h2 id="citizen-application-title">
          {i18n.t('citizen.application')}
          <button type="button" className="link" onClick={applications.reload}>
            {i18n.t('citizen.refresh')}
          </button>
        </h2>
        {applications.data !== undefined && application === undefined && <p className="empty" data-testid="citizen-no-application">{i18n.t('citizen.noApplication')}</p>}
        {applications.error !== null && <p className="field-error">{applications.error}</p>}
        {application !== undefined && <ApplicationProgress application={application} />}
      </section>
      <CitizenCertificates nin={person?.nin ?? (me.missing ? null : undefined)} say={say} fail={fail} />
      <Toast toast={toast} />
    </div>
  );
}

function Card({ card }: { card: OwnPerson['cards'][number] }) {
  const i18n = useI18n();
  return (
    <>
      <dt>{i18n.t('identity.documentNumber')}</dt>
      <dd>
        <Token>{card.documentNumber}</Token> · {codeLabel(i18n, 'idcard', card.status)} · {i18n.t('identity.expiry')} <Token>{i18n.date(card.dateOfExpiry)}</Token>
      </dd>
    </>
  );
}

/** Free slots of a desk on a day; one click books (or moves the booked appointment there). */
function SlotPicker({ moving, onDone, fail }: { moving: boolean; onDone: (message: Message) => void; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const desks = useResource<Desk[]>('/identity/desks');
  const [desk, setDesk] = useState('');
  const [day, setDay] = useState(centreToday);
  // Until the citizen picks a day: when today has no place left (the desk closed for the day), the picker
  // opens on tomorrow instead of an empty list.
  const [dayPicked, setDayPicked] = useState(false);
  const slots = useResource<DaySlots>(desk === '' ? null : `/identity/desks/${encodeURIComponent(desk)}/slots${query({ day })}`);
  const active = (desks.data ?? []).filter((d) => d.active);
  const free = (slots.data?.slots ?? []).filter((slot) => slot.free > 0 && slotAhead(day, slot.time));

  useEffect(() => {
    if (!dayPicked && slots.data !== undefined && day === centreToday() && free.length === 0) setDay(dayAfter(day));
  }, [dayPicked, slots.data, day, free.length]);

  useEffect(() => {
    const first = desks.data?.find((d) => d.active);
    if (desk === '' && first !== undefined) setDesk(first.code);
  }, [desks.data, desk]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const time = String(new FormData(event.currentTarget).get('time') ?? '');
    try {
      await api(moving ? 'PATCH' : 'POST', '/identity/me/appointment', { desk, day, time });
      onDone((w) => sentence(w, moving ? 'citizen.moved' : 'citizen.booked', { day: w.date(day), time }));
      slots.reload();
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="citizen-slots">
      <strong>{i18n.t(moving ? 'citizen.move' : 'citizen.book')}</strong>
      <label>
        {i18n.t('identity.desk')}
        <select value={desk} onChange={(e) => setDesk(e.target.value)}>
          {active.map((d) => (
            // A desk's name is data, as the administrator typed it.
            <option key={d.code} value={d.code} data-token="desk">
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {i18n.t('identity.day')}
        <DateInput value={day} min={centreToday()} onChange={(next) => next !== '' && (setDay(next), setDayPicked(true))} required data-testid="citizen-day" />
      </label>
      {slots.data !== undefined && !slots.data.open ? (
        <p className="muted">{i18n.t('identity.deskClosed')}</p>
      ) : free.length === 0 ? (
        <p className="muted">{i18n.t('citizen.noSlot')}</p>
      ) : (
        <label>
          {i18n.t('identity.time')}
          <select name="time" required>
            {free.map((slot) => (
              <option key={slot.time} value={slot.time}>
                {slot.time} · {i18n.count('identity.places', slot.free)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" disabled={free.length === 0 || desk === ''}>
        {i18n.t(moving ? 'citizen.move' : 'citizen.book')}
      </button>
    </form>
  );
}

/** Where the application stands on its path (submitted … delivered), and when it moved. */
function ApplicationProgress({ application }: { application: OwnApplication }) {
  const i18n = useI18n();
  const reached = new Set(application.history.map((step) => step.to));
  return (
    <div className="form" data-testid="citizen-status" data-status={application.status}>
      <p>
        <Token>{application.number}</Token> · {codeLabel(i18n, 'idkind', application.kind)} · <ApplicationStatusBadge status={application.status} />
      </p>
      <p className="muted">{i18n.t(`citizen.explain.${application.status}`)}</p>
      {application.status !== 'rejected' && (
        <ol className="id-progress">
          {path.map((status) => (
            <li key={status} className={reached.has(status) ? 'done' : ''}>
              {codeLabel(i18n, 'idstatus', status)}
            </li>
          ))}
        </ol>
      )}
      <StatusHistory steps={application.history} />
    </div>
  );
}
