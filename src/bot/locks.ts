// Pair locks: whether a pair (or everything) may be entered now, and freqtrade's rounding of a
// lock's end up to the next candle.

import type { PairLockRow } from '../db/schema.ts';
import { timeframeToMs } from '../exchange/port.ts';

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
