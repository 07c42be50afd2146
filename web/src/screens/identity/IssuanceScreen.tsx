import { useEffect, useState, type FormEvent } from 'react';
import { get, post, query } from '../../api';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { BatchStatusBadge, sentence, Toast, Token, useToast, type Message } from './parts';
import { StatisticsPanel } from './StatisticsPanel';
import type { BatchWithApplications, Centre, ProductionBoard, ScheduleResult } from '@contract/shapes';
import { useResource } from '../../useResource';
import { centreToday } from './dates';
import './identity.css';

const CENTRE_KEY = 'amane.identity.centre';
const streams = ['identity-batch/', 'identity-centre/', 'identity-application/'];

/**
 * Why a board shows nothing scheduled, in the order the operator can act on it: the centre offline,
 * no blank cards, no capacity that day, nothing approved waiting, or the day not scheduled yet.
 */
function nothingScheduled(board: ProductionBoard): 'offline' | 'noStock' | 'noCapacity' | 'noQueue' | 'notScheduled' {
  if (!board.centre.online) return 'offline';
  if (board.stockFree === 0) return 'noStock';
  if (board.capacityLeft === 0) return 'noCapacity';
  if (board.queue === 0) return 'noQueue';
  return 'notScheduled';
}

/**
 * The issuance centre's production board for a day: capacity used and left, blank cards free and
 * promised, the approved queue waiting for any centre, the batches; the operator schedules the day,
 * produces a batch (cards personalised and signed) and ships it to its desk, and takes the centre
 * offline or back online; the service's figures: cards produced per centre and month, waiting times per
 * step. Kept current by `/live`.
 */
