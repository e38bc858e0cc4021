// Stoploss on exchange on Kucoin (spot) through real ccxt against the loopback fake Kucoin.
// freqtrade 2024.10 kucoin.py: stoploss_order_types {limit, market}, stop_price_param stopPrice
// (ccxt places it on /api/v1/stop-order), _get_stop_params adds stop: loss; no stop flag on
// fetch / cancel, so both go through the plain order endpoints under the stop's own id.

import { describe, expect, it } from 'vitest';
import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { closedTrades, openTrades } from '../../support/engine.ts';
import { startFakeKucoin } from '../../support/fake-kucoin/index.ts';
import { StopOnExchangeStrategy, useFakeExchange } from '../../support/stop-exchange-run.ts';

const s = useFakeExchange('kucoin', (now) => startFakeKucoin({ now, balances: { USDT: 10_000, BTC: 0.01 } }));
const kucoin = () => s.exchange();
const sent = (method: string, path: string) => s.sent(path, method);

describe('Kucoin stop orders through ccxt', () => {
  it('posts a stop-limit to /api/v1/stop-order; the same id fills at the trigger', async () => {
    const ex = await kucoin();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-4-2',
    });
    const [req] = sent('POST', '/api/v1/stop-order');
    expect(req.body).toEqual({
      clientOid: 'thabcde-4-2',
      side: 'sell',
      symbol: 'BTC-USDT',
      type: 'limit',
      size: '0.01',
      price: '44550',
      stopPrice: '45000',
      stop: 'loss',
    });
    expect(sent('POST', '/api/v1/orders')).toHaveLength(0);
    // Kucoin answers with the id only: the adapter keeps the requested amount and prices.
    expect(stop).toMatchObject({ id: s.fake.book.orders[0].id, status: 'open', amount: 0.01, stopPrice: 45000 });
    expect(s.fake.book.purse('BTC')).toEqual({ free: 0, locked: 0.01 });
    expect(await ex.fetchStopOrder(stop.id, 'BTC/USDT')).toMatchObject({
      id: stop.id,
      status: 'open',
      stopPrice: 45000,
      price: 44550,
      filled: 0,
    });
    expect(sent('GET', `/api/v1/orders/${stop.id}`)).toHaveLength(1);

    // Last price 44990 ≤ 45000: the stop becomes a limit sell at 44550, marketable, filled at 44990.
    s.fake.setPrice('BTC-USDT', 44990);
    expect(await ex.fetchStopOrder(stop.id, 'BTC/USDT')).toMatchObject({
      id: stop.id,
      status: 'closed',
      filled: 0.01,
      average: 44990,
      stopPrice: 45000,
    });
    // fee 0.1 % of 0.01 · 44990 = 0.4499 USDT; 10000 + 449.9 − 0.4499 = 10449.4501
    expect(s.fake.book.purse('USDT').free).toBeCloseTo(10_449.4501, 8);
  });

  it('a market stop has no price; cancel goes to the order endpoint and is fetched after', async () => {
    const ex = await kucoin();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      clientOrderId: 'thabcde-4-3',
    });
    expect(sent('POST', '/api/v1/stop-order')[0].body).toEqual({
      clientOid: 'thabcde-4-3',
      side: 'sell',
      symbol: 'BTC-USDT',
      type: 'market',
      size: '0.01',
      stopPrice: '45000',
      stop: 'loss',
    });
    const cancelled = await ex.cancelStopOrder(stop.id, 'BTC/USDT');
    expect(sent('DELETE', `/api/v1/orders/${stop.id}`)).toHaveLength(1);
    // The cancel reply carries ids only, so the order is fetched.
    expect(sent('GET', `/api/v1/orders/${stop.id}`)).toHaveLength(1);
    expect(cancelled).toMatchObject({ id: stop.id, status: 'canceled', amount: 0.01 });
    expect(s.fake.book.purse('BTC')).toEqual({ free: 0.01, locked: 0 });
    // A cancelled stop is also what the stop-order endpoint (ccxt's trigger flag) reports.
    expect(await ex.fetchOrderByClientId('thabcde-4-3', 'BTC/USDT')).toMatchObject({ id: stop.id, status: 'canceled' });
  });

  it('fetches open orders and a plain order by client id; a bad signature is refused', async () => {
    const ex = await kucoin();
    const plain = await ex.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: 0.001,
      price: 40000,
      clientOrderId: 'thabcde-5-1',
    });
    expect(sent('POST', '/api/v1/orders')[0].body).toMatchObject({
      clientOid: 'thabcde-5-1',
      symbol: 'BTC-USDT',
      size: '0.001',
      price: '40000',
    });
    expect(await ex.fetchOrderByClientId('thabcde-5-1', 'BTC/USDT')).toMatchObject({ id: plain.id, status: 'open' });
    expect(sent('GET', '/api/v1/order/client-order/thabcde-5-1')).toHaveLength(1);
    const balance = await ex.fetchBalance();
    // 0.001 · 40000 = 40 USDT held by the resting buy.
    expect(balance.USDT).toMatchObject({ free: 9960, used: 40, total: 10_000 });
    const bad = await createCcxtExchange({
      name: 'kucoin',
      key: s.fake.apiKey,
      secret: 'wrong',
      password: s.fake.password,
      urlOverride: s.fake.url,
      ccxt_config: { enableRateLimit: false },
    });
    await expect(bad.fetchBalance()).rejects.toBeTruthy();
  });
});

