import { Words } from '../../components/common';
import { useI18n } from '../../i18n';
import { findStandoffClass } from './deployments';
import type { EodPanelState } from './useEodPanel';

/** The device class of an incident: the list to pick one from the stand-off table, and where the one in force came from. */
export function EodDeviceClass({ panel, number }: { panel: EodPanelState; number: string }) {
  const i18n = useI18n();
  const { classes, chosen, busy } = panel;
  const current = panel.picture?.deviceClass ?? null;
  const chosenLabel = () => {
    const found = findStandoffClass(classes, chosen);
    return found === undefined ? chosen : i18n.label(found.labels);
  };
  return (
    <>
      <div className="row">
        <label className="row grow">
          {i18n.t('eod.deviceClass')}
          <select value={chosen} onChange={(e) => panel.choose(e.target.value)} data-testid="eod-class" disabled={busy}>
            <option value="">—</option>
            {classes.map((c) => (
              <option key={c.code} value={c.code}>
                {i18n.label(c.labels)} ({i18n.t('eod.m', { n: `${i18n.number(c.mandatoryM)} / ${i18n.number(c.preferredM)}` })})
              </option>
            ))}
          </select>
        </label>
        {panel.canOperate && (
          <button type="button" className="secondary" disabled={busy || chosen === ''} onClick={() => void panel.run(() => panel.commands.setDeviceClass(chosen), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: chosenLabel() }} />)} data-testid="eod-set-class">
            {i18n.t('eod.setClass')}
          </button>
        )}
      </div>
      <div className="muted" data-testid="eod-class-state" data-class={current?.code ?? ''} data-confirmed={String(current?.confirmed ?? false)}>
        {current === null ? (
          i18n.t('eod.noClass')
        ) : (
          <>
            <strong>{i18n.label(current.labels)}</strong> ·{' '}
            {current.source === 'call' ? i18n.t('eod.source.call') : current.source === 'scene' ? i18n.t('eod.source.scene', { unit: current.unit ?? '' }) : i18n.t('eod.source.eod', { who: current.setBy ?? '' })}
            <div>{i18n.t('eod.distances', { mandatory: i18n.number(current.mandatoryM), preferred: i18n.number(current.preferredM) })}</div>
          </>
        )}
      </div>
    </>
  );
}
