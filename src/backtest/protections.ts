// Protections and pair locks as backtesting runs them (--enable-protections): the shared
// freqtrade protection rules (domain/protections.ts) after each exit, locks kept in memory as
// freqtrade's PairLocks does in backtesting (an entry is blocked while lock_end_time >= candle time).

import { lockEndTime, type ProtectionSettings, protectionLocks } from '../domain/protections.ts';
import { timeframeToMs } from '../exchange/port.ts';
import type { BtLock, BtTrade } from './types.ts';

export class ProtectionManager {
  readonly locks: BtLock[] = [];
  private readonly protections: readonly ProtectionSettings[];
  private readonly timeframeMs: number;
  private readonly closed: () => readonly BtTrade[];
  private lockId = 0;

  constructor(protections: readonly ProtectionSettings[], timeframe: string, closed: () => readonly BtTrade[]) {
    this.protections = protections;
    this.timeframeMs = timeframeToMs(timeframe);
    this.closed = closed;
  }

  /** freqtrade's run_protections: stop_per_pair, then global_stop. */
  afterExit(pair: string, now: number, side: 'long' | 'short'): void {
    if (this.protections.length === 0) return;
    const locks = protectionLocks(
      this.protections,
      this.closed(),
      pair,
      side,
      now,
      this.timeframeMs / 60_000,
      (p, until, s) => (p === '*' ? this.isGlobalLocked(until, s) : this.isLocked(p, until, s)),
    );
    for (const l of locks) {
      this.locks.push({
        id: ++this.lockId,
        pair: l.pair,
        side: l.side,
        lockTime: now,
        lockEndTime: lockEndTime(l.until, this.timeframeMs),
        reason: l.reason,
        active: true,
      });
    }
  }

  private matches(l: BtLock, pair: string, now: number, side: string): boolean {
    return l.active && l.lockEndTime >= now && l.pair === pair && (l.side === '*' || l.side === side);
  }

  isGlobalLocked(now: number, side: string): boolean {
    return this.locks.some((l) => this.matches(l, '*', now, side));
  }

  /** freqtrade's PairLocks.is_pair_locked: a lock of the pair or a global lock, on the side or both. */
  isLocked(pair: string, now: number, side: string): boolean {
    if (this.locks.length === 0) return false;
    return this.isGlobalLocked(now, side) || this.locks.some((l) => this.matches(l, pair, now, side));
  }
}
