import { useState } from 'react';
import { query } from '../../api';
import { useI18n, type I18n } from '../../i18n';
import { codeLabel, Token } from './parts';
import type { ApplicationStatus } from '@contract';
import type { IdentityStatistics } from '@contract/shapes';
import { useResource } from '../../useResource';
import { centreToday } from './dates';

type Period = 'year' | 'days30';

/** The first day of the period ending today, on the centre's calendar. */
function periodStart(period: Period, today: string): string {
  if (period === 'year') return `${today.slice(0, 4)}-01-01`;
  const start = new Date(`${today}T12:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 29);
  return start.toISOString().slice(0, 10);
}

/** A waiting time: days and hours when it is long, else h:mm:ss or m:ss. */
function waited(i18n: I18n, seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  return days === 0 ? i18n.duration(seconds) : `${i18n.count('stats.days', days)} ${i18n.duration(seconds - days * 86_400)}`;
}

/**
 * The service's figures: cards produced per centre, by month and in all over the period (this year, or
 * the last 30 days), and how long applications waited before each step (median and 90th percentile,
 * over the steps taken in the period). Asked again when a batch moves.
 */
export function StatisticsPanel() {
  const i18n = useI18n();
  const [period, setPeriod] = useState<Period>('year');
  const today = centreToday();
  const stats = useResource<IdentityStatistics>(`/identity/statistics${query({ from: periodStart(period, today), to: today })}`, ['identity-batch/']);
  const s = stats.data;
  const centres = [...new Set((s?.produced.byYear ?? []).map((row) => row.centre))].sort();
  const months = [...new Set((s?.produced.byMonth ?? []).map((row) => row.period))].sort();
  const cards = (rows: IdentityStatistics['produced']['byMonth'], centre: string, at?: string) => rows.filter((row) => row.centre === centre && (at === undefined || row.period === at)).reduce((sum, row) => sum + row.cards, 0);

  return (
    <section className="id-panel id-wide" aria-labelledby="stats-title" data-testid="id-statistics">
      <h2 id="stats-title">
        {i18n.t('stats.title')}
        <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} aria-label={i18n.t('stats.period')} data-testid="stats-period">
          <option value="year">{i18n.t('stats.thisYear')}</option>
          <option value="days30">{i18n.t('stats.last30')}</option>
        </select>
      </h2>
      {stats.error !== null && <p className="field-error">{stats.error}</p>}
      {s !== undefined && (
        <>
          <h3>
            {i18n.t('stats.produced')} <span className="count num" data-testid="stats-total" data-total={s.produced.total}>({i18n.number(s.produced.total)})</span>
          </h3>
          {s.produced.total === 0 ? (
            <p className="empty">{i18n.t('stats.none')}</p>
          ) : (
            <table className="list" data-testid="stats-produced">
              <thead>
                <tr>
                  <th>{i18n.t('stats.month')}</th>
                  {centres.map((centre) => (
                    <th key={centre}>
                      <Token>{centre}</Token>
                    </th>
                  ))}
                  <th>{i18n.t('stats.total')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((month) => (
                  <tr key={month} data-month={month}>
                    <td className="num">{i18n.format(`${month}-15T12:00:00Z`, { month: 'long', year: 'numeric' })}</td>
                    {centres.map((centre) => (
                      <td key={centre} className="num" data-centre={centre}>
                        {i18n.number(cards(s.produced.byMonth, centre, month))}
                      </td>
                    ))}
                    <td className="num">{i18n.number(s.produced.byMonth.filter((row) => row.period === month).reduce((sum, row) => sum + row.cards, 0))}</td>
                  </tr>
                ))}
                <tr className="total">
                  <th>{i18n.t('stats.total')}</th>
                  {centres.map((centre) => (
                    <th key={centre} className="num">
                      {i18n.number(cards(s.produced.byYear, centre))}
                    </th>
                  ))}
                  <th className="num">{i18n.number(s.produced.total)}</th>
                </tr>
              </tbody>
            </table>
          )}
          <h3>{i18n.t('stats.waiting')}</h3>
          {s.waiting.length > 0 && (
            <table className="list" data-testid="stats-waiting">
              <thead>
                <tr>
                  <th>{i18n.t('stats.step')}</th>
                  <th>{i18n.t('stats.count')}</th>
                  <th>{i18n.t('stats.median')}</th>
                  <th>{i18n.t('stats.p90')}</th>
                </tr>
              </thead>
              <tbody>
                {s.waiting.map((step) => (
                  <tr key={`${step.from ?? ''}>${step.to}`} data-to={step.to}>
                    <td>
                      {step.from === null ? '' : `${codeLabel(i18n, 'idstatus', step.from as ApplicationStatus)} → `}
                      {codeLabel(i18n, 'idstatus', step.to as ApplicationStatus)}
                    </td>
                    <td className="num">{i18n.number(step.count)}</td>
                    <td className="num">{waited(i18n, step.medianSeconds)}</td>
                    <td className="num">{waited(i18n, step.p90Seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
