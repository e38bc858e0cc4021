// Pair locks: whether a pair (or everything) may be entered now, and freqtrade's rounding of a
// lock's end up to the next candle.

import type { Db } from '../db/client.ts';
import { activeLocks, deactivateLocks, insertLock } from '../db/repo/locks.ts';
import type { PairLockRow } from '../db/schema.ts';
import { timeframeToMs } from '../exchange/port.ts';
import type { LockRequest } from './api.ts';

export function roundUpToCandle(ms: number, timeframe: string): number {
  const tf = timeframeToMs(timeframe);
  return Math.ceil(ms / tf) * tf;
}

/** A lock blocks `pair` for `side` if it is global ('*' pair) or for the pair, on that side or both. */
export function isLocked(
  locks: PairLockRow[],
  pair: string,
  side: 'long' | 'short',
  now: number,
): PairLockRow | undefined {
  return locks.find(
    (l) =>
      l.active && l.lockEndTime > now && (l.pair === '*' || l.pair === pair) && (l.side === '*' || l.side === side),
  );
}

/** Locks from /locks POST, each ending at the candle boundary at or after its `until`. */
export async function insertLocks(db: Db, locks: LockRequest[], now: number, timeframe: string): Promise<void> {
  for (const l of locks) {
    await insertLock(db, {
      pair: l.pair,
      side: l.side,
      reason: l.reason ?? null,
      lockTime: now,
      lockEndTime: roundUpToCandle(l.until, timeframe),
    });
  }
}

/** Ends the active locks of `pair` on both sides (freqtrade's unlock_pair). */
export async function unlockPair(db: Db, pair: string, now: number): Promise<void> {
  const ids = (await activeLocks(db, now)).filter((l) => l.pair === pair && l.side === '*').map((l) => l.id);
  await deactivateLocks(db, ids, now);
}
