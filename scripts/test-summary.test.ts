import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addStep, addVitestRun, closingLine, newTally, type VitestReport } from './test-summary.js';

const vitestCli = path.resolve(import.meta.dirname, '../node_modules/vitest/vitest.mjs');

/** Runs a real vitest over `files` in a folder of their own, and returns its JSON report and exit code. */
function runVitest(files: Record<string, string>): { report: VitestReport; ok: boolean } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-summary-'));
  try {
    fs.writeFileSync(path.join(folder, 'vitest.config.mjs'), 'export default { test: { globals: true } };\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
    // The run under test must not think it is a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
    const result = spawnSync(process.execPath, [vitestCli, 'run', '--root', folder, '--config', path.join(folder, 'vitest.config.mjs'), '--reporter=json', `--outputFile.json=${path.join(folder, 'report.json')}`], { env, encoding: 'utf8', timeout: 50_000 });
    return { report: JSON.parse(fs.readFileSync(path.join(folder, 'report.json'), 'utf8')) as VitestReport, ok: result.status === 0 };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe("npm test's closing line", () => {
  let run: { report: VitestReport; ok: boolean };
  beforeAll(() => {
    run = runVitest({
      'fine.test.js': "test('passes', () => { expect(1 + 1).toBe(2); });\ntest.skip('is skipped', () => {});\n",
      'broken.test.js': "throw new Error('this file fails while it loads');\n",
    });
  });

  it('counts a test file that fails to load as failed, though none of its tests failed', () => {
    expect(run.ok).toBe(false);
    expect(run.report.numFailedTests).toBe(0);
    const tally = newTally();
    addVitestRun(tally, run.report, run.ok);
    expect(closingLine(tally)).toBe('1 passed, 1 failed, 1 skipped');
  });

  it('counts a failing test once, not again for its file', () => {
    const failing = runVitest({ 'failing.test.js': "test('fails', () => { expect(1).toBe(2); });\ntest('passes', () => {});\n" });
    const tally = newTally();
    addVitestRun(tally, failing.report, failing.ok);
    expect(closingLine(tally)).toBe('1 passed, 1 failed, 0 skipped');
  });

  it('counts a run that failed without a report, and a failed check step, as failures', () => {
    const tally = newTally();
    addVitestRun(tally, undefined, false);
    addStep(tally, true);
    addStep(tally, false);
    expect(tally).toEqual({ passed: 0, failed: 2, skipped: 0 });
  });
});

