import { ensureConsoleBuilt } from '../src/server/console-build.js';

/** Once per run, before any end-to-end file: the console's build matches its sources. */
export default async function setup(): Promise<void> {
  await ensureConsoleBuilt((message) => console.warn(message));
}
