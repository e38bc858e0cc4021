// The Exchange port's contract (src/exchange/port.ts): what every implementation promises the bot.
// Registered by the offline market, the dry-run broker and ccxt against the loopback fake Binance
// (test/node/exchange/exchange-contract.test.ts), and by the offline market and the broker inside
// workerd (test/workers/exchange-contract.test.ts). Where implementations legitimately differ the
// target says how (ExchangeTarget), instead of the case being skipped.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Exchange, ExchangeError, type ExchangeErrorKind, timeframeToMs } from '../../src/exchange/port.ts';

export interface ExchangeTarget {
  exchange: Exchange;
  /** The implementation's clock: candles are aligned to it and the forming one covers it. */
  now(): number;
  close?(): Promise<void>;
}

export interface ExchangeContractOptions {
  make(): Promise<ExchangeTarget>;
  /** Two spot symbols the target lists; the wallet holds only the quote currency. */
  symbols: [string, string];
  quote: string;
  /**
   * How the target takes orders: false for a market-data source (every account call is
   * not_supported); otherwise what canceling an order a second time does (the dry-run broker
   * returns the canceled order, exchanges answer order_not_found).
   */
  orders: false | { cancelAgain: 'returns-canceled' | 'order_not_found' };
}

async function rejection(promise: Promise<unknown>): Promise<ExchangeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExchangeError);
  return err as ExchangeError;
}

async function expectKind(promise: Promise<unknown>, kind: ExchangeErrorKind): Promise<void> {
  expect((await rejection(promise)).kind).toBe(kind);
}

const TIMEFRAME = '1h';

