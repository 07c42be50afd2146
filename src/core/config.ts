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

/** A configuration that cannot be used; the message lists every bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** What a setting's reader sees besides its own value: the settings read before it, and where to say what is wrong. */
interface ReadContext {
  readonly env: Env;
  readonly cwd: string;
  readonly problems: string[];
  /** AMANE_ENV, read first. */
  readonly production: boolean;
  /** AMANE_DATABASE_URL, read second. */
  readonly database: DatabaseConfig;
}

/** One environment variable: its name, what it means, and how its text becomes a value (its type and default). */
export interface Setting<T> {
  readonly variable: `AMANE_${string}`;
  /** What it sets, in a line; docs/configuration.md says more. */
  readonly description: string;
  /** Its value from its text (undefined when unset); a text that is not valid adds a problem naming the variable. */
  read(raw: string | undefined, context: ReadContext): T;
}

type Reader<T> = (raw: string | undefined, name: string, context: ReadContext) => T;
type Fallback<T> = T | ((context: ReadContext) => T);

const setting = <T>(variable: `AMANE_${string}`, description: string, reader: Reader<T>): Setting<T> => ({
  variable,
  description,
  read: (raw, context) => reader(raw === '' ? undefined : raw, variable, context),
});

const fallbackOf = <T>(fallback: Fallback<T>, context: ReadContext): T => (typeof fallback === 'function' ? (fallback as (context: ReadContext) => T)(context) : fallback);

// --- The kinds of setting: each reads an unset or empty variable as its default ---------------------

const text =
  (fallback: Fallback<string>): Reader<string> =>
  (raw, _name, context) =>
    raw ?? fallbackOf(fallback, context);

const optional = (): Reader<string | undefined> => (raw) => raw;

/** A file or folder, relative to the working folder. */
const file =
  (fallback: Fallback<string>): Reader<string> =>
  (raw, _name, context) =>
    path.resolve(context.cwd, raw ?? fallbackOf(fallback, context));

const integer =
  (fallback: number, min: number, max: number): Reader<number> =>
  (raw, name, context) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      context.problems.push(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };

/** A decimal number such as 1.3. */
const decimal =
  (fallback: number, min: number, max: number): Reader<number> =>
  (raw, name, context) => {
    if (raw === undefined) return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      context.problems.push(`${name}: "${raw}" must be a number from ${min} to ${max}, such as ${fallback}`);
      return fallback;
    }
    return Number(raw);
  };

const boolean =
  (fallback: Fallback<boolean>): Reader<boolean> =>
  (raw, name, context) => {
    if (raw === undefined) return fallbackOf(fallback, context);
    if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
    context.problems.push(`${name}: "${raw}" must be true or false`);
    return fallbackOf(fallback, context);
  };

const oneOf =
  <T extends string>(allowed: readonly T[], fallback: Fallback<T>): Reader<T> =>
  (raw, name, context) => {
    if (raw === undefined) return fallbackOf(fallback, context);
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    context.problems.push(`${name}: "${raw}" must be one of ${allowed.join(', ')}`);
    return fallbackOf(fallback, context);
  };

const matching =
  (pattern: RegExp, fallback: string, expected: string): Reader<string> =>
  (raw, name, context) => {
    if (raw === undefined) return fallback;
    if (!pattern.test(raw)) context.problems.push(`${name}: "${raw}" must be ${expected}`);
    return raw;
  };

/** A secret: never echoed in a problem. */
const secret =
  (minLength: number): Reader<string | undefined> =>
  (raw, name, context) => {
    if (raw !== undefined && raw.length < minLength) context.problems.push(`${name}: must be at least ${minLength} characters long`);
    return raw;
  };

const url =
  (protocols: readonly string[]): Reader<string | undefined> =>
  (raw, name, context) => {
    if (raw === undefined) return undefined;
    try {
      if (protocols.includes(new URL(raw).protocol)) return raw;
    } catch {
      // reported below
    }
    context.problems.push(`${name}: "${redactUrl(raw)}" must be a URL starting with ${protocols.map((p) => `${p}//`).join(', ')}`);
    return raw;
  };

/** Comma-separated http(s) origins (`https://media.police.example:8443`), each kept as its origin. */
const origins = (): Reader<readonly string[]> => (raw, name, context) => {
  if (raw === undefined) return Object.freeze([]);
  const found: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    try {
      const origin = new URL(part);
      if ((origin.protocol === 'http:' || origin.protocol === 'https:') && origin.pathname === '/' && origin.search === '' && origin.username === '') {
        found.push(origin.origin);
        continue;
      }
    } catch {
      // reported below
    }
    context.problems.push(`${name}: "${redactUrl(part)}" must be an origin such as https://media.example:8443 (scheme, host, port; no path)`);
  }
  return Object.freeze(found);
};

