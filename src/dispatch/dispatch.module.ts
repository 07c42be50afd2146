import { DomainError } from '../core/errors.js';
import type { AmaneModule } from '../core/module.js';
import { principalOf } from '../units/unit.mqtt.js';
import { acknowledge } from './dispatch.service.js';
import { dispatchMigrations } from './dispatch.migrations.js';
import { registerDispatchRoutes } from './dispatch.routes.js';

/** Dispatch: which units go where, recommended by road travel time. */
export const dispatchModule: AmaneModule = {
  name: 'dispatch',
  migrations: dispatchMigrations,
  registerRoutes(app, core) {
    registerDispatchRoutes(app, core);
  },
  start(core) {
    // A unit's device acknowledges its orders on `amane/units/{callSign}/ack` (any payload).
    core.mqtt?.subscribe('amane/units/+/ack', async (message) => {
      const callSign = message.topic.split('/')[2]!;
      try {
        await acknowledge(core, principalOf(message, callSign), message.device === undefined ? 'system:mqtt' : `device:${message.device.name}`, callSign);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        core.log.warn({ topic: message.topic, code: error.code, err: error.message }, 'acknowledgement over MQTT refused');
      }
    });
  },
};
