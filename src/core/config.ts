import path from 'node:path';

/** Where the state lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export const LogLevel = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
  silent: 'silent',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** The whole configuration, read once from the environment at start and frozen. */
export interface Config {
  readonly production: boolean;
  readonly database: DatabaseConfig;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /**
   * How log lines are written: `pretty` for a person (time, level, message, coloured), `json` for a
   * collector (one JSON object a line), `auto` (the default): pretty when the output is a terminal.
   */
  readonly logFormat: 'auto' | 'pretty' | 'json';
  /** Which HTTP requests are logged: `slow` (the default) those slower than slowRequestMs, `all`, or `off`. */
  readonly requestLog: 'slow' | 'all' | 'off';
  readonly slowRequestMs: number;
  /** Largest request body accepted, in bytes; larger ones get 413. */
  readonly bodyLimitBytes: number;
  /** Lifetime of a login session, in seconds (absolute, not sliding). */
  readonly sessionTtlSeconds: number;
  /** A session unused for this long (minutes) is ended: the idle lock. */
  readonly sessionIdleMinutes: number;
  /** How long a token's owner, once read, is trusted without reading it again (0: read every time). */
  readonly authCacheMs: number;
  /**
   * Whether administrators, auditors, supervisors and issuance operators must prove a second factor
   * (TOTP); on by default in production. Off, anyone may still enrol one, and is then asked for codes.
   */
  readonly totpRequired: boolean;
  /** Login attempts allowed per client address per minute. */
  readonly loginAttemptsPerMinute: number;
  /** Refused attempts in a row (logins, and current-password checks) that lock an account. */
  readonly loginLockoutFailures: number;
  /** How long the first lock lasts; each refused attempt after it doubles the next one (up to a day). */
  readonly loginLockoutSeconds: number;
  /** Marks the session cookie `Secure`; on by default in production. */
  readonly cookieSecure: boolean;
  /** Bearer token that lets a remote Prometheus scrape `/metrics`; loopback needs none. */
  readonly metricsToken: string | undefined;
  /** Password for the first administrator; when absent a one-time password is generated and printed. */
  readonly adminPassword: string | undefined;
  /** Whether `/docs` (the OpenAPI description and its viewer) is readable without logging in. */
  readonly docsPublic: boolean;
  /** The city code that starts incident numbers: `CASA` in `CASA-2026-000123`. */
  readonly cityCode: string;
  /** The centre's agency identifier in exchanges with other centres (EIDO), a domain name. */
  readonly agencyId: string;
  /** Open incidents this close (metres) and this recent (minutes) to a new call are offered as duplicates. */
  readonly duplicateRadiusM: number;
  readonly duplicateWindowMinutes: number;
  /** Past incidents this close (metres) and this recent (days) make a place's history. */
  readonly premiseRadiusM: number;
  readonly premiseDays: number;
  /**
   * MQTT for devices (AVL, camera events, dispatch orders): `embedded` runs a broker inside the server on
   * mqttHost:mqttPort, `external` connects to mqttUrl (e.g. Mosquitto), `off` runs none.
   */
  readonly mqttMode: 'embedded' | 'external' | 'off';
  readonly mqttHost: string;
  readonly mqttPort: number;
  readonly mqttUrl: string | undefined;
  /** The server's own credentials on an external broker. */
  readonly mqttUsername: string | undefined;
  readonly mqttPassword: string | undefined;
  /**
   * The console's map. Without either, it draws only what the server holds (roads, districts); a deployment
   * with a tile server gives a raster tile URL template (`https://tiles.example/{z}/{x}/{y}.png`) or a
   * MapLibre style URL (vector tiles), and the attribution its licence asks for.
   */
  readonly mapRasterTiles: string | undefined;
  readonly mapStyleUrl: string | undefined;
  readonly mapAttribution: string | undefined;
  /**
   * Origins of the media servers (go2rtc, MediaMTX, an NVR, Frigate's API) whose snapshots and HLS
   * streams the console may play inline; any other origin is refused by the page's security policy.
   */
  readonly mediaOrigins: readonly string[];
  /** A unit whose status has not changed for this long is flagged stale (minutes). */
  readonly unitStatusStaleMinutes: number;
  /** A unit whose last position is older than this is flagged stale (seconds). */
  readonly positionStaleSeconds: number;
  /** Where units may be: position fixes outside this box are dropped (default: Morocco). */
  readonly serviceArea: { readonly minLon: number; readonly minLat: number; readonly maxLon: number; readonly maxLat: number };
  /** A camera silent for longer than this (no heartbeat, no sign of life from Frigate) goes offline (seconds). */
  readonly cameraOfflineSeconds: number;
  /**
   * Detections below this severity are followed in memory but do not enter the alarm queue (a street is
   * full of cars): until a rule raises them (a hotlist plate, a Frigate review that is an alert).
   */
  readonly cameraAlarmMinSeverity: 'low' | 'medium' | 'high' | 'critical';
  /**
   * The Frigate instances whose MQTT messages are read: each its `topic_prefix`, and the URL of its API
   * for links to snapshots and clips (`/api/events/<id>/snapshot.jpg`), when the console can reach it.
   */
  readonly frigateInstances: readonly { readonly prefix: string; readonly url: string | undefined }[];
  /**
   * The demo city and its simulator at `amane start`: `on`, `off`, or `auto` (unset): on outside production
   * when the database is empty or already holds the demo, off otherwise (a real centre never gets one).
   */
  readonly demo: 'on' | 'off' | 'auto';
  /** The password of every demo user; when absent each gets a generated one, printed once. */
  readonly demoPassword: string | undefined;
  /** A road file (GeoJSON or OSM XML) the demo imports at its first start; without one, the generated city. */
  readonly roadsFile: string | undefined;
  /** The simulator's seed: the same seed draws the same calls, places and durations. */
  readonly simSeed: number;
  /** Call-takers the simulator plays (0: people take every call). */
  readonly simCallTakers: number;
  /** Calls the simulator places in a day (spread by hour, by district population). */
  readonly simCallsPerDay: number;
  /**
   * EOD squads sent to another city, where no road graph covers the way: the road distance is taken as the
   * great-circle distance times this factor, driven at `eodIntercityKmh` (docs/eod.md).
   */
  readonly eodRoadFactor: number;
  readonly eodIntercityKmh: number;
  /**
   * The identity service's key for biometric data at rest (AES-256-GCM): 32 bytes, as 64 hex digits or
   * base64. Absent: read from the key folder; outside production generated there at first start; in
   * production the identity module refuses to start without it.
   */
  readonly identityDataKey: string | undefined;
  /** The keystore file of the CSCA and the issuance centres' Document Signers; created at first use. */
  readonly identityKeystorePath: string;
  /** Status reports a device may make for one unit per minute (MQTT or HTTP); beyond, they are refused and logged once per interval. */
  readonly deviceStatusPerMinute: number;
  /** Position fixes accepted per unit per minute (MQTT or HTTP); beyond, dropped and counted (`rate_limited`). */
  readonly deviceFixesPerMinute: number;
  /** Camera reports (heartbeats, ONVIF events) accepted per camera and reporting device per minute; beyond, dropped and counted. */
  readonly cameraReportsPerMinute: number;
  /** Public card verifications allowed per client address per minute (callers with identity.verify are not counted). */
  readonly publicVerifyPerMinute: number;
  /** The keystore's passphrase; absent: as the data key, from the key folder. */
  readonly identityKeystorePassphrase: string | undefined;
  /** The folder of the keys not given as settings (0700, each file 0600): beside the data by default. */
  readonly keyDirectory: string;
  /** The append-only file of the journal's signed anchors (docs/security.md): beside the data by default. */
  readonly journalAnchorsFile: string;
  /** How often the journal's head is signed while events arrive, in seconds. */
  readonly journalAnchorSeconds: number;
  /** A NATS server with JetStream (`nats://host:4222`); the journal's anchors are published there too. */
  readonly natsUrl: string | undefined;
  /** The JetStream stream of the journal's anchors (one per centre). */
  readonly journalAnchorStream: string;
}

