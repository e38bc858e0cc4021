import { describe, expect, it } from 'vitest';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import { DryRunBroker, MemoryDryRunStore } from '../../../src/exchange/dry-run/index.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import type { OrderSide } from '../../../src/exchange/port.ts';
import { ManualClock } from '../../../src/util/clock.ts';

const T0 = Date.UTC(2026, 0, 15, 12, 34, 56, 789);
const MINUTE = 60_000;
const SEED = 42;

function setup(
  options: { futures?: boolean; wallet?: number | Record<string, number>; store?: MemoryDryRunStore } = {},
) {
  const clock = new ManualClock(T0);
  const exchange = new OfflineExchange({ clock, seed: SEED, tradingMode: options.futures ? 'futures' : 'spot' });
  const store = options.store ?? new MemoryDryRunStore();
  const broker = new DryRunBroker({ exchange, clock, store, dryRunWallet: options.wallet ?? 1000 });
  return { clock, exchange, store, broker };
}

/** First 1m candle at or after `from` whose range reaches `price` (from a separate, later-clocked copy). */
async function findCross(symbol: string, from: number, price: number, side: OrderSide): Promise<number> {
  const future = new OfflineExchange({ clock: new ManualClock(from + 10 * 24 * 60 * MINUTE), seed: SEED });
  let since = from;
  for (let page = 0; page < 20; page++) {
    const candles = await future.fetchOHLCV(symbol, '1m', since, 1000);
    for (const c of candles) if (side === 'buy' ? c[3] <= price : c[2] >= price) return c[0];
    since = candles[candles.length - 1][0] + MINUTE;
  }
  throw new Error('no crossing found');
}

describe('DryRunBroker market orders', () => {
  it('fills a market buy at the ask, charging the fee in quote currency', async () => {
    const { broker, exchange } = setup();
    expect(broker.id).toBe('offline');
    const ticker = await exchange.fetchTicker('BTC/USDT');
    const order = await broker.createOrder({
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.0012345678,
      clientOrderId: 'c1',
    });
    expect(order).toMatchObject({
      id: 'dry_run_buy_1',
      clientOrderId: 'c1',
      status: 'closed',
      amount: 0.00123, // truncated to the amount step
      filled: 0.00123,
      remaining: 0,
      average: ticker.ask,
      timestamp: T0,
      lastTradeTimestamp: T0,
    });
    expect(order.cost).toBeCloseTo(0.00123 * ticker.ask, 8);
    expect(order.fee).toEqual({ cost: order.cost * 0.001, currency: 'USDT', rate: 0.001 });
    const balance = await broker.fetchBalance();
    expect(balance.BTC).toEqual({ free: 0.00123, used: 0, total: 0.00123 });
    expect(balance.USDT.total).toBeCloseTo(1000 - order.cost - order.fee!.cost, 8);
    expect(balance.USDT.used).toBe(0);
  });

  it('sells at the bid and returns the proceeds minus fee', async () => {
    const { broker, exchange } = setup({ wallet: { USDT: 100, ETH: 0.5 } });
    const ticker = await exchange.fetchTicker('ETH/USDT');
    const order = await broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'market',
      side: 'sell',
      amount: 0.2,
      clientOrderId: 's1',
    });
    expect(order.id).toBe('dry_run_sell_1');
    expect(order.average).toBe(ticker.bid);
    const balance = await broker.fetchBalance();
    expect(balance.ETH.total).toBeCloseTo(0.3, 12);
    expect(balance.USDT.total).toBeCloseTo(100 + 0.2 * ticker.bid * 0.999, 8);
  });

  it('rejects orders beyond the free balance with insufficient_funds', async () => {
    const { broker } = setup();
    const buy = broker.createOrder({
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      amount: 1,
      clientOrderId: 'big',
    });
    await expect(buy).rejects.toMatchObject({ kind: 'insufficient_funds' });
    const sell = broker.createOrder({
      symbol: 'SOL/USDT',
      type: 'market',
      side: 'sell',
      amount: 1,
      clientOrderId: 'nosol',
    });
    await expect(sell).rejects.toMatchObject({ kind: 'insufficient_funds' });
    expect((await broker.fetchBalance()).USDT).toEqual({ free: 1000, used: 0, total: 1000 });
  });

  it('rejects orders below the minimum cost or amount with invalid_order', async () => {
    const { broker } = setup();
    const tiny = broker.createOrder({
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.00005,
      clientOrderId: 't',
    });
    await expect(tiny).rejects.toMatchObject({ kind: 'invalid_order' });
    await expect(tiny).rejects.toThrow(/minimum cost/);
    const dust = broker.createOrder({
      symbol: 'DOGE/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.5,
      clientOrderId: 'd',
    });
    await expect(dust).rejects.toMatchObject({ kind: 'invalid_order' });
    const noPrice = broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.1,
      clientOrderId: 'p',
    });
    await expect(noPrice).rejects.toMatchObject({ kind: 'invalid_order' });
    const unknown = broker.createOrder({
      symbol: 'FOO/USDT',
      type: 'market',
      side: 'buy',
      amount: 1,
      clientOrderId: 'f',
    });
    await expect(unknown).rejects.toMatchObject({ kind: 'bad_symbol' });
  });

  it('returns the existing order for a repeated clientOrderId', async () => {
    const { broker } = setup();
    const req = {
      symbol: 'ETH/USDT',
      type: 'market' as const,
      side: 'buy' as const,
      amount: 0.01,
      clientOrderId: 'same',
    };
    const first = await broker.createOrder(req);
    const second = await broker.createOrder({ ...req, amount: 0.05 });
    expect(second).toEqual(first);
    expect(await broker.fetchOrderByClientId('same', 'ETH/USDT')).toEqual(first);
    expect(await broker.fetchOrderByClientId('other', 'ETH/USDT')).toBeUndefined();
    expect((await broker.fetchBalance()).ETH.total).toBe(0.01);
  });
});

