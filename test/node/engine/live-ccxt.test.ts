// Live mode through real ccxt (binance) against the loopback fake exchange: the bot opens and
// closes trades with real signed orders, and a lost order reply never leads to a second order.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, T0 } from '../../support/engine.ts';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';
import { startLiveEngine } from '../../support/live-engine.ts';

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

async function liveEngine(strategy: ScriptedStrategy, overrides: ConfigInput = {}) {
  h = await startLiveEngine(
    fake,
    strategy,
    { stake_amount: 500, order_types: { entry: 'market', exit: 'market', stoploss: 'market' }, ...overrides },
    now,
  );
  return h;
}

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

describe('live mode through ccxt', () => {
  it('opens with a real market order and closes by ROI after the price moves', async () => {
    await liveEngine(new ScriptedStrategy({ minimal_roi: { '0': 0.01 } }, { long: () => true }));
    await tick();
    const [open] = await openTrades(h.database.db);
    expect(open.trade.pair).toBe('BTC/USDT');
    expect(open.orders[0].status).toBe('closed');
    const entry = fake.orders()[0];
    expect(entry.clientOrderId).toBe(open.orders[0].clientOrderId);
    expect(entry.status).toBe('FILLED');

    const p0 = fake.price('BTCUSDT');
    fake.setPrice('BTCUSDT', p0 * 1.02);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade.exitReason).toBe('roi');
    // The first two exchange orders are this trade's entry and exit (a new entry may follow at once).
    expect(
      fake
        .orders()
        .slice(0, 2)
        .map((o) => o.clientOrderId),
    ).toEqual(closed.orders.map((o) => o.clientOrderId));
    const reopened = await openTrades(h.database.db);
    expect(fake.orders()).toHaveLength(2 + reopened.length);
    // Fees are charged by the exchange in the quote currency; profit = exit value − entry value − fees.
    const amount = closed.trade.amount;
    const expected = amount * closed.trade.closeRate! * (1 - 0.001) - amount * closed.trade.openRate * (1 + 0.001);
    expect(closed.trade.closeProfitAbs!).toBeCloseTo(expected, 6);
    expect(h.messages('exit_fill')).toHaveLength(1);
  });

  it('closes by stoploss and by trailing stop when the exchange price moves', async () => {
    await liveEngine(
      new ScriptedStrategy(
        {
          stoploss: -0.02,
          minimal_roi: { '0': 10 },
          trailing_stop: true,
          trailing_stop_positive: 0.01,
          trailing_stop_positive_offset: 0.03,
          trailing_only_offset_is_reached: true,
        },
        { long: () => true },
      ),
    );
    await tick();
    const p0 = fake.price('BTCUSDT');
    fake.setPrice('BTCUSDT', p0 * 0.97);
    await tick();
    const [stopped] = await closedTrades(h);
    expect(
      stopped,
      h.logs
        .recent(12)
        .map((r) => r[4])
        .join('\n'),
    ).toBeDefined();
    expect(stopped.trade.exitReason).toBe('stop_loss');
    expect(stopped.trade.closeProfit!).toBeLessThan(-0.02);

    // The next trade rises past the offset, then falls back through the trailing stop.
    await tick();
    const [second] = await openTrades(h.database.db);
    expect(
      second,
      h.logs
        .recent(10)
        .map((r) => r[4])
        .join('\n'),
    ).toBeDefined();
    const p1 = fake.price('BTCUSDT');
    fake.setPrice('BTCUSDT', p1 * 1.05);
    await tick();
    fake.setPrice('BTCUSDT', p1 * 1.035);
    await tick();
    const closed = await closedTrades(h);
    const trailed = closed.find((t) => t.trade.id === second.trade.id)!;
    expect(
      trailed,
      JSON.stringify(
        (await openTrades(h.database.db)).map((t) =>
          t.orders.map((o) => [o.ftOrderSide, o.orderType, o.status, o.filled, o.amount, o.ftFeeBase]),
        ),
      ),
    ).toBeDefined();
    expect(trailed.trade.exitReason).toBe('trailing_stop_loss');
    expect(trailed.trade.closeProfit!).toBeGreaterThan(0.02);
  });

  it('exits on the exit signal', async () => {
    let exitNow = false;
    await liveEngine(
      new ScriptedStrategy(
        { minimal_roi: { '0': 10 }, process_only_new_candles: false },
        { long: () => !exitNow, exitLong: () => exitNow },
      ),
    );
    await tick();
    expect(await openTrades(h.database.db)).toHaveLength(1);
    exitNow = true;
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade.exitReason).toBe('exit_signal');
    expect(fake.orders().filter((o) => o.status === 'FILLED')).toHaveLength(2);
  });

  it('a lost reply to an entry order never places a second order', async () => {
    await liveEngine(new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true }));
    // Every try of the order request is handled by the exchange, but no reply arrives.
    fake.failNextOn('POST', '/api/v3/order', 3, 'reset-after');
    await tick();
    await tick();
    await tick();
    expect(fake.orders()).toHaveLength(1);
    const [trade] = await openTrades(h.database.db);
    expect(trade.orders).toHaveLength(1);
    expect(trade.orders[0].orderId).toBe(String(fake.orders()[0].orderId));
    expect(trade.orders[0].clientOrderId).toBe(fake.orders()[0].clientOrderId);
    expect(trade.trade.amount).toBeGreaterThan(0);
  });

  it('an order that never reached the exchange is settled by client order id on the next tick', async () => {
    await liveEngine(new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true }));
    fake.failNextOn('POST', '/api/v3/order', 3, 'reset');
    await tick();
    const [pending] = await openTrades(h.database.db);
    expect(pending.orders[0].orderId).toBeNull();
    expect(fake.orders()).toHaveLength(0);
    await tick();
    // The recorded order was looked up by its client order id, found missing and cancelled (trade removed);
    // the same tick entered again with a new trade and a new client order id.
    const [again] = await openTrades(h.database.db);
    expect(again.trade.id).not.toBe(pending.trade.id);
    expect(fake.orders()).toHaveLength(1);
    expect(fake.orders()[0].clientOrderId).toBe(again.orders[0].clientOrderId);
    expect(h.messages('entry_cancel')).toHaveLength(1);
  });

  it('an entry the exchange refuses (insufficient balance) leaves no trade behind', async () => {
    await liveEngine(new ScriptedStrategy({}, { long: () => true }), { stake_amount: 5000 });
    fake.setBalance('USDT', 10);
    await tick();
    expect(await openTrades(h.database.db)).toHaveLength(0);
    expect(fake.orders()).toHaveLength(0);
    expect(h.logs.recent().some((r) => /stake|refused|minimum/.test(r[4]))).toBe(true);
  });
});
