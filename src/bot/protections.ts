// freqtrade's protections for the live bot: after a trade closes, the shared protection rules
// (domain/protections.ts, also used by backtesting) decide which pairs to lock and until when.

import type { Config } from '../config/schema.ts';
import type { TradeRow } from '../db/schema.ts';
import { type ProtectionLock, protectionLocks, protectionLookbackMs } from '../domain/protections.ts';

type Protection = Config['protections'][number];

export type LockDecision = ProtectionLock;

/**
 * Locks to create after `closed` closed. `recent` are closed trades within the longest lookback
 * (including `closed`).
 */
export function evaluateProtections(
  protections: Protection[],
  closed: TradeRow,
  recent: TradeRow[],
  ctx: { now: number; timeframeMs: number },
): LockDecision[] {
  return protectionLocks(
    protections,
    recent,
    closed.pair,
    closed.isShort ? 'short' : 'long',
    ctx.now,
    ctx.timeframeMs / 60_000,
  );
}

export function longestLookbackMs(protections: Protection[], timeframeMs: number): number {
  return protectionLookbackMs(protections, timeframeMs / 60_000);
}
