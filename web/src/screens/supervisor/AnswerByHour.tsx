import { centreClock, useI18n } from '../../i18n';
import { ColumnChart, type Column } from './charts';
import { levelColours, nenaTargets, percent, shareLevel } from './levels';
import type { HourKpis } from './liveKpis';

/** The hour of the day in Casablanca at `iso` (0-23). */
function localHour(iso: string): number {
  const { date, timeZone } = centreClock(new Date(iso));
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(date));
}

/** The share of calls answered within 15 s in each hour of the day so far, against the NENA target. */
export function AnswerByHour({ byHour, at }: { byHour: readonly HourKpis[]; at: string }) {
  const i18n = useI18n();
  const hours = new Map(byHour.map((group) => [Number(group.group.slice(-2)), group]));
  const last = Math.max(localHour(at), ...hours.keys());
  const columns: Column[] = [];
  for (let hour = 0; hour <= last; hour++) {
    const group = hours.get(hour);
    const value = group?.within15s === null || group === undefined ? null : Math.round(group.within15s * 1_000) / 10;
    const hourText = i18n.t('supervisor.hourLabel', { h: i18n.number(hour) });
    columns.push({
      key: String(hour),
      label: i18n.number(hour),
      value,
      valueText: value === null ? '' : i18n.number(Math.round(value)),
      colour: levelColours[shareLevel(value, nenaTargets.within15s)],
      description:
        value === null || group === undefined
          ? i18n.t('supervisor.hourNone', { hour: hourText })
          : i18n.t('supervisor.hourDetail', { hour: hourText, pct: percent(i18n, value), answered: i18n.number(group.answered) }),
    });
  }
  if (!byHour.some((group) => group.answered > 0)) return <p className="empty">{i18n.t('supervisor.byHourEmpty')}</p>;
  return (
    <>
      <ColumnChart
        title={i18n.t('supervisor.byHourTitle')}
        columns={columns}
        max={100}
        target={{ value: nenaTargets.within15s, label: percent(i18n, nenaTargets.within15s) }}
      />
      <p className="sup-detail">{i18n.t('supervisor.byHourAxis')}</p>
    </>
  );
}
