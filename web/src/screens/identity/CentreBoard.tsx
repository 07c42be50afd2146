import type { Centre, ProductionBoard } from '@contract/shapes';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { capacityUsed, nothingScheduled, shareDigits } from './issuance';

interface CentreBoardProps {
  readonly centres: readonly Centre[];
  readonly code: string;
  readonly day: string;
  readonly board: ProductionBoard | undefined;
  readonly error: string | null;
  readonly busy: boolean;
  readonly onChoose: (code: string) => void;
  readonly onDay: (day: string) => void;
  readonly onSchedule: () => void;
}

/** The centre's day: capacity used and left, blank cards free and promised, the approved queue, and why nothing is scheduled. */
export function CentreBoard({ centres, code, day, board: b, error, busy, onChoose, onDay, onSchedule }: CentreBoardProps) {
  const i18n = useI18n();
  const centre = b?.centre;
  const used = capacityUsed(b);
  return (
    <section className="id-panel id-wide" aria-labelledby="issuance-title">
      <h2 id="issuance-title">
        {i18n.t('issuance.board')}
        {centre !== undefined && (
          <span className={`badge id-online ${centre.online ? 'on' : 'off'}`} data-testid="centre-online" data-online={centre.online}>
            {i18n.t(centre.online ? 'issuance.online' : 'issuance.offline')}
          </span>
        )}
      </h2>
      <div className="row">
        <label>
          {i18n.t('issuance.centre')}{' '}
          <select value={code} onChange={(e) => onChoose(e.target.value)} data-testid="centre">
            {centres.map((c) => (
              // A centre's name and code are data, as the administrator typed them.
              <option key={c.code} value={c.code} data-token="centre">
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('identity.day')} <DateInput value={day} onChange={(next) => next !== '' && onDay(next)} required data-testid="board-day" />
        </label>
        <button type="button" disabled={busy} onClick={onSchedule} data-testid="schedule">
          {i18n.t('issuance.schedule')}
        </button>
      </div>
      {error !== null && <p className="field-error">{error}</p>}
      {b !== undefined && (
        <div className="id-tiles" data-testid="board">
          <div className="id-tile" data-testid="tile-capacity">
            <span className="muted">{i18n.t('issuance.capacityUsed')}</span>
            <strong className="num">
              {i18n.number(b.scheduled)} / {i18n.number(b.centre.dailyCapacity)}
            </strong>
            <meter min={0} max={1} value={used} aria-label={i18n.t('issuance.capacityUsed')} />
            <span className="muted" data-testid="capacity-share">
              {i18n.t('issuance.capacityShare', { share: i18n.percent(used, shareDigits(used)) })}
            </span>
            <span className="muted">{i18n.count('issuance.capacityLeft', b.capacityLeft)}</span>
          </div>
          <div className="id-tile" data-testid="tile-stock">
            <span className="muted">{i18n.t('issuance.stock')}</span>
            <strong className="num">{i18n.number(b.stockFree)}</strong>
            <span className="muted">{i18n.count('issuance.stockReserved', b.stockReserved, { total: i18n.number(b.centre.stock) })}</span>
          </div>
          <div className="id-tile" data-testid="tile-queue" data-queue={b.queue}>
            <span className="muted">{i18n.t('issuance.queue')}</span>
            <strong className="num">{i18n.number(b.queue)}</strong>
            <span className="muted">{i18n.t('issuance.queueHint')}</span>
          </div>
        </div>
      )}
      {b !== undefined && b.scheduled === 0 && (
        <p className="id-hint" role="note" data-testid="board-empty" data-why={nothingScheduled(b)}>
          {i18n.t(`issuance.empty.${nothingScheduled(b)}`)}
        </p>
      )}
    </section>
  );
}
