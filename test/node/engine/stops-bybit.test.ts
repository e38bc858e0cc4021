// Stoploss on exchange on Bybit USDT perpetuals through real ccxt against the loopback fake Bybit.
// freqtrade 2024.10 bybit.py: stoploss on exchange in futures only, stoploss_order_types {limit,
// market}, trigger sent as stopLossPrice (ccxt: a conditional order with triggerPrice and
// triggerDirection), reduceOnly, stoploss_price_type → triggerBy (LastPrice / MarkPrice /
// IndexPrice), fetch_order with `acknowledged`; 2025.5 sends stops to privatePostV5OrderCreate.

import { describe, expect, it } from 'vitest';
import { closedTrades, openTrades } from '../../support/engine.ts';
import { startFakeBybit } from '../../support/fake-bybit/index.ts';
import { StopOnExchangeStrategy, useFakeExchange } from '../../support/stop-exchange-run.ts';

const s = useFakeExchange('bybit', (now) => startFakeBybit({ now, balances: { USDT: 10_000, BTC: 0.01 } }));
const bybit = () => s.exchange({ trading_mode: 'futures', margin_mode: 'isolated' });
const sent = (path: string) => s.sent(path);

describe('Bybit (futures) stop orders through ccxt', () => {
  it('a reduce-only conditional order falling to its trigger, on the mark price; fetched with acknowledged', async () => {
    const ex = await bybit();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT:USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      limitPrice: 44550,
      clientOrderId: 'thabcde-9-2',
      priceType: 'mark',
    });
    const [req] = sent('/v5/order/create');
    expect(req.body).toMatchObject({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Limit',
      qty: '0.01',
      price: '44550',
      triggerPrice: '45000',
      triggerDirection: 2,
      reduceOnly: true,
      triggerBy: 'MarkPrice',
      orderLinkId: 'thabcde-9-2',
    });
    expect(stop).toMatchObject({ id: s.fake.book.orders[0].id, status: 'open', amount: 0.01, stopPrice: 45000 });
    expect(await ex.fetchStopOrder(stop.id, 'BTC/USDT:USDT')).toMatchObject({
      status: 'open',
      stopPrice: 45000,
      filled: 0,
    });
    expect(sent('/v5/order/realtime').at(-1)?.query).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: stop.id,
    });

    s.fake.setPrice('BTCUSDT', 44990);
    const done = await ex.fetchStopOrder(stop.id, 'BTC/USDT:USDT');
    expect(done).toMatchObject({ id: stop.id, status: 'closed', filled: 0.01, average: 44990, stopPrice: 45000 });
  });

  it('a market stop without a price type; cancel reads the order back', async () => {
    const ex = await bybit();
    const stop = await ex.createStopOrder({
      symbol: 'BTC/USDT:USDT',
      side: 'sell',
      amount: 0.01,
      stopPrice: 45000,
      clientOrderId: 'thabcde-9-3',
    });
    expect(sent('/v5/order/create')[0].body).toMatchObject({
      orderType: 'Market',
      triggerPrice: '45000',
      reduceOnly: true,
    });
    expect(sent('/v5/order/create')[0].body.triggerBy).toBeUndefined();
    const cancelled = await ex.cancelStopOrder(stop.id, 'BTC/USDT:USDT');
    expect(sent('/v5/order/cancel')[0].body).toMatchObject({ category: 'linear', symbol: 'BTCUSDT', orderId: stop.id });
    expect(cancelled).toMatchObject({ id: stop.id, status: 'canceled', amount: 0.01 });
  });
});

describe('Bybit live futures bot with stoploss on exchange', () => {
  it('places the stop after the entry, moves it with the trailing stop, and closes the trade when it fills', async () => {
    const strategy = new StopOnExchangeStrategy();
    strategy.order_types = { ...strategy.order_types, stoploss_price_type: 'mark' };
    const h = await s.startRun('BTC/USDT:USDT', strategy, { trading_mode: 'futures', margin_mode: 'isolated' });
    const tick = s.tick;
    const conditional = () => s.fake.book.orders.filter((o) => o.stop);

    await tick();
    strategy.allowEntry = false;
    await tick();
    let [tw] = await openTrades(h.database.db);
    expect(tw.orders.find((o) => o.ftOrderSide === 'buy')).toMatchObject({
      price: 50000.1,
      status: 'closed',
      average: 50000,
    });
    expect(s.fake.settings).toMatchObject({ marginMode: 'ISOLATED_MARGIN', leverage: { BTCUSDT: '1' } });

    // Stop from the recorded 50000.1 (Bybit acknowledges ids only): 45000.09 → up 45000.1,
    // limit from the trade's stop 45000.1 · 0.99 = 44550.099 → up 44550.1; reduce-only, on the mark price.
    expect(tw.trade.stopLoss).toBe(45000.1);
    expect(conditional()).toHaveLength(1);
    expect(conditional()[0]).toMatchObject({
      status: 'open',
      reduceOnly: true,
      stop: { trigger: 45000.1, limit: 44550.1, priceType: 'MarkPrice' },
    });
    expect(conditional()[0].amount).toBe(tw.trade.amount);

    s.fake.setPrice('BTCUSDT', 53000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(51940.1);
    await tick();
    expect(conditional().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(conditional()[1].stop).toMatchObject({ trigger: 51940.1, limit: 51420.7 });

    s.fake.setPrice('BTCUSDT', 51900);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 51900, isOpen: false });
    expect(s.fake.book.orders.filter((o) => o.side === 'sell' && o.status === 'closed')).toHaveLength(1);
  }, 60_000);
});

