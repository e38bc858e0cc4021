// Futures funding fees in the dry-run bot on the offline market (issue 15 point 4): computed as
// freqtrade's dry-run does (funding-rate candle open × mark candle open × amount at each funding time
// since the last fill), refreshed on freqtrade's schedule and before the exit, handed to the exit
// order on its fill, and counted in the closed trade's profit.

import { afterEach, describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/bot/factory.ts';
import { lastFundingSlot } from '../../../src/bot/funding.ts';
import type { Strategy } from '../../../src/strategy/types.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import {
  closedTrades,
  type EngineHarness,
  openTrades,
  ScriptedStrategy,
  startEngine,
  T0,
} from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});
const H8 = 8 * 3_600_000;

/** The dry-run futures bot on ETH/USDT:USDT (offline market), one 100 USDT trade, started at 05:00. */
async function startFuturesEngine(strategy: Strategy): Promise<EngineHarness> {
  const h = await startEngine(
    {
      trading_mode: 'futures',
      margin_mode: 'isolated',
      max_open_trades: 1,
      stake_amount: 100,
      entry_pricing: { price_side: 'other', use_order_book: true },
      exit_pricing: { price_side: 'other', use_order_book: true },
      exchange: { pair_whitelist: ['ETH/USDT:USDT'] },
    },
    strategy,
    { start: T0 + 5 * 3_600_000 },
  );
  harnesses.push(h);
  return h;
}

describe('funding fees in the dry-run bot (offline futures)', () => {
  it('a long pays rate × mark open × amount at every 8h funding time, and the closed trade books it', async () => {
    let exitNow = false;
    const strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, stoploss: -0.9 },
      { long: () => !exitNow, exitLong: () => exitNow },
    );
    const h = await startFuturesEngine(strategy);
    await h.runUntil(async () =>
      (await openTrades(h.database.db)).some((tw) => tw.orders.some((o) => (o.filled ?? 0) > 0)),
    );
    // Run 30 hours in 10-minute steps: funding times 08:00, 16:00, 00:00 (next day), 08:00 pass.
    await h.run(180, 10 * 60_000);
    const [open] = await openTrades(h.database.db);
    const entry = open.orders.find((o) => o.ftOrderSide === 'buy')!;
    const since = entry.orderFilledDate!;

    // Independent: an offline market with the same seed gives the mark candles' opens at each funding time.
    const clock = new ManualClock(h.clock.now());
    const twin = await createMarket(h.config, { clock, log: h.logs.logger('twin') });
    const marks = await twin.fetchOHLCV('ETH/USDT:USDT', '1h', since - 3_600_000, undefined, 'mark');
    // The bot refreshed at the last :01:02 / :31:02 slot, with the candles it had then.
    const refreshedAt = lastFundingSlot(h.clock.now());
    const fundingTimes = marks.filter((c) => c[0] % H8 === 0 && c[0] >= since && c[0] <= refreshedAt);
    expect(fundingTimes.length).toBeGreaterThanOrEqual(3);
    const expected = -fundingTimes.reduce((s, c) => s + 0.0001 * c[1] * open.trade.amount, 0);
    expect(open.trade.fundingFees).toBeCloseTo(expected, 10);
    expect(open.trade.fundingFees).toBeLessThan(0);

    exitNow = true;
    await h.runUntil(async () => (await closedTrades(h)).length > 0, 200, 5 * 60_000);
    const [closed] = await closedTrades(h);
    const exitOrder = closed.orders.find((o) => o.ftOrderSide === 'sell')!;
    // Refreshed right before the exit; the exit fill took the whole running fee over.
    expect(exitOrder.fundingFee).toBe(closed.trade.fundingFees);
    expect(closed.trade.fundingFees).toBeLessThanOrEqual(expected);
    // Profit includes it: close value minus open value plus funding (fees paid lower the profit).
    const exitValue = exitOrder.average! * exitOrder.filled! * (1 - closed.trade.feeClose!);
    const openValue = closed.trade.openTradeValue!;
    expect(closed.trade.closeProfitAbs!).toBeCloseTo(exitValue - openValue + closed.trade.fundingFees, 6);
  }, 60_000);

  it('an additional entry first books the funding so far, for amount + the new amount (execute_entry), and its fill takes it', async () => {
    let added = false;
    let placedAt = 0;
    const strategy: Strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, stoploss: -0.9, position_adjustment_enable: true },
      { long: () => true },
    );
    const h = await startFuturesEngine(strategy);
    strategy.adjustTradePosition = (args) => {
      // Once, after two funding times (08:00 and 16:00) have passed since the entry.
      if (added || args.currentTime < T0 + 16 * 3_600_000 + 20 * 60_000) return null;
      added = true;
      placedAt = args.currentTime;
      return 50;
    };
    await h.runUntil(
      async () =>
        (await openTrades(h.database.db)).some((tw) => tw.orders.filter((o) => (o.filled ?? 0) > 0).length >= 2),
      400,
      10 * 60_000,
    );
    const [tw] = await openTrades(h.database.db);
    const [first, dca] = tw.orders.filter((o) => o.ftOrderSide === 'buy');
    const clock = new ManualClock(placedAt);
    const twin = await createMarket(h.config, { clock, log: h.logs.logger('twin') });
    const marks = await twin.fetchOHLCV('ETH/USDT:USDT', '1h', first.orderFilledDate! - 3_600_000, undefined, 'mark');
    const times = marks.filter((c) => c[0] % H8 === 0 && c[0] >= first.orderFilledDate! && c[0] <= placedAt);
    expect(times.map((c) => new Date(c[0]).toISOString().slice(11, 16))).toEqual(['08:00', '16:00']);
    // freqtrade's quirk kept: the fee so far is computed for the held amount plus the new entry's amount.
    const amount = first.filled! + dca.filled!;
    const expected = -times.reduce((s, c) => s + 0.0001 * c[1] * amount, 0);
    expect(first.fundingFee ?? 0).toBe(0);
    expect(dca.fundingFee).toBeCloseTo(expected, 10);
    expect(tw.trade.fundingFees).toBeCloseTo(expected, 10);
  }, 60_000);
});
