import type { Deployment } from '@contract/shapes';
import { Words } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import { canMarkNeutralised, deploymentSteps } from './deployments';
import type { EodPanelState } from './useEodPanel';

/** The squads' deployments to an incident, each with the times of its steps and its outcome. */
export function EodDeployments({ panel, deployments, number }: { panel: EodPanelState; deployments: readonly Deployment[]; number: string }) {
  const i18n = useI18n();
  return (
    <div data-testid="eod-deployments">
      <strong>{i18n.t('eod.deployments')}</strong>
      <ul className="notes">
        {deployments.map((d) => (
          <DeploymentLine key={d.id} deployment={d} canOperate={panel.canOperate} busy={panel.busy} onNeutralised={() => void panel.run(() => panel.commands.markNeutralised(d.id), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t('eod.markNeutralised') }} />)} />
        ))}
      </ul>
    </div>
  );
}

function DeploymentLine({ deployment, canOperate, busy, onNeutralised }: { deployment: Deployment; canOperate: boolean; busy: boolean; onNeutralised: () => void }) {
  const i18n = useI18n();
  return (
    <li data-deployment={deployment.squad} data-outcome={deployment.outcome ?? ''} data-cleared={String(deployment.clearedAt !== null)}>
      <strong>
        <bdi>{deployment.squad}</bdi>
      </strong>{' '}
      {deploymentSteps.map(([step, field]) => {
        const at = deployment[field];
        return at === null ? null : (
          <span key={step} className="muted">
            {i18n.t(`eod.step.${step}` as MessageKey)} {i18n.time(at)} ·{' '}
          </span>
        );
      })}
      {deployment.outcome !== null && <span className="badge muted">{i18n.t(`eod.outcome.${deployment.outcome}` as MessageKey)}</span>}
      {canOperate && canMarkNeutralised(deployment) && (
        <button type="button" className="secondary" disabled={busy} onClick={onNeutralised} data-testid={`eod-neutralised-${deployment.squad}`}>
          {i18n.t('eod.markNeutralised')}
        </button>
      )}
    </li>
  );
}
