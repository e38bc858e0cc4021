// Stoploss on exchange on Kraken (spot) through real ccxt against the loopback fake Kraken.
// freqtrade 2024.10 kraken.py: stoploss_order_types {limit, market}, stop_price_param
// stopLossPrice (ccxt sends ordertype stop-loss / stop-loss-limit, price = trigger, price2 =
// limit), _params {trading_agreement: agree} on every order; one order id from placement to fill.

import { describe, expect, it } from 'vitest';
import { closedTrades, openTrades } from '../../support/engine.ts';
import { startFakeKraken } from '../../support/fake-kraken/index.ts';
import { StopOnExchangeStrategy, useFakeExchange } from '../../support/stop-exchange-run.ts';

const s = useFakeExchange('kraken', (now) => startFakeKraken({ now, balances: { USDT: 10_000, XBT: 0.01 } }));
const kraken = () => s.exchange();
const sent = (path: string) => s.sent(path);

describe('Kraken stop orders through ccxt', () => {
  it('stop-loss-limit with the trading agreement; the same order fills at the trigger', async () => {
    const ex = await kraken();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-3-2',
    });
    const [req] = sent('/0/private/AddOrder');
    expect(req.body).toMatchObject({
      pair: 'XBTUSDT',
      type: 'sell',
      ordertype: 'stop-loss-limit',
      volume: '0.01',
      price: '45000',
      price2: '44550',
      trading_agreement: 'agree',
      cl_ord_id: 'thabcde-3-2',
    });
    expect(stop).toMatchObject({ id: s.fake.book.orders[0].id, status: 'open', amount: 0.01, stopPrice: 45000 });
    expect(await ex.fetchStopOrder(stop.id, 'BTC/USDT')).toMatchObject({
      status: 'open',
      type: 'limit',
      price: 44550,
      stopPrice: 45000,
      filled: 0,
    });
    // No stop flag on Kraken: a plain QueryOrders by txid.
    expect(sent('/0/private/QueryOrders').at(-1)?.body).toMatchObject({ txid: stop.id, trades: 'true' });

    s.fake.setPrice('XBTUSDT', 44990);
    expect(s.fake.book.orders).toHaveLength(1); // Kraken keeps one order through the trigger
    const done = await ex.fetchStopOrder(stop.id, 'BTC/USDT');
    expect(done).toMatchObject({ id: stop.id, status: 'closed', filled: 0.01, average: 44990, stopPrice: 45000 });
  });

  it('stop-loss (market) when the strategy asks for a market stop; cancel reads the order back', async () => {
    const ex = await kraken();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      clientOrderId: 'thabcde-3-3',
    });
    expect(sent('/0/private/AddOrder')[0].body).toMatchObject({ ordertype: 'stop-loss', price: '45000' });
    expect(sent('/0/private/AddOrder')[0].body.price2).toBeUndefined();
    // ccxt's kraken cancelOrder reply has no status: freqtrade's cancel_order_with_result reads the order.
    const cancelled = await ex.cancelStopOrder(stop.id, 'BTC/USDT');
    expect(cancelled).toMatchObject({ id: stop.id, status: 'canceled', filled: 0, amount: 0.01 });
    expect(sent('/0/private/CancelOrder')[0].body).toMatchObject({ txid: stop.id });
    expect(s.fake.book.purse('XBT')).toEqual({ free: 0.01, locked: 0 });
  });
});

describe('Kraken: an order found again by the client order id it was sent with', () => {
  it('looks in the open, then the closed orders by cl_ord_id (QueryOrders takes no client id)', async () => {
    const ex = await kraken();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-3-4',
    });
    expect(await ex.fetchStopOrderByClientId('thabcde-3-4', 'BTC/USDT')).toMatchObject({ id: stop.id, status: 'open' });
    expect(sent('/0/private/OpenOrders').at(-1)?.body).toMatchObject({ cl_ord_id: 'thabcde-3-4' });
    expect(sent('/0/private/QueryOrders')).toHaveLength(0);
    // Filled: no longer open, found among the closed orders.
    s.fake.setPrice('XBTUSDT', 44990);
    expect(await ex.fetchStopOrderByClientId('thabcde-3-4', 'BTC/USDT')).toMatchObject({
      id: stop.id,
      status: 'closed',
    });
    expect(sent('/0/private/ClosedOrders').at(-1)?.body).toMatchObject({ cl_ord_id: 'thabcde-3-4' });
    // An id Kraken never got: not found (the bot then settles the row as never placed).
    expect(await ex.fetchStopOrderByClientId('thabcde-3-5', 'BTC/USDT')).toBeUndefined();
    expect(await ex.fetchOrderByClientId('thabcde-3-5', 'BTC/USDT')).toBeUndefined();
  });
});

describe('Kraken live bot with stoploss on exchange', () => {
  it('places the stop after the entry, moves it with the trailing stop, and closes the trade when it fills', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    const krakenStops = () => s.fake.book.orders.filter((o) => o.stop);

    // 1. Entry: limit buy at the ask 50000.1, filled at the last price 50000.
    await tick();
    strategy.allowEntry = false;
    await tick();
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.ftOrderSide === 'buy')).toMatchObject({
      price: 50000.1,
      status: 'closed',
      average: 50000,
    });
    // freqtrade's kraken _params: the trading agreement goes with every order, not only stops.
    expect(sent('/0/private/AddOrder')[0].body).toMatchObject({ ordertype: 'limit', trading_agreement: 'agree' });

    // 2. Stop from the recorded 50000.1: 45000.09 → up 45000.1; limit 45000.1 · 0.99 = 44550.099 → up 44550.1.
    expect(tw.trade.stopLoss).toBe(45000.1);
    expect(krakenStops()).toHaveLength(1);
    expect(krakenStops()[0]).toMatchObject({
      status: 'open',
      amount: tw.trade.amount,
      stop: { trigger: 45000.1, limit: 44550.1 },
    });
    expect(krakenStops()[0].sent).toMatchObject({ ordertype: 'stop-loss-limit', price: '45000.1', price2: '44550.1' });
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({
      status: 'open',
      stopPrice: 45000.1,
      price: 44550.1,
    });

    // 3. Trailing: ask 53000.1 · 0.98 = 51940.098 → 51940.1; the order follows one iteration later.
    s.fake.setPrice('XBTUSDT', 53000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(51940.1);
    await tick();
    expect(krakenStops().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(krakenStops()[1].stop).toMatchObject({ trigger: 51940.1, limit: 51420.7 });

    // 4. The price falls through: the stop turns into its limit sell and fills at 51900.
    s.fake.setPrice('XBTUSDT', 51900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 51900, isOpen: false });
    expect(s.fake.book.orders.filter((o) => o.side === 'sell' && o.status === 'closed')).toHaveLength(1);
    expect(closed.orders.find((o) => o.ftOrderSide === 'stoploss' && o.status === 'closed')).toMatchObject({
      orderId: krakenStops()[1].id,
      average: 51900,
      filled: tw.trade.amount,
    });
  }, 60_000);
});
