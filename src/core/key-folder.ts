import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The key folder (`AMANE_KEY_DIR`): the secrets not given as settings, one file each, readable by the
 * server's user only (folder 0700, files 0600). Kept outside the database, so a copy of the database
 * alone opens nothing.
 */

/** A key the process cannot do without is absent, unreadable, or unsafe to use. */
export class MissingKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingKeyError';
  }
}

/** A key file's text, or undefined when it does not exist; one that others may read is refused. */
export function readKeyFile(file: string): { value: string; source: 'key file' } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new MissingKeyError(`${file} may be read by others (mode ${(stat.mode & 0o777).toString(8)}): chmod 600 it`);
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  if (value === '') throw new MissingKeyError(`${file} is empty`);
  return { value, source: 'key file' };
}

/**
 * Writes a key file readable by this user only, whole or not at all: written aside, then linked into
 * place, which fails if another process got there first (its value is then the one used).
 */
export function writeKeyFile(directory: string, file: string, value: string, mode = 0o600): string {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(aside, `${value}\n`, { mode, flag: 'wx' });
  try {
    fs.linkSync(aside, file);
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/**
 * A 32-byte key from its file in the key folder (base64 or 64 hex digits). Outside production an absent
 * file is written at random (`generated`: the caller says so in the log, never the key); production
 * refuses to start without it, since a new key would leave what the old one sealed unreadable. `what`
 * names the key in the refusal: `the second factor`, `the camera registry`.
 */
export function resolveRandomKey(config: { keyDirectory: string; production: boolean }, name: string, what: string): { key: Buffer; generated: boolean } {
  const file = path.join(config.keyDirectory, name);
  const found = readKeyFile(file);
  if (found === undefined && config.production) {
    throw new MissingKeyError(`in production ${what} needs the key file ${file}: 32 random bytes in base64 (openssl rand -base64 32 > ${file}; chmod 600 it)`);
  }
  const text = found?.value ?? writeKeyFile(config.keyDirectory, file, randomBytes(32).toString('base64'));
  const key = decodeKey(text);
  if (key.length !== 32) throw new MissingKeyError(`${file} must hold 32 bytes (64 hex digits or base64); it holds ${key.length}`);
  return { key, generated: found === undefined };
}

/** A key's bytes from its text: 64 hex digits, or base64 (either alphabet, as `openssl rand -base64` or a URL-safe one). */
export function decodeKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
