// Real ccxt (binance class) against the loopback fake Binance.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CcxtExchange, type CcxtExchangeOptions, createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { ExchangeError } from '../../../src/exchange/port.ts';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';

let fake: FakeBinance;
let logs: { level: string; message: string }[];

function options(overrides: Partial<CcxtExchangeOptions> = {}): CcxtExchangeOptions {
  return {
    name: 'binance',
    key: fake.apiKey,
    secret: fake.secret,
    trading_mode: 'spot',
    margin_mode: '',
    urlOverride: fake.url,
    ccxt_config: { enableRateLimit: false },
    retry: { tries: 3, baseDelayMs: 1 },
    logger: (level, message) => logs.push({ level, message }),
    ...overrides,
  };
}

async function exchange(overrides: Partial<CcxtExchangeOptions> = {}): Promise<CcxtExchange> {
  return createCcxtExchange(options(overrides));
}

async function expectKind(promise: Promise<unknown>, kind: ExchangeError['kind']): Promise<ExchangeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExchangeError);
  expect((err as ExchangeError).kind).toBe(kind);
  return err as ExchangeError;
}

beforeEach(async () => {
  fake = await startFakeBinance({ balances: { USDT: 10_000, BTC: 1, ETH: 10 } });
  logs = [];
});

afterEach(async () => {
  await fake.close();
});

