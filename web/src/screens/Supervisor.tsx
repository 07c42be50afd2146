import { useId, type ReactNode } from 'react';
import type { ScreenProps } from '../App';
import { useI18n } from '../i18n';
import { AnswerByHour } from './supervisor/AnswerByHour';
import { CallTakerStates } from './supervisor/CallTakerStates';
import { DistrictHeat } from './supervisor/DistrictHeat';
import { KpiTiles } from './supervisor/KpiTiles';
import { useLiveKpis } from './supervisor/liveKpis';
import { UnitAvailability } from './supervisor/UnitAvailability';

function Panel({ testId, title, className, children }: { testId: string; title: string; className?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`sup-panel${className === undefined ? '' : ` ${className}`}`} data-testid={testId} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * The supervisor's room at a glance: today's answer times against the NENA targets, the queue, times
 * to dispatch and to the scene, open incidents by priority and by district, call-takers and units.
 * The figures follow /live (a second after the events that change them) and are re-read every 30 s.
 */
export function SupervisorScreen(_props: ScreenProps) {
  const i18n = useI18n();
  const { kpis, byHour, refreshedAt, serverOffsetMs, error, refresh } = useLiveKpis();
  const kpiHeading = useId();
  return (
    <div className="supervisor" data-testid="supervisor">
      <header className="sup-header">
        <h1>{i18n.t('supervisor.title')}</h1>
        {kpis !== null && <span className="sup-period">{i18n.t('supervisor.period', { time: i18n.dateTime(kpis.since) })}</span>}
        <span className="sup-refreshed" data-testid="kpi-refreshed" data-at={refreshedAt?.toISOString() ?? ''}>
          {refreshedAt === null ? i18n.t('supervisor.loading') : i18n.t('supervisor.refreshedAt', { time: i18n.time(refreshedAt) })}
        </span>
        {error !== null && (
          <span className="error" role="alert" data-testid="kpi-error">
            {i18n.t('supervisor.refreshFailed', { message: error })}
          </span>
        )}
        <button type="button" className="secondary" onClick={refresh}>
          {i18n.t('supervisor.refresh')}
        </button>
      </header>
      {kpis !== null && (
        <>
          <section aria-labelledby={kpiHeading}>
            <h2 id={kpiHeading} className="sr-only">
              {i18n.t('supervisor.kpis')}
            </h2>
            <KpiTiles kpis={kpis} serverOffsetMs={serverOffsetMs} />
          </section>
          <div className="sup-panels">
            <Panel testId="district-heat" title={i18n.t('supervisor.districts')} className="sup-districts">
              <DistrictHeat byDistrict={kpis.byDistrict} />
            </Panel>
            <div className="sup-column">
              <Panel testId="answer-by-hour" title={i18n.t('supervisor.byHour')}>
                {byHour !== null && <AnswerByHour byHour={byHour} at={kpis.at} />}
              </Panel>
              <Panel testId="unit-availability" title={i18n.t('supervisor.units')}>
                <UnitAvailability kpis={kpis} />
              </Panel>
            </div>
            <Panel testId="calltaker-states" title={i18n.t('supervisor.callTakers')}>
              <CallTakerStates kpis={kpis} serverOffsetMs={serverOffsetMs} />
            </Panel>
          </div>
        </>
      )}
    </div>
  );
}