/** A configuration that cannot be used; the message lists every bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the configuration from environment variables, failing with every problem at once.
 * Defaults exist only for the embedded mode (one machine, SQLite file under ./data).
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = new SettingReader(env, problems);

  const production = read.oneOf('AMANE_ENV', ['development', 'production'], 'development') === 'production';
  const databaseUrl = read.string('AMANE_DATABASE_URL', './data/amane.db');
  const database = parseDatabaseUrl(databaseUrl, cwd, problems);
  const roads = read.optional('AMANE_ROADS');
  const config: Config = {
    production,
    database,
    host: read.string('AMANE_HOST', '127.0.0.1'),
    port: read.integer('AMANE_PORT', 8080, 0, 65_535),
    logLevel: read.oneOf('AMANE_LOG_LEVEL', Object.values(LogLevel), 'info'),
    logFormat: read.oneOf('AMANE_LOG_FORMAT', ['auto', 'pretty', 'json'], 'auto'),
    requestLog: read.oneOf('AMANE_REQUEST_LOG', ['slow', 'all', 'off'], 'slow'),
    slowRequestMs: read.integer('AMANE_SLOW_REQUEST_MS', 1_000, 1, 600_000),
    bodyLimitBytes: read.integer('AMANE_BODY_LIMIT_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
    sessionTtlSeconds: read.integer('AMANE_SESSION_TTL_SECONDS', 12 * 3_600, 60, 7 * 24 * 3_600),
    sessionIdleMinutes: read.integer('AMANE_SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
    authCacheMs: read.integer('AMANE_AUTH_CACHE_MS', 1_000, 0, 10_000),
    totpRequired: read.boolean('AMANE_TOTP_REQUIRED', production),
    loginAttemptsPerMinute: read.integer('AMANE_LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    loginLockoutFailures: read.integer('AMANE_LOGIN_LOCKOUT_FAILURES', 5, 1, 100),
    loginLockoutSeconds: read.integer('AMANE_LOGIN_LOCKOUT_SECONDS', 600, 1, 86_400),
    cookieSecure: read.boolean('AMANE_COOKIE_SECURE', production),
    metricsToken: read.optionalSecret('AMANE_METRICS_TOKEN', 24),
    adminPassword: read.optionalSecret('AMANE_ADMIN_PASSWORD', 12),
    docsPublic: read.boolean('AMANE_DOCS_PUBLIC', true),
    cityCode: read.matching('AMANE_CITY_CODE', /^[A-Z]{2,8}$/, 'CASA', '2 to 8 capital letters, such as CASA'),
    agencyId: read.matching(
      'AMANE_AGENCY_ID',
      /^(?=.{3,100}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
      'casablanca.police.ma',
      'a lower-case domain name such as casablanca.police.ma',
    ),
    duplicateRadiusM: read.integer('AMANE_DUPLICATE_RADIUS_M', 300, 10, 5_000),
    duplicateWindowMinutes: read.integer('AMANE_DUPLICATE_WINDOW_MINUTES', 30, 1, 24 * 60),
    premiseRadiusM: read.integer('AMANE_PREMISE_RADIUS_M', 50, 5, 1_000),
    premiseDays: read.integer('AMANE_PREMISE_DAYS', 90, 1, 3_650),
    mqttMode: read.oneOf('AMANE_MQTT', ['embedded', 'external', 'off'], env.AMANE_MQTT_URL ? 'external' : 'embedded'),
    mqttHost: read.string('AMANE_MQTT_HOST', '127.0.0.1'),
    mqttPort: read.integer('AMANE_MQTT_PORT', 1884, 0, 65_535),
    mqttUrl: read.optionalUrl('AMANE_MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
    mqttUsername: read.optional('AMANE_MQTT_USERNAME'),
    mqttPassword: read.optional('AMANE_MQTT_PASSWORD'),
    mapRasterTiles: read.optionalUrl('AMANE_MAP_RASTER_TILES', ['http:', 'https:']),
    mapStyleUrl: read.optionalUrl('AMANE_MAP_STYLE_URL', ['http:', 'https:']),
    mapAttribution: read.optional('AMANE_MAP_ATTRIBUTION'),
    mediaOrigins: read.origins('AMANE_MEDIA_ORIGINS'),
    unitStatusStaleMinutes: read.integer('AMANE_UNIT_STATUS_STALE_MINUTES', 60, 1, 24 * 60),
    positionStaleSeconds: read.integer('AMANE_POSITION_STALE_SECONDS', 120, 5, 3_600),
    serviceArea: read.bbox('AMANE_SERVICE_AREA', { minLon: -17.3, minLat: 20.7, maxLon: -0.9, maxLat: 36.0 }),
    cameraOfflineSeconds: read.integer('AMANE_CAMERA_OFFLINE_SECONDS', 60, 10, 86_400),
    cameraAlarmMinSeverity: read.oneOf('AMANE_CAMERA_ALARM_MIN_SEVERITY', ['low', 'medium', 'high', 'critical'], 'medium'),
    frigateInstances: read.frigateInstances('AMANE_FRIGATE_INSTANCES', 'frigate'),
    demo: parseDemoSetting(read.optional('AMANE_DEMO'), problems),
    demoPassword: read.optionalSecret('AMANE_DEMO_PASSWORD', 12),
    roadsFile: roads === undefined ? undefined : path.resolve(cwd, roads),
    simSeed: read.integer('AMANE_SIM_SEED', 1, 0, 2 ** 31 - 1),
    simCallTakers: read.integer('AMANE_SIM_CALLTAKERS', 20, 0, 200),
    simCallsPerDay: read.integer('AMANE_SIM_CALLS_PER_DAY', 4_000, 0, 1_000_000),
    eodRoadFactor: read.decimal('AMANE_EOD_ROAD_FACTOR', 1.3, 1, 3),
    eodIntercityKmh: read.integer('AMANE_EOD_INTERCITY_KMH', 90, 10, 200),
    identityDataKey: parseDataKey(read.optional('AMANE_IDENTITY_DATA_KEY'), problems),
    identityKeystorePath: path.resolve(cwd, read.string('AMANE_IDENTITY_KEYSTORE', path.join(dataDirectory(database, cwd), 'identity.keystore'))),
    identityKeystorePassphrase: read.optionalSecret('AMANE_IDENTITY_KEYSTORE_PASSPHRASE', 12),
    deviceStatusPerMinute: read.integer('AMANE_DEVICE_STATUS_PER_MINUTE', 30, 1, 100_000),
    deviceFixesPerMinute: read.integer('AMANE_DEVICE_FIXES_PER_MINUTE', 120, 1, 100_000),
    cameraReportsPerMinute: read.integer('AMANE_CAMERA_REPORTS_PER_MINUTE', 600, 1, 100_000),
    publicVerifyPerMinute: read.integer('AMANE_PUBLIC_VERIFY_PER_MINUTE', 30, 1, 100_000),
    keyDirectory: path.resolve(cwd, read.string('AMANE_KEY_DIR', path.join(dataDirectory(database, cwd), 'keys'))),
    journalAnchorsFile: path.resolve(cwd, read.string('AMANE_JOURNAL_ANCHORS', path.join(dataDirectory(database, cwd), 'journal-anchors.jsonl'))),
    journalAnchorSeconds: read.integer('AMANE_JOURNAL_ANCHOR_SECONDS', 5, 1, 3_600),
    natsUrl: read.optionalUrl('AMANE_NATS_URL', ['nats:', 'tls:']),
    journalAnchorStream: read.matching('AMANE_JOURNAL_ANCHOR_STREAM', /^[A-Za-z0-9_-]{1,64}$/, 'AMANE_JOURNAL_ANCHORS', 'letters, digits, _ and -, at most 64'),
  };
  if (config.mqttMode === 'external' && config.mqttUrl === undefined) problems.push('AMANE_MQTT_URL: is required when AMANE_MQTT is external');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function parseDatabaseUrl(value: string, cwd: string, problems: string[]): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      problems.push(`AMANE_DATABASE_URL: "${redactUrl(value)}" is not a valid postgres:// URL`);
    }
    return Object.freeze({ kind: 'postgres', url: value });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    problems.push(`AMANE_DATABASE_URL: "${redactUrl(value)}" must be a SQLite file path or a postgres:// URL`);
  }
  if (value === '') problems.push('AMANE_DATABASE_URL: must not be empty');
  return Object.freeze({ kind: 'sqlite', path: value === ':memory:' ? value : path.resolve(cwd, value) });
}

/** `on`/`off` (or true/false, yes/no, 1/0) or `auto`; unset is `auto`. */
function parseDemoSetting(value: string | undefined, problems: string[]): Config['demo'] {
  if (value === undefined || value.toLowerCase() === 'auto') return 'auto';
  if (['on', 'true', 'yes', '1'].includes(value.toLowerCase())) return 'on';
  if (['off', 'false', 'no', '0'].includes(value.toLowerCase())) return 'off';
  problems.push(`AMANE_DEMO: "${value}" must be on, off or auto`);
  return 'auto';
}

