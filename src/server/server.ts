import { ensureAdministrator } from '../core/auth/user.service.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { createAttestor } from '../core/journal-attestation.js';
import { JournalIndexer } from '../core/journal-indexer.js';
import type { AmaneModule } from '../core/module.js';
import { createMqttHub } from '../core/mqtt/create-mqtt-hub.js';
import { buildApp } from './app.js';
import { flushTrafficSpeeds } from '../traffic/index.js';
import { flushUnitPositions } from '../units/index.js';
import { modules } from './modules.js';
import { openCore, type OpenCoreOptions } from './open-core.js';

export interface RunningServer {
  readonly app: App;
  readonly core: Core;
  readonly url: string;
  /** Where devices reach MQTT: the embedded broker's `mqtt://host:port`, or the external broker's URL (password hidden). */
  readonly mqttUrl: string | undefined;
  /** Credentials of the administrator created at this start, to show once. */
  readonly bootstrapAdmin: { username: string; password: string; generated: boolean } | undefined;
  /** Runs now what the wall-clock timers do (positions saved and published, live road speeds republished), for a simulator whose clock runs faster. */
  flushTimers(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the centre: migrations, the first administrator if none, the MQTT hub (AMANE_MQTT), the
 * modules' start hooks, the HTTP server.
 */
export async function startServer(config: Config, options: OpenCoreOptions = {}): Promise<RunningServer> {
  const opened = await openCore(config, options);
  const mqtt = createMqttHub(opened);
  const core: Core = mqtt === undefined ? opened : { ...opened, mqtt };
  const indexer = new JournalIndexer(core);
  let attestor: ReturnType<typeof createAttestor> | undefined;
  let app: App | undefined;
  const started: AmaneModule[] = [];
  try {
    // First: a tail found past the last anchor is signed (and said) before this start writes anything.
    attestor = createAttestor(core);
    await attestor.start();
    const bootstrapAdmin = await ensureAdministrator(core);
    app = await buildApp(core, modules);
    for (const module of modules) {
      started.push(module);
      await module.start?.(core);
    }
    // After the modules' subscriptions and rules, so no device message arrives before its handler.
    await mqtt?.start();
    indexer.start();
    const address = await app.listen({ host: config.host, port: config.port });
    const running = app;
    let closed = false;
    return {
      app: running,
      core,
      url: address,
      mqttUrl: mqtt?.url,
      bootstrapAdmin,
      flushTimers: async () => {
        await flushUnitPositions(core);
        await flushTrafficSpeeds(core);
      },
      async close() {
        if (closed) return;
        closed = true;
        await running.close();
        for (const module of [...modules].reverse()) await module.stop?.(core);
        await mqtt?.close();
        await indexer.stop();
        await attestor?.stop();
        await core.db.destroy();
      },
    };
  } catch (error) {
    // Release the ports and the database, then report the first failure, not a later one.
    await app?.close().catch(() => undefined);
    // What the started modules left running (timers, followers) stops before the database closes.
    for (const module of started.reverse()) await Promise.resolve(module.stop?.(core)).catch(() => undefined);
    await mqtt?.close().catch(() => undefined);
    await indexer.stop().catch(() => undefined);
    await attestor?.stop().catch(() => undefined);
    await core.db.destroy().catch(() => undefined);
    throw error;
  }
}
