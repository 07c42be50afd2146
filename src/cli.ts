import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NewDevice, type Device } from './core/auth/device.js';
import { listDevices, registerDevice, revokeDevice, rotateDeviceToken } from './core/auth/device.service.js';
import { findDeviceByName } from './core/auth/device.repository.js';
import { personRoles } from './core/auth/permission.js';
import { NewUser, type User } from './core/auth/user.js';
import { createUser, disableUser, listUsers } from './core/auth/user.service.js';
import { findUserByUsername } from './core/auth/user.repository.js';
import { ConfigError, loadConfig, redactUrl, type Config } from './core/config.js';
import type { Core } from './core/context.js';
import { MissingKeyError } from './core/key-folder.js';
import { runCommand } from './core/command.js';
import { DomainError } from './core/errors.js';
import { describeVerdict, type JournalVerdict } from './core/journal.js';
import { verifyChain } from './core/journal.repository.js';
import {
  anchorSinks,
  createAttestor,
  describeAttestation,
  FileAnchorSink,
  keyFolderPublicKeys,
  loadSigningKey,
  loadVerifyingKeys,
  PUBLIC_KEY_FILE,
  rotateSigningKey,
  SIGNING_KEY_FILE,
  verifyAttestedJournal,
  type AttestedVerdict,
  type ReadAnchor,
} from './core/journal-attestation.js';
import { createLogger } from './core/logger.js';
import { startOfLocalDay } from './core/time-zone.js';
import { assertValid } from './core/validate.js';
import { importAreas } from './geo/area.service.js';
import { demoDistricts } from './geo/demo-districts.js';
import { importRoads } from './geo/roads/road.service.js';
import { ensureConsoleBuilt } from './server/console-build.js';
import { rotatableKeys, rotateKey } from './server/key-rotation.js';
import { openCore } from './server/open-core.js';
import { demoWanted, seedDemo, type DemoSeed } from './sim/demo-seed.js';
import type { Pace } from './sim/sim-scheduler.js';
import type { Simulator } from './sim/simulator.js';
import { seedStationsFromAreas } from './stations/index.js';
import { FeedParams } from './contract/transit.schema.js';
import { importGtfs } from './transit/index.js';

const USAGE = `amane — command-and-coordination centre

  amane start                      migrate, then serve the centre (AMANE_HOST, AMANE_PORT); on an empty database,
                                   with the demo city and its simulator (AMANE_DEMO=off: an empty centre)
  amane simulate --minutes N | --day [--speed K|max] [--seed S] [--calls-per-day N] [--call-takers N] [--start ISO]
                                   run the demo city on a manual clock, on a fresh temporary database (or
                                   AMANE_DATABASE_URL), and print the KPIs at the end
  amane migrate                    bring the database schema up to date
  amane verify-journal [--anchors FILE...] [--public-key FILE...] [--anchor SEQ:HASH] [--pending-seconds N] [--chain-only]
                                   recompute the journal's hash chain and check it against the signed anchors
                                   (AMANE_JOURNAL_ANCHORS, verified with the key folder's journal-signing.pub);
                                   exit 1 at the first thing wrong: an altered, missing, reordered or forged event,
                                   a rewritten or cut chain; --anchor also checks a head noted by hand
  amane journal-key [--rotate]      create the journal's Ed25519 signing key in the key folder (AMANE_KEY_DIR) if it has
                                   none, and print its public half's file and key id (to hand to whoever verifies);
                                   --rotate retires it (its public half kept) and makes a new one, journaled
  amane rotate-key NAME            seal again under a new key what the key folder's NAME seals, then retire it
                                   (${rotatableKeys.join(', ')}); stop the centre first; resumable
  amane import-areas FILE          replace the districts with those of a GeoJSON file (Polygons/MultiPolygons
                                   with code or hcp_code, name, name_ar, population_2024)
  amane import-areas --demo        replace them with the 16 districts of the generated demo city
  amane seed-stations              add a police station inside each district that has none
  amane import-roads FILE          replace the road network with that of an OSM-derived GeoJSON file (Geofabrik
                                   roads schema) or an OSM XML file; without one, a generated demo city is used
  amane transit import FILE.zip [--feed ID]
                                   import a GTFS timetable (zip) under feed ID (default: the file's name),
                                   replacing that feed's previous one; prints what it held
  amane identity sample --count N --out DIR [--centre CODE]
                                   personalise N specimen ID cards with a throwaway CSCA and Document Signer:
                                   for each its MRZ (text) and EF.COM, DG1, DG2, EF.SOD, with the certificates
                                   (PEM), for card readers and border systems to verify
  amane user add NAME --role ROLE [--role ROLE...] --full-name "First Last" [--full-name-ar "..."]
                                   create a user; prints a one-time password
  amane user list [--all]          list users (--all: with disabled ones)
  amane user disable NAME --reason "why"
  amane device add NAME --kind telephony|vehicle|camera|recorder|transit|other
                                   register a device; prints its token once
  amane device list                list devices, revoked ones included
  amane device rotate NAME --reason "why"
                                   give a device a new token (printed once); the old one is refused at once
  amane device revoke NAME --reason "why"

Roles: ${personRoles.join(', ')}
Settings are environment variables; see docs/configuration.md.`;