interface BBoxSetting {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

/** `minLon,minLat,maxLon,maxLat` in decimal degrees. */
const bbox =
  (fallback: BBoxSetting): Reader<BBoxSetting> =>
  (raw, name, context) => {
    if (raw === undefined) return fallback;
    const parts = raw.split(',').map((p) => Number(p.trim()));
    const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
    const valid =
      parts.length === 4 && parts.every(Number.isFinite) && minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon < maxLon && minLat < maxLat;
    if (!valid) {
      context.problems.push(`${name}: "${raw}" must be minLon,minLat,maxLon,maxLat in degrees, such as -8.0,33.3,-7.3,33.8`);
      return fallback;
    }
    return Object.freeze({ minLon, minLat, maxLon, maxLat });
  };

/**
 * `prefix` or `prefix=http://host:5000`, comma separated: each Frigate's MQTT topic prefix, and its API.
 * A prefix is one or more topic levels of letters, digits, `_` and `-`, and not Amane's own `amane`.
 */
const frigateInstances =
  (fallback: string): Reader<readonly { readonly prefix: string; readonly url: string | undefined }[]> =>
  (raw, name, context) => {
    const instances: { prefix: string; url: string | undefined }[] = [];
    for (const part of (raw ?? fallback).split(',').map((p) => p.trim())) {
      const [prefix = '', api] = part.split(/=(.*)/s, 2) as [string, string | undefined];
      let valid = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(prefix) && prefix.split('/')[0] !== 'amane' && !instances.some((i) => i.prefix === prefix);
      if (api !== undefined) {
        try {
          valid &&= ['http:', 'https:'].includes(new URL(api).protocol);
        } catch {
          valid = false;
        }
      }
      if (!valid) {
        context.problems.push(`${name}: "${redactUrl(part)}" must be a distinct MQTT topic prefix such as frigate, optionally =http://host:5000 (its API), comma separated`);
        continue;
      }
      instances.push(Object.freeze({ prefix, url: api?.replace(/\/+$/, '') }));
    }
    return Object.freeze(instances);
  };

/** A SQLite file path (relative to the working folder, or `:memory:`) or a postgres:// URL. */
const databaseUrl =
  (fallback: string): Reader<DatabaseConfig> =>
  (raw, _name, context) => {
    const value = raw ?? fallback;
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        new URL(value);
      } catch {
        context.problems.push(`AMANE_DATABASE_URL: "${redactUrl(value)}" is not a valid postgres:// URL`);
      }
      return Object.freeze({ kind: 'postgres', url: value });
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      context.problems.push(`AMANE_DATABASE_URL: "${redactUrl(value)}" must be a SQLite file path or a postgres:// URL`);
    }
    return Object.freeze({ kind: 'sqlite', path: value === ':memory:' ? value : path.resolve(context.cwd, value) });
  };

/** `on`/`off` (or true/false, yes/no, 1/0) or `auto`; unset is `auto`. */
const demoSetting = (): Reader<'on' | 'off' | 'auto'> => (raw, name, context) => {
  if (raw === undefined || raw.toLowerCase() === 'auto') return 'auto';
  if (['on', 'true', 'yes', '1'].includes(raw.toLowerCase())) return 'on';
  if (['off', 'false', 'no', '0'].includes(raw.toLowerCase())) return 'off';
  context.problems.push(`${name}: "${raw}" must be on, off or auto`);
  return 'auto';
};

/** 32 bytes as 64 hex digits or base64 (the message never echoes the value). */
const dataKey = (): Reader<string | undefined> => (raw, name, context) => {
  if (raw === undefined) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? 32 : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64').length : 0;
  if (bytes !== 32) context.problems.push(`${name}: must be 32 bytes, as 64 hex digits or in base64 (such as the output of \`openssl rand -base64 32\`)`);
  return raw;
};

/** Where the embedded mode keeps its files: beside the SQLite file, else ./data. */
const besideTheData =
  (name: string) =>
  ({ database, cwd }: ReadContext): string =>
    path.join(database.kind === 'sqlite' && database.path !== ':memory:' ? path.dirname(database.path) : path.resolve(cwd, 'data'), name);

