/**
 * A unit's MQTT topics, the units module's own: `amane/units/{callSign}/position`, `/status` and `/ack`
 * (the unit's device publishes), `/dispatch` (the device subscribes; the server publishes its orders:
 * assignments from dispatch, withdrawals from an EOD cordon).
 */
export type UnitTopicLeaf = 'position' | 'status' | 'ack' | 'dispatch';

/** Matches a unit's topic; the groups are the call sign and the leaf. */
export const UNIT_TOPIC = /^amane\/units\/([A-Z0-9][A-Z0-9-]{1,23})\/(position|status|ack|dispatch)$/;

export function unitTopic(callSign: string, leaf: UnitTopicLeaf): string {
  return `amane/units/${callSign}/${leaf}`;
}

/** The filter of one leaf for every unit: `amane/units/+/position`. */
export function unitTopicFilter(leaf: UnitTopicLeaf): string {
  return `amane/units/+/${leaf}`;
}