describe('DryRunBroker limit orders', () => {
  it('keeps a limit buy below the market open, locking funds, and fills it once the market crosses', async () => {
    const { broker, exchange, clock } = setup();
    const last = (await exchange.fetchTicker('ETH/USDT')).last;
    const price = priceToPrecision(last * 0.99, 0.01);
    const order = await broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.1,
      price,
      clientOrderId: 'l1',
    });
    expect(order).toMatchObject({ status: 'open', price, filled: 0, remaining: 0.1 });
    const locked = await broker.fetchBalance();
    expect(locked.USDT.used).toBeCloseTo(0.1 * price * 1.001, 8);
    expect(locked.USDT.free).toBeCloseTo(1000 - 0.1 * price * 1.001, 8);
    expect(await broker.fetchOpenOrders('ETH/USDT')).toHaveLength(1);

    const cross = await findCross('ETH/USDT', Math.ceil(T0 / MINUTE) * MINUTE, price, 'buy');
    clock.set(cross - 1);
    expect((await broker.fetchOrder(order.id, 'ETH/USDT')).status).toBe('open');
    clock.set(cross + 5 * MINUTE);
    const filled = await broker.fetchOrder(order.id, 'ETH/USDT');
    expect(filled).toMatchObject({ status: 'closed', filled: 0.1, remaining: 0, average: price });
    expect(filled.lastTradeTimestamp).toBe(cross);
    expect(filled.fee!.cost).toBeCloseTo(0.1 * price * 0.001, 10);
    const balance = await broker.fetchBalance();
    expect(balance.ETH.total).toBe(0.1);
    expect(balance.USDT.used).toBe(0);
    expect(balance.USDT.total).toBeCloseTo(1000 - 0.1 * price * 1.001, 8);
    expect(await broker.fetchOpenOrders()).toEqual([]);
  });

  it('sees a cross that happened between two polls from the 1m candles', async () => {
    const { broker, exchange, clock } = setup({ wallet: { USDT: 0, SOL: 10 } });
    const last = (await exchange.fetchTicker('SOL/USDT')).last;
    const price = priceToPrecision(last * 1.01, 0.01);
    const order = await broker.createOrder({
      symbol: 'SOL/USDT',
      type: 'limit',
      side: 'sell',
      amount: 2,
      price,
      clientOrderId: 'l2',
    });
    expect(order.status).toBe('open');
    expect((await broker.fetchBalance()).SOL).toEqual({ free: 8, used: 2, total: 10 });
    const cross = await findCross('SOL/USDT', Math.ceil(T0 / MINUTE) * MINUTE, price, 'sell');
    // Find a later moment where the bid is back below the limit price.
    let poll = cross + MINUTE;
    for (;;) {
      clock.set(poll);
      if ((await exchange.fetchTicker('SOL/USDT')).bid < price) break;
      poll += MINUTE;
    }
    const filled = await broker.fetchOrder(order.id, 'SOL/USDT');
    expect(filled.status).toBe('closed');
    expect(filled.lastTradeTimestamp).toBe(cross);
    expect(filled.average).toBe(price);
    const balance = await broker.fetchBalance();
    expect(balance.SOL.total).toBe(8);
    expect(balance.USDT.total).toBeCloseTo(2 * price * 0.999, 8);
  });

  it('fills a limit order priced through the market at once, at the limit price', async () => {
    const { broker, exchange } = setup();
    const ticker = await exchange.fetchTicker('XRP/USDT');
    const price = priceToPrecision(ticker.ask * 1.005, 0.0001);
    const order = await broker.createOrder({
      symbol: 'XRP/USDT',
      type: 'limit',
      side: 'buy',
      amount: 100,
      price,
      clientOrderId: 'x',
    });
    expect(order).toMatchObject({ status: 'closed', average: price, filled: 100 });
  });

  it('cancels an open order and releases its funds; cancelling again is harmless', async () => {
    const { broker, exchange } = setup();
    const last = (await exchange.fetchTicker('BTC/USDT')).last;
    const order = await broker.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.001,
      price: priceToPrecision(last * 0.9, 0.01),
      clientOrderId: 'c',
    });
    const canceled = await broker.cancelOrder(order.id, 'BTC/USDT');
    expect(canceled).toMatchObject({ status: 'canceled', filled: 0, remaining: 0.001 });
    expect(await broker.cancelOrder(order.id, 'BTC/USDT')).toEqual(canceled);
    expect((await broker.fetchBalance()).USDT).toEqual({ free: 1000, used: 0, total: 1000 });
    expect(await broker.fetchOpenOrders()).toEqual([]);
    await expect(broker.cancelOrder('dry_run_buy_99', 'BTC/USDT')).rejects.toMatchObject({ kind: 'order_not_found' });
    await expect(broker.fetchOrder(order.id, 'ETH/USDT')).rejects.toMatchObject({ kind: 'order_not_found' });
  });
});

