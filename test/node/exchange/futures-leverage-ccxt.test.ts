// Real ccxt (binance, swap mode) against the loopback fake USDⓈ-M futures exchange: freqtrade's _lev_prep.
// Before each futures entry the adapter sets the pair's margin mode (setMarginMode → POST /fapi/v1/marginType)
// and then its leverage (setLeverage → POST /fapi/v1/leverage); reduce-only exits skip both. Both calls
// run under freqtrade's @retrier (exchange/common.py): 4 retries, a backoff only after DDoSProtection.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { LEVERAGE_RETRIES, leverageRetryKind } from '../../../src/exchange/ccxt/leverage.ts';
import { loadCcxt } from '../../../src/exchange/ccxt/loader.ts';
import { ExchangeError } from '../../../src/exchange/port.ts';
import { type FakeBinanceFutures, startFakeBinanceFutures } from '../../support/fake-binance-futures.ts';
import { connectFuturesCcxt } from '../../support/futures-ccxt.ts';

let fake: FakeBinanceFutures;
let ex: CcxtExchange;
const SYMBOL = 'ETH/USDT:USDT';
const LEV_PATHS = new Set(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage', 'POST /fapi/v1/order']);
let seen = 0;
const sleeps: number[] = [];
/** The account and order calls since the previous look. */
const newCalls = () => {
  const all = fake.paths();
  const fresh = all.slice(seen).filter((p) => LEV_PATHS.has(p));
  seen = all.length;
  return fresh;
};

beforeAll(async () => {
  fake = await startFakeBinanceFutures();
  ex = await connectFuturesCcxt(fake, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}, 60_000);
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  newCalls();
  sleeps.length = 0;
});

const entry = (clientOrderId: string, leverage: number) =>
  ex.createOrder({ symbol: SYMBOL, type: 'market', side: 'buy', amount: 1, clientOrderId, leverage });

