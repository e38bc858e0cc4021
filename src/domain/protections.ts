// freqtrade's protections (plugins/protections) as pure functions, shared by the live bot and the
// backtest: after a trade closes, each protection with a per-pair stop looks at recent closed
// trades of the pair, then each with a global stop at all of them, and may ask for a lock.

export type ProtectionMethod = 'CooldownPeriod' | 'StoplossGuard' | 'MaxDrawdown' | 'LowProfitPairs';

export interface ProtectionSettings {
  method: ProtectionMethod;
  stop_duration_candles?: number;
  stop_duration?: number;
  lookback_period_candles?: number;
  lookback_period?: number;
  trade_limit?: number;
  only_per_pair?: boolean;
  only_per_side?: boolean;
  max_allowed_drawdown?: number;
  required_profit?: number;
}

/** What protections read of a closed trade. */
export interface ClosedTradeInfo {
  pair: string;
  isShort: boolean;
  closeDate: number | null;
  closeProfit?: number | null;
  exitReason: string | null;
}

export interface ProtectionLock {
  /** '*' locks every pair. */
  pair: string;
  side: '*' | 'long' | 'short';
  /** When the lock should end, before rounding up to the next candle (see lockEndTime). */
  until: number;
  reason: string;
  method: ProtectionMethod;
}

const STOP_REASONS = new Set(['trailing_stop_loss', 'stop_loss', 'stoploss_on_exchange', 'liquidation']);
const MINUTE = 60_000;

const plural = (n: number, one: string) => (n === 1 || n === -1 ? one : `${one}s`);

interface Resolved {
  p: ProtectionSettings;
  stopMinutes: number;
  lookbackMinutes: number;
  stopText: string;
  lookbackText: string;
  global: boolean;
  local: boolean;
}

/** IProtection's defaults: durations in candles or minutes (stop 60, lookback 60 minutes). */
function resolve(p: ProtectionSettings, tfMinutes: number): Resolved {
  const stopCandles = p.stop_duration_candles;
  const lookCandles = p.lookback_period_candles;
  const stopMinutes = stopCandles !== undefined ? tfMinutes * stopCandles : (p.stop_duration ?? 60);
  const lookbackMinutes = lookCandles !== undefined ? tfMinutes * lookCandles : (p.lookback_period ?? 60);
  return {
    p,
    stopMinutes,
    lookbackMinutes,
    stopText: stopCandles
      ? `${stopCandles} ${plural(stopCandles, 'candle')}`
      : `${stopMinutes} ${plural(stopMinutes, 'minute')}`,
    lookbackText: lookCandles
      ? `${lookCandles} ${plural(lookCandles, 'candle')}`
      : `${lookbackMinutes} ${plural(lookbackMinutes, 'minute')}`,
    global: p.method === 'MaxDrawdown' || (p.method === 'StoplossGuard' && !p.only_per_pair),
    local: p.method !== 'MaxDrawdown',
  };
}

/** The longest lookback of the protections, in ms: how far back callers must supply trades. */
export function protectionLookbackMs(protections: readonly ProtectionSettings[], timeframeMinutes: number): number {
  return Math.max(0, ...protections.map((p) => resolve(p, timeframeMinutes).lookbackMinutes * MINUTE));
}

/** freqtrade's lock end: ccxt's round_timeframe(ROUND_UP), always the next candle boundary. */
export function lockEndTime(until: number, timeframeMs: number): number {
  return until - (until % timeframeMs) + timeframeMs;
}

function lockEnd(trades: readonly ClosedTradeInfo[], stopMinutes: number): number {
  let max = 0;
  for (const t of trades) if (t.closeDate !== null && t.closeDate > max) max = t.closeDate;
  return max + stopMinutes * MINUTE;
}

