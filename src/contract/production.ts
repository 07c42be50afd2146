import { lifecycle } from './lifecycle.js';

/** The batches' statuses and their lifecycle, in one table, as server and console know them. */

export const BatchStatus = {
  scheduled: 'scheduled',
  produced: 'produced',
  shipped: 'shipped',
  received: 'received',
  /** Its centre went offline before producing it; its applications went back to the queue. */
  cancelled: 'cancelled',
} as const;

export type BatchStatus = (typeof BatchStatus)[keyof typeof BatchStatus];

export const BatchAction = { produce: 'produce', ship: 'ship', receive: 'receive', cancel: 'cancel' } as const;

export type BatchAction = (typeof BatchAction)[keyof typeof BatchAction];

/** A batch's lifecycle: scheduled -> produced -> shipped -> received at the desk; cancelled when its centre goes offline first. */
export const batchTransitions: Readonly<Record<BatchStatus, Partial<Record<BatchAction, BatchStatus>>>> = {
  scheduled: { produce: BatchStatus.produced, cancel: BatchStatus.cancelled },
  produced: { ship: BatchStatus.shipped },
  shipped: { receive: BatchStatus.received },
  received: {},
  cancelled: {},
};

const batchLifecycle = lifecycle(batchTransitions);

/** The status after `action`, or a refusal naming what is allowed. */
export function nextBatchStatus(id: string, status: BatchStatus, action: BatchAction): BatchStatus {
  return batchLifecycle.check(`batch ${id}`, status, action);
}