const cliActor = `cli:${safeUserName()}` as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'simulate':
      return simulate(rest);
    case 'migrate':
      return migrate();
    case 'verify-journal':
      return verifyJournal(rest);
    case 'journal-key':
      return journalKey(rest);
    case 'rotate-key':
      return rotateKeyCommand(rest);
    case 'user':
      return user(rest);
    case 'device':
      return device(rest);
    case 'import-areas':
      return importAreasCommand(rest);
    case 'import-roads':
      return importRoadsCommand(rest);
    case 'seed-stations':
      return seedStationsCommand();
    case 'identity':
      return identityCommand(rest);
    case 'transit':
      return transitCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function identityCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'sample') {
    console.error(`usage: amane identity sample --count N --out DIR [--centre CODE]`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { count: { type: 'string' }, out: { type: 'string' }, centre: { type: 'string' } } });
  const count = Number(values.count ?? '');
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    console.error('--count: must be a whole number from 1 to 100000');
    return 2;
  }
  if (values.out === undefined || values.out === '') {
    console.error('--out: the folder to write the cards in is required');
    return 2;
  }
  if (values.centre !== undefined && !/^[A-Z][A-Z0-9_-]{1,31}$/.test(values.centre)) {
    console.error('--centre: an issuance centre code in capitals, such as RABAT');
    return 2;
  }
  const { writeSampleCards } = await import('./identity/icao/sample.js');
  const result = await writeSampleCards({ count, outDir: path.resolve(values.out), ...(values.centre === undefined ? {} : { centreCode: values.centre }) });
  console.log(`${result.cards} specimen cards in ${result.outDir} (Document Signer ${result.signerSerial}); verify one with:`);
  console.log(`  openssl cms -verify -inform DER -in <(tail -c +5 card-001/EF.SOD) -CAfile csca.pem -purpose any -out /dev/null`);
  return 0;
}