/**
 * Every setting: its variable, what it means, its type and default. Read in this order (AMANE_ENV and
 * AMANE_DATABASE_URL first: other defaults follow from them). docs/configuration.md describes each at
 * length; a test holds the two lists equal.
 */
export const settings = {
  production: setting('AMANE_ENV', '`production` turns secure cookies, HSTS and the second factor on by default', (raw, name, context) => oneOf(['development', 'production'] as const, 'development')(raw, name, context) === 'production'),
  database: setting('AMANE_DATABASE_URL', 'where the state lives: a SQLite file path, or a postgres:// URL', databaseUrl('./data/amane.db')),
  host: setting('AMANE_HOST', 'the address the HTTP server listens on', text('127.0.0.1')),
  port: setting('AMANE_PORT', 'its port (0: any free port)', integer(8080, 0, 65_535)),
  logLevel: setting('AMANE_LOG_LEVEL', 'the least severe log lines written', oneOf(Object.values(LogLevel), 'info')),
  logFormat: setting('AMANE_LOG_FORMAT', 'how log lines are written: `pretty` for a person, `json` for a collector, `auto`: pretty when the output is a terminal', oneOf(['auto', 'pretty', 'json'] as const, 'auto')),
  requestLog: setting('AMANE_REQUEST_LOG', 'which HTTP requests are logged: `slow` (those slower than AMANE_SLOW_REQUEST_MS), `all`, or `off`', oneOf(['slow', 'all', 'off'] as const, 'slow')),
  slowRequestMs: setting('AMANE_SLOW_REQUEST_MS', 'the time from which a request counts as slow, in milliseconds', integer(1_000, 1, 600_000)),
  bodyLimitBytes: setting('AMANE_BODY_LIMIT_BYTES', 'the largest request body accepted, in bytes; larger ones get 413', integer(1_048_576, 1_024, 64 * 1_048_576)),
  sessionTtlSeconds: setting('AMANE_SESSION_TTL_SECONDS', "a login session's lifetime, in seconds (absolute, not sliding)", integer(12 * 3_600, 60, 7 * 24 * 3_600)),
  sessionIdleMinutes: setting('AMANE_SESSION_IDLE_MINUTES', 'a session unused for this long (minutes) is ended: the idle lock', integer(30, 1, 7 * 24 * 60)),
  authCacheMs: setting('AMANE_AUTH_CACHE_MS', "how long a token's owner, once read, is trusted without reading it again (0: read every time)", integer(1_000, 0, 10_000)),
  totpRequired: setting('AMANE_TOTP_REQUIRED', 'whether administrators, auditors, supervisors and issuance operators must prove a second factor (TOTP); on in production unless set', boolean((context) => context.production)),
  loginAttemptsPerMinute: setting('AMANE_LOGIN_ATTEMPTS_PER_MINUTE', 'login attempts allowed per client address per minute', integer(10, 1, 10_000)),
  loginLockoutFailures: setting('AMANE_LOGIN_LOCKOUT_FAILURES', 'refused attempts in a row (logins, current-password checks) that lock an account', integer(5, 1, 100)),
  loginLockoutSeconds: setting('AMANE_LOGIN_LOCKOUT_SECONDS', 'how long the first lock lasts; each refused attempt after it doubles the next one (up to a day)', integer(600, 1, 86_400)),
  cookieSecure: setting('AMANE_COOKIE_SECURE', 'marks the session cookie `Secure` (and sends HSTS); on in production unless set', boolean((context) => context.production)),
  metricsToken: setting('AMANE_METRICS_TOKEN', 'the bearer token that lets a remote Prometheus scrape /metrics; loopback needs none', secret(24)),
  adminPassword: setting('AMANE_ADMIN_PASSWORD', "the first administrator's password; when absent a one-time password is generated and printed", secret(12)),
  docsPublic: setting('AMANE_DOCS_PUBLIC', 'whether /docs (the OpenAPI description and its viewer) is readable without logging in', boolean(true)),
  cityCode: setting('AMANE_CITY_CODE', 'the city code that starts incident numbers: CASA in CASA-2026-000123', matching(/^[A-Z]{2,8}$/, 'CASA', '2 to 8 capital letters, such as CASA')),
  agencyId: setting(
    'AMANE_AGENCY_ID',
    "the centre's agency identifier in exchanges with other centres (EIDO), a domain name",
    matching(/^(?=.{3,100}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'casablanca.police.ma', 'a lower-case domain name such as casablanca.police.ma'),
  ),
  duplicateRadiusM: setting('AMANE_DUPLICATE_RADIUS_M', 'open incidents this close (metres) to a new call are offered as duplicates', integer(300, 10, 5_000)),
  duplicateWindowMinutes: setting('AMANE_DUPLICATE_WINDOW_MINUTES', '... and this recent (minutes)', integer(30, 1, 24 * 60)),
  premiseRadiusM: setting('AMANE_PREMISE_RADIUS_M', "past incidents this close (metres) make a place's history", integer(50, 5, 1_000)),
  premiseDays: setting('AMANE_PREMISE_DAYS', '... over this many days', integer(90, 1, 3_650)),
  mqttMode: setting('AMANE_MQTT', 'MQTT for devices: `embedded` runs a broker in the server, `external` connects to AMANE_MQTT_URL (its default when set), `off` runs none', oneOf(['embedded', 'external', 'off'] as const, (context) => (context.env.AMANE_MQTT_URL ? 'external' : 'embedded'))),
  mqttHost: setting('AMANE_MQTT_HOST', 'the address the embedded broker listens on', text('127.0.0.1')),
  mqttPort: setting('AMANE_MQTT_PORT', 'the port of the embedded broker (0: any free port)', integer(1884, 0, 65_535)),
  mqttUrl: setting('AMANE_MQTT_URL', 'the external broker, such as mqtt://127.0.0.1:1883', url(['mqtt:', 'mqtts:', 'ws:', 'wss:'])),
  mqttUsername: setting('AMANE_MQTT_USERNAME', "the server's own user name on the external broker", optional()),
  mqttPassword: setting('AMANE_MQTT_PASSWORD', "the server's own password on the external broker", optional()),
  mapRasterTiles: setting('AMANE_MAP_RASTER_TILES', "the console map's raster tile URL template (https://tiles.example/{z}/{x}/{y}.png); without it or a style, only the centre's roads and districts", url(['http:', 'https:'])),
  mapStyleUrl: setting('AMANE_MAP_STYLE_URL', "or a MapLibre style URL (vector tiles)", url(['http:', 'https:'])),
  mapAttribution: setting('AMANE_MAP_ATTRIBUTION', "the attribution the tiles' licence asks for", optional()),
  mediaOrigins: setting('AMANE_MEDIA_ORIGINS', 'origins of the media servers whose snapshots and HLS streams the console may play inline, comma separated', origins()),
  unitStatusStaleMinutes: setting('AMANE_UNIT_STATUS_STALE_MINUTES', 'a unit whose status has not changed for this long is flagged stale (minutes)', integer(60, 1, 24 * 60)),
  positionStaleSeconds: setting('AMANE_POSITION_STALE_SECONDS', 'a unit whose last position is older than this is flagged stale (seconds)', integer(120, 5, 3_600)),
  serviceArea: setting('AMANE_SERVICE_AREA', 'where units may be, minLon,minLat,maxLon,maxLat: fixes outside are dropped (default: Morocco)', bbox({ minLon: -17.3, minLat: 20.7, maxLon: -0.9, maxLat: 36.0 })),
  cameraOfflineSeconds: setting('AMANE_CAMERA_OFFLINE_SECONDS', 'a camera silent for longer than this goes offline (seconds)', integer(60, 10, 86_400)),
  cameraAlarmMinSeverity: setting('AMANE_CAMERA_ALARM_MIN_SEVERITY', 'detections below this severity are followed but not queued as alarms until a rule raises them', oneOf(['low', 'medium', 'high', 'critical'] as const, 'medium')),
  frigateInstances: setting('AMANE_FRIGATE_INSTANCES', "the Frigate instances whose MQTT messages are read: each its topic prefix, optionally =its API's URL, comma separated", frigateInstances('frigate')),
  demo: setting('AMANE_DEMO', 'the demo city and its simulator at `amane start`: `on`, `off`, or `auto`: on outside production when the database is empty or holds the demo', demoSetting()),
  demoPassword: setting('AMANE_DEMO_PASSWORD', 'the password of every demo user; when absent each gets a generated one, printed once', secret(12)),
  roadsFile: setting('AMANE_ROADS', 'a road file (GeoJSON or OSM XML) the demo imports at its first start; without one, the generated city', (raw, _name, context) => (raw === undefined ? undefined : path.resolve(context.cwd, raw))),
  simSeed: setting('AMANE_SIM_SEED', "the simulator's seed: the same seed draws the same calls, places and durations", integer(1, 0, 2 ** 31 - 1)),
  simCallTakers: setting('AMANE_SIM_CALLTAKERS', 'call-takers the simulator plays (0: people take every call)', integer(20, 0, 200)),
  simCallsPerDay: setting('AMANE_SIM_CALLS_PER_DAY', 'calls the simulator places in a day', integer(4_000, 0, 1_000_000)),
  simClosuresPerDay: setting('AMANE_SIM_CLOSURES_PER_DAY', 'streets the simulated traffic operator closes in a day (a segment, for works or an event, for 30 to 120 minutes)', integer(4, 0, 1_000)),
  simJamsPerDay: setting('AMANE_SIM_JAMS_PER_DAY', 'road jams the simulator makes in a day (a stretch of a named road slowed to 8-15 km/h for an hour)', integer(6, 0, 1_000)),
  eodRoadFactor: setting('AMANE_EOD_ROAD_FACTOR', 'an EOD squad sent to another city without a road graph: road distance is the great-circle distance times this', decimal(1.3, 1, 3)),
  eodIntercityKmh: setting('AMANE_EOD_INTERCITY_KMH', '... driven at this speed (km/h)', integer(90, 10, 200)),
  identityDataKey: setting('AMANE_IDENTITY_DATA_KEY', "the identity service's key for biometric data at rest (AES-256-GCM): 32 bytes, as 64 hex digits or base64; absent: from the key folder", dataKey()),
  identityKeystorePath: setting('AMANE_IDENTITY_KEYSTORE', "the keystore file of the CSCA and the issuance centres' Document Signers; created at first use", file(besideTheData('identity.keystore'))),
  identityKeystorePassphrase: setting('AMANE_IDENTITY_KEYSTORE_PASSPHRASE', "the keystore's passphrase; absent: from the key folder", secret(12)),
  deviceStatusPerMinute: setting('AMANE_DEVICE_STATUS_PER_MINUTE', 'status reports a device may make for one unit per minute; beyond, refused', integer(30, 1, 100_000)),
  deviceFixesPerMinute: setting('AMANE_DEVICE_FIXES_PER_MINUTE', 'position fixes accepted per unit per minute; beyond, dropped and counted', integer(120, 1, 100_000)),
  cameraReportsPerMinute: setting('AMANE_CAMERA_REPORTS_PER_MINUTE', 'camera reports accepted per camera and reporting device per minute; beyond, dropped and counted', integer(600, 1, 100_000)),
  publicVerifyPerMinute: setting('AMANE_PUBLIC_VERIFY_PER_MINUTE', 'public card verifications allowed per client address per minute', integer(30, 1, 100_000)),
  keyDirectory: setting('AMANE_KEY_DIR', 'the folder of the keys not given as settings (0700, each file 0600)', file(besideTheData('keys'))),
  journalAnchorsFile: setting('AMANE_JOURNAL_ANCHORS', "the append-only file of the journal's signed anchors", file(besideTheData('journal-anchors.jsonl'))),
  journalAnchorSeconds: setting('AMANE_JOURNAL_ANCHOR_SECONDS', "how often the journal's head is signed while events arrive (seconds)", integer(5, 1, 3_600)),
  natsUrl: setting('AMANE_NATS_URL', "a NATS server with JetStream; the journal's anchors are published there too", url(['nats:', 'tls:'])),
  journalAnchorStream: setting('AMANE_JOURNAL_ANCHOR_STREAM', "the JetStream stream of the journal's anchors (one per centre)", matching(/^[A-Za-z0-9_-]{1,64}$/, 'AMANE_JOURNAL_ANCHORS', 'letters, digits, _ and -, at most 64')),
} satisfies Record<string, Setting<unknown>>;

/** The whole configuration, read once from the environment at start and frozen (`settings` says what each is). */
export type Config = { readonly [K in keyof typeof settings]: ReturnType<(typeof settings)[K]['read']> };

/**
 * Reads the configuration from environment variables, failing with every problem at once.
 * Defaults exist only for the embedded mode (one machine, SQLite file under ./data).
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const context: ReadContext = {
    env,
    cwd,
    problems,
    get production() {
      return values.production as boolean;
    },
    get database() {
      return values.database as DatabaseConfig;
    },
  };
  for (const [key, { variable, read }] of Object.entries(settings) as [string, Setting<unknown>][]) values[key] = read(env[variable], context);
  const config = values as Config;
  if (config.mqttMode === 'external' && config.mqttUrl === undefined) problems.push('AMANE_MQTT_URL: is required when AMANE_MQTT is external');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
