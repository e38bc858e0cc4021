// freqtrade's protections and pair locks as backtesting runs them (--enable-protections): after
// each exit, per-pair stops then global stops; a lock ends on the next candle boundary after
// `until` and (in memory, as backtesting keeps them) blocks entries up to and including that time.

import { timeframeToMs } from '../exchange/port.ts';
import type { BtLock, BtTrade, ProtectionSetting } from './types.ts';

const STOP_REASONS = new Set(['trailing_stop_loss', 'stop_loss', 'stoploss_on_exchange', 'liquidation']);

interface ProtectionReturn {
  until: number;
  reason: string;
  side: '*' | 'long' | 'short';
}

function minutes(n: number): number {
  return n * 60_000;
}

/** A protection with freqtrade's defaults resolved (durations in ms). */
interface Resolved {
  p: ProtectionSetting;
  stopMs: number;
  lookbackMs: number;
  global: boolean;
  local: boolean;
}

function resolve(p: ProtectionSetting, tfMin: number): Resolved {
  const stopMs = minutes(
    p.stop_duration_candles !== undefined ? tfMin * p.stop_duration_candles : (p.stop_duration ?? 60),
  );
  const lookbackMs = minutes(
    p.lookback_period_candles !== undefined ? tfMin * p.lookback_period_candles : (p.lookback_period ?? 60),
  );
  const global = p.method === 'MaxDrawdown' || (p.method === 'StoplossGuard' && !p.only_per_pair);
  const local = p.method !== 'MaxDrawdown';
  return { p, stopMs, lookbackMs, global, local };
}

function lockEnd(trades: readonly BtTrade[], stopMs: number): number {
  let max = 0;
  for (const t of trades) if (t.closeDate !== null && t.closeDate > max) max = t.closeDate;
  return max + stopMs;
}

/** Largest absolute drawdown of the cumulative close_profit (freqtrade's calculate_max_drawdown). */
function maxDrawdownAbs(trades: readonly BtTrade[]): number | null {
  const sorted = [...trades].sort((a, b) => (a.closeDate ?? 0) - (b.closeDate ?? 0));
  let cum = 0;
  let high = Number.NEGATIVE_INFINITY;
  let worst = 0;
  let worstIdx = 0;
  sorted.forEach((t, i) => {
    cum += t.closeProfit ?? 0;
    high = Math.max(high, cum);
    if (cum - high < worst) {
      worst = cum - high;
      worstIdx = i;
    }
  });
  return worstIdx === 0 ? null : Math.abs(worst);
}

export class ProtectionManager {
  private readonly handlers: Resolved[];
  readonly locks: BtLock[] = [];
  private lockId = 0;

  private readonly timeframe: string;
  private readonly closed: () => readonly BtTrade[];

  constructor(protections: readonly ProtectionSetting[], timeframe: string, closed: () => readonly BtTrade[]) {
    this.timeframe = timeframe;
    this.closed = closed;
    const tfMin = timeframeToMs(timeframe) / 60_000;
    this.handlers = protections.map((p) => resolve(p, tfMin));
  }

  private recent(now: number, lookbackMs: number, pair?: string): BtTrade[] {
    const since = now - lookbackMs;
    return this.closed().filter((t) => t.closeDate !== null && t.closeDate > since && (!pair || t.pair === pair));
  }

  private evaluate(
    h: Resolved,
    now: number,
    side: 'long' | 'short',
    pair: string | undefined,
  ): ProtectionReturn | null {
    const p = h.p;
    switch (p.method) {
      case 'CooldownPeriod': {
        if (!pair) return null;
        const trades = this.recent(now, h.lookbackMs, pair);
        if (trades.length === 0) return null;
        const last = trades.reduce((a, b) => ((b.closeDate ?? 0) >= (a.closeDate ?? 0) ? b : a));
        return { until: lockEnd([last], h.stopMs), reason: 'Cooldown period', side: '*' };
      }
      case 'StoplossGuard': {
        let trades = this.recent(now, h.lookbackMs, pair).filter(
          (t) => STOP_REASONS.has(t.exitReason ?? '') && t.closeProfit && t.closeProfit < (p.required_profit ?? 0),
        );
        if (p.only_per_side) trades = trades.filter((t) => (t.isShort ? 'short' : 'long') === side);
        if (trades.length < (p.trade_limit ?? 10)) return null;
        return {
          until: lockEnd(trades, h.stopMs),
          reason: `${p.trade_limit ?? 10} stoplosses in ${h.lookbackMs / 60_000} min`,
          side: p.only_per_side ? side : '*',
        };
      }
      case 'MaxDrawdown': {
        const trades = this.recent(now, h.lookbackMs);
        if (trades.length < (p.trade_limit ?? 1)) return null;
        const dd = maxDrawdownAbs(trades);
        if (dd === null || !(dd > (p.max_allowed_drawdown ?? 0))) return null;
        return { until: lockEnd(trades, h.stopMs), reason: `${dd} passed ${p.max_allowed_drawdown ?? 0}`, side: '*' };
      }
      case 'LowProfitPairs': {
        if (!pair) return null;
        const trades = this.recent(now, h.lookbackMs, pair);
        if (trades.length < (p.trade_limit ?? 1)) return null;
        let profit = 0;
        for (const t of trades) {
          if (t.closeProfit && (!p.only_per_side || (t.isShort ? 'short' : 'long') === side)) profit += t.closeProfit;
        }
        if (!(profit < (p.required_profit ?? 0))) return null;
        return {
          until: lockEnd(trades, h.stopMs),
          reason: `${profit} < ${p.required_profit ?? 0}`,
          side: p.only_per_side ? side : '*',
        };
      }
    }
    return null;
  }

  /** freqtrade's run_protections: stop_per_pair, then global_stop. */
  afterExit(pair: string, now: number, side: 'long' | 'short'): void {
    for (const h of this.handlers) {
      if (!h.local) continue;
      const r = this.evaluate(h, now, side, pair);
      if (r && !this.isLocked(pair, r.until, r.side)) this.lock(pair, r, now, h.p.method);
    }
    for (const h of this.handlers) {
      if (!h.global) continue;
      const r = this.evaluate(h, now, side, undefined);
      if (r && !this.isGlobalLocked(r.until, r.side)) this.lock('*', r, now, h.p.method);
    }
  }

  private lock(pair: string, r: ProtectionReturn, now: number, method: string): void {
    const tf = timeframeToMs(this.timeframe);
    this.locks.push({
      id: ++this.lockId,
      pair,
      side: r.side,
      lockTime: now,
      // ccxt's round_timeframe(ROUND_UP) always moves to the next boundary.
      lockEndTime: r.until - (r.until % tf) + tf,
      reason: `${r.reason} (${method})`,
      active: true,
    });
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