/** Largest fall of the cumulative close_profit (freqtrade's calculate_max_drawdown on close_profit); null without one. */
function drawdownOfRatios(trades: readonly ClosedTradeInfo[]): number | null {
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

const sideOf = (t: ClosedTradeInfo) => (t.isShort ? 'short' : 'long');

function evaluate(
  h: Resolved,
  trades: readonly ClosedTradeInfo[],
  now: number,
  side: 'long' | 'short',
  pair: string | undefined,
): Omit<ProtectionLock, 'pair'> | null {
  const p = h.p;
  const since = now - h.lookbackMinutes * MINUTE;
  const recent = trades.filter((t) => t.closeDate !== null && t.closeDate > since && (!pair || t.pair === pair));
  const method = p.method;
  switch (method) {
    case 'CooldownPeriod': {
      if (!pair || recent.length === 0) return null;
      const last = recent.reduce((a, b) => ((b.closeDate ?? 0) >= (a.closeDate ?? 0) ? b : a));
      return { until: lockEnd([last], h.stopMinutes), reason: `Cooldown period for ${h.stopText}.`, side: '*', method };
    }
    case 'StoplossGuard': {
      const limit = p.trade_limit ?? 10;
      let hits = recent.filter(
        (t) => STOP_REASONS.has(t.exitReason ?? '') && t.closeProfit && t.closeProfit < (p.required_profit ?? 0),
      );
      if (p.only_per_side) hits = hits.filter((t) => sideOf(t) === side);
      if (hits.length < limit) return null;
      return {
        until: lockEnd(hits, h.stopMinutes),
        reason: `${limit} stoplosses in ${h.lookbackMinutes} min, locking for ${h.stopText}.`,
        side: p.only_per_side ? side : '*',
        method,
      };
    }
    case 'MaxDrawdown': {
      const allowed = p.max_allowed_drawdown ?? 0;
      if (recent.length < (p.trade_limit ?? 1)) return null;
      const dd = drawdownOfRatios(recent);
      if (dd === null || !(dd > allowed)) return null;
      return {
        until: lockEnd(recent, h.stopMinutes),
        reason: `${dd} passed ${allowed} in ${h.lookbackText}, locking for ${h.stopText}.`,
        side: '*',
        method,
      };
    }
    case 'LowProfitPairs': {
      const required = p.required_profit ?? 0;
      if (!pair || recent.length < (p.trade_limit ?? 1)) return null;
      let profit = 0;
      for (const t of recent) if (t.closeProfit && (!p.only_per_side || sideOf(t) === side)) profit += t.closeProfit;
      if (!(profit < required)) return null;
      return {
        until: lockEnd(recent, h.stopMinutes),
        reason: `${profit} < ${required} in ${h.lookbackText}, locking for ${h.stopText}.`,
        side: p.only_per_side ? side : '*',
        method,
      };
    }
  }
  return null;
}

/**
 * freqtrade's run_protections after a trade of `pair` on `side` closed at `now`: per-pair stops,
 * then global stops. `trades` are closed trades (at least those within the longest lookback).
 * `alreadyLocked(pair, until, side)` skips a lock already covered, as the ProtectionManager does.
 */
export function protectionLocks(
  protections: readonly ProtectionSettings[],
  trades: readonly ClosedTradeInfo[],
  pair: string,
  side: 'long' | 'short',
  now: number,
  timeframeMinutes: number,
  alreadyLocked: (pair: string, until: number, side: '*' | 'long' | 'short') => boolean = () => false,
): ProtectionLock[] {
  const handlers = protections.map((p) => resolve(p, timeframeMinutes));
  const out: ProtectionLock[] = [];
  for (const h of handlers) {
    if (!h.local) continue;
    const r = evaluate(h, trades, now, side, pair);
    if (r && !alreadyLocked(pair, r.until, r.side)) out.push({ ...r, pair });
  }
  for (const h of handlers) {
    if (!h.global) continue;
    const r = evaluate(h, trades, now, side, undefined);
    if (r && !alreadyLocked('*', r.until, r.side)) out.push({ ...r, pair: '*' });
  }
  return out;
}