describe('leverage and margin mode before a futures entry (real ccxt, fake fapi)', () => {
  it('a 3x isolated entry sets the margin mode, then the leverage, then places the order', async () => {
    expect(fake.settings('ETHUSDT')).toEqual({ leverage: 20, marginType: 'CROSSED' });
    const order = await entry('lev-3x', 3);
    expect(newCalls()).toEqual(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage', 'POST /fapi/v1/order']);
    expect(order).toMatchObject({ status: 'closed', amount: 1, filled: 1, clientOrderId: 'lev-3x' });
    // The exchange had the order at 3x isolated when it took it.
    expect(fake.orders().at(-1)).toMatchObject({ clientOrderId: 'lev-3x', leverage: 3, marginType: 'ISOLATED' });
  });

  it('an unchanged margin type (-4046 "No need to change margin type.") does not fail the entry', async () => {
    expect(fake.settings('ETHUSDT').marginType).toBe('ISOLATED');
    const order = await entry('lev-again', 5);
    // The margin type call was answered with -4046 and ignored; the leverage still changed.
    expect(newCalls()).toEqual(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage', 'POST /fapi/v1/order']);
    expect(order.status).toBe('closed');
    expect(fake.orders().at(-1)).toMatchObject({ clientOrderId: 'lev-again', leverage: 5, marginType: 'ISOLATED' });
  });

  it('floors the leverage on Binance (freqtrade floor_leverage): 2.7 is set as 2', async () => {
    await entry('lev-floor', 2.7);
    expect(fake.orders().at(-1)).toMatchObject({ clientOrderId: 'lev-floor', leverage: 2 });
  });

  it('a reduce-only exit sets neither margin mode nor leverage', async () => {
    await ex.createOrder({
      symbol: SYMBOL,
      type: 'market',
      side: 'sell',
      amount: 1,
      clientOrderId: 'lev-exit',
      leverage: 2,
      reduceOnly: true,
    });
    expect(newCalls()).toEqual(['POST /fapi/v1/order']);
    expect(fake.orders().at(-1)).toMatchObject({ clientOrderId: 'lev-exit', reduceOnly: true });
  });

  it('a leverage the exchange refuses is tried 5 times (freqtrade retries BadRequest), then fails the entry before any order', async () => {
    // The fake's ETHUSDT brackets allow at most 75x.
    const err = await entry('lev-too-high', 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('other');
    expect((err as ExchangeError).message).toMatch(/^Could not set leverage due to BadRequest\. Message: .*-4028/);
    expect(newCalls()).toEqual([
      'POST /fapi/v1/marginType',
      ...Array(LEVERAGE_RETRIES + 1).fill('POST /fapi/v1/leverage'),
    ]);
    expect(sleeps).toEqual([]); // no backoff outside DDoSProtection
    expect(fake.orders().some((o) => o.clientOrderId === 'lev-too-high')).toBe(false);
    expect(fake.settings('ETHUSDT').leverage).toBe(2);
  });

  it('a connection reset on the leverage call is retried and the entry goes through', async () => {
    fake.dropNext('POST /fapi/v1/leverage', 2);
    const order = await entry('lev-dropped-twice', 3);
    expect(newCalls()).toEqual([
      'POST /fapi/v1/marginType',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/order',
    ]);
    expect(order.status).toBe('closed');
    expect(fake.orders().at(-1)).toMatchObject({ clientOrderId: 'lev-dropped-twice', leverage: 3 });
  });

  it('five network failures in a row: not an order in flight, the entry fails as "other"', async () => {
    fake.dropNext('POST /fapi/v1/leverage', LEVERAGE_RETRIES + 1);
    const err = await entry('lev-dropped', 4).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('other');
    expect((err as ExchangeError).message).toMatch(/^Could not set leverage due to NetworkError\. Message: /);
    expect(newCalls()).toEqual(['POST /fapi/v1/marginType', ...Array(5).fill('POST /fapi/v1/leverage')]);
    expect(fake.orders().some((o) => o.clientOrderId === 'lev-dropped')).toBe(false);
  });

  it('a failing margin-type call is retried too; rate limits (DDoSProtection) wait calculate_backoff: 1 s, 2 s', async () => {
    fake.failNext('POST /fapi/v1/marginType', 1, { status: 400, code: -1000, msg: 'An unknown error occured.' });
    fake.failNext('POST /fapi/v1/leverage', 2, { status: 429, code: -1003, msg: 'Too many requests.' });
    const order = await entry('lev-rate-limited', 3);
    expect(newCalls()).toEqual([
      'POST /fapi/v1/marginType',
      'POST /fapi/v1/marginType',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/order',
    ]);
    expect(sleeps).toEqual([1000, 2000]); // (4 − 4)² + 1, (4 − 3)² + 1 seconds
    expect(order.status).toBe('closed');
  });

  it('which ccxt errors freqtrade retries (TemporaryError, DDosProtection) and which it does not (OperationalException)', async () => {
    const ccxt = await loadCcxt();
    expect(leverageRetryKind(ccxt, new ccxt.DDoSProtection('429'))).toBe('ddos');
    // ccxt 4.5's RateLimitExceeded is a NetworkError beside DDoSProtection: freqtrade's _set_leverage
    // catches only DDoSProtection, so it is a TemporaryError, retried without a wait.
    expect(leverageRetryKind(ccxt, new ccxt.RateLimitExceeded('429'))).toBe('temporary');
    for (const E of [ccxt.BadRequest, ccxt.OperationRejected, ccxt.InsufficientFunds, ccxt.AuthenticationError]) {
      expect(leverageRetryKind(ccxt, new E('x'))).toBe('temporary');
    }
    for (const E of [ccxt.NetworkError, ccxt.RequestTimeout, ccxt.ExchangeNotAvailable, ccxt.BadResponse]) {
      expect(leverageRetryKind(ccxt, new E('x'))).toBe('temporary');
    }
    // BaseError outside ExchangeError / OperationFailed, and anything that is not a ccxt error.
    expect(leverageRetryKind(ccxt, new ccxt.UnsubscribeError('x'))).toBe('fatal');
    expect(leverageRetryKind(ccxt, new ccxt.BaseError('x'))).toBe('fatal');
    expect(leverageRetryKind(ccxt, new TypeError('x'))).toBe('fatal');
  });
});
