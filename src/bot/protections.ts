// freqtrade's protections: after a trade closes, each configured protection may lock the pair
// (or every pair) for a while. Durations are in candles of the strategy timeframe or minutes.

import type { Config } from '../config/schema.ts';
import type { TradeRow } from '../db/schema.ts';

type Protection = Config['protections'][number];

export interface LockDecision {
  pair: string; // '*' = every pair
  side: '*' | 'long' | 'short';
  until: number;
  reason: string;
  method: string;
}

const STOP_REASONS = new Set(['stop_loss', 'stoploss_on_exchange', 'trailing_stop_loss', 'liquidation']);

function durationMs(p: Protection, candles: number | undefined, minutes: number | undefined, tfMs: number): number {
  if (candles !== undefined) return candles * tfMs;
  if (minutes !== undefined) return minutes * 60_000;
  void p;
  return 0;
}

/** Drawdown of the cumulative closed-profit curve relative to its peak (ratio of the peak balance). */
function maxDrawdown(trades: TradeRow[], startingBalance: number): number {
  let balance = startingBalance;
  let peak = startingBalance;
  let worst = 0;
  for (const t of trades) {
    balance += t.closeProfitAbs ?? 0;
    peak = Math.max(peak, balance);
    if (peak > 0) worst = Math.max(worst, (peak - balance) / peak);
  }
  return worst;
}

/**
 * Locks to create after `closed` closed. `recent` are closed trades within the longest lookback,
 * oldest first (including `closed`).
 */
export function evaluateProtections(
  protections: Protection[],
  closed: TradeRow,
  recent: TradeRow[],
  ctx: { now: number; timeframeMs: number; startingBalance: number },
): LockDecision[] {
  const out: LockDecision[] = [];
  const side = closed.isShort ? 'short' : 'long';
  for (const p of protections) {
    const stopFor = durationMs(p, p.stop_duration_candles, p.stop_duration, ctx.timeframeMs);
    const lookback = durationMs(p, p.lookback_period_candles, p.lookback_period, ctx.timeframeMs);
    const inWindow = recent.filter((t) => (t.closeDate ?? 0) >= ctx.now - lookback);
    const until = ctx.now + stopFor;
    switch (p.method) {
      case 'CooldownPeriod':
        out.push({ pair: closed.pair, side: '*', until, reason: 'Cooldown period', method: p.method });
        break;
      case 'StoplossGuard': {
        const limit = p.trade_limit ?? 10;
        const required = p.required_profit ?? 0;
        const relevant = inWindow.filter(
          (t) =>
            STOP_REASONS.has(t.exitReason ?? '') &&
            (t.closeProfit ?? 0) < required &&
            (!p.only_per_pair || t.pair === closed.pair) &&
            (!p.only_per_side || t.isShort === closed.isShort),
        );
        if (relevant.length >= limit)
          out.push({
            pair: p.only_per_pair ? closed.pair : '*',
            side: p.only_per_side ? side : '*',
            until,
            reason: `${relevant.length} stoplosses in ${Math.round(lookback / 60_000)} min.`,
            method: p.method,
          });
        break;
      }
      case 'MaxDrawdown': {
        const limit = p.trade_limit ?? 1;
        if (inWindow.length < limit) break;
        const dd = maxDrawdown(inWindow, ctx.startingBalance);
        if (dd > (p.max_allowed_drawdown ?? 0.2))
          out.push({
            pair: '*',
            side: '*',
            until,
            reason: `Max drawdown ${(dd * 100).toFixed(2)}% reached.`,
            method: p.method,
          });
        break;
      }
      case 'LowProfitPairs': {
        const limit = p.trade_limit ?? 1;
        const pairTrades = inWindow.filter(
          (t) => t.pair === closed.pair && (!p.only_per_side || t.isShort === closed.isShort),
        );
        if (pairTrades.length < limit) break;
        const profit = pairTrades.reduce((s, t) => s + (t.closeProfit ?? 0), 0);
        if (profit < (p.required_profit ?? 0))
          out.push({
            pair: closed.pair,
            side: p.only_per_side ? side : '*',
            until,
            reason: `${profit.toFixed(4)} < ${p.required_profit ?? 0} in ${Math.round(lookback / 60_000)} min.`,
            method: p.method,
          });
        break;
      }
    }
  }
  return out;
}

export function longestLookbackMs(protections: Protection[], timeframeMs: number): number {
  let max = 0;
  for (const p of protections)
    max = Math.max(max, durationMs(p, p.lookback_period_candles, p.lookback_period, timeframeMs));
  return max;
}
