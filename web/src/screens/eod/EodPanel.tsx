import type { ReactNode } from 'react';
import type { Incident } from '@contract/shapes';
import { useI18n } from '../../i18n';
import { EodCordon } from './EodCordon';
import { EodDeployments } from './EodDeployments';
import { EodDeviceClass } from './EodDeviceClass';
import { EodSquads } from './EodSquads';
import { useEodPanel } from './useEodPanel';

/**
 * The EOD part of the dispatcher's incident panel, for an incident that needs a squad: the device class
 * (from the call, confirmed on scene), the stand-off cordon (set, redraw, lift) with its closed roads,
 * withdrawn units, traffic perimeter and the cameras that see the zone, the public CAP alert, the squads
 * ranked across cities with their ETA and degraded flag, the patrols to hold the cordon, and the squads'
 * deployments. Everything is asked again when `/live` says the incident, its cordon or a squad moved.
 */
export function EodPanel({ incident, onDone }: { incident: Incident; onDone: (text: ReactNode) => void }) {
  const i18n = useI18n();
  const panel = useEodPanel(incident, onDone);
  const { number } = incident;
  if (!panel.shown) return null;
  const { picture, recommendation, error } = panel;

  return (
    <section className="section eod-panel" data-testid="eod-panel" aria-labelledby={`eod-${number}`}>
      <strong id={`eod-${number}`}>{i18n.t('eod.panel')}</strong>
      <EodDeviceClass panel={panel} number={number} />
      <EodCordon panel={panel} number={number} />
      {recommendation !== undefined && <EodSquads panel={panel} recommendation={recommendation} number={number} />}
      {picture !== undefined && picture.deployments.length > 0 && <EodDeployments panel={panel} deployments={picture.deployments} number={number} />}
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
