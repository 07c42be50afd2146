import type { RefObject } from 'react';
import type { Call } from '@contract/shapes';
import { Elapsed } from '../../components/common';
import { useI18n } from '../../i18n';
import { mayEnd, mayTransfer, type CallerPlace } from './callDesk';

interface CallCardProps {
  readonly call: Call;
  readonly place: CallerPlace | null;
  /** The call is this call-taker's: they may end it and transfer it. */
  readonly mine: boolean;
  /** The call is recorded with an incident: the map no longer places the caller. */
  readonly done: boolean;
  readonly transferNumbers: readonly string[];
  readonly transferRef: RefObject<HTMLInputElement | null>;
  readonly onEnd: () => void;
  readonly onTransfer: (to: string) => void;
}

/** The call in hand: the caller, since when, where (with the network's uncertainty), its status, and end or transfer. */
export function CallCard({ call, place, mine, done, transferNumbers, transferRef, onEnd, onTransfer }: CallCardProps) {
  const i18n = useI18n();
  return (
    <div className="section" data-testid="current-call">
      <dl className="facts">
        <dt>{i18n.t('calltaker.caller')}</dt>
        <dd dir="ltr">{call.callerNumber}</dd>
        <dt>{i18n.t('calltaker.answeredAt')}</dt>
        <dd>{call.answeredAt === null ? '—' : <>{i18n.time(call.answeredAt)} (<Elapsed since={call.answeredAt} />)</>}</dd>
        <dt>{i18n.t('calltaker.location')}</dt>
        <dd data-testid="caller-location">
          {place === null ? (
            i18n.t('calltaker.noLocation')
          ) : (
            <bdi dir="ltr" data-testid="caller-coordinates">{`${place.lat.toFixed(5)}, ${place.lon.toFixed(5)}`}</bdi>
          )}
          {place?.radiusM !== undefined && (
            <>
              {' ± '}
              <bdi>{`${i18n.number(place.radiusM)} ${i18n.t('calltaker.metres')}`}</bdi>
            </>
          )}
        </dd>
        <dt>{i18n.t('field.status')}</dt>
        <dd data-testid="call-status" data-status={call.status}>
          {i18n.t(`calltaker.callStatus.${call.status}` as 'calltaker.callStatus.answered')}
        </dd>
      </dl>
      {mayEnd(call) && mine && (
        <div className="row call-actions">
          <button type="button" className="danger" onClick={onEnd} data-testid="end-call">
            {i18n.t('calltaker.endCall')} <kbd>F6</kbd>
          </button>
          {mayTransfer(call) && (
            <form
              className="row"
              onSubmit={(event) => {
                event.preventDefault();
                onTransfer(transferRef.current?.value.trim() ?? '');
              }}
            >
              <label className="row">
                {i18n.t('calltaker.transferTo')} <kbd>F7</kbd>
                <input ref={transferRef} name="transfer" list="transfer-numbers" dir="ltr" maxLength={60} size={6} data-testid="transfer-to" />
              </label>
              <datalist id="transfer-numbers">
                {transferNumbers.map((number) => (
                  <option key={number} value={number} />
                ))}
              </datalist>
              <button type="submit" className="secondary">
                {i18n.t('calltaker.transfer')}
              </button>
            </form>
          )}
        </div>
      )}
      {!done && <span className="muted">{i18n.t('calltaker.clickToPlace')}</span>}
    </div>
  );
}
