import { coreModule } from '../core/core.module.js';
import { dispatchModule } from '../dispatch/dispatch.module.js';
import type { Migrations } from '../core/migrate.js';
import type { AmaneModule } from '../core/module.js';
import { callModule } from '../calls/call.module.js';
import { cameraModule } from '../cameras/cameras.module.js';
import { eidoModule } from '../eido/eido.module.js';
import { eodModule } from '../eod/eod.module.js';
import { geoModule } from '../geo/geo.module.js';
import { identityModule } from '../identity/identity.module.js';
import { incidentModule } from '../incidents/incident.module.js';
import { reportsModule } from '../reports/reports.module.js';
import { stationModule } from '../stations/stations.module.js';
import { trafficModule } from '../traffic/traffic.module.js';
import { transitModule } from '../transit/transit.module.js';
import { unitModule } from '../units/unit.module.js';

/** Every module of the server, in the order their routes are registered. */
export const modules: readonly AmaneModule[] = [coreModule, geoModule, incidentModule, callModule, eidoModule, stationModule, unitModule, dispatchModule, cameraModule, identityModule, eodModule, trafficModule, transitModule, reportsModule];

/** The migrations of every module; names sort in the order they run. */
export const allMigrations: Migrations = Object.assign({}, ...modules.map((module) => module.migrations)) as Migrations;