async function start(): Promise<number> {
  await ensureConsoleBuilt((message) => console.log(message)).catch((error: unknown) => console.error(`the console could not be built (the API starts all the same): ${String(error)}`));
  const config = loadConfig();
  // Loaded here only: the other commands need no HTTP stack, and start faster without it.
  const { startServer } = await import('./server/server.js');
  // The demo is laid out before the server starts, so that its administrator is the first one.
  const demo = await prepareDemo(config);
  const server = await startServer(config);
  // Signals are caught before anything is printed: whoever reads the output may stop the centre at once.
  let simulator: Simulator | undefined;
  let simulating: Promise<void> | undefined;
  let starting: Promise<void> | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.core.log.info({ signal }, 'stopping');
    simulator?.stop();
    Promise.resolve(starting)
      .then(() => simulating)
      .then(() => simulator?.close())
      .then(() => server.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const { bootstrapAdmin } = server;
  console.log(`Amane is serving on ${server.url} (database: ${describeDatabase(config)})`);
  console.log(`  API description: ${server.url}/docs    health: ${server.url}/health`);
  if (server.mqttUrl !== undefined) console.log(`  MQTT for devices: ${server.mqttUrl} (${config.mqttMode}; a device logs in with its token as password)`);
  if (bootstrapAdmin !== undefined) {
    console.log(`\n  First administrator: ${bootstrapAdmin.username}`);
    if (bootstrapAdmin.generated) {
      console.log(`  One-time password:   ${bootstrapAdmin.password}   (shown once; change it at first login)\n`);
    } else {
      console.log('  Password:            the one given in AMANE_ADMIN_PASSWORD\n');
    }
  }
  if (demo !== undefined) {
    printDemo(config, server.url, demo);
    starting = (async () => {
      try {
        const { Simulator } = await import('./sim/simulator.js');
        simulator = await Simulator.start(server, {
          seed: config.simSeed,
          callsPerDay: config.simCallsPerDay,
          callTakers: config.simCallTakers,
          jamsPerDay: config.simJamsPerDay,
          closuresPerDay: config.simClosuresPerDay,
          pace: { kind: 'real-time' },
          passwords: demo.passwords,
          ...(config.demoPassword === undefined ? {} : { password: config.demoPassword }),
          burst: true,
          log: server.core.log,
        });
        if (stopping) return;
        simulating = simulator.run().catch((error: unknown) => server.core.log.error({ err: error }, 'the simulator stopped'));
        console.log(`  The simulator is running (seed ${config.simSeed}, ${config.simCallsPerDay} calls a day, ${config.simCallTakers} simulated call-takers).`);
      } catch (error) {
        if (!stopping) console.error(`the demo's simulator could not start (the centre runs all the same): ${String(error)}`);
      }
    })();
    await starting;
  }
  return new Promise<number>(() => {});
}

/** Lays out the demo city when it is wanted (AMANE_DEMO; by default on an empty database); undefined otherwise. */
async function prepareDemo(config: Config): Promise<DemoSeed | undefined> {
  if (config.demo === 'off') return undefined;
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    if (!(await demoWanted(core))) return undefined;
    return await seedDemo(core, {
      ...(config.demoPassword === undefined ? {} : { password: config.demoPassword }),
      ...(config.roadsFile === undefined ? {} : { roadsFile: config.roadsFile }),
      callTakers: config.simCallTakers,
    });
  } finally {
    await closeWriter(core);
  }
}

function printDemo(config: Config, url: string, demo: DemoSeed): void {
  const { counts } = demo;
  const roads = demo.roads === 'demo' ? 'the generated demo city' : demo.roads;
  console.log(`\n  Demo city (AMANE_DEMO=off for an empty centre): ${counts.districts} districts, ${counts.stations} stations, ${counts.units} units, ${counts.cameras} cameras, ${counts.callTakers} call-takers; roads: ${roads}`);
  console.log(`  Console: ${url}/   sign in as one of:`);
  for (const person of demo.people) {
    const password =
      person.roles.includes('administrator') && config.adminPassword !== undefined
        ? '(AMANE_ADMIN_PASSWORD)'
        : config.demoPassword !== undefined
          ? '(AMANE_DEMO_PASSWORD)'
          : (person.password ?? '(as printed at the first start)');
    const note = person.note === undefined ? '' : `   ${person.note}`;
    console.log(`    ${person.username.padEnd(12)} ${person.roles.join(',').padEnd(18)} ${password}${note}`);
  }
  if (demo.firstTime && config.demoPassword === undefined) console.log('  (passwords shown once; no change is asked at sign-in)');
}

