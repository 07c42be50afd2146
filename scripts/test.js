#!/usr/bin/env node
// `npm test`: type-check (server and console), lint, structure guards, the console's build, then the whole
// suite on SQLite, end-to-end browser tests included, and the unit and integration suite again on
// PostgreSQL. The browser journeys run once: they test the console and what reaches it, which the API
// tests already show the same on both databases; running them twice cost CI three minutes more.
// The PostgreSQL run uses a fresh database created for this run and dropped after it; it is skipped when
// no server answers, except under CI=true, where it is required.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addStep, addVitestRun, closingLine, newTally } from './test-summary.js';

const ci = process.env.CI === 'true';
const postgresUrl = process.env.AMANE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const extraArgs = process.argv.slice(2);
const totals = newTally();

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`=== ${title}: FAILED (${seconds} s)`);
    return false;
  }
  console.log(`=== ${title}: ok (${seconds} s)`);
  return true;
}

/** A check that is not a test run; a failure counts once in the closing line. */
function step(title, command, args, env = {}) {
  const ok = run(title, command, args, env);
  addStep(totals, ok);
  return ok;
}

function suite(title, env, projectArgs = []) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-vitest-'));
  const report = path.join(folder, 'report.json');
  const ok = run(title, 'npx', ['vitest', 'run', ...projectArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], env);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(report, 'utf8'));
  } catch {
    json = undefined;
  }
  fs.rmSync(folder, { recursive: true, force: true });
  addVitestRun(totals, json, ok);
  return ok;
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withAdmin(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let ok = true;
ok = step('type-check (tsc)', 'npx', ['tsc', '--noEmit']) && ok;
ok = step('type-check the console (tsc -p web)', 'npx', ['tsc', '--noEmit', '-p', 'web']) && ok;
ok = step('lint (eslint)', 'npx', ['eslint', '.']) && ok;
ok = step('engines: every installed package supports the Node versions the README names', process.execPath, ['scripts/check-engines.js']) && ok;
ok = step('structure: no circular imports, kernel independent of domains (dependency-cruiser)', 'npx', [
  'depcruise',
  'src',
  'bench',
  'scripts',
  'e2e',
  '--config',
  '.dependency-cruiser.cjs',
]) && ok;
// The end-to-end tests drive the built console: build it from the sources being tested.
ok = step('build the console (vite build)', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']) && ok;
ok = suite('tests on SQLite (unit, integration, browser)', { AMANE_TEST_DATABASE_URL: '' }) && ok;

if (await postgresReachable(postgresUrl)) {
  const database = `amane_test_${Date.now()}_${process.pid}`;
  await withAdmin(postgresUrl, (client) => client.query(`create database ${database}`));
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  try {
    ok = suite(`unit and integration tests on PostgreSQL (fresh database ${database})`, { AMANE_TEST_DATABASE_URL: url.toString() }, ['--project', 'unit']) && ok;
  } finally {
    await withAdmin(postgresUrl, (client) => client.query(`drop database if exists ${database} with (force)`));
  }
} else if (ci) {
  console.error(`\nPostgreSQL does not answer at ${postgresUrl}; with CI=true the PostgreSQL run is required.`);
  ok = false;
  addStep(totals, false);
} else {
  console.log(`\nPostgreSQL does not answer at ${postgresUrl}: the PostgreSQL run is skipped (set AMANE_TEST_POSTGRES_URL).`);
}

console.log(`\n${closingLine(totals)}`);
process.exit(ok ? 0 : 1);
