import { connectAsync, type MqttClient } from 'mqtt';
import type { SimClient } from './sim-http.js';

/** A position fix as a tracker sends it (speed km/h, heading degrees, accuracy metres, at epoch ms). */
export interface TrackerFix {
  readonly callSign: string;
  readonly lat: number;
  readonly lon: number;
  readonly speed: number;
  readonly heading: number | null;
  readonly accuracy: number;
  readonly at: number;
}

/** An order a unit's device receives on `amane/units/{callSign}/dispatch`. */
export interface UnitOrder {
  readonly type: 'assigned' | 'released';
  readonly incident: string;
  readonly at?: string;
  readonly priority?: string;
  readonly incidentType?: string;
  readonly location?: { readonly lat: number; readonly lon: number };
}

/** How the trackers' gateway reaches the centre: MQTT like a real one, or HTTP when there is no broker. */
export interface AvlLink {
  /** Whether orders arrive on the link (MQTT); over HTTP the dispatcher's answer stands in for them. */
  readonly carriesOrders: boolean;
  /** Sends fixes; resolves once the centre has them (MQTT: every PUBACK, QoS 1). */
  send(fixes: readonly TrackerFix[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The gateway on the centre's MQTT broker: it logs in with its device token, subscribes to each of its
 * units' dispatch topics, and publishes each unit's fixes on `amane/units/{callSign}/position` at QoS 1.
 * The broker hands a fix to the tracker before it acknowledges it, so once `send` resolves the centre
 * has judged every fix sent.
 */
export async function mqttAvlLink(url: string, device: { name: string; token: string }, callSigns: readonly string[], onOrder: (callSign: string, order: UnitOrder) => void): Promise<AvlLink> {
  const client: MqttClient = await connectAsync(url, {
    username: device.name,
    password: device.token,
    clientId: device.name,
    clean: true,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
  });
  // Small packets at once: with Nagle's algorithm each batch of fixes waited for the last one's ACK
  // (13 ms a batch instead of 5 on this machine).
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  client.on('message', (topic, payload) => {
    const callSign = topic.split('/')[2];
    if (callSign === undefined) return;
    try {
      onOrder(callSign, JSON.parse(payload.toString('utf8')) as UnitOrder);
    } catch {
      // Not an order this gateway understands.
    }
  });
  for (let i = 0; i < callSigns.length; i += 200) {
    await client.subscribeAsync(callSigns.slice(i, i + 200).map((cs) => `amane/units/${cs}/dispatch`), { qos: 1 });
  }
  return {
    carriesOrders: true,
    async send(fixes) {
      await Promise.all(
        fixes.map(({ callSign, ...fix }) => client.publishAsync(`amane/units/${callSign}/position`, JSON.stringify(fix), { qos: 1 })),
      );
    },
    async close() {
      await client.endAsync();
    },
  };
}

/** The gateway without a broker: `POST /avl/positions` in batches, answered once the fixes are stored. */
export function httpAvlLink(gateway: SimClient): AvlLink {
  return {
    carriesOrders: false,
    async send(fixes) {
      for (let i = 0; i < fixes.length; i += 1_000) await gateway.post('/avl/positions', { fixes: fixes.slice(i, i + 1_000) });
    },
    async close() {},
  };
}
