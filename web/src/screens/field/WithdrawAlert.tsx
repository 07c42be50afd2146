import type { EventData } from '@contract/events';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { store } from '../../store';

/** The order to withdraw, as journaled. */
type Withdrawal = EventData<'unit.withdraw_ordered'>;

/**
 * The order to leave an EOD cordon's mandatory-evacuation zone, as `/live` brings it to the unit's crew
 * (`unit.withdraw_ordered` on the unit's stream; its tracker gets it over MQTT too). Stays until the
 * crew says it is understood; the phone buzzes.
 */
export function WithdrawAlert({ callSign }: { callSign: string }) {
  const i18n = useI18n();
  const [order, setOrder] = useState<Withdrawal | null>(null);
  useEffect(
    () =>
      store.onEvent((event) => {
        if (event.type !== 'unit.withdraw_ordered' || event.stream !== `unit/${callSign}`) return;
        setOrder(event.data);
        navigator.vibrate?.([500, 200, 500, 200, 500]);
      }),
    [callSign],
  );
  if (order === null) return null;
  return (
    <div className="field-message error" role="alert" data-testid="field-withdraw" data-incident={order.incident}>
      <strong>{i18n.t('eod.withdrawTitle')}</strong>
      <p>
        {i18n.t('eod.withdrawText', { number: order.incident, distance: i18n.number(order.distanceM), mandatory: i18n.number(order.mandatoryM), bearing: i18n.number(order.bearingOutDeg) })}
      </p>
      <button type="button" className="field-button secondary" onClick={() => setOrder(null)} data-testid="field-withdraw-ok">
        {i18n.t('eod.withdrawDismiss')}
      </button>
    </div>
  );
}
