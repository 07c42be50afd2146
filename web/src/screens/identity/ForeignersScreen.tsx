import { useEffect, useMemo, useState } from 'react';
import { query } from '../../api';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { DeskPermits, OpenPermitApplication, PERMIT_TOPICS, PermitDetail, PermitStatusBadge } from './PermitPanel';
import { ResidentPanel } from './ResidentPanel';
import { CountWords, Toast, Token, useToast } from './parts';
import type { Desk } from '@contract/shapes';
import type { PermitApplication, PermitReminder } from '@contract/permit.schema';
import './identity.css';
import './permit.css';

// The same desk as the CNIE desk on this computer: one clerk, one window.
const DESK_KEY = 'amane.identity.desk';

/**
 * The foreigners' desk (residence permits, law 02-03): the foreign resident found by their registration
 * number or registered (the desk allocating the number); an application filed with the documents
 * presented ticked on its kind's checklist, its receipt issued the same day, renewed while the file is
 * open and shown to print; the decision with its reason; the card, produced at an issuance centre in the
 * CNIE's batches and received with its batch at the desk, handed over against a check of its holder; and the desk's expiry reminders (60 and 30 days before)
 * with the holders' phones. Kept current by `/live`.
 */
export function ForeignersScreen() {
  const i18n = useI18n();
  const desks = useResource<Desk[]>('/identity/desks');
  const [desk, setDesk] = useState(() => localStorage.getItem(DESK_KEY) ?? '');
  const [resident, setResident] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const { toast, say, fail } = useToast();
  const active = useMemo(() => (desks.data ?? []).filter((d) => d.active), [desks.data]);

  useEffect(() => {
    if (active.length > 0 && !active.some((d) => d.code === desk)) setDesk(active[0]!.code);
  }, [active, desk]);
  const chooseDesk = (code: string) => {
    localStorage.setItem(DESK_KEY, code);
    setDesk(code);
  };

  return (
    <div className="id-page id-foreigners" data-testid="foreigners">
      <div className="id-stack">
        <section className="id-panel" aria-labelledby="permit-desk-title">
          <h2 id="permit-desk-title">{i18n.t('permit.screen')}</h2>
          <label>
            {i18n.t('identity.desk')}
            <select value={desk} onChange={(e) => chooseDesk(e.target.value)} data-testid="permit-desk">
              {active.map((d) => (
                <option key={d.code} value={d.code} data-token="desk">
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        </section>
        <ResidentPanel
          desk={desk}
          onOpen={(number) => {
            setResident(number);
            setSelected(null);
          }}
          onSelect={setSelected}
          say={say}
        />
      </div>
      <section className="id-panel" aria-labelledby="permit-application-title" data-testid="permit-application">
        <h2 id="permit-application-title">
          {i18n.t('permit.application')}
          {selected !== null && (
            <button type="button" className="link" onClick={() => setSelected(null)} data-testid="permit-new">
              {i18n.t('permit.newApplication')}
            </button>
          )}
        </h2>
        {selected === null ? (
          store.can('identity.enrol') && <OpenPermitApplication key={resident} desk={desk} resident={resident} onOpened={setSelected} say={say} fail={fail} />
        ) : (
          <PermitDetail key={selected} number={selected} say={say} fail={fail} />
        )}
        {store.can('identity.enrol') && <DeskPermits desk={desk} selected={selected} onSelect={setSelected} />}
      </section>
      <div className="id-stack">
        {store.can('identity.deliver') && <ReadyPermits desk={desk} onSelect={setSelected} />}
        {store.can('identity.appointment') && <PermitReminders desk={desk} />}
      </div>
      <Toast toast={toast} />
    </div>
  );
}

/**
 * The desk's permits received with their batch and waiting for their holders (one click opens the
 * hand-over), and those on their way, which the desk receives with their batch where it receives the
 * CNIE's (the deliveries of the ID desk): one production pipeline, one parcel.
 */
function ReadyPermits({ desk, onSelect }: { desk: string; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  const received = useResource<PermitApplication[]>(desk === '' ? null : `/identity/permit-applications${query({ desk, status: 'received' })}`, PERMIT_TOPICS);
  const shipped = useResource<PermitApplication[]>(desk === '' ? null : `/identity/permit-applications${query({ desk, status: 'shipped' })}`, PERMIT_TOPICS);
  const ready = received.data ?? [];
  const coming = shipped.data ?? [];
  return (
    <section className="id-panel" aria-labelledby="permit-ready-title" data-testid="permit-ready">
      <h2 id="permit-ready-title">
        {i18n.t('permit.ready')} <span className="count">({i18n.number(ready.length)})</span>
      </h2>
      {(received.error ?? shipped.error) !== null && <p className="field-error">{received.error ?? shipped.error}</p>}
      {ready.length === 0 ? (
        <p className="empty">{i18n.t('permit.noReady')}</p>
      ) : (
        <ul className="id-ready">
          {ready.map((a) => (
            <li key={a.number} data-ready={a.number} data-document={a.documentNumber ?? ''}>
              <Token>{a.documentNumber ?? '—'}</Token>{' '}
              <span className="muted">
                <Token>{a.resident}</Token>
              </span>
              <button type="button" className="link" onClick={() => onSelect(a.number)} data-testid={`permit-handover-${a.number}`}>
                {i18n.t('permit.handOver')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {coming.length > 0 && (
        <>
          <span className="muted">{i18n.t('permit.coming')}</span>
          <ul className="id-ready" data-testid="permit-coming">
            {coming.map((a) => (
              <li key={a.number} data-coming={a.number}>
                <Token>{a.documentNumber ?? '—'}</Token>{' '}
                <span className="muted">
                  <Token>{a.resident}</Token>
                </span>{' '}
                <PermitStatusBadge status={a.status} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * The desk's expiry reminders of the last 60 days, newest first: each permit once at 60 days and once at
 * 30 days before its expiry, with the holder's phone to call (reading the list journals each holder's read).
 */
function PermitReminders({ desk }: { desk: string }) {
  const i18n = useI18n();
  const list = useResource<PermitReminder[]>(desk === '' ? null : `/identity/permits/reminders${query({ desk })}`, [{ stream: 'identity-permit/', types: ['identity_permit.reminded'] }]);
  const reminders = list.data ?? [];
  return (
    <section className="id-panel" aria-labelledby="permit-reminders-title" data-testid="permit-reminders">
      <h2 id="permit-reminders-title">
        {i18n.t('permit.reminders')} <span className="count">({i18n.number(reminders.length)})</span>
      </h2>
      {list.error !== null && <p className="field-error">{list.error}</p>}
      {reminders.length === 0 ? (
        <p className="empty">{i18n.t('permit.noReminder')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{i18n.t('identity.documentNumber')}</th>
              <th>{i18n.t('permit.number')}</th>
              <th>{i18n.t('permit.expiresOn')}</th>
              <th>{i18n.t('permit.reminder')}</th>
              <th>{i18n.t('permit.phone')}</th>
            </tr>
          </thead>
          <tbody>
            {reminders.map((r) => (
              <tr key={`${r.documentNumber}/${r.days}`} data-reminder={r.documentNumber} data-days={r.days}>
                <td>
                  <Token>{r.documentNumber}</Token>
                </td>
                <td>
                  <Token>{r.resident}</Token>
                </td>
                <td>
                  <Token>{i18n.date(r.dateOfExpiry)}</Token>
                </td>
                <td>
                  <CountWords name="permit.daysBefore" n={r.days} />
                </td>
                <td>{r.phone === null ? <span className="muted">{i18n.t('permit.noPhone')}</span> : <Token>{r.phone}</Token>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
