import { useId, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { priorityColours } from '../../map/symbols';
import { priorities } from '@contract';
import { useStore } from '../../store';
import { StackedBar } from './charts';
import { nenaTargets, percent, shareLevel, waitLevel, type Level } from './levels';
import type { LiveKpis } from './liveKpis';
import { useNow } from '../../components/common';

const levelKeys: Record<Level, MessageKey> = {
  ok: 'supervisor.level.ok',
  warn: 'supervisor.level.warn',
  bad: 'supervisor.level.bad',
  none: 'supervisor.level.none',
};

/** One figure: its name, its value, and (for those with a target) where it stands, in words as well as colour. */
function Tile(props: { testId: string; title: string; level?: Level; value: ReactNode; data?: Record<string, string | number | null>; children?: ReactNode }) {
  const id = useId();
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([name, value]) => [`data-${name}`, value ?? '']));
  return (
    <section className="sup-tile" data-testid={props.testId} data-level={props.level} aria-labelledby={id} {...data}>
      <h3 id={id}>{props.title}</h3>
      <div className="sup-value">{props.value}</div>
      {props.children}
    </section>
  );
}

function LevelText({ level, target }: { level: Level; target?: string }) {
  const i18n = useI18n();
  return (
    <p className={`sup-level ${level}`}>
      <span aria-hidden="true" className="sup-level-mark" />
      {target !== undefined && level !== 'none' ? `${target} · ` : ''}
      {i18n.t(levelKeys[level])}
    </p>
  );
}

/** The figures of the day and of the room now. */
export function KpiTiles({ kpis, serverOffsetMs }: { kpis: LiveKpis; serverOffsetMs: number }) {
  const i18n = useI18n();
  const { calls, incidents } = kpis;
  const dash = '—';
  const seconds = (value: number | null) => (value === null ? dash : i18n.duration(value));
  const share = (key: 'answer15' | 'answer20', value: number | null, target: number) => {
    const level = shareLevel(value, target);
    return (
      <Tile testId={`kpi-${key}`} title={i18n.t(`supervisor.${key}`)} level={level} value={value === null ? dash : percent(i18n, value)} data={{ value, target }}>
        <LevelText level={level} target={i18n.t('supervisor.target', { pct: percent(i18n, target) })} />
        <p className="sup-detail">{i18n.t('supervisor.answeredOf', { answered: i18n.number(calls.answered), total: i18n.number(calls.total) })}</p>
      </Tile>
    );
  };
  const interval = (testId: string, title: MessageKey, median: number | null, p90: number | null) => (
    <Tile
      testId={testId}
      title={i18n.t(title)}
      data={{ median, p90 }}
      value={
        <dl className="sup-pair">
          <div>
            <dt>{i18n.t('supervisor.median')}</dt>
            <dd className="num">{seconds(median)}</dd>
          </div>
          <div>
            <dt>{i18n.t('supervisor.p90')}</dt>
            <dd className="num">{seconds(p90)}</dd>
          </div>
        </dl>
      }
    >
      <p className="sup-detail">{median === null ? i18n.t('supervisor.noMeasure') : i18n.t('supervisor.fromCreation')}</p>
    </Tile>
  );
  const abandonedPct = calls.total === 0 ? 0 : (calls.abandoned / calls.total) * 100;
  return (
    <div className="sup-tiles">
      {share('answer15', calls.answeredWithin15sPct, nenaTargets.within15s)}
      {share('answer20', calls.answeredWithin20sPct, nenaTargets.within20s)}
      <QueueTile kpis={kpis} serverOffsetMs={serverOffsetMs} />
      <Tile testId="kpi-abandoned" title={i18n.t('supervisor.abandoned')} value={<span className="num">{i18n.number(calls.abandoned)}</span>} data={{ value: calls.abandoned, total: calls.total }}>
        <p className="sup-detail">
          {calls.total === 0 ? i18n.t('supervisor.noCalls') : i18n.t('supervisor.abandonedRate', { pct: percent(i18n, Math.round(abandonedPct * 10) / 10), total: i18n.number(calls.total) })}
        </p>
      </Tile>
      {interval('kpi-dispatch', 'supervisor.toDispatch', incidents.medianToDispatchS, incidents.p90ToDispatchS)}
      {interval('kpi-onscene', 'supervisor.toOnScene', incidents.medianToOnSceneS, incidents.p90ToOnSceneS)}
      <OpenIncidentsTile kpis={kpis} />
    </div>
  );
}