/** Where the embedded mode keeps its files: beside the SQLite file, else ./data. */
function dataDirectory(database: DatabaseConfig, cwd: string): string {
  return database.kind === 'sqlite' && database.path !== ':memory:' ? path.dirname(database.path) : path.resolve(cwd, 'data');
}

/** 32 bytes as 64 hex digits or base64 (the message never echoes the value). */
function parseDataKey(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? 32 : /^[A-Za-z0-9+/_-]{43}=?$/.test(value) ? Buffer.from(value, 'base64').length : 0;
  if (bytes !== 32) problems.push('AMANE_IDENTITY_DATA_KEY: must be 32 bytes, as 64 hex digits or in base64 (such as the output of `openssl rand -base64 32`)');
  return value;
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

class SettingReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  }

  /** A decimal number such as 1.3. */
  decimal(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: "${raw}" must be a number from ${min} to ${max}, such as ${fallback}`);
      return fallback;
    }
    return Number(raw);
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}: "${raw}" must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}: "${raw}" must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  matching(name: string, pattern: RegExp, fallback: string, expected: string): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!pattern.test(raw)) this.problems.push(`${name}: "${raw}" must be ${expected}`);
    return raw;
  }

  /** `minLon,minLat,maxLon,maxLat` in decimal degrees. */
  bbox(name: string, fallback: Config['serviceArea']): Config['serviceArea'] {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const parts = raw.split(',').map((p) => Number(p.trim()));
    const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
    const valid =
      parts.length === 4 && parts.every(Number.isFinite) && minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon < maxLon && minLat < maxLat;
    if (!valid) {
      this.problems.push(`${name}: "${raw}" must be minLon,minLat,maxLon,maxLat in degrees, such as -8.0,33.3,-7.3,33.8`);
      return fallback;
    }
    return Object.freeze({ minLon, minLat, maxLon, maxLat });
  }

  /**
   * `prefix` or `prefix=http://host:5000`, comma separated: each Frigate's MQTT topic prefix, and its API.
   * A prefix is one or more topic levels of letters, digits, `_` and `-`, and not Amane's own `amane`.
   */
  frigateInstances(name: string, fallback: string): Config['frigateInstances'] {
    const raw = this.optional(name) ?? fallback;
    const instances: { prefix: string; url: string | undefined }[] = [];
    for (const part of raw.split(',').map((p) => p.trim())) {
      const [prefix = '', url] = part.split(/=(.*)/s, 2) as [string, string | undefined];
      let valid = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(prefix) && prefix.split('/')[0] !== 'amane' && !instances.some((i) => i.prefix === prefix);
      if (url !== undefined) {
        try {
          valid &&= ['http:', 'https:'].includes(new URL(url).protocol);
        } catch {
          valid = false;
        }
      }
      if (!valid) {
        this.problems.push(`${name}: "${redactUrl(part)}" must be a distinct MQTT topic prefix such as frigate, optionally =http://host:5000 (its API), comma separated`);
        continue;
      }
      instances.push(Object.freeze({ prefix, url: url?.replace(/\/+$/, '') }));
    }
    return Object.freeze(instances);
  }

  optional(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  /** Comma-separated http(s) origins (`https://media.police.example:8443`), each kept as its origin. */
  origins(name: string): readonly string[] {
    const raw = this.optional(name);
    if (raw === undefined) return Object.freeze([]);
    const origins: string[] = [];
    for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      try {
        const url = new URL(part);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && url.search === '' && url.username === '') {
          origins.push(url.origin);
          continue;
        }
      } catch {
        // reported below
      }
      this.problems.push(`${name}: "${redactUrl(part)}" must be an origin such as https://media.example:8443 (scheme, host, port; no path)`);
    }
    return Object.freeze(origins);
  }

  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    try {
      if (protocols.includes(new URL(raw).protocol)) return raw;
    } catch {
      // reported below
    }
    this.problems.push(`${name}: "${redactUrl(raw)}" must be a URL starting with ${protocols.map((p) => `${p}//`).join(', ')}`);
    return raw;
  }

  optionalSecret(name: string, minLength: number): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return undefined;
    if (raw.length < minLength) this.problems.push(`${name}: must be at least ${minLength} characters long`);
    return raw;
  }
}
