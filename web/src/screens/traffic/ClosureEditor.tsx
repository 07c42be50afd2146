import { useState } from 'react';
import { post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { problemText } from '../../problemText';
import { ClosureDirection, ClosureKind, ClosureReason } from '@contract';
import type { Closure, LatLon, NewClosure } from '@contract/shapes';
import { instantOf } from './ClosuresPanel';

/** What the editor is drawing: the segment's point, the street's optional point, or the area's corners. */
export interface ClosureDraft {
  readonly kind: ClosureKind;
  readonly points: readonly LatLon[];
}

/** Where a click on the map goes while the editor is open: the point (segment, street) or the next corner (area). */
export function pickInto(draft: ClosureDraft, at: LatLon): ClosureDraft {
  return draft.kind === ClosureKind.area ? { ...draft, points: [...draft.points, at] } : { ...draft, points: [at] };
}

const kinds = Object.values(ClosureKind);
const reasons = Object.values(ClosureReason);
/** One way is given by a heading: the four points of the compass and those between. */
const headings = [0, 45, 90, 135, 180, 225, 270, 315] as const;

/**
 * The closure editor: a segment (click the road), a street (its name, optionally near a clicked point)
 * or an area (click its corners), the direction for a segment, the start (now or later), the end and
 * the reason. The map clicks arrive through `draft` (the screen owns it, as it owns the map).
 */
export function ClosureEditor({ draft, onDraft, onDone }: { draft: ClosureDraft; onDraft: (draft: ClosureDraft) => void; onDone: (closure: Closure) => void }) {
  const i18n = useI18n();
  const [street, setStreet] = useState('');
  const [nearM, setNearM] = useState('');
  const [oneWay, setOneWay] = useState(false);
  const [heading, setHeading] = useState<number>(0);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState<ClosureReason>(ClosureReason.works);
  const [reasonText, setReasonText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const point = draft.points[0];

  const body = (): NewClosure => {
    const common = {
      reason,
      ...(reasonText.trim() === '' ? {} : { reasonText: reasonText.trim() }),
      ...(instantOf(startsAt) === null ? {} : { startsAt: instantOf(startsAt)! }),
      ...(instantOf(endsAt) === null ? {} : { endsAt: instantOf(endsAt)! }),
    };
    if (draft.kind === ClosureKind.segment) {
      return { kind: 'segment', ...(point === undefined ? {} : { point }), ...(oneWay ? { direction: ClosureDirection.oneWay, headingDeg: heading } : {}), ...common };
    }
    if (draft.kind === ClosureKind.street) {
      const near = Number(nearM);
      return { kind: 'street', street, ...(point !== undefined && nearM !== '' && Number.isFinite(near) ? { point, nearM: Math.round(near) } : {}), ...common };
    }
    return { kind: 'area', area: [...draft.points], ...common };
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const closure = await post<Closure>('/traffic/closures', body());
      onDraft({ kind: draft.kind, points: [] });
      setStreet('');
      setReasonText('');
      onDone(closure);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="closure-editor"
      data-testid="closure-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset className="closure-kinds">
        <legend>{i18n.t('closure.kind')}</legend>
        {kinds.map((kind) => (
          <label key={kind}>
            <input type="radio" name="closure-kind" value={kind} checked={draft.kind === kind} onChange={() => onDraft({ kind, points: [] })} />
            {i18n.t(`closure.kind.${kind}` as MessageKey)}
          </label>
        ))}
      </fieldset>

      <p className="traffic-muted">{i18n.t(`closure.pick.${draft.kind}` as MessageKey)}</p>
      {draft.kind === ClosureKind.area ? (
        <p data-testid="closure-corners">
          {i18n.t('closure.corners', { n: i18n.number(draft.points.length) })}{' '}
          <button type="button" disabled={draft.points.length === 0} onClick={() => onDraft({ ...draft, points: draft.points.slice(0, -1) })}>
            {i18n.t('closure.undoCorner')}
          </button>
        </p>
      ) : (
        <p data-testid="closure-point">
          {point === undefined ? (
            i18n.t('closure.noPoint')
          ) : (
            <bdi className="num">
              {i18n.number(point.lat, 5)}, {i18n.number(point.lon, 5)}
            </bdi>
          )}
        </p>
      )}

      {draft.kind === ClosureKind.street && (
        <>
          <label>
            {i18n.t('closure.street')}
            <input type="text" value={street} required maxLength={200} onChange={(event) => setStreet(event.target.value)} />
          </label>
          <label>
            {i18n.t('closure.nearM')}
            <input type="number" min={10} max={10_000} step={10} value={nearM} onChange={(event) => setNearM(event.target.value)} />
          </label>
        </>
      )}

      {draft.kind === ClosureKind.segment && (
        <fieldset>
          <legend>{i18n.t('closure.direction')}</legend>
          <label>
            <input type="radio" name="closure-direction" checked={!oneWay} onChange={() => setOneWay(false)} />
            {i18n.t('closure.direction.both')}
          </label>
          <label>
            <input type="radio" name="closure-direction" checked={oneWay} onChange={() => setOneWay(true)} />
            {i18n.t('closure.direction.one_way')}
          </label>
          {oneWay && (
            <label>
              {i18n.t('closure.heading')}
              <select value={heading} onChange={(event) => setHeading(Number(event.target.value))}>
                {headings.map((h) => (
                  <option key={h} value={h}>
                    {i18n.t(`closure.heading.${h}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
      )}

      <label>
        {i18n.t('closure.reason')}
        <select value={reason} onChange={(event) => setReason(event.target.value as ClosureReason)}>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {i18n.t(`closure.reason.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {i18n.t('closure.reasonText')}
        <input type="text" value={reasonText} maxLength={500} onChange={(event) => setReasonText(event.target.value)} />
      </label>
      <p className="traffic-muted">{i18n.t('closure.published')}</p>
      <label>
        {i18n.t('closure.start')}
        <input type="datetime-local" value={startsAt} onChange={(event) => setStartsAt(event.target.value)} />
      </label>
      <label>
        {i18n.t('closure.end')}
        <input type="datetime-local" value={endsAt} onChange={(event) => setEndsAt(event.target.value)} />
      </label>
      {error !== null && (
        <p role="alert" className="traffic-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {i18n.t('closure.close')}
      </button>
    </form>
  );
}
