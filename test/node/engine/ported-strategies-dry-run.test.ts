// The ported InformativeSample (informative pair) and FixedRiskRewardLoss (custom_stoploss) trading
// in dry-run on the offline market, loaded by name as built-ins, on a fixed ManualClock start.

import { afterEach, describe, expect, it } from 'vitest';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import { StrategyRegistry } from '../../../src/strategy/loader.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { closedTrades, type EngineHarness, openTrades, startEngine } from '../../support/engine.ts';

const M5 = 300_000;
const M15 = 900_000;
const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('ported strategies in the dry-run bot', () => {
  it('InformativeSample: BTC/USDT 15m merged from the offline market; entries follow its signal candles', async () => {
    const strategy = await new StrategyRegistry({}).loadStrategy('InformativeSample');
    const h = await startEngine(
      {
        strategy: 'InformativeSample',
        max_open_trades: 1,
        stake_amount: 100,
        entry_pricing: { price_side: 'other' },
        exit_pricing: { price_side: 'other' },
        exchange: { pair_whitelist: ['ETH/USDT'] },
      },
      strategy,
    );
    harnesses.push(h);
    await h.runUntil(async () => (await closedTrades(h)).length >= 1, 3000, M5);

    // The merged 15m columns are BTC/USDT's own 15m candles (an independent offline market, same seed and time).
    const now = h.clock.now();
    const frame = h.bot.analyzed('ETH/USDT', '5m')!.frame;
    const clock = new ManualClock(now);
    const market = new OfflineExchange({ clock, seed: 42 });
    await market.loadMarkets();
    const btc = await market.fetchOHLCV('BTC/USDT', '15m', now - 40 * M15, 40);
    const closedBtc = btc.filter((c) => c[0] + M15 <= now);
    for (const [date, , , , close] of closedBtc.slice(-10)) {
      const row = frame.date.indexOf(date + M15 - M5); // joined to the 5m candle that closes with it
      expect(row, new Date(date).toISOString()).toBeGreaterThanOrEqual(0);
      expect(frame.columns.close_15m[row]).toBe(close);
    }

    for (const tw of [...(await closedTrades(h)), ...(await openTrades(h.database.db))]) {
      const entry = tw.orders.find((o) => o.ftOrderSide === 'buy')!;
      // The candle that closed last before the entry signalled enter_long.
      const signal = frame.date.filter((d) => d + M5 <= entry.orderDate).at(-1)!;
      const i = frame.date.indexOf(signal);
      if (i >= 0) expect(frame.columns.enter_long[i], new Date(signal).toISOString()).toBe(1);
    }
    const [closed] = await closedTrades(h);
    expect(['roi', 'exit_signal', 'stop_loss']).toContain(closed.trade.exitReason);
    if (closed.trade.exitReason === 'exit_signal') expect(closed.trade.closeProfit!).toBeGreaterThan(0);
  }, 120_000);

  it('FixedRiskRewardLoss: custom_stoploss moves the stop off -90 % to the ATR stop, break-even or take-profit', async () => {
    const strategy = await new StrategyRegistry({}).loadStrategy('FixedRiskRewardLoss');
    const h = await startEngine(
      {
        strategy: 'FixedRiskRewardLoss',
        max_open_trades: 1,
        stake_amount: 100,
        entry_pricing: { price_side: 'other' },
        exit_pricing: { price_side: 'other' },
        exchange: { pair_whitelist: ['BTC/USDT'] },
      },
      strategy,
    );
    harnesses.push(h);
    const tick = h.bot.exchange.markets()['BTC/USDT'].precision.price;
    const up = (p: number) => priceToPrecision(p, tick, 'ROUND_UP');
    const seen = new Map<number, number[]>();
    const raisedOne = async () => {
      const closed = await closedTrades(h);
      return closed.some((c) => c.trade.exitReason === 'trailing_stop_loss');
    };
    await h.runUntil(
      async () => {
        const [tw] = await openTrades(h.database.db);
        if (tw?.orders.some((o) => (o.filled ?? 0) > 0)) {
          const list = seen.get(tw.trade.id) ?? [];
          list.push(tw.trade.stopLoss);
          seen.set(tw.trade.id, list);
        }
        return raisedOne();
      },
      3000,
      60_000,
    );
    const frame = h.bot.analyzed('BTC/USDT', '5m')!.frame;
    const closed = await closedTrades(h);
    expect(closed.length).toBeGreaterThan(0);
    for (const { trade: t } of closed) {
      // The initial stop is the strategy's -90 %; the custom stop replaced it with the entry's fill.
      expect(Math.abs((t.initialStopLoss as number) - t.openRate * 0.1)).toBeLessThanOrEqual(tick + 1e-9);
      const stops = seen.get(t.id) ?? [];
      expect(stops.length).toBeGreaterThan(0);
      expect(stops[0]).toBeGreaterThan(t.openRate * 0.5);
      // Each stop the trade had is one the rule gives: close − 2·ATR of the entry's candle (the last
      // one dated at or before the open; the candle containing the open once it has closed), the
      // break-even price, or a take-profit price; never loosened.
      const before = frame.date.flatMap((d, i) => (d <= t.openDate ? [i] : [])).slice(-2);
      const initials = before.map((i) => frame.columns.stoploss_rate[i] as number);
      const candidates = new Set(
        [
          ...initials,
          t.openRate * (1 + t.feeOpen + t.feeClose),
          ...initials.map((s) => t.openRate + (t.openRate - s) * 3.5),
        ].map(up),
      );
      for (const s of [...stops, t.stopLoss])
        expect(candidates.has(s), `stop ${s} not in ${[...candidates]}`).toBe(true);
      for (let i = 1; i < stops.length; i++) expect(stops[i]).toBeGreaterThanOrEqual(stops[i - 1]);
      // The stop closes every trade (no ROI, no exit signal). The after-fill call sets the first
      // custom stop as a refresh; a later raise makes it a trailing stop (freqtrade's is_stop_loss_trailing).
      const raised = t.stopLoss > stops[0];
      expect(t.exitReason).toBe(raised ? 'trailing_stop_loss' : 'stop_loss');
    }
    // The run reached a raise (break-even or take-profit) and its trade closed on it, above the open.
    const trailing = closed.filter((c) => c.trade.exitReason === 'trailing_stop_loss');
    expect(trailing.length).toBeGreaterThan(0);
    expect(trailing[0].trade.stopLoss).toBeGreaterThan(trailing[0].trade.openRate);
  }, 120_000);
});
