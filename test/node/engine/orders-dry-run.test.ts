// End-to-end dry-run on the offline market with the strategy that uses informative 1h candles,
// order replacement, DCA and stoploss on exchange together (issue 15 point 4, must-show). The
// dry-run broker emulates the stop order as freqtrade's dry-run does.

import Big from 'big.js';
import { afterEach, describe, expect, it } from 'vitest';
import { getTrade } from '../../../src/db/repo/trades.ts';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import { closedTrades, type EngineHarness, openTrades, startEngine } from '../../support/engine.ts';
import { AllOrdersStrategy } from '../../support/order-strategy.ts';

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('dry-run with every order path', () => {
  it('informative entry, replaced entry, DCA, stop on exchange re-placed and trailed, closed by the stop', async () => {
    const strategy = new AllOrdersStrategy();
    strategy.dcaBelow = Number.POSITIVE_INFINITY; // add once, as soon as the first entry has filled
    // The entry rests 1.5 % under the bid until adjust_entry_price moves it 0.1 % over the bid.
    strategy.customEntryPrice = (a) => a.proposedRate * 0.985;
    strategy.entryPrice = (a) => a.proposedRate * 1.001;
    // A custom stop that tightens with time (5 %, then 2 %, then 1 % under the price): the stop
    // order follows it up, and a dip fills it.
    strategy.trailing_stop = false;
    strategy.use_custom_stoploss = true;
    strategy.customStoploss = (a) => {
      const minutes = (a.currentTime - a.trade.openDate) / 60_000;
      return minutes < 15 ? -0.05 : minutes < 30 ? -0.02 : -0.01;
    };
    strategy.order_types = { ...strategy.order_types, stoploss_on_exchange_interval: 60 };
    h = await startEngine(
      { max_open_trades: 1, stake_amount: 100, exchange: { pair_whitelist: ['ETH/USDT'] } },
      strategy,
    );
    const engine = h;
    let tradeId: number | undefined;
    const checked = { ticks: 0, stops: 0 };
    await engine.runUntil(async () => {
      const [tw] = await openTrades(engine.database.db);
      if (tw) {
        tradeId = tw.trade.id;
        strategy.allowEntry = false;
        // Property at every tick: an open stop never asks for more than the trade holds, and its
        // trigger is on the tick grid, at or above the trade's stop rounded up.
        for (const o of tw.orders.filter((x) => x.ftOrderSide === 'stoploss' && x.ftIsOpen)) {
          expect(o.amount!).toBeLessThanOrEqual(tw.trade.amount);
          expect(new Big(o.stopPrice!).div(tw.trade.pricePrecision!).mod(1).eq(0)).toBe(true);
          checked.stops++;
        }
        checked.ticks++;
      }
      const done = tradeId !== undefined ? await getTrade(engine.database.db, tradeId) : undefined;
      return done !== undefined && done !== null && !done.trade.isOpen;
    }, 600);

    // Informative: the 1h column was merged before the first entry signal.
    expect(strategy.seen.hl2.length).toBeGreaterThan(0);
    expect(strategy.seen.hl2.every((v) => Number.isFinite(v))).toBe(true);

    const [closed] = await closedTrades(engine);
    const { trade, orders } = closed;
    const entries = orders.filter((o) => o.ftOrderSide === 'buy');
    // Replacement: the first entry rested at the bid, adjust_entry_price replaced it on the next
    // candle with a price that filled; then one DCA entry.
    expect(strategy.seen.adjustEntry.length).toBeGreaterThanOrEqual(1);
    expect(entries[0]).toMatchObject({
      status: 'canceled',
      ftCancelReason: 'cancelled to be replaced by new limit order',
    });
    // The replacement: the proposed rate · 1.001 (rounded to the tick by the exchange layer).
    expect(entries[1]).toMatchObject({
      status: 'closed',
      price: priceToPrecision(strategy.seen.adjustEntry[0].proposedRate * 1.001, 0.01),
    });
    expect(entries.filter((o) => (o.filled ?? 0) > 0)).toHaveLength(2);
    expect(strategy.seen.adjustPosition.length).toBeGreaterThanOrEqual(1);

    // Stoploss on exchange: placed after the first fill, cancelled when the DCA filled (replaced for
    // the new amount), moved with the trailing stop, and finally filled: the trade's exit.
    const stops = orders.filter((o) => o.ftOrderSide === 'stoploss');
    expect(stops.length).toBeGreaterThanOrEqual(3);
    expect(stops[0].ftCancelReason).toBe('position changed');
    const moved = stops.filter((o) => o.ftCancelReason === 'stoploss moved');
    expect(moved.length).toBeGreaterThanOrEqual(1);
    // Each replacement is tighter than the order it replaced, and at least the interval (60 s) later.
    for (let i = 2; i < stops.length; i++) {
      expect(stops[i].stopPrice!).toBeGreaterThan(stops[i - 1].stopPrice!);
      expect(stops[i].orderDate - stops[i - 1].orderDate).toBeGreaterThanOrEqual(60_000);
    }
    const last = stops.at(-1)!;
    expect(last).toMatchObject({ status: 'closed', ftIsOpen: false });
    const held = entries.reduce((sum, o) => sum + (o.filled ?? 0), 0);
    expect(last.amount!).toBeCloseTo(held, 12); // the whole position, after the DCA
    expect(last.filled).toBe(last.amount);
    expect(trade).toMatchObject({ isOpen: false, exitReason: 'stoploss_on_exchange' });
    // freqtrade's dry-run stop fill: at the bid, never below the stop order's limit.
    expect(last.average!).toBeGreaterThanOrEqual(last.price!);
    expect(trade.closeRate).toBe(last.average);
    expect(orders.filter((o) => o.ftOrderSide === 'sell')).toHaveLength(0);
    expect(checked.stops).toBeGreaterThan(3);
  }, 120_000);
});
