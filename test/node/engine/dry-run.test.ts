// End-to-end dry-run on the offline market: trades open, fill and close by ROI, stoploss,
// trailing stop and exit signal, long and (futures) short with leverage; money matches the
// formulas; RPC messages follow each step.

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import type { TradeWithOrders } from '../../../src/db/repo/trades.ts';
import {
  applyLiquidationBuffer,
  closeTradeValue,
  liquidationPrice,
  maintenanceRatioAndAmount,
  openTradeValue,
} from '../../../src/domain/money/index.ts';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import { tradeMath } from '../../../src/domain/trade-model.ts';
import { futuresMarkets, offlineLeverageTiers } from '../../../src/exchange/offline/pairs.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const immediateFills: ConfigInput = {
  entry_pricing: { price_side: 'other', use_order_book: true },
  exit_pricing: { price_side: 'other', use_order_book: true },
};

async function engine(overrides: ConfigInput, strategy: ScriptedStrategy) {
  const h = await startEngine({ max_open_trades: 1, ...immediateFills, ...overrides }, strategy);
  harnesses.push(h);
  return h;
}

const hasClosed = (h: EngineHarness) => async () => (await closedTrades(h)).length > 0;

/** Profit recomputed by hand from the filled orders: Σ exits·(1∓fee) against Σ entries·(1±fee). */
function profitFromOrders(tw: TradeWithOrders): number {
  const { trade, orders } = tw;
  const entry = trade.isShort ? 'sell' : 'buy';
  const filled = orders.filter((o) => (o.filled ?? 0) > 0);
  const cost = (side: boolean) =>
    filled
      .filter((o) => (o.ftOrderSide === entry) === side)
      .reduce((s, o) => s + (o.filled ?? 0) * (o.average ?? 0), 0);
  const openCost = cost(true);
  const closeCost = cost(false);
  const fee = trade.feeOpen;
  return trade.isShort ? openCost * (1 - fee) - closeCost * (1 + fee) : closeCost * (1 - fee) - openCost * (1 + fee);
}

function expectMessagesFor(h: EngineHarness, tradeId: number, types: string[]) {
  const seen = h.hub.messages.filter((m) => 'trade_id' in m && m.trade_id === tradeId).map((m) => m.type);
  expect(seen).toEqual(types);
}

