// Stoploss on exchange on Gate (spot) through real ccxt against the loopback fake Gate.
// freqtrade 2024.10 gate.py: stoploss_order_types {limit: limit}, stop_price_param stopPrice
// (ccxt places a price-triggered order), fetch / cancel with the stop flag, and a triggered
// price order is resolved to the order it fired (info.fired_order_id).

import { describe, expect, it } from 'vitest';
import { closedTrades, openTrades } from '../../support/engine.ts';
import { startFakeGate } from '../../support/fake-gate/index.ts';
import { StopOnExchangeStrategy, useFakeExchange } from '../../support/stop-exchange-run.ts';

const s = useFakeExchange('gate', (now) => startFakeGate({ now, balances: { USDT: 10_000, BTC: 0.01 } }));
const gate = () => s.exchange();
const sent = (method: string, path: string) => s.sent(path, method);

describe('Gate stop orders through ccxt', () => {
  it('places a price-triggered order and follows fired_order_id once it triggers', async () => {
    const ex = await gate();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-4-2',
    });
    const [req] = sent('POST', '/api/v4/spot/price_orders');
    expect(req.body).toMatchObject({
      market: 'BTC_USDT',
      // sell stop: triggered when the last price is at or below 45000; ccxt's default expiration of a day
      trigger: { price: '45000', rule: '<=', expiration: 86400, text: 't-thabcde-4-2' },
      put: { type: 'limit', side: 'sell', price: '44550', amount: '0.01', time_in_force: 'gtc' },
    });
    expect(stop).toMatchObject({ id: s.fake.book.orders[0].id, status: 'open', amount: 0.01, stopPrice: 45000 });
    expect(await ex.fetchStopOrder(stop.id, 'BTC/USDT')).toMatchObject({ status: 'open', stopPrice: 45000, filled: 0 });
    expect(sent('GET', `/api/v4/spot/price_orders/${stop.id}`)).toHaveLength(1);

    s.fake.setPrice('BTC_USDT', 44990);
    const fired = s.fake.book.orders[1];
    const done = await ex.fetchStopOrder(stop.id, 'BTC/USDT');
    expect(sent('GET', `/api/v4/spot/orders/${fired.id}`)).toHaveLength(1);
    expect(done).toMatchObject({ id: stop.id, status: 'closed', filled: 0.01, average: 44990, stopPrice: 45000 });
  });

  it('cancels through the price-order endpoint; a plain order id is not a stop', async () => {
    const ex = await gate();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-4-3',
    });
    const cancelled = await ex.cancelStopOrder(stop.id, 'BTC/USDT');
    expect(sent('DELETE', `/api/v4/spot/price_orders/${stop.id}`)).toHaveLength(1);
    expect(cancelled).toMatchObject({ id: stop.id, status: 'canceled', amount: 0.01 });
    expect(s.fake.book.purse('BTC')).toEqual({ free: 0.01, locked: 0 });
    const plain = await ex.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: 0.001,
      price: 40000,
      clientOrderId: 'thabcde-5-1',
    });
    // Gate's text must start with "t-": the bot's id goes out prefixed, and is found again by it.
    expect(sent('POST', '/api/v4/spot/orders')[0].body).toMatchObject({ text: 't-thabcde-5-1' });
    expect(await ex.fetchOrderByClientId('thabcde-5-1', 'BTC/USDT')).toMatchObject({ id: plain.id });
    await expect(ex.fetchStopOrder(plain.id, 'BTC/USDT')).rejects.toMatchObject({ kind: 'order_not_found' });
  });
});

describe('Gate live bot with stoploss on exchange', () => {
  it('places the stop after the entry, moves it with the trailing stop, and closes the trade when it fills', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    const priceOrders = () => s.fake.book.orders.filter((o) => o.stop);

    await tick();
    strategy.allowEntry = false;
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.ftOrderSide === 'buy')).toMatchObject({
      price: 50000.1,
      status: 'closed',
      average: 50000,
    });
    await tick();
    [tw] = await openTrades(h.database.db);

    // Gate answers the entry with the filled order, so freqtrade records its average (50000) as the
    // open rate the stop starts from: 50000 · 0.9 = 45000 (on the tick); limit 45000 · 0.99 = 44550.
    expect(tw.trade.stopLoss).toBe(45000);
    expect(priceOrders()).toHaveLength(1);
    expect(priceOrders()[0]).toMatchObject({
      status: 'open',
      amount: tw.trade.amount,
      stop: { trigger: 45000, limit: 44550 },
    });
    expect(priceOrders()[0].sent).toMatchObject({ trigger: { price: '45000', rule: '<=' }, put: { price: '44550' } });
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({
      status: 'open',
      stopPrice: 45000,
      price: 44550,
    });

    // Trailing: 53000.1 · 0.98 = 51940.098 → 51940.1, limit 51940.1 · 0.99 = 51420.699 → 51420.7, one iteration later.
    s.fake.setPrice('BTC_USDT', 53000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(51940.1);
    await tick();
    expect(priceOrders().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(priceOrders()[1].stop).toMatchObject({ trigger: 51940.1, limit: 51420.7 });

    // Triggered: the fired limit sell fills at 51900; the bot follows fired_order_id.
    s.fake.setPrice('BTC_USDT', 51900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 51900, isOpen: false });
    const sells = s.fake.book.orders.filter((o) => o.side === 'sell' && !o.stop);
    expect(sells).toHaveLength(1);
    expect(sells[0]).toMatchObject({ status: 'closed', average: 51900 });
    expect(closed.orders.find((o) => o.ftOrderSide === 'stoploss' && o.status === 'closed')).toMatchObject({
      orderId: priceOrders()[1].id,
      average: 51900,
      filled: tw.trade.amount,
    });
  }, 60_000);
});
