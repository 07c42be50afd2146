import { DomainError } from '../core/errors.js';
import type { AmaneModule } from '../core/module.js';
import { StateKey } from '../core/module-state.js';
import { principalOf, unitTopicFilter } from '../units/index.js';
import { acknowledge, startFollowingUnits } from './dispatch.service.js';
import { dispatchMigrations } from './dispatch.migrations.js';
import { registerDispatchRoutes } from './dispatch.routes.js';

/** The removal of the follower that moves incidents along with their units. */
const followingKey = new StateKey<() => void>('dispatch: incidents following their units');

/** Dispatch: which units go where, recommended by road travel time. */
export const dispatchModule: AmaneModule = {
  name: 'dispatch',
  migrations: dispatchMigrations,
  registerRoutes(app, core) {
    registerDispatchRoutes(app, core);
  },
  start(core) {
    core.state.set(followingKey, startFollowingUnits(core));
    // A unit's device acknowledges its orders on `amane/units/{callSign}/ack` (any payload).
    core.mqtt?.subscribe(unitTopicFilter('ack'), async (message) => {
      const callSign = message.topic.split('/')[2]!;
      try {
        await acknowledge(core, principalOf(message, callSign), message.device === undefined ? 'system:mqtt' : `device:${message.device.name}`, callSign);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        core.log.warn({ topic: message.topic, code: error.code, err: error.message }, 'acknowledgement over MQTT refused');
      }
    });
  },
  stop(core) {
    core.state.find(followingKey)?.();
    core.state.delete(followingKey);
  },
};
