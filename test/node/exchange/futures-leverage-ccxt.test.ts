// Real ccxt (binance, swap mode) against the loopback fake USDⓈ-M futures exchange: freqtrade's _lev_prep.
// Before each futures entry the adapter sets the pair's margin mode (setMarginMode → POST /fapi/v1/marginType)
// and then its leverage (setLeverage → POST /fapi/v1/leverage); reduce-only exits skip both.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { ExchangeError } from '../../../src/exchange/port.ts';
import { type FakeBinanceFutures, startFakeBinanceFutures } from '../../support/fake-binance-futures.ts';
import { connectFuturesCcxt } from '../../support/futures-ccxt.ts';

let fake: FakeBinanceFutures;
let ex: CcxtExchange;
const SYMBOL = 'ETH/USDT:USDT';
const LEV_PATHS = new Set(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage', 'POST /fapi/v1/order']);
let seen = 0;
/** The account and order calls since the previous look. */
const newCalls = () => {
  const all = fake.paths();
  const fresh = all.slice(seen).filter((p) => LEV_PATHS.has(p));
  seen = all.length;
  return fresh;
};

beforeAll(async () => {
  fake = await startFakeBinanceFutures();
  ex = await connectFuturesCcxt(fake);
}, 60_000);
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  newCalls();
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

  it('a leverage the exchange refuses fails the entry before any order is sent', async () => {
    // The fake's ETHUSDT brackets allow at most 75x.
    const err = await entry('lev-too-high', 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('other');
    expect((err as ExchangeError).message).toMatch(/^Could not set leverage due to \w+\. Message: .*-4028/);
    expect(newCalls()).toEqual(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage']);
    expect(fake.orders().some((o) => o.clientOrderId === 'lev-too-high')).toBe(false);
    expect(fake.settings('ETHUSDT').leverage).toBe(2);
  });

  it('a network failure while setting the leverage is not an order in flight: the entry fails as "other"', async () => {
    fake.dropNext('POST /fapi/v1/leverage');
    const err = await entry('lev-dropped', 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).kind).toBe('other');
    expect((err as ExchangeError).message).toMatch(/^Could not set leverage due to NetworkError\. Message: /);
    expect(newCalls()).toEqual(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage']);
    expect(fake.orders().some((o) => o.clientOrderId === 'lev-dropped')).toBe(false);
  });
});