describe('ccxt adapter: market data', () => {
  it('loads markets once with tick-size precision, limits and fees', async () => {
    const ex = await exchange({ name: 'Binance' });
    expect(ex.id).toBe('binance');
    expect(ex.name).toBe('Binance');
    expect(ex.tradingMode).toBe('spot');
    expect(ex.markets()).toEqual({});
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
    const btc = markets['BTC/USDT'];
    expect(btc).toMatchObject({
      symbol: 'BTC/USDT',
      base: 'BTC',
      quote: 'USDT',
      type: 'spot',
      spot: true,
      swap: false,
      active: true,
      precision: { amount: 0.00001, price: 0.01 },
      limits: { amount: { min: 0.00001 }, price: { min: 0.01 }, cost: { min: 5 } },
    });
    expect(markets['XRP/USDT'].precision).toEqual({ amount: 0.1, price: 0.0001 });
    expect(ex.fees('BTC/USDT')).toEqual({ taker: 0.001, maker: 0.001 });
    expect(() => ex.fees('DOGE/USDT')).toThrow(ExchangeError);

    await ex.loadMarkets();
    await ex.fetchTicker('ETH/USDT');
    const infoCalls = () => fake.requests().filter((r) => r.path === '/api/v3/exchangeInfo').length;
    expect(infoCalls()).toBe(1);
    await ex.loadMarkets(true);
    expect(infoCalls()).toBe(2);
    expect(ex.markets()['SOL/USDT'].symbol).toBe('SOL/USDT');
  });

  it('fetches one ticker and all tickers', async () => {
    const ex = await exchange();
    fake.setPrice('BTCUSDT', 61000);
    const t = await ex.fetchTicker('BTC/USDT');
    expect(t).toMatchObject({ symbol: 'BTC/USDT', last: 61000, bid: 60999.99, ask: 61000.01, baseVolume: 1000 });
    expect(t.quoteVolume).toBe(61_000_000);
    const all = await ex.fetchTickers();
    expect(Object.keys(all).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
    expect(all['ETH/USDT'].last).toBe(3000);
    const some = await ex.fetchTickers(['SOL/USDT', 'XRP/USDT']);
    expect(Object.keys(some).sort()).toEqual(['SOL/USDT', 'XRP/USDT']);
  });

  it('fetches candles as ascending tuples and an order book', async () => {
    const ex = await exchange();
    const candles = await ex.fetchOHLCV('ETH/USDT', '1h', undefined, 5);
    expect(candles).toHaveLength(5);
    for (const c of candles) {
      expect(c).toHaveLength(6);
      expect(c[0] % 3_600_000).toBe(0);
      expect(c[2]).toBeGreaterThanOrEqual(Math.max(c[1], c[4]));
      expect(c[3]).toBeLessThanOrEqual(Math.min(c[1], c[4]));
    }
    for (let i = 1; i < candles.length; i++) expect(candles[i][0] - candles[i - 1][0]).toBe(3_600_000);
    const since = candles[1][0];
    const again = await ex.fetchOHLCV('ETH/USDT', '1h', since, 2);
    expect(again).toEqual(candles.slice(1, 3));

    const book = await ex.fetchOrderBook('BTC/USDT', 5);
    expect(book.symbol).toBe('BTC/USDT');
    expect(book.bids).toHaveLength(5);
    expect(book.bids[0]).toEqual([49999.99, 1]);
    expect(book.asks[0]).toEqual([50000.01, 1]);
  });

  it('sends every request through an injected fetch implementation (the Workers path)', async () => {
    const seen: string[] = [];
    const ex = await exchange({
      fetchImplementation: (url, init) => {
        seen.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
        return fetch(url, init);
      },
    });
    await ex.fetchTicker('BTC/USDT');
    await ex.fetchBalance();
    expect(seen).toEqual(['GET /api/v3/exchangeInfo', 'GET /api/v3/ticker/24hr', 'GET /api/v3/account']);
    expect(fake.requests()).toHaveLength(3);
  });

  it('maps an unknown symbol to bad_symbol', async () => {
    const ex = await exchange();
    await expectKind(ex.fetchTicker('NOPE/USDT'), 'bad_symbol');
  });
});

describe('ccxt adapter: account and orders', () => {
  it('fetches the balance over a signed request', async () => {
    const ex = await exchange();
    const balances = await ex.fetchBalance();
    expect(balances.USDT).toEqual({ free: 10_000, used: 0, total: 10_000 });
    expect(balances.BTC.total).toBe(1);
    const account = fake.requests().find((r) => r.path === '/api/v3/account');
    expect(account?.signed).toBe(true);
    expect(account?.status).toBe(200);
  });

  it('fills a market order at once, with the fee', async () => {
    const ex = await exchange();
    const order = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.01,
      clientOrderId: 'mkt-1',
    });
    expect(order).toMatchObject({
      clientOrderId: 'mkt-1',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      status: 'closed',
      amount: 0.01,
      filled: 0.01,
      remaining: 0,
      average: 50000,
      cost: 500,
    });
    expect(order.fee?.currency).toBe('BTC');
    expect(order.fee?.cost).toBeCloseTo(0.00001, 12);
    const placed = fake.requests().find((r) => r.method === 'POST');
    expect(placed?.params.newClientOrderId).toBe('mkt-1');
    expect(placed?.params.quantity).toBe('0.01');
    expect(fake.balance('USDT').free).toBeCloseTo(9500, 8);
    const balances = await ex.fetchBalance();
    expect(balances.BTC.total).toBeCloseTo(1.00999, 10);
  });

  it('keeps a limit order open until the price crosses it', async () => {
    const ex = await exchange();
    const order = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.02,
      price: 49000,
      clientOrderId: 'lim-1',
    });
    expect(order).toMatchObject({ status: 'open', price: 49000, amount: 0.02, filled: 0, clientOrderId: 'lim-1' });
    expect((await ex.fetchBalance()).USDT).toEqual({ free: 9020, used: 980, total: 10_000 });
    expect((await ex.fetchOpenOrders('BTC/USDT')).map((o) => o.id)).toEqual([order.id]);

    fake.setPrice('BTCUSDT', 48900);
    const done = await ex.fetchOrder(order.id, 'BTC/USDT');
    expect(done).toMatchObject({ id: order.id, status: 'closed', filled: 0.02, average: 49000, cost: 980 });
    expect(await ex.fetchOpenOrders()).toEqual([]);
  });

  it('cancels an open limit order and lists open orders across symbols', async () => {
    const ex = await exchange();
    const sell = await ex.createOrder({
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'sell',
      amount: 1,
      price: 3500,
      clientOrderId: 'eth-sell',
    });
    const buy = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.001,
      price: 40000,
      clientOrderId: 'btc-buy',
    });
    const open = await ex.fetchOpenOrders();
    expect(open.map((o) => o.clientOrderId).sort()).toEqual(['btc-buy', 'eth-sell']);
    expect(open.find((o) => o.clientOrderId === 'eth-sell')?.symbol).toBe('ETH/USDT');

    const canceled = await ex.cancelOrder(sell.id, 'ETH/USDT');
    expect(canceled).toMatchObject({ id: sell.id, status: 'canceled', filled: 0 });
    expect(fake.balance('ETH')).toEqual({ free: 10, locked: 0 });
    expect((await ex.fetchOpenOrders()).map((o) => o.id)).toEqual([buy.id]);
    await expectKind(ex.cancelOrder(sell.id, 'ETH/USDT'), 'order_not_found');
  });

  it('returns the existing order when a client order id is sent twice', async () => {
    const ex = await exchange();
    const req = {
      symbol: 'BTC/USDT',
      type: 'limit' as const,
      side: 'buy' as const,
      amount: 0.01,
      price: 45000,
      clientOrderId: 'same-id',
    };
    const first = await ex.createOrder(req);
    const second = await ex.createOrder(req);
    expect(second.id).toBe(first.id);
    expect(second.clientOrderId).toBe('same-id');
    expect(fake.orders()).toHaveLength(1);
    expect(logs.some((l) => l.message.includes('same-id already exists'))).toBe(true);
  });

  it('places exactly one order when the reply to the first attempt is lost', async () => {
    const ex = await exchange();
    await ex.loadMarkets();
    fake.failNext(1, 'reset-after');
    const order = await ex.createOrder({
      symbol: 'ETH/USDT',
      type: 'market',
      side: 'sell',
      amount: 0.5,
      clientOrderId: 'lost-reply',
    });
    expect(order).toMatchObject({ clientOrderId: 'lost-reply', status: 'closed', filled: 0.5 });
    expect(fake.orders()).toHaveLength(1);
    expect(fake.requests().filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('finds an order by client id, undefined when unknown', async () => {
    const ex = await exchange();
    const placed = await ex.createOrder({
      symbol: 'SOL/USDT',
      type: 'limit',
      side: 'buy',
      amount: 1,
      price: 100,
      clientOrderId: 'find-me',
    });
    const found = await ex.fetchOrderByClientId('find-me', 'SOL/USDT');
    expect(found).toMatchObject({ id: placed.id, clientOrderId: 'find-me', status: 'open', symbol: 'SOL/USDT' });
    expect(fake.requests().at(-1)?.params.origClientOrderId).toBe('find-me');
    expect(await ex.fetchOrderByClientId('never-sent', 'SOL/USDT')).toBeUndefined();
    await expectKind(ex.fetchOrder('424242', 'SOL/USDT'), 'order_not_found');
  });
});

describe('ccxt adapter: errors', () => {
  it('maps a wrong secret to auth', async () => {
    const ex = await exchange({ secret: 'not-the-secret' });
    await expectKind(ex.fetchBalance(), 'auth');
    const last = fake.requests().at(-1);
    expect(last?.status).toBe(401);
  });

  it('maps an unknown api key to auth', async () => {
    const ex = await exchange({ key: 'someone-else' });
    await expectKind(ex.fetchOpenOrders('BTC/USDT'), 'auth');
  });

  it('maps a missing balance to insufficient_funds and a bad amount to invalid_order', async () => {
    const ex = await exchange();
    await expectKind(
      ex.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: 1, clientOrderId: 'too-big' }),
      'insufficient_funds',
    );
    await expectKind(
      ex.createOrder({ symbol: 'SOL/USDT', type: 'market', side: 'sell', amount: 1, clientOrderId: 'no-sol' }),
      'insufficient_funds',
    );
    await expectKind(
      ex.createOrder({
        symbol: 'BTC/USDT',
        type: 'limit',
        side: 'buy',
        amount: 0.00001,
        price: 40000,
        clientOrderId: 'tiny',
      }),
      'invalid_order',
    );
    expect(fake.orders()).toHaveLength(0);
  });

  it('retries transient failures with backoff, then succeeds', async () => {
    const ex = await exchange();
    await ex.loadMarkets();
    fake.failNext(2, 'http503');
    const t = await ex.fetchTicker('BTC/USDT');
    expect(t.last).toBe(50000);
    expect(
      fake
        .requests()
        .filter((r) => r.path === '/api/v3/ticker/24hr')
        .map((r) => r.status),
    ).toEqual([503, 503, 200]);
    const warnings = logs.filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(2);
    expect(warnings[0].message).toMatch(/fetchTicker failed \(attempt 1\/3\), retrying in 1 ms/);
    expect(warnings[1].message).toMatch(/retrying in 2 ms/);

    fake.failNext(1, 'reset');
    expect((await ex.fetchBalance()).USDT.free).toBe(10_000);
  });

  it('recovers when the first market load fails', async () => {
    const ex = await exchange();
    fake.failNext(1, 'reset');
    const [a, b] = await Promise.all([ex.loadMarkets(), ex.fetchTicker('SOL/USDT')]);
    expect(Object.keys(a)).toHaveLength(4);
    expect(b.last).toBe(150);
    expect(
      fake
        .requests()
        .filter((r) => r.path === '/api/v3/exchangeInfo')
        .map((r) => r.status),
    ).toEqual([0, 200]);

    fake.failNext(3, 'http503');
    await expectKind(ex.loadMarkets(true), 'network');
    expect(Object.keys(ex.markets())).toHaveLength(4);
    expect(Object.keys(await ex.loadMarkets(true))).toHaveLength(4);
  });

  it('gives up after the configured tries with a network error', async () => {
    const ex = await exchange();
    await ex.loadMarkets();
    fake.failNext(3, 'reset');
    await expectKind(ex.fetchOrderBook('BTC/USDT'), 'network');
    expect(fake.requests().filter((r) => r.path === '/api/v3/depth')).toHaveLength(3);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('gave up after 3 tries'))).toBe(true);
    expect((await ex.fetchOrderBook('BTC/USDT')).bids.length).toBeGreaterThan(0);
  });

  it('rejects an exchange id ccxt does not know', async () => {
    await expectKind(createCcxtExchange({ name: 'no-such-exchange' }), 'not_supported');
  });
});
