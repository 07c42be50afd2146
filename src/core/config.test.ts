import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settings } from './config.js';

describe('configuration', () => {
  it('defaults to the embedded mode: a SQLite file under ./data, 127.0.0.1:8080', () => {
    const config = loadConfig({}, '/srv/amane');
    expect(config.database).toEqual({ kind: 'sqlite', path: path.resolve('/srv/amane', 'data/amane.db') });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.production).toBe(false);
    expect(config.cookieSecure).toBe(false);
  });

  it('takes a postgres:// URL as the database', () => {
    const config = loadConfig({ AMANE_DATABASE_URL: 'postgres://amane:secret@db.example:5432/amane' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://amane:secret@db.example:5432/amane' });
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('names every bad setting at once, without echoing a password', () => {
    let error: unknown;
    try {
      loadConfig({
        AMANE_PORT: '80a',
        AMANE_LOG_LEVEL: 'loud',
        AMANE_DATABASE_URL: 'mysql://root:hunter2@localhost/amane',
        AMANE_COOKIE_SECURE: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('AMANE_PORT: "80a" must be a whole number from 0 to 65535');
    expect(problems.join('\n')).toContain('AMANE_LOG_LEVEL: "loud" must be one of');
    expect(problems.join('\n')).toContain('AMANE_COOKIE_SECURE: "maybe" must be true or false');
    expect(problems.join('\n')).toContain('must be a SQLite file path or a postgres:// URL');
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('reads the demo settings: on, off or auto (by default), and the road file beside the working folder', () => {
    expect(loadConfig({}).demo).toBe('auto');
    expect(loadConfig({ AMANE_DEMO: 'off' }).demo).toBe('off');
    expect(loadConfig({ AMANE_DEMO: 'true' }).demo).toBe('on');
    expect(() => loadConfig({ AMANE_DEMO: 'maybe' })).toThrow(/AMANE_DEMO: "maybe" must be on, off or auto/);
    expect(() => loadConfig({ AMANE_DEMO_PASSWORD: 'short' })).toThrow(/AMANE_DEMO_PASSWORD: must be at least 12/);
    expect(loadConfig({ AMANE_ROADS: 'maps/casablanca.geojson' }, '/srv/amane').roadsFile).toBe(path.resolve('/srv/amane', 'maps/casablanca.geojson'));
    expect(loadConfig({}).roadsFile).toBeUndefined();
    expect(loadConfig({ AMANE_SIM_SEED: '7', AMANE_SIM_CALLTAKERS: '0', AMANE_SIM_CALLS_PER_DAY: '1200' })).toMatchObject({ simSeed: 7, simCallTakers: 0, simCallsPerDay: 1_200 });
  });

  it('refuses a port out of range and a short administrator password', () => {
    expect(() => loadConfig({ AMANE_PORT: '70000' })).toThrow(/AMANE_PORT/);
    expect(() => loadConfig({ AMANE_ADMIN_PASSWORD: 'short' })).toThrow(/AMANE_ADMIN_PASSWORD: must be at least 12/);
  });

  it('reads media servers as origins, and refuses a URL with a path or credentials', () => {
    expect(loadConfig({ AMANE_MEDIA_ORIGINS: 'https://media.example:8443, http://10.0.0.9:1984' }).mediaOrigins).toEqual(['https://media.example:8443', 'http://10.0.0.9:1984']);
    expect(() => loadConfig({ AMANE_MEDIA_ORIGINS: 'https://media.example/live' })).toThrow(/AMANE_MEDIA_ORIGINS: "https:\/\/media.example\/live" must be an origin/);
    expect(() => loadConfig({ AMANE_MEDIA_ORIGINS: 'https://user:secret@media.example' })).toThrow(/AMANE_MEDIA_ORIGINS/);
  });

  it('reads the identity settings: a 32-byte data key in hex or base64, the keystore beside the database, its passphrase', () => {
    const hex = 'ab'.repeat(32);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ AMANE_IDENTITY_DATA_KEY: hex }).identityDataKey).toBe(hex);
    expect(loadConfig({ AMANE_IDENTITY_DATA_KEY: base64 }).identityDataKey).toBe(base64);
    expect(loadConfig({}).identityDataKey).toBeUndefined();
    expect(() => loadConfig({ AMANE_IDENTITY_DATA_KEY: 'ab'.repeat(16) })).toThrow(/AMANE_IDENTITY_DATA_KEY: must be 32 bytes/);
    expect(() => loadConfig({ AMANE_IDENTITY_DATA_KEY: `${'secret-'.repeat(9)}x` })).toThrow(/^(?![\s\S]*secret-)[\s\S]*AMANE_IDENTITY_DATA_KEY/);
    expect(loadConfig({ AMANE_DATABASE_URL: 'var/centre.db' }, '/srv/amane').identityKeystorePath).toBe(path.resolve('/srv/amane', 'var/identity.keystore'));
    expect(loadConfig({ AMANE_DATABASE_URL: 'postgres://db.example/amane' }, '/srv/amane').identityKeystorePath).toBe(path.resolve('/srv/amane', 'data/identity.keystore'));
    expect(loadConfig({ AMANE_IDENTITY_KEYSTORE: 'keys/cnie.keystore' }, '/srv/amane').identityKeystorePath).toBe(path.resolve('/srv/amane', 'keys/cnie.keystore'));
    expect(loadConfig({ AMANE_IDENTITY_KEYSTORE_PASSPHRASE: 'a long passphrase' }).identityKeystorePassphrase).toBe('a long passphrase');
    expect(() => loadConfig({ AMANE_IDENTITY_KEYSTORE_PASSPHRASE: 'short' })).toThrow(/AMANE_IDENTITY_KEYSTORE_PASSPHRASE: must be at least 12/);
  });

  it('reads the EOD intercity estimate: a road factor and a speed, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ eodRoadFactor: 1.3, eodIntercityKmh: 90 });
    expect(loadConfig({ AMANE_EOD_ROAD_FACTOR: '1.45', AMANE_EOD_INTERCITY_KMH: '80' })).toMatchObject({ eodRoadFactor: 1.45, eodIntercityKmh: 80 });
    expect(() => loadConfig({ AMANE_EOD_ROAD_FACTOR: '0.8' })).toThrow(/AMANE_EOD_ROAD_FACTOR: "0.8" must be a number from 1 to 3/);
    expect(() => loadConfig({ AMANE_EOD_INTERCITY_KMH: 'fast' })).toThrow(/AMANE_EOD_INTERCITY_KMH/);
  });

  it('turns secure cookies on by default in production', () => {
    expect(loadConfig({ AMANE_ENV: 'production' }).cookieSecure).toBe(true);
    expect(loadConfig({ AMANE_ENV: 'production', AMANE_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('declares each variable once, with a description, and docs/configuration.md lists exactly those', () => {
    const variables = Object.values(settings).map((s) => s.variable);
    expect(new Set(variables).size).toBe(variables.length);
    for (const setting of Object.values(settings)) expect(setting.description.length, setting.variable).toBeGreaterThan(10);
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| (`AMANE_[A-Z_]+`(?:, `AMANE_[A-Z_]+`)*) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/AMANE_[A-Z_]+/g)].map((m) => m[0]));
    expect([...documented].sort()).toEqual([...variables].sort());
  });

  it('reads an empty variable as unset, and a production default only where none is set', () => {
    expect(loadConfig({ AMANE_PORT: '', AMANE_HOST: '' })).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(loadConfig({ AMANE_ENV: 'production' })).toMatchObject({ totpRequired: true, cookieSecure: true });
    expect(loadConfig({ AMANE_MQTT_URL: 'mqtt://broker.example:1883' }).mqttMode).toBe('external');
    expect(() => loadConfig({ AMANE_MQTT: 'external' })).toThrow(/AMANE_MQTT_URL: is required when AMANE_MQTT is external/);
  });
});
