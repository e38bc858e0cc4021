// The fake Binance itself, over raw HTTP: what ccxt relies on, checked without ccxt in between.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';

let fake: FakeBinance;
const T0 = Date.UTC(2026, 0, 1, 12, 30);

beforeEach(async () => {
  fake = await startFakeBinance({ now: () => T0, balances: { USDT: 1000, ETH: 2 } });
});
afterEach(async () => {
  await fake.close();
});

function signed(query: Record<string, string>, secret = fake.secret): string {
  const q = new URLSearchParams({ ...query, timestamp: String(T0) }).toString();
  return `${q}&signature=${createHmac('sha256', secret).update(q).digest('hex')}`;
}

async function call(method: string, path: string, init: { query?: string; body?: string; key?: string } = {}) {
  const res = await fetch(`${fake.url}${path}${init.query ? `?${init.query}` : ''}`, {
    method,
    headers: {
      ...(init.key === undefined ? {} : { 'X-MBX-APIKEY': init.key }),
      ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: init.body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('fake Binance', () => {
  it('answers unknown paths and symbols like Binance', async () => {
    expect(await call('GET', '/api/v3/nope')).toEqual({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect((await call('GET', '/api/v3/depth', { query: 'symbol=DOGEUSDT' })).body.code).toBe(-1121);
    expect((await call('GET', '/api/v3/klines', { query: 'symbol=BTCUSDT&interval=7m' })).body.code).toBe(-1120);
  });

  it('serves deterministic candles aligned to the interval, the forming one last', async () => {
    const a = await call('GET', '/api/v3/klines', { query: 'symbol=BTCUSDT&interval=1h&limit=3' });
    const b = await call('GET', '/api/v3/klines', { query: 'symbol=BTCUSDT&interval=1h&limit=3' });
    expect(a.body).toEqual(b.body);
    expect(a.body.map((k: unknown[]) => k[0])).toEqual([T0 - 9_000_000, T0 - 5_400_000, T0 - 1_800_000]);
    const since = await call('GET', '/api/v3/klines', {
      query: `symbol=BTCUSDT&interval=1h&startTime=${T0 - 5_400_000}`,
    });
    expect(since.body.map((k: unknown[]) => k[0])).toEqual([T0 - 5_400_000, T0 - 1_800_000]);
  });

  it('serves tickers and book tickers from the settable price', async () => {
    fake.setPrice('ETHUSDT', 3210.5);
    const one = await call('GET', '/api/v3/ticker/24hr', { query: 'symbol=ETHUSDT' });
    expect(one.body).toMatchObject({
      symbol: 'ETHUSDT',
      lastPrice: '3210.50',
      bidPrice: '3210.49',
      askPrice: '3210.51',
    });
    const some = await call('GET', '/api/v3/ticker/bookTicker', {
      query: `symbols=${encodeURIComponent('["ETHUSDT","XRPUSDT"]')}`,
    });
    expect(some.body.map((t: { symbol: string }) => t.symbol)).toEqual(['ETHUSDT', 'XRPUSDT']);
    expect((await call('GET', '/api/v3/ticker/24hr')).body).toHaveLength(4);
  });

  it('checks the api key and the HMAC signature of signed requests', async () => {
    const query = signed({});
    expect(await call('GET', '/api/v3/account', { query })).toMatchObject({ status: 401, body: { code: -2014 } });
    expect(await call('GET', '/api/v3/account', { query, key: 'other' })).toMatchObject({
      status: 401,
      body: { code: -2015 },
    });
    expect(await call('GET', '/api/v3/account', { query: signed({}, 'wrong'), key: fake.apiKey })).toMatchObject({
      status: 401,
      body: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    const ok = await call('GET', '/api/v3/account', { query, key: fake.apiKey });
    expect(ok.status).toBe(200);
    expect(ok.body.balances).toEqual([
      { asset: 'USDT', free: '1000.00000000', locked: '0.00000000' },
      { asset: 'ETH', free: '2.00000000', locked: '0.00000000' },
    ]);
  });

  it('rests a limit sell, fills it when the price rises through it, and refuses a repeated client id', async () => {
    const order = { symbol: 'ETHUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '3100' };
    const placed = await call('POST', '/api/v3/order', {
      body: signed({ ...order, newClientOrderId: 'sell-1', newOrderRespType: 'FULL' }),
      key: fake.apiKey,
    });
    expect(placed.body).toMatchObject({ status: 'NEW', clientOrderId: 'sell-1', executedQty: '0.00000000', fills: [] });
    expect(fake.balance('ETH')).toEqual({ free: 1, locked: 1 });

    const again = await call('POST', '/api/v3/order', {
      body: signed({ ...order, newClientOrderId: 'sell-1' }),
      key: fake.apiKey,
    });
    expect(again).toEqual({ status: 400, body: { code: -2010, msg: 'Duplicate order sent.' } });

    fake.setPrice('ETHUSDT', 3050);
    expect(fake.orders()[0].status).toBe('NEW');
    fake.setPrice('ETHUSDT', 3150);
    const [filled] = fake.orders();
    expect(filled).toMatchObject({ status: 'FILLED', executedQty: 1, cummulativeQuoteQty: 3100 });
    expect(filled.fills[0]).toMatchObject({ price: 3100, commission: 3.1, commissionAsset: 'USDT' });
    expect(fake.balance('ETH')).toEqual({ free: 1, locked: 0 });
    expect(fake.balance('USDT').free).toBeCloseTo(1000 + 3100 - 3.1, 8);

    const byClientId = await call('GET', '/api/v3/order', {
      query: signed({ symbol: 'ETHUSDT', origClientOrderId: 'sell-1' }),
      key: fake.apiKey,
    });
    expect(byClientId.body).toMatchObject({ orderId: placed.body.orderId, status: 'FILLED' });
    const unknown = await call('GET', '/api/v3/order', {
      query: signed({ symbol: 'ETHUSDT', origClientOrderId: 'nope' }),
      key: fake.apiKey,
    });
    expect(unknown).toEqual({ status: 400, body: { code: -2013, msg: 'Order does not exist.' } });
  });

  it('enforces the market filters and the balance', async () => {
    const place = (extra: Record<string, string>) =>
      call('POST', '/api/v3/order', { body: signed({ symbol: 'BTCUSDT', side: 'BUY', ...extra }), key: fake.apiKey });
    expect((await place({ type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '40000.005' })).body.msg).toBe(
      'Filter failure: PRICE_FILTER',
    );
    expect((await place({ type: 'MARKET', quantity: '0.000015' })).body.msg).toBe('Filter failure: LOT_SIZE');
    expect((await place({ type: 'MARKET', quantity: '0.00001' })).body.msg).toBe('Filter failure: NOTIONAL');
    expect((await place({ type: 'MARKET', quantity: '0.1' })).body).toEqual({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    });
    expect(fake.orders()).toEqual([]);
  });

  it('fails the next requests on demand, then recovers', async () => {
    fake.failNext(1, 'http503');
    expect((await fetch(`${fake.url}/api/v3/time`)).status).toBe(503);
    fake.failNext(1, 'reset');
    await expect(fetch(`${fake.url}/api/v3/time`)).rejects.toThrow();
    expect((await call('GET', '/api/v3/time')).body).toEqual({ serverTime: T0 });
    expect(fake.requests().map((r) => r.status)).toEqual([503, 0, 200]);
  });
});
