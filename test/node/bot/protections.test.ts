import { describe, expect, it } from 'vitest';
import { evaluateProtections } from '../../../src/bot/protections.ts';
import type { TradeRow } from '../../../src/db/schema.ts';

const NOW = Date.UTC(2026, 0, 10, 12);
const TF = 300_000;

function trade(over: Partial<TradeRow>): TradeRow {
  return {
    id: 1,
    pair: 'BTC/USDT',
    isShort: false,
    isOpen: false,
    closeDate: NOW - 60_000,
    closeProfit: 0.01,
    closeProfitAbs: 1,
    exitReason: 'roi',
    baseCurrency: 'BTC',
  } as TradeRow & typeof over;
}
const t = (over: Partial<TradeRow>) => ({ ...trade({}), ...over }) as TradeRow;
const ctx = { now: NOW, timeframeMs: TF };
// freqtrade's calculate_lock_end: the latest close date among the trades that triggered, plus the stop duration.
const CLOSED = NOW - 60_000;

describe('protections', () => {
  it('CooldownPeriod locks the pair for the given candles', () => {
    const closed = t({});
    const [lock] = evaluateProtections([{ method: 'CooldownPeriod', stop_duration_candles: 3 }], closed, [closed], ctx);
    expect(lock).toMatchObject({
      pair: 'BTC/USDT',
      side: '*',
      until: CLOSED + 3 * TF,
      reason: 'Cooldown period for 3 candles.',
    });
  });

  it('StoplossGuard locks everything after trade_limit stoplosses in the lookback (per pair / side when asked)', () => {
    const losses = [1, 2, 3].map((id) =>
      t({ id, exitReason: 'stop_loss', closeProfit: -0.02, pair: id === 3 ? 'ETH/USDT' : 'BTC/USDT' }),
    );
    const p = { method: 'StoplossGuard' as const, lookback_period: 60, trade_limit: 3, stop_duration: 30 };
    expect(evaluateProtections([p], losses[2], losses, ctx)).toEqual([
      expect.objectContaining({
        pair: '*',
        side: '*',
        until: CLOSED + 30 * 60_000,
        reason: '3 stoplosses in 60 min, locking for 30 minutes.',
      }),
    ]);
    expect(evaluateProtections([{ ...p, only_per_pair: true }], losses[2], losses, ctx)).toEqual([]);
    expect(evaluateProtections([{ ...p, trade_limit: 2, only_per_pair: true }], losses[1], losses, ctx)).toEqual([
      expect.objectContaining({ pair: 'BTC/USDT' }),
    ]);
    const old = losses.map((x) => ({ ...x, closeDate: NOW - 2 * 3_600_000 }));
    expect(evaluateProtections([p], old[2], old, ctx)).toEqual([]);
  });

  it('MaxDrawdown locks everything when the summed close_profit falls too far from its peak', () => {
    const run = [t({ id: 1, closeProfit: 0.1 }), t({ id: 2, closeProfit: -0.2, closeDate: CLOSED + 1 })];
    // freqtrade's calculate_max_drawdown on close_profit: peak 0.1, then -0.1: drawdown 0.2.
    const p = {
      method: 'MaxDrawdown' as const,
      lookback_period_candles: 100,
      trade_limit: 2,
      stop_duration_candles: 4,
      max_allowed_drawdown: 0.15,
    };
    expect(evaluateProtections([p], run[1], run, ctx)).toEqual([
      expect.objectContaining({ pair: '*', until: CLOSED + 1 + 4 * TF }),
    ]);
    expect(evaluateProtections([{ ...p, max_allowed_drawdown: 0.25 }], run[1], run, ctx)).toEqual([]);
    expect(evaluateProtections([{ ...p, trade_limit: 3 }], run[1], run, ctx)).toEqual([]);
  });

  it('LowProfitPairs locks a pair whose summed profit ratio is below required_profit', () => {
    const run = [
      t({ id: 1, closeProfit: 0.01 }),
      t({ id: 2, closeProfit: -0.03 }),
      t({ id: 3, pair: 'ETH/USDT', closeProfit: 0.5 }),
    ];
    const p = {
      method: 'LowProfitPairs' as const,
      lookback_period: 120,
      trade_limit: 2,
      stop_duration: 60,
      required_profit: 0,
    };
    expect(evaluateProtections([p], run[1], run, ctx)).toEqual([
      expect.objectContaining({ pair: 'BTC/USDT', side: '*' }),
    ]);
    expect(evaluateProtections([p], run[2], run, ctx)).toEqual([]);
  });
});