describe('Kucoin live bot with stoploss on exchange', () => {
  it('places the stop after the entry, moves it with the trailing stop, and closes the trade when it fills', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    const stops = () => s.fake.book.orders.filter((o) => o.stop);

    await tick();
    strategy.allowEntry = false;
    await tick();
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.ftOrderSide === 'buy')).toMatchObject({ status: 'closed', average: 50000 });
    expect(s.fake.requests().filter((r) => r.status >= 400 && r.path !== '/api/v1/market/candles')).toEqual([]);

    // Kucoin acks the entry with its id only (recorded at the ask 50000.1), so the stop starts from
    // 50000.1: 50000.1 · 0.9 = 45000.09 → 45000.1; limit 45000.1 · 0.99 = 44550.099 → 44550.1.
    expect(tw.trade.stopLoss).toBe(45000.1);
    expect(stops()).toHaveLength(1);
    expect(stops()[0]).toMatchObject({
      status: 'open',
      amount: tw.trade.amount,
      stop: { trigger: 45000.1, limit: 44550.1 },
    });
    expect(stops()[0].sent).toMatchObject({ stop: 'loss', stopPrice: '45000.1', price: '44550.1', side: 'sell' });
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({
      status: 'open',
      stopPrice: 45000.1,
      price: 44550.1,
    });

    // Trailing: ask 53000.1 · 0.98 = 51940.098 → 51940.1, limit 51940.1 · 0.99 = 51420.699 → 51420.7, one iteration later.
    s.fake.setPrice('BTC-USDT', 53000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(51940.1);
    await tick();
    expect(stops().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(stops()[1].stop).toMatchObject({ trigger: 51940.1, limit: 51420.7 });
    expect(sent('DELETE', `/api/v1/orders/${stops()[0].id}`)).toHaveLength(1);

    // 51900 ≤ 51940.1: the stop turns into a limit sell at 51420.7 and fills at the last price 51900.
    s.fake.setPrice('BTC-USDT', 51900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 51900, isOpen: false });
    expect(s.fake.book.orders.filter((o) => o.side === 'sell' && !o.stop)).toHaveLength(0);
    expect(closed.orders.find((o) => o.ftOrderSide === 'stoploss' && o.status === 'closed')).toMatchObject({
      orderId: stops()[1].id,
      average: 51900,
      filled: tw.trade.amount,
    });
  }, 60_000);
});

describe('Kucoin: a stop whose reply is lost', () => {
  it('is sent once and found next iteration by its clientOid, not placed twice', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    await tick(); // the entry is acked with its id only
    strategy.allowEntry = false;
    s.fake.loseReplyOnce('POST', '/api/v1/stop-order');
    await tick(); // the entry fills; the stop reaches Kucoin but its reply is lost
    expect(sent('POST', '/api/v1/stop-order')).toHaveLength(1);
    let [tw] = await openTrades(h.database.db);
    const row = tw.orders.find((o) => o.ftOrderSide === 'stoploss')!;
    expect(row).toMatchObject({ ftIsOpen: true, orderId: null });
    await tick(); // looked up by the client order id it was sent with
    [tw] = await openTrades(h.database.db);
    const placed = s.fake.book.orders.filter((o) => o.stop);
    expect(placed).toHaveLength(1);
    expect(placed[0].clientId).toBe(row.clientOrderId);
    expect(sent('GET', `/api/v1/order/client-order/${row.clientOrderId}`)).toHaveLength(1);
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss')).toEqual([
      expect.objectContaining({ id: row.id, orderId: placed[0].id, status: 'open', stopPrice: 45000.1 }),
    ]);
    expect(sent('POST', '/api/v1/stop-order')).toHaveLength(1);
  }, 60_000);
});

describe('Kucoin in dry-run: the stop is emulated with Kucoin’s settings', () => {
  it('accepts stoploss_on_exchange, places nothing on Kucoin, and fills the emulated stop', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy, { dry_run: true });
    const tick = s.tick;
    await tick();
    strategy.allowEntry = false;
    await tick();
    const [tw] = await openTrades(h.database.db);
    // The stop: 50000.1 · 0.9 = 45000.09 → 45000.1, limit 45000.1 · 0.99 = 44550.099 → 44550.1.
    expect(tw.trade.stopLoss).toBe(45000.1);
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({
      status: 'open',
      stopPrice: 45000.1,
      price: 44550.1,
    });
    // Below the trigger the emulated stop fills at the bid, never below its limit (bid 43999.9 < 44550.1).
    s.fake.setPrice('BTC-USDT', 44000);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 44550.1, isOpen: false });
    // Order books were read at a depth Kucoin takes (20 or 100), and no order reached Kucoin.
    const books = s.fake.requests().filter((r) => r.path.includes('/market/orderbook/'));
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((r) => /level2_(20|100)$/.test(r.path))).toBe(true);
    expect(s.fake.requests().filter((r) => /\/api\/v1\/(orders|stop-order)/.test(r.path))).toEqual([]);
    expect(s.fake.book.orders).toEqual([]);
  }, 60_000);
});