async function simulate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      day: { type: 'boolean' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      'calls-per-day': { type: 'string' },
      'call-takers': { type: 'string' },
      start: { type: 'string' },
    },
  });
  const minutes = values.day === true ? 24 * 60 : values.minutes === undefined ? Number.NaN : Number(values.minutes);
  if (!(Number.isInteger(minutes) && minutes > 0 && minutes <= 7 * 24 * 60)) throw new DomainError('validation', 'give --minutes N (1 to 10080) or --day');
  const speed = values.speed ?? 'max';
  const pace: Pace = speed === 'max' ? { kind: 'max' } : { kind: 'speed', factor: Number(speed) };
  if (pace.kind === 'speed' && !(pace.factor > 0)) throw new DomainError('validation', 'speed: give a number above 0 (times the wall clock) or max');
  const start = values.start !== undefined ? new Date(values.start) : values.day === true ? startOfLocalDay(new Date()) : new Date(Math.floor(Date.now() / 60_000) * 60_000);
  if (Number.isNaN(start.getTime())) throw new DomainError('validation', 'start: give an ISO 8601 date-time such as 2026-03-02T18:00:00+01:00');

  // A fresh database in a temporary folder unless AMANE_DATABASE_URL names one; free ports, quiet logs.
  const { runSimulation, temporaryDatabaseDir } = await import('./sim/simulation.js');
  const temporary = process.env.AMANE_DATABASE_URL === undefined ? temporaryDatabaseDir() : undefined;
  const env = process.env;
  const config = loadConfig({
    ...env,
    AMANE_DATABASE_URL: env.AMANE_DATABASE_URL ?? path.join(temporary!, 'amane.db'),
    AMANE_PORT: env.AMANE_PORT ?? '0',
    AMANE_MQTT_PORT: env.AMANE_MQTT_PORT ?? '0',
    AMANE_LOG_LEVEL: env.AMANE_LOG_LEVEL ?? 'warn',
    AMANE_DEMO: 'on',
    ...(values.seed === undefined ? {} : { AMANE_SIM_SEED: values.seed }),
    ...(values['calls-per-day'] === undefined ? {} : { AMANE_SIM_CALLS_PER_DAY: values['calls-per-day'] }),
    ...(values['call-takers'] === undefined ? {} : { AMANE_SIM_CALLTAKERS: values['call-takers'] }),
  });
  const { startServer } = await import('./server/server.js');
  const { formatKpis } = await import('./sim/sim-report.js');
  console.log(
    `simulating ${minutes} min from ${start.toISOString()} at ${speed === 'max' ? 'full speed' : `${speed} x`} (seed ${config.simSeed}, ${config.simCallsPerDay} calls a day, ` +
      `${config.simCallTakers} call-takers; database: ${describeDatabase(config)})`,
  );
  try {
    const result = await runSimulation(
      { openCore, startServer },
      { config, log: createLogger(config), start, durationMs: minutes * 60_000, pace, print: (line) => console.log(line) },
    );
    for (const line of formatKpis(result.kpis)) console.log(line);
    const { journal } = result;
    console.log(describeVerdict(journal));
    if (result.stats.failures > 0) console.log(`${result.stats.failures} simulated actions failed (see the log)`);
    console.log(
      `simulated ${(result.simulatedS / 3_600).toFixed(2)} h in ${result.wallS.toFixed(1)} s of wall time (x${(result.simulatedS / result.wallS).toFixed(0)}); ` +
        `setting up took ${result.seedS.toFixed(1)} s`,
    );
    return journal.ok ? 0 : 1;
  } finally {
    if (temporary !== undefined) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

async function migrate(): Promise<number> {
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  await core.db.destroy();
  console.log(`database is up to date (${describeDatabase(config)})`);
  return 0;
}

async function journalKey(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { rotate: { type: 'boolean' } } });
  const config = loadConfig();
  if (values.rotate === true) {
    const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
    try {
      // The head signed with the key that goes, then the change journaled and signed with the new one.
      await createAttestor(core).stop('command');
      const rotated = rotateSigningKey(config);
      await runCommand(core, cliActor, async ({ record }) => record('journal/signing-key', 'journal.signing_key_rotated', rotated));
      console.log(`retired the journal signing key ${rotated.previousKeyId} (its public key stays: journal-signing.${rotated.previousKeyId}.pub); new key ${rotated.keyId}`);
      console.log('a running centre signs with the new key from its next start');
      return 0;
    } finally {
      await closeWriter(core);
    }
  }
  const key = loadSigningKey({ keyDirectory: config.keyDirectory, production: false });
  console.log(`${key.generated ? 'created' : 'kept'} the journal signing key ${path.join(config.keyDirectory, SIGNING_KEY_FILE)} (key id ${key.keyId})`);
  console.log(`public key, for verify-journal: ${path.join(config.keyDirectory, PUBLIC_KEY_FILE)}`);
  return 0;
}