/**
 * Calls waiting now: the store's queue (kept by /live), each wait ticking every second. A wait is the
 * server's time now less the ring time, which is `waitingS` plus the time since the queue was read,
 * without having to know when the store read it (perhaps long before this screen opened).
 */
function QueueTile({ kpis, serverOffsetMs }: { kpis: LiveKpis; serverOffsetMs: number }) {
  const i18n = useI18n();
  const store = useStore('queue');
  const now = useNow() + serverOffsetMs;
  let length: number;
  let longestWaitS: number | null;
  if (store.can('call.read')) {
    length = store.queue.length;
    longestWaitS = length === 0 ? null : Math.max(0, ...store.queue.map((call) => (now - Date.parse(call.rangAt)) / 1_000));
  } else {
    length = kpis.calls.queueLength;
    longestWaitS = kpis.calls.longestWaitS === null ? null : kpis.calls.longestWaitS + Math.max(0, (now - Date.parse(kpis.at)) / 1_000);
  }
  const level = waitLevel(longestWaitS);
  return (
    <Tile
      testId="kpi-queue"
      title={i18n.t('supervisor.queue')}
      level={level}
      value={
        <>
          <span className="num">{i18n.number(length)}</span> <span className="sup-unit">{i18n.t('supervisor.waiting')}</span>
        </>
      }
      data={{ value: length, 'longest-wait': longestWaitS === null ? null : Math.floor(longestWaitS) }}
    >
      <p className={`sup-level ${level}`}>
        <span aria-hidden="true" className="sup-level-mark" />
        {longestWaitS === null ? i18n.t('supervisor.noWait') : i18n.t('supervisor.longestWait', { time: i18n.duration(longestWaitS) })}
      </p>
    </Tile>
  );
}

function OpenIncidentsTile({ kpis }: { kpis: LiveKpis }) {
  const i18n = useI18n();
  const counts = priorities.map((priority) => ({ priority, n: kpis.incidents.byPriority[priority.slice(1) as '1' | '2' | '3' | '4'] ?? 0 }));
  return (
    <Tile
      testId="kpi-open"
      title={i18n.t('supervisor.openIncidents')}
      value={<span className="num">{i18n.number(kpis.incidents.open)}</span>}
      data={{ value: kpis.incidents.open, ...Object.fromEntries(counts.map(({ priority, n }) => [priority.toLowerCase(), n])) }}
    >
      <ul className="sup-priorities">
        {counts.map(({ priority, n }) => (
          <li key={priority} data-priority={priority} title={i18n.t(`priority.${priority}`)}>
            <span className="sup-swatch" style={{ background: priorityColours[priority] }} aria-hidden="true" />
            <span aria-hidden="true" dir="ltr">{priority}</span>
            <span className="sr-only">{i18n.t(`priority.${priority}`)}</span> <b className="num">{i18n.number(n)}</b>
          </li>
        ))}
      </ul>
      <StackedBar
        title={i18n.t('supervisor.byPriority')}
        segments={counts.map(({ priority, n }) => ({ key: priority, value: n, colour: priorityColours[priority], description: `${i18n.t(`priority.${priority}`)}: ${i18n.number(n)}` }))}
      />
      <p className="sup-detail">{i18n.t('supervisor.createdToday', { n: i18n.number(kpis.incidents.created) })}</p>
    </Tile>
  );
}
