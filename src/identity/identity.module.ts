import fs from 'node:fs';
import { addReadinessCheck, removeReadinessCheck } from '../core/health.routes.js';
import type { AmaneModule } from '../core/module.js';
import { StateKey } from '../core/module-state.js';
import type { Sweep } from '../core/sweep.js';
import { registerApplicationRoutes } from './application.routes.js';
import { registerAppointmentRoutes } from './appointment.routes.js';
import { biometricMatcherKey } from './biometric-matcher.js';
import { registerCardRoutes } from './card.routes.js';
import { certificateMigrations } from './certificate.migrations.js';
import { registerCertificateRoutes } from './certificate.routes.js';
import { startExpirySweep } from './card.service.js';
import { registerCitizenRoutes } from './citizen.routes.js';
import { identityKeystore, identityKeystoreAvailable } from './identity-keystore.js';
import { identitySecrets } from './identity-secrets.js';
import { identityMigrations } from './identity.migrations.js';
import { identityMetrics } from './identity.metrics.js';
import { judicialRecordsKey } from './judicial-record.js';
import { registerJudicialRecordRoutes } from './judicial-record.routes.js';
import { permitMigrations } from './permit.migrations.js';
import { registerPermitRoutes } from './permit.routes.js';
import { startPermitReminderSweep } from './permit.service.js';
import { registerPersonRoutes } from './person.routes.js';
import { registerProductionRoutes } from './production.routes.js';
import { registerSealRoutes } from './seal.routes.js';
import { registerKeys } from './register-keys.js';
import { sealEarlierRegister } from './register-sealing.js';

/** The hourly card expiry sweep, started once the register is sealed. */
const expirySweepKey = new StateKey<Sweep>('identity: the card expiry sweep');
/** The hourly residence-permit expiry reminder sweep. */
const permitReminderSweepKey = new StateKey<Sweep>('identity: the residence-permit reminder sweep');

/**
 * The electronic national identity card (CNIE), from appointment to verification: the national register,
 * enrolment desks and appointments, applications and their lifecycle, enrolment with biometrics
 * encrypted at rest, deduplication checks, production across issuance centres, personalisation (ICAO
 * 9303, `./icao/`), the card register and its hourly expiry sweep, delivery at the desks, verification,
 * statistics; administrative certificates, checked against the judicial records (`JudicialRecords`).
 */
export const identityModule: AmaneModule = {
  name: 'identity',
  migrations: { ...identityMigrations, ...certificateMigrations, ...permitMigrations },
  registerRoutes(app, core) {
    registerPersonRoutes(app, core);
    registerAppointmentRoutes(app, core);
    registerApplicationRoutes(app, core);
    registerProductionRoutes(app, core);
    registerCardRoutes(app, core);
    registerSealRoutes(app, core);
    registerCitizenRoutes(app, core);
    registerPermitRoutes(app, core);
    registerJudicialRecordRoutes(app, core);
    registerCertificateRoutes(app, core);
  },
  start(core) {
    // Every counter at 0 from the start, so that /metrics lists them before the first application.
    identityMetrics(core.metrics);
    // In production an absent or derived data key or keystore passphrase, or an absent register key,
    // stops the server here; elsewhere an absent one is generated into the key folder, and the log says so.
    const secrets = identitySecrets(core);
    registerKeys(core);
    addReadinessCheck(core, 'identityKeystore', () => identityKeystoreAvailable(core));
    // An existing keystore is opened now, so that /ready says at once whether it can be (a new one is
    // created at its first use).
    if (fs.existsSync(secrets.keystorePath)) void identityKeystore(core).catch(() => undefined);
    // A key-encryption key that did not wrap this register's person keys stops the server, and what an
    // earlier version kept in clear is sealed before anything is served.
    return sealEarlierRegister(core).then(() => {
      core.state.set(expirySweepKey, startExpirySweep(core));
      core.state.set(permitReminderSweepKey, startPermitReminderSweep(core));
    });
  },
  async stop(core) {
    removeReadinessCheck(core, 'identityKeystore');
    const sweep = core.state.find(expirySweepKey);
    core.state.delete(expirySweepKey);
    await sweep?.stop();
    const reminders = core.state.find(permitReminderSweepKey);
    core.state.delete(permitReminderSweepKey);
    await reminders?.stop();
    core.state.delete(biometricMatcherKey);
    core.state.delete(judicialRecordsKey);
  },
};
