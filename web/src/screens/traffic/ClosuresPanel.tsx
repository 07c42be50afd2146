import { useState } from 'react';
import { api, post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { problemText } from '../../problemText';
import type { Resource } from '../../useResource';
import { useResource } from '../../useResource';
import { ClosureSource, closureActions } from '@contract';
import type { Closure, ClosureEntry, LatLon } from '@contract/shapes';

/** How often the list is read again for the major incidents (their events are too many to follow here). */
const ENTRIES_POLL_MS = 30_000;

/** Every closure in force (the operator's, the cordons', the major incidents'), read again on each closure or cordon event. */
export function useClosureEntries(): Resource<ClosureEntry[]> {
  return useResource<ClosureEntry[]>('/traffic/closures', ['road-closure/', 'cordon/'], ENTRIES_POLL_MS);
}

/** The lines of the traffic room's own closures in force, to draw as closed roads (the cordons' come segment by segment from their own list). */
export function closedLinesOf(entries: readonly ClosureEntry[]): (readonly [number, number][])[] {
  return entries.filter((entry) => entry.source === ClosureSource.traffic && entry.closesRouting).flatMap((entry) => entry.geometry.coordinates);
}

/** The first point of an entry's lines, to show it on the map. */
function firstPoint(entry: ClosureEntry): LatLon | null {
  const first = entry.geometry.coordinates[0]?.[0];
  return first === undefined ? null : { lon: first[0], lat: first[1] };
}

const sources = [ClosureSource.traffic, ClosureSource.eod, ClosureSource.incident] as const;

/**
 * The traffic room's list of closures, by source: the operator's own (with their reason, times and a
 * "reopen" button), then the EOD cordons' and the major incidents' (read-only).
 */
export function ClosuresPanel({ entries, onShow, canOperate }: { entries: Resource<ClosureEntry[]>; onShow: (at: LatLon) => void; canOperate: boolean }) {
  const i18n = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  if (entries.data === undefined) return <p className="traffic-muted">{entries.error ?? '…'}</p>;
  const list = entries.data;

  const act = async (closure: Closure, work: () => Promise<Closure>) => {
    setBusy(closure.id);
    setError(null);
    try {
      await work();
      entries.reload();
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(null);
    }
  };

  if (list.length === 0) return <p className="traffic-muted">{i18n.t('closure.none')}</p>;
  return (
    <div className="closure-list" data-testid="closure-list">
      {error !== null && (
        <p role="alert" className="traffic-error">
          {error}
        </p>
      )}
      {sources.map((source) => {
        const ofSource = list.filter((entry) => entry.source === source);
        if (ofSource.length === 0) return null;
        return (
          <section key={source} aria-label={i18n.t(`closure.source.${source}` as MessageKey)}>
            <h3 className="closure-source">{i18n.t(`closure.source.${source}` as MessageKey)}</h3>
            <ul className="traffic-closures">
              {ofSource.map((entry) => {
                const at = firstPoint(entry);
                const closure = entry.closure;
                return (
                  <li key={`${entry.source}:${entry.id}`} className="closure-entry" data-closure={`${entry.source}:${entry.id}`} data-status={entry.status}>
                    <div className="closure-head">
                      <bdi className="num">
                        <strong>{entry.source === ClosureSource.traffic ? `#${entry.id}` : entry.id}</strong>
                      </bdi>
                      <span className={`closure-status closure-${entry.status}`}>{i18n.t(`closure.status.${entry.status}` as MessageKey)}</span>
                      {entry.reason !== null && <span>{i18n.t(`closure.reason.${entry.reason}` as MessageKey)}</span>}
                    </div>
                    <div className="closure-roads">
                      {entry.roads.length === 0 ? (
                        <span className="traffic-muted">{i18n.t('closure.noNamedRoad')}</span>
                      ) : (
                        entry.roads.map((road) => (
                          <bdi key={road} className="closure-road">
                            {road}
                          </bdi>
                        ))
                      )}
                    </div>
                    {entry.reasonText !== null && (
                      <p className="closure-text">
                        <bdi>{entry.reasonText}</bdi>
                      </p>
                    )}
                    <div className="closure-times traffic-muted">
                      {i18n.t('closure.from', { time: i18n.dateTime(entry.startsAt) })}
                      {entry.endsAt !== null && <> · {i18n.t('closure.until', { time: i18n.dateTime(entry.endsAt) })}</>}
                      {!entry.closesRouting && <> · {i18n.t('closure.notRouting')}</>}
                    </div>
                    <div className="closure-actions">
                      {at !== null && (
                        <button type="button" onClick={() => onShow(at)}>
                          {i18n.t('traffic.show')}
                        </button>
                      )}
                      {canOperate && closure !== null && closureActions[closure.status].includes('reopen') && (
                        <button type="button" className="danger" disabled={busy === closure.id} onClick={() => void act(closure, () => post<Closure>(`/traffic/closures/${closure.id}/reopen`))}>
                          {i18n.t('closure.reopen')}
                        </button>
                      )}
                      {canOperate && closure !== null && closureActions[closure.status].includes('change') && (
                        <EndEditor closure={closure} disabled={busy === closure.id} onSave={(endsAt) => void act(closure, () => api<Closure>('PATCH', `/traffic/closures/${closure.id}`, { endsAt }))} />
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** A `datetime-local` value (the browser's own zone, the centre's on the room's machines) as an ISO instant. */
export function instantOf(local: string): string | null {
  if (local === '') return null;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's zone. */
export function localInputOf(iso: string): string {
  const at = new Date(iso);
  const shifted = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function EndEditor({ closure, disabled, onSave }: { closure: Closure; disabled: boolean; onSave: (endsAt: string | null) => void }) {
  const i18n = useI18n();
  const [value, setValue] = useState(closure.endsAt === null ? '' : localInputOf(closure.endsAt));
  return (
    <form
      className="closure-end"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(instantOf(value));
      }}
    >
      <label>
        {i18n.t('closure.end')}
        <input type="datetime-local" value={value} onChange={(event) => setValue(event.target.value)} />
      </label>
      <button type="submit" disabled={disabled}>
        {i18n.t('closure.moveEnd')}
      </button>
    </form>
  );
}
