import { ensureAdministrator } from '../core/auth/user.service.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { JournalIndexer } from '../core/journal-indexer.js';
import { buildApp } from './app.js';
import { modules } from './modules.js';
import { openCore, type OpenCoreOptions } from './open-core.js';

export interface RunningServer {
  readonly app: App;
  readonly core: Core;
  readonly url: string;
  /** Credentials of the administrator created at this start, to show once. */
  readonly bootstrapAdmin: { username: string; password: string; generated: boolean } | undefined;
  close(): Promise<void>;
}

/** Starts the centre: migrations, the first administrator if none, the HTTP server. */
export async function startServer(config: Config, options: OpenCoreOptions = {}): Promise<RunningServer> {
  const core = await openCore(config, options);
  const bootstrapAdmin = await ensureAdministrator(core);
  const app = await buildApp(core, modules);
  const indexer = new JournalIndexer(core);
  indexer.start();
  const address = await app.listen({ host: config.host, port: config.port });
  let closed = false;
  return {
    app,
    core,
    url: address,
    bootstrapAdmin,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await indexer.stop();
      await core.db.destroy();
    },
  };
}
