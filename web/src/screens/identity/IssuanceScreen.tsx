import { store } from '../../store';
import { BatchList } from './BatchList';
import { CentreBoard } from './CentreBoard';
import { CentreState } from './CentreState';
import { Toast } from './parts';
import { StatisticsPanel } from './StatisticsPanel';
import { useIssuance } from './useIssuance';
import './identity.css';

/**
 * The issuance centre's production board for a day: capacity used and left, blank cards free and
 * promised, the approved queue waiting for any centre, the batches; the operator schedules the day,
 * produces a batch (cards personalised and signed) and ships it to its desk, and takes the centre
 * offline or back online; the service's figures: cards produced per centre and month, waiting times per
 * step. Kept current by `/live`.
 */
export function IssuanceScreen() {
  const desk = useIssuance();
  const centre = desk.board?.centre;
  return (
    <div className="id-page id-issuance" data-testid="issuance">
      <CentreBoard
        centres={desk.centres}
        code={desk.code}
        day={desk.day}
        board={desk.board}
        error={desk.error}
        busy={desk.busy}
        onChoose={desk.choose}
        onDay={desk.setDay}
        onSchedule={desk.schedule}
      />
      <BatchList
        batches={desk.board?.batches}
        opened={desk.opened}
        online={centre?.online === true}
        busy={desk.busy}
        onOpen={desk.open}
        onClose={desk.close}
        onProduce={desk.produce}
        onShip={desk.ship}
      />
      {centre !== undefined && <CentreState centre={centre} busy={desk.busy} onOffline={desk.goOffline} onOnline={desk.goOnline} onStock={desk.receiveStock} />}
      {store.can('identity.report') && <StatisticsPanel />}
      <Toast toast={desk.toast} />
    </div>
  );
}
