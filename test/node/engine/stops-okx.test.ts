// Stoploss on exchange on OKX (spot) through real ccxt against the loopback fake OKX: the requests
// ccxt sends for an algo (conditional) stop order, and a live bot whose stop is placed, moved and
// filled. freqtrade 2024.10 okx.py: stoploss_order_types {limit: limit}, stop_price_param
// stopLossPrice, fetch/cancel with the stop flag, a triggered algo order resolved to its ordId.

import { describe, expect, it } from 'vitest';
import { closedTrades, openTrades } from '../../support/engine.ts';
import { startFakeOkx } from '../../support/fake-okx/index.ts';
import { StopOnExchangeStrategy, useFakeExchange } from '../../support/stop-exchange-run.ts';

const s = useFakeExchange('okx', (now) => startFakeOkx({ now, balances: { USDT: 10_000, BTC: 0.01 } }));
const okx = () => s.exchange();
const sent = (path: string) => s.sent(path);

describe('OKX stop orders through ccxt', () => {
  it('places a conditional algo order, reads it with the stop flag, resolves the triggered one to its order', async () => {
    const ex = await okx();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-7-2',
    });
    const [req] = sent('/api/v5/trade/order-algo');
    // ccxt 4.5: stopLossPrice → ordType conditional, slTriggerPx / slOrdPx, trigger on the last price;
    // a conditional order on spot goes out with ccxt's default margin mode (tdMode cross), as freqtrade's does.
    expect(req.method).toBe('POST');
    expect(req.body).toMatchObject({
      instId: 'BTC-USDT',
      side: 'sell',
      ordType: 'conditional',
      sz: '0.01',
      slTriggerPx: '45000',
      slOrdPx: '44550',
      slTriggerPxType: 'last',
      // OKX ids are alphanumeric: the bot's "th<prefix>-<trade>-<seq>" goes out with x for the dashes.
      algoClOrdId: 'thabcdex7x2',
    });
    expect(req.body.reduceOnly).toBeUndefined(); // spot: no reduceOnly
    expect(stop).toMatchObject({ id: s.fake.book.orders[0].id, status: 'open', amount: 0.01, stopPrice: 45000 });

    const open = await ex.fetchStopOrder(stop.id, 'BTC/USDT');
    expect(open).toMatchObject({ status: 'open', amount: 0.01, filled: 0, stopPrice: 45000 });
    expect(sent('/api/v5/trade/order-algo').at(-1)?.query).toEqual({ instId: 'BTC-USDT', algoId: stop.id });
    expect(await ex.fetchStopOrderByClientId('thabcde-7-2', 'BTC/USDT')).toMatchObject({ id: stop.id });
    expect(sent('/api/v5/trade/order-algo').at(-1)?.query).toEqual({ instId: 'BTC-USDT', algoClOrdId: 'thabcdex7x2' });
    // The stop holds the coins on spot (freqtrade's stoploss_blocks_assets).
    expect(s.fake.book.purse('BTC')).toEqual({ free: 0, locked: 0.01 });

    // The last price reaches the trigger: the algo order turns "effective" and places a limit sell
    // at 44550, which fills at once at the market (44990).
    s.fake.setPrice('BTC-USDT', 44990);
    const fired = s.fake.book.orders[1];
    const done = await ex.fetchStopOrder(stop.id, 'BTC/USDT');
    expect(sent('/api/v5/trade/order').at(-1)?.query).toEqual({ instId: 'BTC-USDT', ordId: fired.id });
    // Under the stop's id, with the fill of the order it placed (freqtrade's _convert_stop_order).
    expect(done).toMatchObject({ id: stop.id, status: 'closed', filled: 0.01, average: 44990, stopPrice: 45000 });
    expect(done.fee).toEqual({ cost: 0.4499, currency: 'USDT', rate: undefined }); // 0.01 · 44990 · 0.1 %
  });

  it('cancels with cancel-algos and reads the result back (the reply carries ids only)', async () => {
    const ex = await okx();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-7-3',
    });
    const cancelled = await ex.cancelStopOrder(stop.id, 'BTC/USDT');
    expect(sent('/api/v5/trade/cancel-algos')[0].rawBody).toBe(
      JSON.stringify([{ algoId: stop.id, instId: 'BTC-USDT' }]),
    );
    expect(cancelled).toMatchObject({ id: stop.id, status: 'canceled', filled: 0, amount: 0.01 });
    expect(s.fake.book.purse('BTC')).toEqual({ free: 0.01, locked: 0 });
    // A plain order is not an algo order: fetching it with the stop flag finds nothing.
    await expect(ex.fetchStopOrder('999', 'BTC/USDT')).rejects.toMatchObject({ kind: 'order_not_found' });
  });
});