export function exchangeContract(name: string, options: ExchangeContractOptions): void {
  const [symbol, other] = options.symbols;
  let target: ExchangeTarget;
  let ex: Exchange;
  let n = 0;
  const clientId = () => `contract-${n++}`; // within Binance's 36 characters

  describe(`Exchange contract: ${name}`, () => {
    beforeEach(async () => {
      target = await options.make();
      ex = target.exchange;
    });
    afterEach(async () => {
      await target.close?.();
    });

    describe('markets', () => {
      it('loads markets keyed by symbol, with tick-size precision, limits and fees, and caches them', async () => {
        const markets = await ex.loadMarkets();
        expect(Object.keys(markets)).toEqual(expect.arrayContaining([symbol, other]));
        for (const [key, m] of Object.entries(markets)) {
          expect(m.symbol).toBe(key);
          expect(key.startsWith(`${m.base}/${m.quote}`)).toBe(true);
          expect(typeof m.active).toBe('boolean');
          expect(m.precision.amount).toBeGreaterThan(0);
          expect(m.precision.amount).toBeLessThanOrEqual(1);
          expect(m.precision.price).toBeGreaterThan(0);
          expect(m.precision.price).toBeLessThanOrEqual(1);
          for (const part of ['amount', 'price', 'cost', 'leverage'] as const)
            expect(m.limits[part]).toBeTypeOf('object');
          expect(m.taker).toBeGreaterThanOrEqual(0);
          expect(m.taker).toBeLessThan(0.01);
          expect(m.maker).toBeGreaterThanOrEqual(0);
          expect(m.maker).toBeLessThan(0.01);
        }
        expect(markets[symbol]).toMatchObject({ spot: true, quote: options.quote, type: 'spot' });
        expect(ex.markets()).toEqual(markets);
        expect(Object.keys(await ex.loadMarkets(true)).sort()).toEqual(Object.keys(markets).sort());
        expect(ex.fees(symbol)).toEqual({ taker: markets[symbol].taker, maker: markets[symbol].maker });
      });

      it('answers bad_symbol for a symbol it does not list', async () => {
        await ex.loadMarkets();
        await expectKind(ex.fetchTicker('NOPE/USDT'), 'bad_symbol');
        await expectKind(ex.fetchOHLCV('NOPE/USDT', TIMEFRAME, undefined, 3), 'bad_symbol');
      });
    });

    describe('prices', () => {
      it('gives tickers keyed by symbol, each with a positive price and bid <= ask', async () => {
        const t = await ex.fetchTicker(symbol);
        expect(t.symbol).toBe(symbol);
        expect(Number.isFinite(t.timestamp)).toBe(true);
        expect(t.last).toBeGreaterThan(0);
        expect(t.bid).toBeGreaterThan(0);
        expect(t.bid).toBeLessThanOrEqual(t.ask);
        const tickers = await ex.fetchTickers([symbol, other]);
        expect(Object.keys(tickers).sort()).toEqual([symbol, other].sort());
        expect(tickers[other].symbol).toBe(other);
        await ex.loadMarkets();
        const all = await ex.fetchTickers();
        expect(Object.keys(all)).toEqual(expect.arrayContaining([symbol, other]));
        for (const [key, t2] of Object.entries(all)) expect(t2.symbol).toBe(key);
      });

      it('gives an order book with the best prices first and a positive spread', async () => {
        const book = await ex.fetchOrderBook(symbol, 5);
        expect(book.symbol).toBe(symbol);
        expect(book.bids.length).toBeGreaterThan(0);
        expect(book.asks.length).toBeGreaterThan(0);
        expect(book.bids.length).toBeLessThanOrEqual(5);
        expect(book.asks.length).toBeLessThanOrEqual(5);
        const bids = book.bids.map(([p]) => p);
        const asks = book.asks.map(([p]) => p);
        expect(bids).toEqual([...bids].sort((a, b) => b - a));
        expect(asks).toEqual([...asks].sort((a, b) => a - b));
        expect(bids[0]).toBeLessThan(asks[0]);
      });
    });

    describe('candles', () => {
      const tf = timeframeToMs(TIMEFRAME);

      it('returns at most `limit` candles, ascending, aligned, the forming one last', async () => {
        const candles = await ex.fetchOHLCV(symbol, TIMEFRAME, undefined, 5);
        expect(candles.length).toBeGreaterThan(0);
        expect(candles.length).toBeLessThanOrEqual(5);
        for (const [i, [t, open, high, low, close, volume]] of candles.entries()) {
          expect(t % tf).toBe(0);
          if (i > 0) expect(t - candles[i - 1][0]).toBe(tf);
          expect(low).toBeLessThanOrEqual(Math.min(open, close));
          expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
          expect(volume).toBeGreaterThanOrEqual(0);
        }
        const last = candles[candles.length - 1][0];
        expect(last).toBeLessThanOrEqual(target.now());
        expect(last + tf).toBeGreaterThan(target.now());
      });

      it('treats `since` as inclusive and never returns earlier candles', async () => {
        const now = target.now();
        const aligned = now - (now % tf) - 3 * tf;
        const fromAligned = await ex.fetchOHLCV(symbol, TIMEFRAME, aligned, 10);
        expect(fromAligned.map((c) => c[0])).toEqual([0, 1, 2, 3].map((i) => aligned + i * tf));
        const mid = aligned + 1;
        const fromMid = await ex.fetchOHLCV(symbol, TIMEFRAME, mid, 2);
        expect(fromMid.map((c) => c[0])).toEqual([aligned + tf, aligned + 2 * tf]);
      });
    });

    if (options.orders === false) {
      it('refuses every account call with not_supported', async () => {
        const req = { symbol, type: 'market' as const, side: 'buy' as const, amount: 0.01, clientOrderId: clientId() };
        await expectKind(ex.fetchBalance(), 'not_supported');
        await expectKind(ex.createOrder(req), 'not_supported');
        await expectKind(ex.fetchOrder('1', symbol), 'not_supported');
        await expectKind(ex.cancelOrder('1', symbol), 'not_supported');
        await expectKind(ex.fetchOrderByClientId('x', symbol), 'not_supported');
        await expectKind(ex.fetchOpenOrders(symbol), 'not_supported');
      });
      return;
    }
    const { cancelAgain } = options.orders;

    describe('orders', () => {
      const limitBuy = async (amount: number, clientOrderId = clientId()) => {
        const { bid } = await ex.fetchTicker(symbol);
        const step = (await ex.loadMarkets())[symbol].precision.price;
        const price = Math.round((bid * 0.8) / step) * step;
        return ex.createOrder({ symbol, type: 'limit', side: 'buy', amount, price, clientOrderId });
      };

      it('fills a market buy at once, never rounding the amount up', async () => {
        const markets = await ex.loadMarkets();
        const step = markets[symbol].precision.amount;
        const wanted = 0.01 + step * 0.7; // between two steps
        const id = clientId();
        const order = await ex.createOrder({ symbol, type: 'market', side: 'buy', amount: wanted, clientOrderId: id });
        expect(order).toMatchObject({ symbol, side: 'buy', type: 'market', status: 'closed', clientOrderId: id });
        expect(order.amount).toBeLessThanOrEqual(wanted);
        expect(order.amount).toBeGreaterThan(wanted - step);
        expect(order.filled).toBe(order.amount);
        expect(order.remaining).toBe(0);
        expect(order.average).toBeGreaterThan(0);
        expect(order.cost).toBeCloseTo(order.filled * order.average!, 6);
        expect(order.fee?.cost).toBeGreaterThanOrEqual(0);
        const base = markets[symbol].base;
        expect((await ex.fetchBalance())[base].total).toBeGreaterThan(0);
      });

      it('keeps a limit buy below the market open, reserving its cost in the balance', async () => {
        const before = (await ex.fetchBalance())[options.quote];
        expect(before.free + before.used).toBeCloseTo(before.total, 8);
        const order = await limitBuy(0.01);
        expect(order).toMatchObject({ symbol, side: 'buy', type: 'limit', status: 'open', filled: 0 });
        expect(order.remaining).toBe(order.amount);
        const after = (await ex.fetchBalance())[options.quote];
        expect(after.used - before.used).toBeGreaterThanOrEqual(order.amount * order.price! * 0.999);
        expect(after.free + after.used).toBeCloseTo(after.total, 8);
        expect(after.total).toBeCloseTo(before.total, 8);
      });

      it('fetches an order by id and by client id, and lists it among the open orders', async () => {
        const id = clientId();
        const order = await limitBuy(0.01, id);
        expect(await ex.fetchOrder(order.id, symbol)).toMatchObject({
          id: order.id,
          clientOrderId: id,
          status: 'open',
        });
        expect(await ex.fetchOrderByClientId(id, symbol)).toMatchObject({ id: order.id, symbol });
        expect((await ex.fetchOpenOrders(symbol)).map((o) => o.id)).toContain(order.id);
        expect((await ex.fetchOpenOrders()).map((o) => o.id)).toContain(order.id);
        expect((await ex.fetchOpenOrders(other)).map((o) => o.id)).not.toContain(order.id);
        expect(await ex.fetchOrderByClientId(clientId(), symbol)).toBeUndefined();
      });

      it('never places a second order for the same client order id', async () => {
        const id = clientId();
        const first = await limitBuy(0.01, id);
        const second = await limitBuy(0.01, id);
        expect(second.id).toBe(first.id);
        expect((await ex.fetchOpenOrders(symbol)).filter((o) => o.clientOrderId === id)).toHaveLength(1);
      });

      it(`cancels an open order, releases its reservation, and ${cancelAgain === 'order_not_found' ? 'refuses' : 'repeats'} a second cancel`, async () => {
        const before = (await ex.fetchBalance())[options.quote];
        const order = await limitBuy(0.01);
        const canceled = await ex.cancelOrder(order.id, symbol);
        expect(canceled).toMatchObject({ id: order.id, status: 'canceled', filled: 0 });
        expect((await ex.fetchOpenOrders(symbol)).map((o) => o.id)).not.toContain(order.id);
        expect((await ex.fetchOrder(order.id, symbol)).status).toBe('canceled');
        expect((await ex.fetchBalance())[options.quote].used).toBeCloseTo(before.used, 8);
        if (cancelAgain === 'order_not_found') await expectKind(ex.cancelOrder(order.id, symbol), 'order_not_found');
        else expect((await ex.cancelOrder(order.id, symbol)).status).toBe('canceled');
      });

      it('answers order_not_found for an unknown order id', async () => {
        await expectKind(ex.fetchOrder('424242', symbol), 'order_not_found');
        await expectKind(ex.cancelOrder('424242', symbol), 'order_not_found');
      });

      it('answers invalid_order for an amount below one step and for a limit order without a price', async () => {
        const step = (await ex.loadMarkets())[symbol].precision.amount;
        await expectKind(
          ex.createOrder({ symbol, type: 'market', side: 'buy', amount: step / 3, clientOrderId: clientId() }),
          'invalid_order',
        );
        await expectKind(
          ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 0.01, clientOrderId: clientId() }),
          'invalid_order',
        );
        expect(await ex.fetchOpenOrders(symbol)).toEqual([]);
      });

      it('answers insufficient_funds for a buy the quote balance cannot pay', async () => {
        const free = (await ex.fetchBalance())[options.quote].free;
        const { ask } = await ex.fetchTicker(symbol);
        const amount = Math.ceil(((free * 3) / ask) * 100) / 100;
        await expectKind(
          ex.createOrder({ symbol, type: 'market', side: 'buy', amount, clientOrderId: clientId() }),
          'insufficient_funds',
        );
      });

      it('answers insufficient_funds for a sell of an asset the wallet does not hold', async () => {
        await expectKind(
          ex.createOrder({ symbol: other, type: 'market', side: 'sell', amount: 1, clientOrderId: clientId() }),
          'insufficient_funds',
        );
      });
    });
  });
}
