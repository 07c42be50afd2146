import { randomBytes } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { listDevices, registerDevice, revokeDevice } from '../core/auth/device.service.js';
import { findUserByUsername } from '../core/auth/user.repository.js';
import { resetPassword } from '../core/auth/user.service.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { changeUnit, listUnits, type Unit } from '../units/index.js';
import { SimClient, SimHttpError } from './sim-http.js';

/** The journal's name for what the simulator sets up for itself (its devices, its accounts). */
export const SIM_ACTOR: Actor = 'system:sim';

const SIM_DEVICE = /^sim-(telephony|avl|nvr)-(\d+)$/;

/** The devices the simulator speaks through: the line-19 telephony, and the trackers' gateway. */
export interface SimDevices {
  readonly telephony: SimClient;
  /** One gateway tracks every simulated unit (the server allows a device to be the tracker of several units). */
  readonly gateway: { readonly name: string; readonly token: string; readonly client: SimClient };
  /** The cameras' recorder (a Frigate NVR): it reports heartbeats and events for every camera. */
  readonly recorder: { readonly name: string; readonly token: string; readonly client: SimClient };
  /** The units the gateway tracks: those with no tracker and no crew of their own, which the simulator drives. */
  readonly units: readonly string[];
}

/**
 * Registers the simulator's devices for this run (telephony, trackers' gateway, cameras' recorder). Device tokens are shown once and the simulator keeps
 * no secret between runs, so each start revokes the devices of the previous one and registers the next
 * generation (`sim-avl-2`, `sim-avl-3`, ...), then makes the new gateway the tracker of every unit that
 * has none or had the old gateway. A unit with a real tracker is left to it, and so is a unit with a
 * crew (`simulatedUnit`): its people move it, from their phones.
 */
export async function issueSimDevices(core: Core, app: App): Promise<SimDevices> {
  let generation = 0;
  for (const device of await listDevices(core.db)) {
    const match = SIM_DEVICE.exec(device.name);
    if (match === null) continue;
    generation = Math.max(generation, Number(match[2]));
    if (device.revokedAt === null) await revokeDevice(core, SIM_ACTOR, device.id, 'the simulator restarted; it keeps no device token between runs');
  }
  generation += 1;
  const telephony = await registerDevice(core, SIM_ACTOR, { name: `sim-telephony-${generation}`, kind: 'telephony' });
  const gateway = await registerDevice(core, SIM_ACTOR, { name: `sim-avl-${generation}`, kind: 'vehicle' });
  const recorder = await registerDevice(core, SIM_ACTOR, { name: `sim-nvr-${generation}`, kind: 'recorder' });
  const units: string[] = [];
  for (const unit of await listUnits(core)) {
    if (!simulatedUnit(unit)) {
      // A crew given to a unit the simulator drove before: the previous run's gateway lets go of it.
      if (unit.device !== null && SIM_DEVICE.test(unit.device)) await changeUnit(core, SIM_ACTOR, unit.callSign, { device: null });
      continue;
    }
    await changeUnit(core, SIM_ACTOR, unit.callSign, { device: gateway.device.name });
    units.push(unit.callSign);
  }
  return {
    telephony: SimClient.device(app, telephony.device.name, telephony.token),
    gateway: { name: gateway.device.name, token: gateway.token, client: SimClient.device(app, gateway.device.name, gateway.token) },
    recorder: { name: recorder.device.name, token: recorder.token, client: SimClient.device(app, recorder.device.name, recorder.token) },
    units,
  };
}

/**
 * Whether the simulator drives a unit: not one with a tracker of its own (a real vehicle reports for it),
 * nor one with a crew (people sign in as its crew and are its tracker and its voice from their phones:
 * the demo's field officer and the first patrol car). A simulated tracker beside a person's phone would
 * move the car under them, answer orders before them, and make the phone's fixes look old.
 */
export function simulatedUnit(unit: Pick<Unit, 'device' | 'crew'>): boolean {
  if (unit.device !== null && !SIM_DEVICE.test(unit.device)) return false;
  return unit.crew.length === 0;
}

/**
 * A person the simulator plays, logged in through `POST /auth/login`. With a password known (given at
 * the demo's seeding in this process, or AMANE_DEMO_PASSWORD), it logs in with it; otherwise, as an
 * administrator would, it resets the password (journaled), logs in with the one-time password and
 * changes it to one it keeps in memory only. Undefined when there is no such account.
 */
export async function simPerson(core: Core, app: App, username: string, knownPassword: string | undefined): Promise<SimClient | undefined> {
  const row = await findUserByUsername(core.db, username);
  if (row === undefined || row.disabled_at !== null) return undefined;
  if (knownPassword !== undefined) {
    const client = SimClient.user(app, username, knownPassword);
    try {
      await client.login();
      return client;
    } catch (error) {
      if (!(error instanceof SimHttpError) || error.status !== 401) throw error;
    }
  }
  const { oneTimePassword } = await resetPassword(core, SIM_ACTOR, row.id);
  const client = SimClient.user(app, username, oneTimePassword);
  await client.login();
  await client.changePassword(randomBytes(18).toString('base64url'));
  return client;
}
