import { describe, expect, it } from 'vitest';
import type { EodPicture, StandoffClass } from '@contract/shapes';
import { canMarkNeutralised, deploymentSteps, eodPanelStreams, findStandoffClass, lastCapMessage } from './deployments';

const at = '2026-12-07T10:00:00.000Z';

describe('a deployment on the EOD panel', () => {
  it('lists its steps in the order they happen', () => {
    expect(deploymentSteps.map(([step]) => step)).toEqual(['alerted', 'departed', 'on_scene', 'neutralised', 'cleared']);
  });

  it('may be marked neutralised only once the squad is on scene, and not after neutralised or cleared', () => {
    expect(canMarkNeutralised({ onSceneAt: null, neutralisedAt: null, clearedAt: null })).toBe(false);
    expect(canMarkNeutralised({ onSceneAt: at, neutralisedAt: null, clearedAt: null })).toBe(true);
    expect(canMarkNeutralised({ onSceneAt: at, neutralisedAt: at, clearedAt: null })).toBe(false);
    expect(canMarkNeutralised({ onSceneAt: at, neutralisedAt: null, clearedAt: at })).toBe(false);
  });
});

describe('the EOD panel of an incident', () => {
  it('is asked again after its incident, its cordon, any squad or any unit moved', () => {
    const streams = eodPanelStreams('CASA-2026-000123');
    expect(streams).toEqual(['cordon/CASA-2026-000123', 'incident/CASA-2026-000123', 'eod-squad/', 'unit/']);
    expect(streams.some((prefix) => 'cordon/CASA-2026-000124'.startsWith(prefix))).toBe(false);
    expect(streams.some((prefix) => 'unit/CASA-PC-12'.startsWith(prefix))).toBe(true);
  });

  it('finds a device class by its code, and nothing for a code the table no longer holds', () => {
    const pipe: StandoffClass = { code: 'pipe_bomb', labels: { ar: 'قنبلة أنبوبية', fr: 'Bombe tuyau', en: 'Pipe bomb' }, mandatoryM: 21, preferredM: 366 };
    expect(findStandoffClass([pipe], 'pipe_bomb')).toBe(pipe);
    expect(findStandoffClass([pipe], 'suicide_vest')).toBeUndefined();
  });

  it('shows the latest CAP message, none before the first', () => {
    const cap: EodPicture['cap'] = [
      { identifier: 'a', msgType: 'Alert', sent: at },
      { identifier: 'b', msgType: 'Update', sent: at },
    ];
    expect(lastCapMessage({ cap })?.identifier).toBe('b');
    expect(lastCapMessage({ cap: [] })).toBeUndefined();
    expect(lastCapMessage(undefined)).toBeUndefined();
  });
});