async function rotateKeyCommand(argv: string[]): Promise<number> {
  const name = argv[0];
  if (name === undefined) throw new DomainError('validation', `key: name the key file to rotate: ${rotatableKeys.join(', ')}`);
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const rotation = await rotateKey(core, cliActor, name);
    console.log(`rotated ${rotation.key}: ${rotation.resealed} sealed again under the new key`);
    console.log(`the previous key is now ${rotation.retired}: keep it with the backups made before today, or destroy it to make them unreadable`);
    return 0;
  } finally {
    await closeWriter(core);
  }
}

/** Signs the journal's head after a command that wrote to it, then closes the database. */
async function closeWriter(core: Core): Promise<void> {
  try {
    await createAttestor(core).stop('command');
  } finally {
    await core.db.destroy();
  }
}

async function verifyJournal(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      anchor: { type: 'string' },
      anchors: { type: 'string', multiple: true },
      'public-key': { type: 'string', multiple: true },
      'pending-seconds': { type: 'string' },
      'chain-only': { type: 'boolean' },
    },
  });
  let anchor: { seq: number; hash: string } | undefined;
  if (values.anchor !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor);
    if (match === null) throw new DomainError('validation', 'anchor: give SEQ:HASH as logged in a journal checkpoint line');
    anchor = { seq: Number(match[1]), hash: match[2]! };
  }
  const config = loadConfig();
  const pendingSeconds = values['pending-seconds'] === undefined ? config.journalAnchorSeconds * 3 : Number(values['pending-seconds']);
  if (!Number.isInteger(pendingSeconds) || pendingSeconds < 0) throw new DomainError('validation', 'pending-seconds: a whole number of seconds, 0 or more');
  const chainOnly = values['chain-only'] ?? false;
  // The key that verifies comes from outside the database: the key folder's public half, or files given.
  let keys: ReadonlyMap<string, KeyObject> = new Map();
  try {
    // Without files given: the key folder's current public key and those of retired keys.
    const folderKeys = keyFolderPublicKeys(config.keyDirectory);
    if (!chainOnly) keys = loadVerifyingKeys(values['public-key'] ?? (folderKeys.length > 0 ? folderKeys : [path.join(config.keyDirectory, PUBLIC_KEY_FILE)]));
  } catch (error) {
    if (!(error instanceof MissingKeyError)) throw error;
    console.error(`cannot verify the anchors: ${error.message} (give the journal's public key with --public-key FILE, or check the chain alone with --chain-only)`);
    return 2;
  }
  // Given files, or where the centre ships them: the anchors file, and the JetStream stream when AMANE_NATS_URL is set.
  const sinks = values.anchors === undefined ? anchorSinks(config) : values.anchors.map((file) => new FileAnchorSink(path.resolve(file)));
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    let verdict: AttestedVerdict | JournalVerdict;
    try {
      if (chainOnly) {
        verdict = await verifyChain(core.db, anchor === undefined ? {} : { anchors: new Map([[anchor.seq, { hash: anchor.hash, label: 'the anchor' }]]) });
      } else {
        const anchors: ReadAnchor[] = [];
        for (const sink of sinks) {
          try {
            anchors.push(...(await sink.readAll()));
          } catch (error) {
            console.error(`cannot read the anchors from ${sink.name}: ${error instanceof Error ? error.message : String(error)}`);
            return 2;
          } finally {
            await sink.close();
          }
        }
        verdict = await verifyAttestedJournal(core.db, { anchors, keys, now: new Date(), pendingSeconds, ...(anchor === undefined ? {} : { anchor }) });
      }
    } catch (error) {
      // A journal table dropped or reshaped: the verdict is what the database answered, not a stack trace.
      console.log(`journal BROKEN: it cannot be read (${error instanceof Error ? error.message : String(error)})`);
      return 1;
    }
    console.log(describeVerdict(verdict));
    if (verdict.ok && 'attestation' in verdict) for (const line of describeAttestation(verdict.attestation)) console.log(`  ${line}`);
    if (chainOnly && verdict.ok) console.log('  chain only: without the signed anchors, a journal rewritten from some event onwards, or cut short, is not detected');
    return verdict.ok ? 0 : 1;
  } finally {
    await core.db.destroy();
  }
}