describe('DryRunBroker persistence', () => {
  it('rebuilds orders, balances and the id counter from the store after a restart', async () => {
    const first = setup();
    await first.broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.05,
      clientOrderId: 'r1',
    });
    const last = (await first.exchange.fetchTicker('ETH/USDT')).last;
    const open = await first.broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'sell',
      amount: 0.03,
      price: priceToPrecision(last * 1.5, 0.01),
      clientOrderId: 'r2',
    });
    const balanceBefore = await first.broker.fetchBalance();

    // A new broker over the same store; its own dry_run_wallet must not override the stored wallet.
    const second = setup({ store: first.store, wallet: 5 });
    expect(await second.broker.fetchBalance()).toEqual(balanceBefore);
    expect(await second.broker.fetchOpenOrders()).toEqual([open]);
    expect((await second.broker.fetchOrderByClientId('r1', 'ETH/USDT'))?.status).toBe('closed');
    const next = await second.broker.createOrder({
      symbol: 'ETH/USDT',
      type: 'market',
      side: 'buy',
      amount: 0.01,
      clientOrderId: 'r3',
    });
    expect(next.id).toBe('dry_run_buy_3');
    const snapshot = await first.store.load();
    expect(snapshot?.orders.map((o) => o.order.id).sort()).toEqual([
      'dry_run_buy_1',
      'dry_run_buy_3',
      'dry_run_sell_2',
    ]);
  });

  it('runs concurrent calls one at a time', async () => {
    const { broker } = setup();
    const orders = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        broker.createOrder({ symbol: 'LTC/USDT', type: 'market', side: 'buy', amount: 0.1, clientOrderId: `k${i}` }),
      ),
    );
    expect(new Set(orders.map((o) => o.id)).size).toBe(4);
    expect((await broker.fetchBalance()).LTC.total).toBeCloseTo(0.4, 12);
  });
});

describe('DryRunBroker futures', () => {
  it('holds cost / leverage as collateral and settles PnL on close', async () => {
    const { broker, exchange, clock } = setup({ futures: true });
    expect(broker.tradingMode).toBe('futures');
    const open = await broker.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'sell',
      amount: 0.01,
      leverage: 5,
      clientOrderId: 'f1',
    });
    expect(open.status).toBe('closed');
    const afterOpen = await broker.fetchBalance();
    expect(afterOpen.USDT.total).toBeCloseTo(1000 - open.fee!.cost, 8);
    expect(afterOpen.USDT.used).toBeCloseTo(open.cost / 5, 8);

    const tooMuch = broker.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 0.02,
      reduceOnly: true,
      clientOrderId: 'f2',
    });
    await expect(tooMuch).rejects.toMatchObject({ kind: 'invalid_order' });
    const badLeverage = broker.createOrder({
      symbol: 'ETH/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 0.1,
      leverage: 50,
      clientOrderId: 'f3',
    });
    await expect(badLeverage).rejects.toMatchObject({ kind: 'invalid_order' });

    clock.advance(3 * 3_600_000);
    const close = await broker.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 0.01,
      reduceOnly: true,
      clientOrderId: 'f4',
    });
    expect(close.average).toBe((await exchange.fetchTicker('BTC/USDT:USDT')).ask);
    const pnl = 0.01 * (open.average! - close.average!);
    const balance = await broker.fetchBalance();
    expect(balance.USDT.used).toBeCloseTo(0, 10);
    expect(balance.USDT.total).toBeCloseTo(1000 + pnl - open.fee!.cost - close.fee!.cost, 8);
    expect(balance.BTC).toBeUndefined();
  });
});
