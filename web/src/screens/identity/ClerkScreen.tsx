import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { Appointments } from './Appointments';
import { ApplicationDetail, DeskApplications, OpenApplication } from './ApplicationPanel';
import { CardPanel } from './CardPanel';
import { Deliveries } from './Deliveries';
import { PersonPanel } from './PersonPanel';
import { Toast, useToast } from './parts';
import { ReviewQueue } from './ReviewQueue';
import type { Desk } from '@contract/shapes';
import { useResource } from '../../useResource';
import { centreToday } from './dates';
import { VerifyBox } from './VerifyBox';
import './identity.css';

const DESK_KEY = 'amane.identity.desk';

/**
 * The enrolment desk: the day's appointments (book, cancel, no-show), the person who came gets an
 * application (fee paid) and is enrolled; the checks run at once and flagged applications wait in the
 * review queue for an officer's decision. Each application shows its status history. The desk receives
 * the batches shipped to it and hands each card over against a check of its holder; a card of the
 * register is looked up, suspended, declared lost or stolen; a card is verified by its document number.
 * A person is found in the national register (a journaled read) or registered there. Everything shown
 * is asked again when `/live` reports a change.
 */
export function IdentityClerkScreen() {
  const i18n = useI18n();
  const desks = useResource<Desk[]>('/identity/desks');
  const [desk, setDesk] = useState(() => localStorage.getItem(DESK_KEY) ?? '');
  const [day, setDay] = useState(centreToday);
  const [opening, setOpening] = useState<{ nin: string; appointment: string | null }>({ nin: '', appointment: null });
  const [selected, setSelected] = useState<string | null>(null);
  const { toast, say, fail } = useToast();
  const active = useMemo(() => (desks.data ?? []).filter((d) => d.active), [desks.data]);

  // The desk remembered on this computer, else the first one.
  useEffect(() => {
    if (active.length > 0 && !active.some((d) => d.code === desk)) setDesk(active[0]!.code);
  }, [active, desk]);
  const chooseDesk = (code: string) => {
    localStorage.setItem(DESK_KEY, code);
    setDesk(code);
  };

  return (
    <div className="id-page id-clerk" data-testid="identity-clerk">
      <Appointments
        desks={active}
        desk={desk}
        day={day}
        onDesk={chooseDesk}
        onDay={setDay}
        onOpen={(nin, appointment) => {
          setOpening({ nin, appointment });
          setSelected(null);
        }}
        say={say}
        fail={fail}
      />
      <section className="id-panel" aria-labelledby="id-application-title" data-testid="id-application">
        <h2 id="id-application-title">
          {i18n.t('identity.application')}
          {selected !== null && (
            <button type="button" className="link" onClick={() => setSelected(null)}>
              {i18n.t('identity.newApplication')}
            </button>
          )}
        </h2>
        {selected === null ? (
          store.can('identity.enrol') && (
            <OpenApplication
              key={`${opening.nin}/${opening.appointment ?? ''}`}
              desk={desk}
              nin={opening.nin}
              appointment={opening.appointment}
              onOpened={(number) => {
                setSelected(number);
                setOpening({ nin: '', appointment: null });
              }}
              say={say}
              fail={fail}
            />
          )
        ) : (
          <ApplicationDetail key={selected} number={selected} say={say} fail={fail} />
        )}
        {store.can('identity.enrol') && <DeskApplications desk={desk} selected={selected} onSelect={setSelected} />}
      </section>
      <div className="id-stack">
        {store.can('identity.person.read') && (
          <PersonPanel
            desk={desk}
            onOpen={(nin) => {
              setOpening({ nin, appointment: null });
              setSelected(null);
            }}
            say={say}
          />
        )}
        {store.can('identity.review') && <ReviewQueue selected={selected} onSelect={setSelected} />}
        {store.can('identity.deliver') && <Deliveries desk={desk} say={say} fail={fail} />}
        {store.can('identity.card.status') && <CardPanel say={say} fail={fail} />}
        <VerifyBox />
      </div>
      <Toast toast={toast} />
    </div>
  );
}