async function importAreasCommand(argv: string[]): Promise<number> {
  const file = argv[0];
  if (file === undefined) throw new DomainError('validation', 'file: give the GeoJSON file of districts to import, or --demo');
  const text = file === '--demo' ? JSON.stringify(demoDistricts()) : fs.readFileSync(file, 'utf8');
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const areas = await importAreas(core, cliActor, text, file === '--demo' ? 'demo-districts' : path.basename(file));
    console.log(`imported ${areas.length} districts from ${file}: ${areas.map((a) => a.name).join(', ')}`);
    return 0;
  } finally {
    await closeWriter(core);
  }
}

async function seedStationsCommand(): Promise<number> {
  const core = await openCore(loadConfig(), { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const stations = await seedStationsFromAreas(core, cliActor);
    console.log(stations.length === 0 ? 'every district already has a station' : `added ${stations.length} stations: ${stations.map((s) => s.code).join(', ')}`);
    return 0;
  } finally {
    await closeWriter(core);
  }
}

async function importRoadsCommand(argv: string[]): Promise<number> {
  const file = argv[0];
  if (file === undefined) throw new DomainError('validation', 'file: give the road file to import (GeoJSON or OSM XML)');
  const started = performance.now();
  const text = fs.readFileSync(file, 'utf8');
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const done = await importRoads(core, cliActor, text, path.basename(file));
    const seconds = ((performance.now() - started) / 1_000).toFixed(1);
    console.log(`imported ${done.nodes} nodes and ${done.edges} edges from ${file} (${done.format}) in ${seconds} s`);
    console.log(`  ${done.ways} ways; ${done.skippedWays} skipped (not for cars); ${done.droppedNodes} nodes left out (cut off: no way there and back)`);
    console.log(`  ${done.attribution}`);
    return 0;
  } finally {
    await closeWriter(core);
  }
}

async function transitCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { feed: { type: 'string' } } });
  const file = positionals[0];
  if (sub !== 'import' || file === undefined) {
    console.error('usage: amane transit import FILE.zip [--feed ID]');
    return 2;
  }
  const feedId = values.feed ?? path.basename(file).replace(/\.zip$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 40);
  const input = assertValid<{ id: string }>(FeedParams, { id: feedId }, 'feed');
  const zip = fs.readFileSync(file);
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const { counts, replaced } = await importGtfs(core, cliActor, input.id, zip, path.basename(file));
    console.log(`${replaced ? 'replaced' : 'imported'} feed ${input.id} from ${file}`);
    console.log(`  stops ${counts.stops}, routes ${counts.routes}, trips ${counts.trips}, shapes ${counts.shapes}, calendars ${counts.calendars}`);
    console.log(`  agencies ${counts.agencies}, stop times ${counts.stopTimes}, calendar dates ${counts.calendarDates}, frequencies ${counts.frequencies}`);
    return 0;
  } finally {
    await closeWriter(core);
  }
}