export function IssuanceScreen() {
  const i18n = useI18n();
  const centres = useResource<Centre[]>('/identity/centres', ['identity-centre/']);
  const [code, setCode] = useState(() => localStorage.getItem(CENTRE_KEY) ?? '');
  const [day, setDay] = useState(centreToday);
  const board = useResource<ProductionBoard>(code === '' ? null : `/identity/centres/${encodeURIComponent(code)}/board${query({ day })}`, streams);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<BatchWithApplications | null>(null);
  const { toast, say, fail } = useToast();

  useEffect(() => {
    const list = centres.data ?? [];
    if (list.length > 0 && !list.some((c) => c.code === code)) setCode(list[0]!.code);
  }, [centres.data, code]);

  const act = async <T,>(work: () => Promise<T>, done: (answer: T) => Message) => {
    setBusy(true);
    try {
      const answer = await work();
      say(done(answer));
      board.reload();
      centres.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const b = board.data;
  const centre = b?.centre;
  const used = b === undefined || b.centre.dailyCapacity === 0 ? 0 : Math.min(1, b.scheduled / b.centre.dailyCapacity);

  const goOffline = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    void act(() => post(`/identity/centres/${code}/offline`, { reason }), () => (w) => sentence(w, 'issuance.wentOffline', { centre: code }));
  };
  const receiveStock = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const cards = Number(data.get('cards'));
    const reference = String(data.get('reference') ?? '').trim();
    void act(
      async () => {
        await post(`/identity/centres/${code}/stock`, { cards, ...(reference === '' ? {} : { reference }) });
        form.reset();
      },
      () => (w) => w.count('issuance.stockReceived', cards),
    );
  };

  return (
    <div className="id-page id-issuance" data-testid="issuance">
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
            <select value={code} onChange={(e) => (localStorage.setItem(CENTRE_KEY, e.target.value), setCode(e.target.value))} data-testid="centre">
              {(centres.data ?? []).map((c) => (
                // A centre's name and code are data, as the administrator typed them.
                <option key={c.code} value={c.code} data-token="centre">
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>
          <label>
            {i18n.t('identity.day')} <DateInput value={day} onChange={(next) => next !== '' && setDay(next)} required data-testid="board-day" />
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                () => post<ScheduleResult>(`/identity/production/schedule${query({ day, centre: code })}`),
                (r) => (w) => w.t('issuance.scheduled', { cards: w.count('issuance.cardsScheduled', r.scheduled), batches: w.count('issuance.batchCount', r.batches.length), waiting: w.number(r.waiting) }),
              )
            }
            data-testid="schedule"
          >
            {i18n.t('issuance.schedule')}
          </button>
        </div>
        {(board.error ?? centres.error) !== null && <p className="field-error">{board.error ?? centres.error}</p>}
        {b !== undefined && (
          <div className="id-tiles" data-testid="board">
            <div className="id-tile" data-testid="tile-capacity">
              <span className="muted">{i18n.t('issuance.capacityUsed')}</span>
              <strong className="num">
                {i18n.number(b.scheduled)} / {i18n.number(b.centre.dailyCapacity)}
              </strong>
              <meter min={0} max={1} value={used} aria-label={i18n.t('issuance.capacityUsed')} />
              {/* Under one percent, two decimals: one card of 12,000 is not "0 %". */}
              <span className="muted" data-testid="capacity-share">
                {i18n.t('issuance.capacityShare', { share: i18n.percent(used, used > 0 && used < 0.01 ? 2 : 0) })}
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

      <section className="id-panel id-wide" aria-labelledby="batches-title" data-testid="batches">
        <h2 id="batches-title">
          {i18n.t('issuance.batches')} <span className="count">({i18n.number(b?.batches.length ?? 0)})</span>
        </h2>
        {b !== undefined && b.batches.length === 0 ? (
          <p className="empty">{i18n.t('issuance.noBatch')}</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th>{i18n.t('issuance.batch')}</th>
                <th>{i18n.t('identity.desk')}</th>
                <th>{i18n.t('issuance.cards')}</th>
                <th>{i18n.t('identity.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(b?.batches ?? []).map((batch) => (
                <tr key={batch.id} data-batch={batch.id} data-status={batch.status}>
                  <td>
                    <button type="button" className="link" onClick={() => void get<BatchWithApplications>(`/identity/batches/${batch.id}`).then(setOpen, fail)}>
                      <Token>{batch.id}</Token>
                    </button>
                  </td>
                  <td>
                    <Token>{batch.desk}</Token>
                  </td>
                  <td className="num">{i18n.number(batch.size)}</td>
                  <td>
                    <BatchStatusBadge status={batch.status} />
                  </td>
                  <td className="id-actions">
                    {batch.status === 'scheduled' && (
                      <button type="button" disabled={busy || centre?.online !== true} onClick={() => void act(() => post(`/identity/batches/${batch.id}/produce`), () => (w) => sentence(w, 'issuance.produced', { batch: batch.id }))} data-testid={`produce-${batch.id}`}>
                        {i18n.t('issuance.produce')}
                      </button>
                    )}
                    {batch.status === 'produced' && (
                      <button type="button" disabled={busy} onClick={() => void act(() => post(`/identity/batches/${batch.id}/ship`), () => (w) => sentence(w, 'issuance.shipped', { batch: batch.id, desk: batch.desk }))} data-testid={`ship-${batch.id}`}>
                        {i18n.t('issuance.ship')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {open !== null && (
          <div className="section" data-testid="batch-applications">
            <strong>
              <Token>{open.id}</Token> · {i18n.count('issuance.applications', open.applications.length)}
            </strong>
            <span>
              {open.applications.map((number, index) => (
                <span key={number}>
                  {index > 0 && ' · '}
                  <Token>{number}</Token>
                </span>
              ))}
            </span>
            <button type="button" className="link" onClick={() => setOpen(null)}>
              {i18n.t('panel.close')}
            </button>
          </div>
        )}
      </section>

      {centre !== undefined && (
        <section className="id-panel" aria-labelledby="centre-title">
          <h2 id="centre-title">{i18n.t('issuance.centreState')}</h2>
          {centre.online ? (
            <form className="form" onSubmit={goOffline}>
              <label>
                {i18n.t('issuance.offlineReason')}
                <input name="reason" dir="auto" required maxLength={500} />
              </label>
              <button type="submit" className="danger" disabled={busy}>
                {i18n.t('issuance.goOffline')}
              </button>
            </form>
          ) : (
            <button type="button" disabled={busy} onClick={() => void act(() => post(`/identity/centres/${code}/online`), () => (w) => sentence(w, 'issuance.wentOnline', { centre: code }))}>
              {i18n.t('issuance.goOnline')}
            </button>
          )}
          <form className="form" onSubmit={receiveStock}>
            <strong>{i18n.t('issuance.receiveStock')}</strong>
            <label>
              {i18n.t('issuance.cards')}
              <input name="cards" type="number" min={1} required />
            </label>
            <label>
              {i18n.t('issuance.stockReference')}
              <input name="reference" dir="auto" maxLength={100} />
            </label>
            <button type="submit" className="secondary" disabled={busy}>
              {i18n.t('issuance.receive')}
            </button>
          </form>
        </section>
      )}
      {store.can('identity.report') && <StatisticsPanel />}
      <Toast toast={toast} />
    </div>
  );
}
