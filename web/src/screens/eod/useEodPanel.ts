import { useEffect, useState, type ReactNode } from 'react';
import { isOpen } from '@contract';
import type { EodPicture, EodRecommendation, Incident, StandoffClass, StandoffTableInForce } from '@contract/shapes';
import { api, post } from '../../api';
import { problemText } from '../../components/common';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { eodPanelStreams } from './deployments';

/** What the EOD panel of an incident shows and may do; `shown` false: the panel is not drawn at all. */
export interface EodPanelState {
  readonly shown: boolean;
  readonly picture: EodPicture | undefined;
  readonly classes: readonly StandoffClass[];
  readonly recommendation: EodRecommendation | undefined;
  /** The device class picked in the list; at first, the incident's own. */
  readonly chosen: string;
  readonly choose: (code: string) => void;
  readonly error: string | null;
  readonly busy: boolean;
  readonly canOperate: boolean;
  readonly canDispatch: boolean;
  /** `/incidents/{number}` followed by `rest`. */
  readonly path: (rest: string) => string;
  /** Runs a command; on success `onDone(done)`, on refusal the panel shows why. */
  readonly run: (work: () => Promise<unknown>, done: ReactNode) => Promise<void>;
  readonly commands: {
    readonly setDeviceClass: (code: string) => Promise<unknown>;
    readonly setCordon: (code: string) => Promise<unknown>;
    readonly liftCordon: (reason: string) => Promise<unknown>;
    readonly assignSquad: (callSign: string) => Promise<unknown>;
    readonly markNeutralised: (deployment: string) => Promise<unknown>;
  };
}

/**
 * The EOD panel's data and commands: the stand-off table, the incident's EOD picture and, while the
 * incident is open, the squads recommended; the picture and the squads are asked again when `/live` says
 * the incident, its cordon, a squad or a unit moved.
 */
export function useEodPanel(incident: Incident, onDone: (text: ReactNode) => void): EodPanelState {
  const { number } = incident;
  const shown = store.can('eod.read') && incident.capabilities.includes('eod');
  const base = `/incidents/${encodeURIComponent(number)}`;
  const streams = eodPanelStreams(number);
  const table = useResource<StandoffTableInForce>(shown ? '/eod/standoff-table' : null);
  const picture = useResource<EodPicture>(shown ? `${base}/eod` : null, streams);
  const recommendation = useResource<EodRecommendation>(shown && isOpen(incident.status) ? `${base}/eod/recommendation` : null, streams);
  const [chosen, setChosen] = useState('');
  const [commandError, setCommandError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const found = picture.data?.deviceClass?.code ?? '';
  useEffect(() => setChosen((current) => (current === '' ? found : current)), [found]);

  const run = async (work: () => Promise<unknown>, done: ReactNode) => {
    setBusy(true);
    try {
      await work();
      setCommandError(null);
      onDone(done);
    } catch (failure) {
      setCommandError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  const path = (rest: string) => `${base}${rest}`;

  return {
    shown,
    picture: picture.data,
    classes: table.data?.table.classes ?? [],
    recommendation: recommendation.data,
    chosen,
    choose: setChosen,
    error: commandError ?? picture.error,
    busy,
    canOperate: store.can('eod.operate'),
    canDispatch: store.can('incident.dispatch'),
    path,
    run,
    commands: {
      setDeviceClass: (code) => post(path('/eod/device-class'), { deviceClass: code }),
      setCordon: (code) => post(path('/cordon'), code === '' ? {} : { deviceClass: code }),
      liftCordon: (reason) => post(path('/cordon/lift'), { reason }),
      assignSquad: (callSign) => post(path('/eod/assign'), { squad: callSign }),
      markNeutralised: (deployment) => api('PATCH', `/eod/deployments/${deployment}`, { neutralisedAt: new Date().toISOString(), outcome: 'neutralised' }),
    },
  };
}
