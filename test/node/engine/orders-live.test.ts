// Live mode through real ccxt (binance) against the loopback fake exchange, one strategy using
// informative 1h candles, order replacement, DCA and stoploss on exchange (issue 15 point 4,
// must-show), plus order_time_in_force and exit_timeout_count.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { getTrade, runTradeWrites, updateTradeQuery } from '../../../src/db/repo/trades.ts';
import { tradeToJson } from '../../../src/reports/trade-json.ts';
import type { AdjustEntryPriceArgs } from '../../../src/strategy/types.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, T0 } from '../../support/engine.ts';
import { DEFAULT_MARKETS } from '../../support/fake-binance/market-data.ts';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';
import { startLiveEngine } from '../../support/live-engine.ts';
import { AllOrdersStrategy } from '../../support/order-strategy.ts';

let fake: FakeBinance;
let h: EngineHarness;
let now = T0;

beforeEach(async () => {
  now = T0;
  fake = await startFakeBinance({ balances: { USDT: 10_000 }, now: () => now });
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

async function liveEngine(strategy: ScriptedStrategy | AllOrdersStrategy, overrides: ConfigInput = {}) {
  h = await startLiveEngine(fake, strategy, { stake_amount: 100, ...overrides }, now);
  return h;
}

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

const stopOrders = () => fake.orders().filter((o) => o.type === 'STOP_LOSS_LIMIT');
const openStops = () => stopOrders().filter((o) => o.status === 'NEW');

/** The 1h candle of the fake that opens at `open` (its klines are a pure function of time). */
function fakeHourCandle(open: number): { high: number; low: number } {
  const m = DEFAULT_MARKETS.find((x) => x.symbol === 'BTCUSDT')!;
  const step = open / 3_600_000;
  const wave = (x: number) => m.price * (1 + 0.01 * Math.sin(x / 7));
  const o = wave(step);
  const c = wave(step + 1);
  const round = (v: number) => Number(v.toFixed(2));
  return { high: round(Math.max(o, c) * 1.002), low: round(Math.min(o, c) * 0.998) };
}

describe('order handling through ccxt against the fake Binance', () => {
  it('informative entry, replaced entry, stop on exchange, DCA, trailing stop moves, stop fills', async () => {
    const strategy = new AllOrdersStrategy();
    await liveEngine(strategy);

    // 1. The entry waits for the merged 1h column, then rests at the bid (49999.99 < 50000).
    await tick();
    const hour = fakeHourCandle(T0 - 3_600_000); // the 1h candle that closed when the 5m row closed
    expect(strategy.seen.hl2.at(-1)).toBeCloseTo((hour.high + hour.low) / 2, 6);
    expect(fake.requests().some((r) => r.path === '/api/v3/klines' && r.params.interval === '1h')).toBe(true);
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders).toHaveLength(1);
    expect(fake.orders()[0]).toMatchObject({ type: 'LIMIT', status: 'NEW', price: 49999.99 });
    strategy.allowEntry = false;

    // 2. Same candle: adjust_entry_price is not asked. New candle (T0+5m): it is, and its price
    //    (proposed + 2 ticks = 50000.01) replaces the order, which fills at the market price.
    await tick(2);
    expect(strategy.seen.adjustEntry).toHaveLength(0);
    await tick(3); // T0 + 6 min: the 5m candle T0..T0+5m has closed since the order
    expect(strategy.seen.adjustEntry).toHaveLength(1);
    expect(strategy.seen.adjustEntry[0]).toMatchObject({ proposedRate: 49999.99, currentOrderRate: 49999.99 });
    [tw] = await openTrades(h.database.db);
    const [first, second] = tw.orders;
    expect(first).toMatchObject({ status: 'canceled', ftCancelReason: 'cancelled to be replaced by new limit order' });
    expect(second).toMatchObject({ ftOrderSide: 'buy', status: 'closed', price: 50000.01, average: 50000 });
    expect(fake.orders()[0].status).toBe('CANCELED');
    expect(fake.orders()[1]).toMatchObject({ clientOrderId: second.clientOrderId, status: 'FILLED' });

    // 3. The same tick put the stop on the exchange: initial stop from the requested 49999.99:
    //    49999.99 · 0.9 = 44999.991 → up to the tick 45000.00; limit 45000 · 0.99 = 44550.00.
    expect(tw.trade.stopLoss).toBe(45000);
    const stop1 = tw.orders.find((o) => o.ftOrderSide === 'stoploss')!;
    expect(stop1).toMatchObject({ status: 'open', stopPrice: 45000, price: 44550, orderType: 'stop_loss_limit' });
    expect(openStops()).toHaveLength(1);
    expect(openStops()[0]).toMatchObject({ clientOrderId: stop1.clientOrderId, stopPrice: 45000, price: 44550 });
    // The API's stoploss_last_update is when the open stop order was placed (freqtrade's stoploss_last_update_utc).
    expect(tradeToJson(tw.trade, tw.orders).stoploss_last_update_timestamp).toBe(stop1.orderDate);
    // The amount bought less the fee Binance took in BTC, truncated to the step: never more than held.
    expect(openStops()[0].origQty).toBe(tw.trade.amount);
    expect(openStops()[0].origQty).toBeLessThanOrEqual(fake.balance('BTC').locked + 1e-12);

    // 4. DCA: the price falls 2 %, adjust_trade_position adds 50 USDT at the bid (rests), then fills.
    fake.setPrice('BTCUSDT', 49000);
    await tick();
    [tw] = await openTrades(h.database.db);
    const dca = tw.orders.filter((o) => o.ftOrderSide === 'buy').at(-1)!;
    expect(dca).toMatchObject({ status: 'open', price: 48999.99, amount: 0.00102 }); // trunc(50 / 48999.99)
    expect(openStops()).toHaveLength(1); // the stop stays while the extra entry rests
    fake.setPrice('BTCUSDT', 48999.5);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.id === dca.id)).toMatchObject({ status: 'closed', filled: 0.00102 });
    // freqtrade cancels the stop after an entry fill and places one for the new amount.
    const stops = tw.orders.filter((o) => o.ftOrderSide === 'stoploss');
    expect(stops.map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(stops[1].amount).toBe(tw.trade.amount);
    expect(openStops()).toHaveLength(1);
    expect(openStops()[0].origQty).toBe(tw.trade.amount);
    expect(stopOrders()[0].status).toBe('CANCELED');

    // 5. The price rises 6 %: the trailing stop moves (offset 3 % reached, 2 % below the exit rate,
    //    the ask 52000.01): 52000.01 · 0.98 = 50960.0098 → up 50960.01. The stop order follows only
    //    once it is stoploss_on_exchange_interval (120 s) old.
    fake.setPrice('BTCUSDT', 52000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(50960.01);
    expect(openStops()[0].stopPrice).toBe(45000); // placed 60 s ago: not yet
    await tick();
    expect(openStops()).toHaveLength(1);
    expect(openStops()[0]).toMatchObject({ stopPrice: 50960.01, price: 50450.41 }); // 50960.01 · 0.99 = 50450.4099 → up
    [tw] = await openTrades(h.database.db);
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)).toHaveLength(1);

    // 6. The price falls through the stop: the exchange fills it; the bot closes the trade with
    //    exit reason stoploss_on_exchange at the fill price, and places no other exit.
    fake.setPrice('BTCUSDT', 50900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 50900, isOpen: false });
    expect(fake.orders().filter((o) => o.side === 'SELL' && o.status === 'FILLED')).toHaveLength(1);
    expect(await openTrades(h.database.db)).toHaveLength(0);
    expect(openStops()).toHaveLength(0);
    expect(tradeToJson(closed.trade, closed.orders).stoploss_last_update).toBeNull();
  }, 60_000);

  it('a stop cancelled on the exchange is placed again; one the exchange refuses ends in an emergency exit', async () => {
    const strategy = new AllOrdersStrategy();
    strategy.position_adjustment_enable = false;
    await liveEngine(strategy, { entry_pricing: { price_side: 'other' } }); // buys at the ask: fills at once
    await tick();
    strategy.allowEntry = false;
    await tick(); // the stop goes on the exchange once the entry has filled
    expect(openStops()).toHaveLength(1);
    const first = openStops()[0];

    // Someone cancels the stop on the exchange (a signed ccxt request, as a user's client would).
    await h.bot.exchange.cancelOrder(String(first.orderId), 'BTC/USDT');
    await tick();
    expect(openStops()).toHaveLength(1);
    expect(openStops()[0].orderId).not.toBe(first.orderId);
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss').map((o) => o.status)).toEqual(['canceled', 'open']);

    // The stop moves above the market; Binance refuses a stop that would trigger at once
    // (freqtrade's InvalidOrderException): the trade exits with an emergency (market) exit.
    await runTradeWrites(h.database.db, [updateTradeQuery(h.database.db, tw.trade.id, { stopLoss: 60000 })]);
    await h.bot.exchange.cancelOrder(String(openStops()[0].orderId), 'BTC/USDT');
    await tick();
    [tw] = (await closedTrades(h)).filter((c) => c.trade.id === tw.trade.id);
    expect(tw.trade).toMatchObject({ isOpen: false, exitReason: 'emergency_exit', closeRate: 50000 });
    expect(tw.orders.at(-2)).toMatchObject({ ftOrderSide: 'stoploss', status: 'rejected' });
    expect(tw.orders.at(-1)).toMatchObject({ ftOrderSide: 'sell', orderType: 'market', status: 'closed' });
    expect(openStops()).toHaveLength(0);
  }, 60_000);

  it('order_time_in_force IOC: an entry that cannot fill at once expires and leaves no trade', async () => {
    await liveEngine(new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true }), {
      order_types: { entry: 'limit', exit: 'limit' },
      order_time_in_force: { entry: 'IOC', exit: 'GTC' },
    });
    await tick();
    const sent = fake.requests().find((r) => r.method === 'POST' && r.path === '/api/v3/order')!;
    expect(sent.params).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC', price: '49999.99' });
    expect(fake.orders()[0].status).toBe('EXPIRED');
    expect(await openTrades(h.database.db)).toHaveLength(0);
    expect(fake.balance('USDT')).toEqual({ free: 10_000, locked: 0 });
  }, 30_000);

  it('adjust_exit_price replaces a resting exit; with exit_timeout_count 2 the replacement counts, the next timeout exits at market', async () => {
    const asked: { proposedRate: number; currentOrderRate: number }[] = [];
    class ExitAdjuster extends ScriptedStrategy {
      adjustExitPrice(a: AdjustEntryPriceArgs): number | null {
        asked.push({ proposedRate: a.proposedRate, currentOrderRate: a.currentOrderRate });
        return asked.length === 1 ? a.proposedRate + 1 : a.currentOrderRate; // move once, then keep
      }
    }
    // Enter on the candles before T0, exit signal from the candle that opens at T0 (closed at T0+5m).
    const strategy = new ExitAdjuster(
      { minimal_roi: { '0': 10 } },
      { long: (f, i) => f.date[i] < T0, exitLong: (f, i) => f.date[i] >= T0 },
    );
    await liveEngine(strategy, {
      order_types: { entry: 'market', exit: 'limit' },
      unfilledtimeout: { entry: 10, exit: 7, exit_timeout_count: 2, unit: 'minutes' },
    });
    await tick(); // T0+1m: market entry fills
    const [open] = await openTrades(h.database.db);
    await tick(5); // T0+6m: exit signal, limit sell at the ask 50000.01 rests (the price is 50000)
    let tw = (await getTrade(h.database.db, open.trade.id))!;
    const exit1 = tw.orders.at(-1)!;
    expect(exit1).toMatchObject({ ftOrderSide: 'sell', status: 'open', price: 50000.01, ftOrderTag: 'exit_signal' });
    await tick(2); // T0+8m: no candle closed since the order: not asked
    expect(asked).toHaveLength(0);
    await tick(3); // T0+11m: the candle T0+5m..T0+10m closed after the order: asked; 50000.01 + 1 replaces it
    expect(asked).toEqual([{ proposedRate: 50000.01, currentOrderRate: 50000.01 }]);
    tw = (await getTrade(h.database.db, open.trade.id))!;
    const exit2 = tw.orders.at(-1)!;
    expect(tw.orders.find((o) => o.id === exit1.id)).toMatchObject({
      status: 'canceled',
      ftCancelReason: 'cancelled to be replaced by new limit order',
    });
    expect(exit2).toMatchObject({ ftOrderSide: 'sell', status: 'open', price: 50001.01, ftOrderTag: 'exit_signal' });
    expect(exit2.amount).toBe(exit1.amount); // the rest of the replaced order (nothing filled)
    expect(tw.trade.isOpen).toBe(true); // one cancelled exit < exit_timeout_count: no emergency exit
    await tick(5); // T0+16m: another candle closed, the strategy keeps the order
    expect(asked).toHaveLength(2);
    expect((await getTrade(h.database.db, open.trade.id))!.orders.at(-1)!.id).toBe(exit2.id);
    await tick(2); // T0+18m: exit2 is 7 min old: timeout = the 2nd cancelled exit → market emergency exit
    tw = (await getTrade(h.database.db, open.trade.id))!;
    expect(tw.orders.find((o) => o.id === exit2.id)).toMatchObject({ status: 'canceled', ftCancelReason: 'timeout' });
    expect(tw.orders.at(-1)).toMatchObject({ ftOrderTag: 'emergency_exit', orderType: 'market', status: 'closed' });
    expect(tw.orders.at(-1)!.amount).toBe(exit2.amount);
    expect(tw.trade).toMatchObject({ isOpen: false, exitReason: 'emergency_exit', closeRate: 50000 });
  }, 60_000);

  it('the stop order is dropped before confirm_trade_exit is asked; a denied exit gets it back next iteration', async () => {
    const stopsWhenAsked: number[] = [];
    class Denier extends ScriptedStrategy {
      confirmTradeExit(): boolean {
        stopsWhenAsked.push(openStops().length);
        return stopsWhenAsked.length > 1; // deny the first exit, accept the second
      }
    }
    const strategy = new Denier(
      {
        minimal_roi: { '0': 10 },
        order_types: { entry: 'market', exit: 'market', stoploss: 'limit', stoploss_on_exchange: true },
      },
      { long: (f, i) => f.date[i] < T0, exitLong: (f, i) => f.date[i] >= T0 },
    );
    await liveEngine(strategy);
    await tick(); // T0+1m: market entry fills
    await tick(); // the stop goes on the exchange
    expect(openStops()).toHaveLength(1);
    await tick(4); // T0+6m: exit signal → stop cancelled → confirm_trade_exit denies
    expect(stopsWhenAsked).toEqual([0]);
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss').map((o) => [o.status, o.ftCancelReason])).toEqual([
      ['canceled', 'exit'],
    ]);
    await tick(); // next iteration: the stop is placed again first, then dropped again before the (accepted) exit
    expect(stopsWhenAsked).toEqual([0, 0]);
    const [closed] = await closedTrades(h);
    expect(closed.trade.exitReason).toBe('exit_signal');
    expect(closed.orders.filter((o) => o.ftOrderSide === 'stoploss').map((o) => o.status)).toEqual([
      'canceled',
      'canceled',
    ]);
    [tw] = await openTrades(h.database.db);
    expect(tw).toBeUndefined();
  }, 60_000);
});
