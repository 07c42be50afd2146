#!/usr/bin/env node
// The `amane` command: runs the TypeScript sources directly (tsx), so what runs is what is read.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
