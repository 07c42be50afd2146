#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts; its last line is `RESULT NAME key=value ...`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const benches = fs.readdirSync(path.resolve('bench')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !benches.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${benches.join(', ')})`);
  process.exit(2);
}
const result = spawnSync('npx', ['tsx', `bench/${name}.ts`, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
