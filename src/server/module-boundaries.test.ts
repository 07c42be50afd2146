import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

// The rules of .dependency-cruiser.cjs held against a small tree written for each test: one planted
// import shows each boundary rule fails the build, the same tree without it shows the rule lets it by.
const { forbidden } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[] };

let folder: string | undefined;
afterEach(() => {
  if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

/** A tree with two modules behind their public entries, stations, the simulator's seeding and an actor. */
const cleanTree: Readonly<Record<string, string>> = {
  'src/units/unit.repository.ts': 'export const findUnitRow = () => undefined;\n',
  'src/units/unit.service.ts': "import { findUnitRow } from './unit.repository';\nexport const findUnit = () => findUnitRow();\n",
  'src/units/unit.ts': 'export interface Unit { callSign: string }\n',
  'src/units/index.ts': "export { findUnit } from './unit.service';\nexport type { Unit } from './unit';\n",
  'src/stations/station.service.ts': 'export const listStations = () => [];\n',
  'src/stations/index.ts': "export { listStations } from './station.service';\n",
  'src/dispatch/dispatch.service.ts': "import { findUnit } from '../units/index';\nexport const assign = () => findUnit();\n",
  'src/identity/appointment.service.ts': "import { listStations } from '../stations/index';\nexport const book = () => listStations();\n",
  'src/sim/demo-seed.ts': "import { findUnit } from '../units/index';\nexport const seed = () => findUnit();\n",
  'src/sim/fleet.actor.ts': "import type { Unit } from '../units/unit';\nexport const move = (unit: Unit) => unit.callSign;\n",
};

async function violations(plant: Readonly<Record<string, string>> = {}): Promise<string[]> {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-boundaries-'));
  for (const [file, text] of Object.entries({ ...cleanTree, ...plant })) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  const result = await cruise(['src'], {
    baseDir: folder,
    ruleSet: { forbidden } as never,
    validate: true,
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts'] },
  });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a result');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('module boundaries (.dependency-cruiser.cjs)', () => {
  it('lets a tree whose modules meet through their public entries by', async () => {
    expect(await violations()).toEqual([]);
  });

  it("fails an import of another module's repository, and of its internals even for a type", async () => {
    expect(
      await violations({
        'src/dispatch/dispatch.service.ts': "import { findUnitRow } from '../units/unit.repository';\nimport type { Unit } from '../units/unit';\nexport const assign = (u?: Unit) => u ?? findUnitRow();\n",
      }),
    ).toEqual([
      'module-public-entry: src/dispatch/dispatch.service.ts -> src/units/unit.repository.ts',
      'module-public-entry: src/dispatch/dispatch.service.ts -> src/units/unit.ts',
      'no-foreign-repository: src/dispatch/dispatch.service.ts -> src/units/unit.repository.ts',
    ]);
  });

  it("fails a simulator actor that uses a module's service, not the seeding that does", async () => {
    expect(await violations({ 'src/sim/fleet.actor.ts': "import { findUnit } from '../units/index';\nexport const move = () => findUnit();\n" })).toEqual([
      'sim-is-an-outside-client: src/sim/fleet.actor.ts -> src/units/index.ts',
    ]);
  });

  it('fails the identity service importing the units module, even through its public entry', async () => {
    expect(await violations({ 'src/identity/appointment.service.ts': "import { findUnit } from '../units/index';\nexport const book = () => findUnit();\n" })).toEqual([
      'identity-independent-of-units: src/identity/appointment.service.ts -> src/units/index.ts',
    ]);
  });
});
