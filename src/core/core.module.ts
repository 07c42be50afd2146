import { registerDeviceRoutes } from './auth/device.routes.js';
import { registerSessionRoutes } from './auth/session.routes.js';
import { startRefusedLoginDigest } from './auth/refused-logins.js';
import { startIdleSweep } from './auth/session.service.js';
import { resolveTotpKey, totpKeyKey } from './auth/totp-key.js';
import { registerTotpRoutes } from './auth/totp.routes.js';
import { registerUserRoutes } from './auth/user.routes.js';
import { coreMigrations } from './core.migrations.js';
import { registerHealthRoutes } from './health.routes.js';
import { registerJournalRoutes } from './journal.routes.js';
import { registerLiveRoutes } from './live.routes.js';
import type { AmaneModule } from './module.js';
import { principalCacheKey } from './auth/principal-cache.js';
import { journalTailKey } from './journal.repository.js';
import { StateKey } from './module-state.js';
import type { Sweep } from './sweep.js';

/** The idle sweep's stop (it ends sessions unused for AMANE_SESSION_IDLE_MINUTES, closing their feeds). */
const idleSweepKey = new StateKey<Sweep>('kernel: the idle session sweep');
/** The refused-login digest's stop (it journals refused logins for unknown names once a minute). */
const refusedLoginsKey = new StateKey<() => Promise<void>>('kernel: the refused-login digest timer');

/** The kernel as a module: health, auth, users, devices, journal and the live feed. */
export const coreModule: AmaneModule = {
  name: 'core',
  migrations: coreMigrations,
  registerRoutes(app, core) {
    registerHealthRoutes(app, core);
    registerSessionRoutes(app, core);
    registerTotpRoutes(app, core);
    registerUserRoutes(app, core);
    registerDeviceRoutes(app, core);
    registerJournalRoutes(app, core);
    registerLiveRoutes(app, core);
  },
  start(core) {
    // In production an absent key stops the server here; elsewhere one is written at random.
    const { key, generated } = resolveTotpKey(core.config);
    if (generated) core.log.info({ keyDirectory: core.config.keyDirectory }, 'generated the key of second-factor secrets (totp.key) in the key folder');
    core.state.set(totpKeyKey, key);
    core.state.set(idleSweepKey, startIdleSweep(core));
    core.state.set(refusedLoginsKey, startRefusedLoginDigest(core));
  },
  async stop(core) {
    const stopSweep = core.state.find(idleSweepKey);
    core.state.delete(idleSweepKey);
    core.state.delete(totpKeyKey);
    await stopSweep?.stop();
    const stopDigest = core.state.find(refusedLoginsKey);
    core.state.delete(refusedLoginsKey);
    await stopDigest?.();
    // Last: the modules stopped before may have journaled as they stopped. A cache (the next append
    // reads the journal's last row).
    core.state.delete(journalTailKey);
    core.state.delete(principalCacheKey);
  },
};