describe('OKX live bot with stoploss on exchange', () => {
  it('places the stop after the entry, moves it with the trailing stop, and closes the trade when it fills', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    const algo = () => s.fake.book.orders.filter((o) => o.stop);

    // 1. The entry: a limit buy at the ask (50000.1), which the fake fills at its last price 50000.
    await tick();
    strategy.allowEntry = false;
    let [tw] = await openTrades(h.database.db);
    const entry = tw.orders.find((o) => o.ftOrderSide === 'buy')!;
    expect(entry).toMatchObject({ price: 50000.1, status: 'open' }); // OKX acknowledges ids only
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.ftOrderSide === 'buy')).toMatchObject({ status: 'closed', average: 50000 });

    // 2. The stop, from the rate recorded when the trade was created (50000.1):
    //    50000.1 · 0.9 = 45000.09 → up to the 0.1 tick: 45000.1; limit (from the trade's stop) 45000.1 · 0.99 = 44550.099 → 44550.1.
    expect(tw.trade.stopLoss).toBe(45000.1);
    let stops = tw.orders.filter((o) => o.ftOrderSide === 'stoploss');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ status: 'open', stopPrice: 45000.1, price: 44550.1, amount: tw.trade.amount });
    expect(algo()).toHaveLength(1);
    expect(algo()[0]).toMatchObject({
      status: 'open',
      amount: tw.trade.amount,
      stop: { trigger: 45000.1, limit: 44550.1 },
    });
    expect(algo()[0].sent).toMatchObject({ ordType: 'conditional', slTriggerPx: '45000.1', slOrdPx: '44550.1' });

    // 3. Price up 6 %: the trailing stop follows (2 % behind the ask 53000.1 = 51940.098 → 51940.1).
    //    The stop order is looked at before the exit checks move the stop (freqtrade's order), so it
    //    follows on the next iteration, being then stoploss_on_exchange_interval (60 s) old:
    //    cancel-algos, then a new conditional order (limit 51940.1 · 0.99 = 51420.699 → 51420.7).
    s.fake.setPrice('BTC-USDT', 53000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(51940.1);
    expect(algo().map((o) => o.status)).toEqual(['open']);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(algo().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(algo()[1].stop).toMatchObject({ trigger: 51940.1, limit: 51420.7 });
    expect(sent('/api/v5/trade/cancel-algos')).toHaveLength(1);
    stops = tw.orders.filter((o) => o.ftOrderSide === 'stoploss');
    expect(stops.map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(stops[1]).toMatchObject({ stopPrice: 51940.1, price: 51420.7 });

    // 4. The price falls through the stop: OKX triggers it, its limit sell fills at 51900; the bot
    //    reads the algo order, follows it to the real order and closes the trade at 51900.
    s.fake.setPrice('BTC-USDT', 51900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 51900, isOpen: false });
    expect(await openTrades(h.database.db)).toHaveLength(0);
    const sells = s.fake.book.orders.filter((o) => o.side === 'sell' && !o.stop);
    expect(sells).toHaveLength(1); // only the order the stop placed: the bot sent no exit of its own
    expect(sells[0]).toMatchObject({ status: 'closed', average: 51900, amount: tw.trade.amount });
    const filledStop = closed.orders.find((o) => o.ftOrderSide === 'stoploss' && o.status === 'closed')!;
    expect(filledStop).toMatchObject({ orderId: algo()[1].id, filled: tw.trade.amount, average: 51900 });
  }, 60_000);
});

describe('OKX: a stop whose reply is lost', () => {
  it('is sent once (freqtrade retries=0) and found next iteration by its algoClOrdId, not placed twice', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy);
    const tick = s.tick;
    await tick(); // the entry rests (OKX acks ids only)
    strategy.allowEntry = false;
    s.fake.loseReplyOnce('POST', '/api/v5/trade/order-algo');
    await tick(); // the entry fills; the stop reaches OKX but its reply is lost
    expect(sent('/api/v5/trade/order-algo').filter((r) => r.method === 'POST')).toHaveLength(1);
    let [tw] = await openTrades(h.database.db);
    const row = tw.orders.find((o) => o.ftOrderSide === 'stoploss')!;
    expect(row).toMatchObject({ ftIsOpen: true, orderId: null });
    await tick(); // looked up by the client order id it was sent with
    [tw] = await openTrades(h.database.db);
    const algo = s.fake.book.orders.filter((o) => o.stop);
    expect(algo).toHaveLength(1);
    expect(
      sent('/api/v5/trade/order-algo')
        .filter((r) => r.method === 'GET')
        .at(0)?.query,
    ).toMatchObject({
      algoClOrdId: row.clientOrderId.replaceAll('-', 'x'),
    });
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss')).toEqual([
      expect.objectContaining({ id: row.id, orderId: algo[0].id, status: 'open', stopPrice: 45000.1 }),
    ]);
    expect(sent('/api/v5/trade/order-algo').filter((r) => r.method === 'POST')).toHaveLength(1);
  }, 60_000);
});

describe('OKX in dry-run: the stop is emulated with OKX’s settings', () => {
  it('accepts stoploss_on_exchange, places nothing on OKX, and fills the emulated stop', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT', strategy, { dry_run: true });
    const tick = s.tick;
    await tick();
    strategy.allowEntry = false;
    await tick();
    let [tw] = await openTrades(h.database.db);
    // dry-run fills the limit buy through the book at its price; the stop: 50000.1 · 0.9 → 45000.1.
    expect(tw.trade.stopLoss).toBe(45000.1);
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({
      status: 'open',
      stopPrice: 45000.1,
      price: 44550.1,
    });
    // The OKX price falls below the trigger: freqtrade's dry-run stop fills at the bid, never below its
    // limit (bid 43999.9 < limit 44550.1 → 44550.1).
    s.fake.setPrice('BTC-USDT', 44000);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 44550.1, isOpen: false });
    // Nothing reached OKX's order endpoints: only market data was read.
    expect(s.fake.requests().filter((r) => r.path.startsWith('/api/v5/trade/'))).toEqual([]);
    expect(s.fake.book.orders).toEqual([]);
    [tw] = await closedTrades(h);
    expect(tw.orders.filter((o) => o.ftOrderSide === 'stoploss').map((o) => o.status)).toEqual(['closed']);
  }, 60_000);
});
