import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sharedDataFile } from '../core/testing.js';

/** What xmllint said of a document: valid or not, and its messages. */
export interface SchemaVerdict {
  readonly valid: boolean;
  readonly output: string;
}

/**
 * Validates XML against the OASIS CAP 1.2 schema (`../shared/data/standards/cap12.xsd`, read where it is,
 * never copied) with xmllint (Debian's libxml2-utils). Undefined, with a message, when the schema or
 * xmllint is missing; under CI=true either missing fails the run.
 */
export function capSchemaValidator(): ((xml: string) => SchemaVerdict) | undefined {
  const xsd = sharedDataFile('standards/cap12.xsd');
  if (xsd === undefined) return undefined;
  if (spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error !== undefined) {
    if (process.env.CI === 'true') throw new Error('xmllint is required when CI=true: apt-get install -y libxml2-utils');
    console.warn('skipping the CAP schema checks: xmllint is missing (install it with: apt-get install -y libxml2-utils)');
    return undefined;
  }
  return (xml) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-cap-'));
    try {
      const file = path.join(dir, 'alert.xml');
      fs.writeFileSync(file, xml);
      const result = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
      return { valid: result.status === 0, output: `${result.stdout}${result.stderr}` };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
