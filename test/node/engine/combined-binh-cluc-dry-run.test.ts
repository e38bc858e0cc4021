// The ported CombinedBinHAndCluc (issue 15 point 5) trading in dry-run on the offline market: the bot
// loads it as a built-in by name, enters only on candles where the strategy's own frame signals,
// and closes trades with freqtrade's exit reasons for this strategy's settings.

import { afterEach, describe, expect, it } from 'vitest';
import { StrategyRegistry } from '../../../src/strategy/loader.ts';
import { closedTrades, type EngineHarness, startEngine } from '../../support/engine.ts';

const H1 = 3_600_000;
const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('CombinedBinHAndCluc in the dry-run bot', () => {
  it('trades on the offline market: entries on its signal candles, exits by roi / exit_signal / stop_loss', async () => {
    const strategy = await new StrategyRegistry({}).loadStrategy('CombinedBinHAndCluc');
    const h = await startEngine(
      {
        strategy: 'CombinedBinHAndCluc',
        // The offline market's 5m candles never drop the 1.75 % this dip buyer waits for (measured:
        // no signal in 10 days on any pair); its 1h candles do. The config overrides the timeframe, as in freqtrade.
        timeframe: '1h',
        max_open_trades: 3,
        stake_amount: 100,
        entry_pricing: { price_side: 'other', use_order_book: true },
        exit_pricing: { price_side: 'other', use_order_book: true },
        exchange: { pair_whitelist: ['SOL/USDT', 'ADA/USDT', 'DOGE/USDT', 'XRP/USDT'] },
      },
      strategy,
    );
    harnesses.push(h);
    await h.runUntil(async () => (await closedTrades(h)).length >= 2, 1500, 60 * 60_000);
    const closed = await closedTrades(h);
    for (const tw of closed) {
      const t = tw.trade;
      expect(['roi', 'exit_signal', 'stop_loss']).toContain(t.exitReason);
      // Each entry order was placed on the candle after one whose enter_long is 1 in the strategy's frame.
      const frame = h.bot.analyzed(t.pair, '1h')!.frame;
      const signalled = frame.date.filter((_, i) => frame.columns.enter_long[i] === 1);
      const entryOrder = tw.orders.find((o) => o.ftOrderSide === 'buy')!;
      const candleOfSignal = signalled.filter((d) => d + H1 <= entryOrder.orderDate).at(-1);
      expect(candleOfSignal, `${t.pair} entry at ${new Date(entryOrder.orderDate).toISOString()}`).toBeDefined();
      expect(entryOrder.orderDate - (candleOfSignal as number)).toBeLessThanOrEqual(2 * H1);
      // exit_profit_only: an exit signal closes only in profit; ROI only above 5 %; the stop at -5 %.
      if (t.exitReason === 'exit_signal') expect(t.closeProfit!).toBeGreaterThan(0);
      if (t.exitReason === 'stop_loss') expect(t.closeProfit!).toBeLessThan(0);
    }
  }, 120_000);
});
