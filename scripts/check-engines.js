#!/usr/bin/env node
// The Node.js versions the README names are checked against every package the lock file installs: a
// package whose `engines.node` leaves one of them out makes `npm install` warn there (EBADENGINE), and
// may not run. The lowest release of each supported line is checked, and the Node running this script.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/** The lowest release of each Node.js line the project supports (README, "Run the centre"). */
export const SUPPORTED_NODE = ['20.19.0', '22.13.0', '24.0.0'];

/** The packages of a lock file (v2 or v3) whose `engines.node` excludes one of `versions`. */
export function engineConflicts(lock, versions) {
  const conflicts = [];
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    const range = entry.engines?.node;
    if (where === '' || typeof range !== 'string') continue;
    const refused = versions.filter((version) => !semver.satisfies(version, range, { includePrerelease: true }));
    if (refused.length > 0) conflicts.push({ name: where.replace(/^.*node_modules\//, ''), version: entry.version, range, refused });
  }
  return conflicts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const versions = [...SUPPORTED_NODE, process.version.slice(1)];
  const problems = [];
  for (const version of versions) {
    if (!semver.satisfies(version, manifest.engines.node)) problems.push(`package.json's engines.node (${manifest.engines.node}) excludes Node ${version}`);
  }
  for (const c of engineConflicts(lock, versions)) {
    problems.push(`${c.name}@${c.version} asks for Node ${c.range}, which excludes ${c.refused.join(', ')}`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`every package installs without an engine warning on Node ${versions.join(', ')}`);
}
