import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { StackedBar } from './charts';
import type { LiveKpis } from './liveKpis';
import { useNow } from '../../components/common';

/** Call-taker states (src/calls/call.ts), in the order the room reads them: who is talking, who can answer. */
const states = ['on_call', 'wrap_up', 'ready', 'not_ready', 'logged_out'] as const;
type State = (typeof states)[number];

const stateColours: Record<State, string> = { on_call: '#1565c0', wrap_up: '#6a1b9a', ready: '#2e7d32', not_ready: '#ef6c00', logged_out: '#9e9e9e' };
const stateKeys: Record<State, MessageKey> = {
  on_call: 'supervisor.ctstate.on_call',
  wrap_up: 'supervisor.ctstate.wrap_up',
  ready: 'supervisor.ctstate.ready',
  not_ready: 'supervisor.ctstate.not_ready',
  logged_out: 'supervisor.ctstate.logged_out',
};

/** Not ready for this long is worth a look from the supervisor (a break is usually shorter). */
const LONG_NOT_READY_S = 15 * 60;

/** A wrap-up this long keeps a call-taker from the queue for longer than a call's notes take. */
const LONG_WRAP_UP_S = 2 * 60;

/**
 * A call-taker by name (the Arabic one on the Arabic screen, when the account has one), the user name
 * beside it, small, as a token isolated from the right-to-left text.
 */
function CallTakerName({ i18n, taker }: { i18n: I18n; taker: LiveKpis['callTakers']['list'][number] }) {
  const name = i18n.language === 'ar' ? (taker.fullNameAr ?? taker.fullName) : taker.fullName;
  const latin = name !== null && name === taker.fullName && i18n.language === 'ar';
  return (
    <>
      {name !== null && (latin ? <bdi data-testid="calltaker-name">{name}</bdi> : <span data-testid="calltaker-name">{name}</span>)}{' '}
      <bdi className="username" data-testid="calltaker-username">
        {taker.username}
      </bdi>
    </>
  );
}

const isState = (state: string): state is State => (states as readonly string[]).includes(state);

/**
 * How many call-takers are in each state, and each one with the time in that state (ticking). The list
 * is the KPI answer's, re-read a second after any call or call-taker event: answering and hanging up
 * change a call-taker's state with an event on the call's stream only, which the store's list misses.
 */
export function CallTakerStates({ kpis, serverOffsetMs }: { kpis: LiveKpis; serverOffsetMs: number }) {
  const i18n = useI18n();
  const now = useNow() + serverOffsetMs;
  const list = kpis.callTakers.list;
  const rank = (state: string) => (isState(state) ? states.indexOf(state) : states.length);
  const sorted = [...list].sort((a, b) => rank(a.state) - rank(b.state) || a.since.localeCompare(b.since) || a.username.localeCompare(b.username));
  const counts = states.map((state) => ({ state, n: list.filter((taker) => taker.state === state).length }));
  const label = (state: string) => (isState(state) ? i18n.t(stateKeys[state]) : state);

  return (
    <div className="sup-calltakers">
      <ul className="sup-counts">
        {counts.map(({ state, n }) => (
          <li key={state} data-state={state} data-count={n}>
            <span className="sup-swatch" style={{ background: stateColours[state] }} aria-hidden="true" />
            <span>{label(state)}</span> <b className="num">{i18n.number(n)}</b>
          </li>
        ))}
      </ul>
      {list.length > 0 && (
        <StackedBar
          title={i18n.t('supervisor.ctShare')}
          segments={counts.map(({ state, n }) => ({ key: state, value: n, colour: stateColours[state], description: `${label(state)}: ${i18n.number(n)}` }))}
        />
      )}
      {sorted.length === 0 ? (
        <p className="empty">{i18n.t('supervisor.ctNone')}</p>
      ) : (
        <table className="list">
          <caption className="sr-only">{i18n.t('supervisor.callTakers')}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('supervisor.ctName')}</th>
              <th scope="col">{i18n.t('supervisor.ctState')}</th>
              <th scope="col" className="num">
                {i18n.t('supervisor.ctSince')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((taker) => {
              const inStateS = Math.max(0, (now - Date.parse(taker.since)) / 1_000);
              const long = (taker.state === 'not_ready' && inStateS > LONG_NOT_READY_S) || (taker.state === 'wrap_up' && inStateS > LONG_WRAP_UP_S);
              return (
                <tr key={taker.username} data-username={taker.username} data-state={taker.state} className={taker.state === 'logged_out' ? 'quiet' : undefined}>
                  <th scope="row">
                    <CallTakerName i18n={i18n} taker={taker} />
                  </th>
                  <td>
                    <span className="badge" style={{ background: isState(taker.state) ? stateColours[taker.state] : '#607d8b' }}>
                      {label(taker.state)}
                    </span>
                  </td>
                  <td className={`num timer${long ? ' late' : ''}`} title={i18n.t('supervisor.ctSinceAt', { time: i18n.time(taker.since) })}>
                    {i18n.duration(inStateS)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
