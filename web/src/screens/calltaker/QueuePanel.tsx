import type { Call, CallTaker } from '@contract/shapes';
import { useNow } from '../../components/common';
import { useI18n } from '../../i18n';
import { waitingLateAfterS } from './callDesk';
import type { DeskMessage } from './useCallDesk';

interface QueuePanelProps {
  readonly myState: CallTaker | undefined;
  readonly queue: readonly Call[];
  readonly message: DeskMessage | null;
  readonly onReady: (state: 'ready' | 'not_ready') => void;
  readonly onAnswer: () => void;
}

/** The desk's keys, the call-taker's state (ready or not, wrap-up), the queue with waiting times, and the last message. */
export function QueuePanel({ myState, queue, message, onReady, onAnswer }: QueuePanelProps) {
  const i18n = useI18n();
  const now = useNow();
  const state = myState?.state ?? 'logged_out';
  return (
    <section className="column" aria-labelledby="queue-title">
      <div className="shortcuts" data-testid="shortcuts">
        <strong>{i18n.t('shell.shortcuts')}</strong>
        <span><kbd>F2</kbd> {i18n.t('calltaker.keyAnswer')}</span>
        <span><kbd>F4</kbd> {i18n.t('calltaker.keyCreate')}</span>
        <span><kbd>F6</kbd> {i18n.t('calltaker.keyEnd')}</span>
        <span><kbd>F7</kbd> {i18n.t('calltaker.keyTransfer')}</span>
        <span><kbd>F8</kbd> {i18n.t('calltaker.keyLink')}</span>
        <span><kbd>F9</kbd> {i18n.t('calltaker.keyReady')}</span>
      </div>
      <div className="section row">
        <span>{i18n.t('calltaker.myState')}:</span>
        <strong data-testid="my-state" data-state={state}>{i18n.t(`calltaker.state.${state}` as 'calltaker.state.ready')}</strong>
        <span className="grow" />
        {state === 'ready' ? (
          <button type="button" className="secondary" onClick={() => onReady('not_ready')}>
            {i18n.t('calltaker.goNotReady')}
          </button>
        ) : (
          <button type="button" onClick={() => onReady('ready')} data-testid="go-ready" disabled={state === 'on_call'}>
            {i18n.t('calltaker.goReady')}
          </button>
        )}
      </div>
      {myState?.state === 'wrap_up' && myState.since !== undefined && (
        <p className="section notice" role="status" data-testid="wrap-up">
          {i18n.t('calltaker.wrapUp', { time: i18n.time(myState.since) })}
        </p>
      )}
      <h2 id="queue-title">
        {i18n.t('calltaker.queue')} <span className="count">({i18n.number(queue.length)})</span>
      </h2>
      {queue.length === 0 ? (
        <p className="empty">{i18n.t('calltaker.queueEmpty')}</p>
      ) : (
        <table className="list" data-testid="queue">
          <thead>
            <tr>
              <th>{i18n.t('calltaker.caller')}</th>
              <th>{i18n.t('calltaker.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((waiting) => {
              const seconds = (now - new Date(waiting.rangAt).getTime()) / 1_000;
              return (
                <tr key={waiting.callId} data-call={waiting.callId}>
                  <td dir="ltr">
                    {waiting.urgent && <span className="badge" style={{ background: '#c62828' }}>{i18n.t('calltaker.callback')}</span>} {waiting.callerNumber}
                  </td>
                  <td className={`num timer${seconds > waitingLateAfterS ? ' late' : ''}`}>{i18n.duration(seconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="section">
        <button type="button" onClick={onAnswer} disabled={state !== 'ready' || queue.length === 0} data-testid="answer-next">
          {i18n.t('calltaker.answerNext')} <kbd>F2</kbd>
        </button>
      </div>
      {message !== null && (
        <p className={message.error ? 'section field-error' : 'section'} role="status" data-testid="calltaker-message">
          {/* One inline element: the section is a grid, and a sentence with a number in it would break into lines. */}
          <span>{message.text}</span>
        </p>
      )}
    </section>
  );
}
