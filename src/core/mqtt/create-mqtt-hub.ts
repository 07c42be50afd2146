import type { Core } from '../context.js';
import { EmbeddedMqttHub } from './embedded-hub.js';
import { ExternalMqttHub } from './external-hub.js';

/** The hub the configuration asks for (AMANE_MQTT), not started yet; undefined when it is `off`. */
export function createMqttHub(core: Core): EmbeddedMqttHub | ExternalMqttHub | undefined {
  switch (core.config.mqttMode) {
    case 'embedded':
      return new EmbeddedMqttHub(core);
    case 'external':
      return new ExternalMqttHub(core);
    case 'off':
      return undefined;
  }
}
