import { batchTransitions, type BatchStatus } from '@contract';
import type { ProductionBoard } from '@contract/shapes';

/** Why a board shows nothing scheduled: the words `issuance.empty.{why}` say it. */
export type NothingScheduled = 'offline' | 'noStock' | 'noCapacity' | 'noQueue' | 'notScheduled';

/**
 * Why a board shows nothing scheduled, in the order the operator can act on it: the centre offline,
 * no blank cards, no capacity that day, nothing approved waiting, or the day not scheduled yet.
 */
export function nothingScheduled(board: ProductionBoard): NothingScheduled {
  if (!board.centre.online) return 'offline';
  if (board.stockFree === 0) return 'noStock';
  if (board.capacityLeft === 0) return 'noCapacity';
  if (board.queue === 0) return 'noQueue';
  return 'notScheduled';
}

/** The share of the day's capacity scheduled, from 0 to 1 (a centre with no capacity has used none). */
export function capacityUsed(board: ProductionBoard | undefined): number {
  return board === undefined || board.centre.dailyCapacity === 0 ? 0 : Math.min(1, board.scheduled / board.centre.dailyCapacity);
}

/** Decimals of the share shown: under one percent, two (one card of 12,000 is not "0 %"). */
export function shareDigits(used: number): number {
  return used > 0 && used < 0.01 ? 2 : 0;
}

/** The centre to show: the one chosen while it exists, else the first of the list (none while the list is empty). */
export function centreShown(codes: readonly string[], chosen: string): string {
  return codes.length === 0 || codes.includes(chosen) ? chosen : codes[0]!;
}

/** What the issuance centre does next with a batch, from the contract's table: produce it, ship it, or nothing here. */
export function batchStep(status: BatchStatus): 'produce' | 'ship' | null {
  const next = batchTransitions[status];
  if (next.produce !== undefined) return 'produce';
  if (next.ship !== undefined) return 'ship';
  return null;
}
