import { useI18n } from '../../i18n';
import { statusColours } from '../../map/symbols';
import type { UnitStatus } from '@contract';
import { useStore } from '../../store';
import { BarChart } from './charts';
import type { LiveKpis } from './liveKpis';

const statuses: readonly UnitStatus[] = ['available', 'dispatched', 'en_route', 'on_scene', 'busy', 'out_of_service', 'off_duty'];

/** Units by status: the store's board (kept by /live), or the KPI answer's counts without `unit.read`. */
export function UnitAvailability({ kpis }: { kpis: LiveKpis }) {
  const i18n = useI18n();
  const store = useStore('units');
  const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<UnitStatus, number>;
  if (store.can('unit.read')) for (const unit of store.units.values()) counts[unit.status] += 1;
  else Object.assign(counts, kpis.units);
  const total = statuses.reduce((sum, status) => sum + counts[status], 0);
  const onDuty = total - counts.off_duty;
  if (total === 0) return <p className="empty">{i18n.t('supervisor.unitsNone')}</p>;
  return (
    <>
      <p className="sup-detail" data-testid="units-available" data-available={counts.available} data-on-duty={onDuty}>
        {i18n.t('supervisor.unitsAvailable', { available: i18n.number(counts.available), total: i18n.number(onDuty) })}
      </p>
      <BarChart
        title={i18n.t('supervisor.unitsTitle')}
        max={Math.max(...statuses.map((status) => counts[status]))}
        bars={statuses.map((status) => ({ key: status, label: i18n.t(`ustatus.${status}`), value: counts[status], valueText: i18n.number(counts[status]), colour: statusColours[status] }))}
      />
    </>
  );
}