describe('Bybit futures stops do not block (freqtrade 2025.5 stoploss_blocks_assets: false)', () => {
  it('an exit goes out next to the resting stop; the stop is cancelled once the exit closes the trade', async () => {
    const strategy = new StopOnExchangeStrategy();
    const h = await s.startRun('BTC/USDT:USDT', strategy, { trading_mode: 'futures', margin_mode: 'isolated' });
    const tick = s.tick;
    const conditional = () => s.fake.book.orders.filter((o) => o.stop);
    await tick();
    strategy.allowEntry = false;
    await tick();
    expect(conditional().map((o) => o.status)).toEqual(['open']);

    // The exit signal (seen once the next 5m candle is analysed): a limit sell at the ask (50000.1)
    // rests, reduce-only, beside the stop.
    strategy.exitNow = true;
    let [tw] = await openTrades(h.database.db);
    for (let i = 0; i < 5 && !tw.orders.some((o) => o.ftOrderSide === 'sell'); i++) {
      await tick();
      [tw] = await openTrades(h.database.db);
    }
    const exit = tw.orders.find((o) => o.ftOrderSide === 'sell')!;
    expect(exit).toMatchObject({ status: 'open', price: 50000.1 });
    expect(conditional().map((o) => o.status)).toEqual(['open']);
    expect(tw.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({ status: 'open' });
    expect(sent('/v5/order/cancel')).toHaveLength(0);

    // The exit fills: the trade closes on it and its stop is cancelled.
    s.fake.setPrice('BTCUSDT', 50000.2);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'exit_signal', closeRate: 50000.1, isOpen: false });
    expect(conditional().map((o) => o.status)).toEqual(['canceled']);
    expect(closed.orders.find((o) => o.ftOrderSide === 'stoploss')).toMatchObject({ status: 'canceled' });
    [tw] = await closedTrades(h);
    expect(tw.orders.filter((o) => o.ftIsOpen)).toEqual([]);
  }, 60_000);
});

describe('Bybit futures short: a buy stop (stoploss_adjust the other way)', () => {
  it('rounds the stop down, moves it down with the trailing stop, and closes the short when it fills', async () => {
    const strategy = new StopOnExchangeStrategy({ short: true, can_short: true });
    const h = await s.startRun('BTC/USDT:USDT', strategy, { trading_mode: 'futures', margin_mode: 'isolated' });
    const tick = s.tick;
    const conditional = () => s.fake.book.orders.filter((o) => o.stop);
    await tick(); // short entry: a limit sell at the bid 49999.9, filled at the last price 50000
    strategy.allowEntry = false;
    await tick();
    let [tw] = await openTrades(h.database.db);
    expect(tw.trade).toMatchObject({ isShort: true });
    // From the recorded 49999.9 (Bybit acknowledges ids only): 49999.9 · 1.1 = 54999.89 → down to the
    // 0.1 tick 54999.8; limit from that stop 54999.8 · (2 − 0.99) = 55549.798 → down 55549.7. A buy stop rising to
    // its trigger: triggerDirection 1.
    expect(tw.trade.stopLoss).toBe(54999.8);
    expect(conditional()).toHaveLength(1);
    expect(conditional()[0]).toMatchObject({
      side: 'buy',
      reduceOnly: true,
      stop: { trigger: 54999.8, limit: 55549.7 },
    });
    expect(conditional()[0].sent).toMatchObject({ side: 'Buy', triggerDirection: 1, reduceOnly: true });

    // Price down 6 %: the trailing stop follows 2 % above the exit rate (the bid 46999.9):
    // 46999.9 · 1.02 = 47939.898 → down 47939.8 (limit 47939.8 · 1.01 = 48419.198 → 48419.1). A buy stop moves
    // when the new stop is below the order's trigger (freqtrade's stoploss_adjust, side buy).
    s.fake.setPrice('BTCUSDT', 47000);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(47939.8);
    await tick();
    expect(conditional().map((o) => o.status)).toEqual(['canceled', 'open']);
    expect(conditional()[1].stop).toMatchObject({ trigger: 47939.8, limit: 48419.1 });

    // The price rises through the stop: its limit buy fills at 48000 and closes the short.
    s.fake.setPrice('BTCUSDT', 48000);
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({
      exitReason: 'stoploss_on_exchange',
      closeRate: 48000,
      isOpen: false,
      isShort: true,
    });
    expect(s.fake.book.purse('BTC').free).toBeCloseTo(0.01, 9); // the short is flat again (0.01 held from the start)
  }, 60_000);
});