describe('dry-run on the offline market', () => {
  it('opens a long, fills it, and closes it by ROI with freqtrade money math', async () => {
    const h = await engine(
      { exchange: { pair_whitelist: ['BTC/USDT'] } },
      new ScriptedStrategy({ minimal_roi: { '0': 0.003 } }, { long: () => true }),
    );
    await h.runUntil(hasClosed(h));
    const [tw] = await closedTrades(h);
    const t = tw.trade;
    expect(t.exitReason).toBe('roi');
    expect(t.isOpen).toBe(false);
    expect(t.closeProfit!).toBeGreaterThan(0.003);
    expect(t.closeProfitAbs!).toBeCloseTo(profitFromOrders(tw), 8);
    // close_profit is the ratio of the profit to the open value including the open fee.
    const openValue = openTradeValue(t.amount, t.openRate, t.feeOpen, false);
    const closeValue = closeTradeValue(t.closeRate!, t.amount, tradeMath(t));
    expect(t.closeProfit!).toBeCloseTo(closeValue / openValue - 1, 7);
    expect(t.feeOpenCost! + t.feeCloseCost!).toBeCloseTo(t.amount * (t.openRate + t.closeRate!) * t.feeOpen, 8);
    expect(t.maxRate!).toBeGreaterThanOrEqual(t.closeRate!);
    expectMessagesFor(h, t.id, ['entry', 'entry_fill', 'exit', 'exit_fill']);
    const exitFill = h.messages('exit_fill')[0] as unknown as Record<string, unknown>;
    expect(exitFill.is_final_exit).toBe(true);
    expect(exitFill.gain).toBe('profit');
    expect(exitFill.final_profit_ratio).toBe(t.closeProfit);
  });

  it('closes by stoploss when the price falls through the stop', async () => {
    const h = await engine(
      { exchange: { pair_whitelist: ['ETH/USDT'] } },
      new ScriptedStrategy({ stoploss: -0.004, minimal_roi: { '0': 10 } }, { long: () => true }),
    );
    await h.runUntil(hasClosed(h));
    const [tw] = await closedTrades(h);
    expect(tw.trade.exitReason).toBe('stop_loss');
    expect(tw.trade.closeProfit!).toBeLessThan(0);
    // freqtrade rounds the stop up to the price tick for longs.
    const tick = tw.trade.pricePrecision!;
    expect(tw.trade.initialStopLoss).toBe(priceToPrecision(tw.trade.openRate * (1 - 0.004), tick, 'ROUND_UP'));
    expect(tw.trade.closeProfitAbs!).toBeCloseTo(profitFromOrders(tw), 8);
  });

  it('follows the price with a trailing stop after the offset and exits with trailing_stop_loss', async () => {
    const h = await engine(
      { exchange: { pair_whitelist: ['SOL/USDT'] } },
      new ScriptedStrategy(
        {
          stoploss: -0.5,
          minimal_roi: { '0': 10 },
          trailing_stop: true,
          trailing_stop_positive: 0.003,
          trailing_stop_positive_offset: 0.01,
          trailing_only_offset_is_reached: true,
        },
        { long: () => true },
      ),
    );
    await h.runUntil(hasClosed(h), 5000);
    const [tw] = await closedTrades(h);
    const t = tw.trade;
    expect(t.exitReason).toBe('trailing_stop_loss');
    expect(t.isStopLossTrailing).toBe(true);
    expect(t.maxRate!).toBeGreaterThanOrEqual(t.openRate * 1.01);
    expect(t.stopLoss).toBe(priceToPrecision(t.maxRate! * (1 - 0.003), t.pricePrecision!, 'ROUND_UP'));
    expect(t.closeProfit!).toBeGreaterThan(0);
  });

  it('exits on the strategy exit signal', async () => {
    const up = (f: { close: number[] }, i: number) => i > 0 && f.close[i] > f.close[i - 1];
    const down = (f: { close: number[] }, i: number) => i > 0 && f.close[i] < f.close[i - 1];
    const h = await engine(
      { exchange: { pair_whitelist: ['XRP/USDT'] } },
      new ScriptedStrategy({ stoploss: -0.5, minimal_roi: { '0': 10 } }, { long: up, exitLong: down }),
    );
    await h.runUntil(hasClosed(h));
    const [tw] = await closedTrades(h);
    expect(tw.trade.exitReason).toBe('exit_signal');
    expect(tw.trade.closeProfitAbs!).toBeCloseTo(profitFromOrders(tw), 8);
  });

  it('goes short on futures with leverage, with a liquidation price, and takes ROI', async () => {
    const strategy = new ScriptedStrategy({ can_short: true, minimal_roi: { '0': 0.01 } }, { short: () => true });
    strategy.leverageValue = 3;
    const h = await engine(
      {
        trading_mode: 'futures',
        margin_mode: 'isolated',
        exchange: { pair_whitelist: ['BTC/USDT:USDT'] },
      },
      strategy,
    );
    await h.runUntil(async () =>
      (await openTrades(h.database.db)).some((tw) => tw.trade.amount > 0 && tw.orders.some((o) => (o.filled ?? 0) > 0)),
    );
    const [open] = await openTrades(h.database.db);
    expect(open.trade.isShort).toBe(true);
    expect(open.trade.leverage).toBe(3);
    expect(open.trade.liquidationPrice!).toBeGreaterThan(open.trade.openRate * 1.2);
    // freqtrade's isolated estimate with the tier the stake falls in (offline: Binance-style
    // brackets, generic formula), then liquidation_buffer.
    const market = futuresMarkets().find((m) => m.symbol === 'BTC/USDT:USDT')!;
    const tier = maintenanceRatioAndAmount(offlineLeverageTiers(market), open.trade.stakeAmount)!;
    const raw = liquidationPrice({
      tradingMode: 'futures',
      isShort: true,
      openRate: open.trade.openRate,
      amount: open.trade.amount,
      walletBalance: open.trade.stakeAmount,
      mmRatio: tier.mmRatio,
      takerFee: market.taker,
    })!;
    expect(tier.mmRatio).toBe(0.004);
    expect(open.trade.liquidationPrice).toBeCloseTo(applyLiquidationBuffer(raw, open.trade.openRate, true, 0.05), 9);
    expect(open.trade.stakeAmount).toBeCloseTo((open.trade.amount * open.trade.openRate) / 3, 6);
    await h.runUntil(hasClosed(h));
    const [tw] = await closedTrades(h);
    const t = tw.trade;
    expect(t.exitReason).toBe('roi');
    expect(t.closeRate!).toBeLessThan(t.openRate);
    expect(t.closeProfitAbs!).toBeCloseTo(profitFromOrders(tw), 8);
    // Short ratio with leverage: (1 − close value / open value) × leverage.
    const math = tradeMath(t);
    const expected =
      (1 - closeTradeValue(t.closeRate!, t.amount, math) / openTradeValue(t.amount, t.openRate, t.feeOpen, true)) * 3;
    expect(t.closeProfit!).toBeCloseTo(expected, 7);
    expect(t.closeProfit!).toBeGreaterThan(0.01);
  });

  it('a resting limit entry fills later, when the market comes to it', async () => {
    const h = await engine(
      {
        exchange: { pair_whitelist: ['ADA/USDT'] },
        entry_pricing: { price_side: 'same', use_order_book: true },
        unfilledtimeout: { entry: 600, exit: 600, unit: 'minutes' },
      },
      new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true }),
    );
    await h.run(1);
    const [pending] = await openTrades(h.database.db);
    expect(pending.orders[0].ftIsOpen).toBe(true);
    expect(h.messages('entry')).toHaveLength(1);
    expect(h.messages('entry_fill')).toHaveLength(0);
    await h.runUntil(async () => h.messages('entry_fill').length > 0);
    const [filled] = await openTrades(h.database.db);
    expect(filled.orders[0].ftIsOpen).toBe(false);
    expect(filled.orders[0].filled).toBe(filled.orders[0].amount);
  });

  it('respects max_open_trades and cooldown locks from protections', async () => {
    const h = await engine(
      {
        max_open_trades: 2,
        exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
        protections: [{ method: 'CooldownPeriod', stop_duration_candles: 12 }],
      },
      new ScriptedStrategy({ minimal_roi: { '0': 0.002 } }, { long: () => true }),
    );
    await h.run(1);
    expect((await openTrades(h.database.db)).length).toBe(2);
    await h.runUntil(hasClosed(h));
    const [first] = await closedTrades(h);
    const locks = await h.bot.activeLocks();
    expect(locks.some((l) => l.pair === first.trade.pair && l.reason === 'Cooldown period for 12 candles.')).toBe(true);
    expect(h.messages('protection_trigger').length).toBeGreaterThan(0);
    await h.run(1);
    const open = await openTrades(h.database.db);
    expect(open.some((tw) => tw.trade.pair === first.trade.pair)).toBe(false);
    expect(open.length).toBeLessThanOrEqual(2);
  });

  it('publishes whitelist and new_candle messages, and keeps the analysed frame per pair', async () => {
    const h = await engine({ exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT'] } }, new ScriptedStrategy());
    expect(h.messages('whitelist')[0]).toEqual({ type: 'whitelist', data: ['BTC/USDT', 'ETH/USDT'] });
    await h.run(6);
    const candles = h.messages('new_candle');
    expect(candles[0]).toEqual({ type: 'new_candle', data: ['BTC/USDT', '5m', 'spot'] });
    const analyzed = h.bot.analyzed('ETH/USDT');
    expect(analyzed?.frame.close.length).toBeGreaterThan(100);
    expect(analyzed?.frame.columns.enter_long).toBeDefined();
  });
});