async function device(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { kind: { type: 'string' }, reason: { type: 'string' } } });
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    const describe = (d: Device) => `${d.name.padEnd(24)} ${d.kind.padEnd(10)} ${d.revokedAt === null ? `since ${d.createdAt}` : `revoked ${d.revokedAt}`}`;
    if (action === 'add') {
      const input = assertValid<NewDevice>(NewDevice, { name: positionals[0], kind: values.kind }, 'device');
      const created = await registerDevice(core, cliActor, input);
      console.log(`registered ${describe(created.device)}`);
      console.log(`token: ${created.token}   (shown once)`);
      return 0;
    }
    if (action === 'list') {
      for (const each of await listDevices(core.db)) console.log(describe(each));
      return 0;
    }
    if (action === 'rotate' || action === 'revoke') {
      const row = positionals[0] === undefined ? undefined : await findDeviceByName(core.db, positionals[0]);
      if (row === undefined) throw new DomainError('not_found', `no device is named ${positionals[0] ?? '(missing)'}`);
      if (values.reason === undefined || values.reason.trim() === '') throw new DomainError('validation', 'reason: give one with --reason');
      if (action === 'revoke') {
        console.log(`revoked ${describe(await revokeDevice(core, cliActor, row.id, values.reason))}`);
        return 0;
      }
      const rotated = await rotateDeviceToken(core, cliActor, row.id, values.reason);
      console.log(`new token for ${rotated.device.name}: ${rotated.token}   (shown once; the old one is refused from now on)`);
      return 0;
    }
    console.error(`unknown device action "${action ?? ''}"\n\n${USAGE}`);
    return 2;
  } finally {
    await closeWriter(core);
  }
}

async function user(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      role: { type: 'string', multiple: true },
      'full-name': { type: 'string' },
      'full-name-ar': { type: 'string' },
      reason: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  const config = loadConfig();
  const core = await openCore(config, { log: createLogger({ logLevel: 'warn' }), collectDefaultMetrics: false });
  try {
    if (action === 'add') {
      const input = assertValid<NewUser>(
        NewUser,
        {
          username: positionals[0],
          fullName: values['full-name'] ?? positionals[0],
          ...(values['full-name-ar'] === undefined ? {} : { fullNameAr: values['full-name-ar'] }),
          roles: values.role ?? [],
        },
        'user',
      );
      const created = await createUser(core, cliActor, input);
      console.log(`created ${describeUser(created.user)}`);
      console.log(`one-time password: ${created.oneTimePassword ?? '(as given)'}   (shown once; to be changed at first login)`);
      return 0;
    }
    if (action === 'list') {
      for (const each of await listUsers(core.db, { includeDisabled: values.all ?? false })) console.log(describeUser(each));
      return 0;
    }
    if (action === 'disable') {
      const row = positionals[0] === undefined ? undefined : await findUserByUsername(core.db, positionals[0]);
      if (row === undefined) throw new DomainError('not_found', `no user is named ${positionals[0] ?? '(missing)'}`);
      if (values.reason === undefined || values.reason.trim() === '') throw new DomainError('validation', 'reason: give one with --reason');
      const disabled = await disableUser(core, cliActor, row.id, values.reason);
      console.log(`disabled ${describeUser(disabled)}`);
      return 0;
    }
    console.error(`unknown user action "${action ?? ''}"\n\n${USAGE}`);
    return 2;
  } finally {
    await closeWriter(core);
  }
}

function describeUser(user: User): string {
  const state = user.disabledAt === null ? '' : `  (disabled ${user.disabledAt})`;
  return `${user.username.padEnd(20)} ${user.roles.join(',').padEnd(28)} ${user.fullName}${state}`;
}

function describeDatabase(config: Config): string {
  return config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : `PostgreSQL ${redactUrl(config.database.url)}`;
}

function safeUserName(): string {
  try {
    return os.userInfo().username.replace(/[^a-zA-Z0-9._-]/g, '_') || 'unknown';
  } catch {
    return 'unknown';
  }
}


main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'start') process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DomainError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
