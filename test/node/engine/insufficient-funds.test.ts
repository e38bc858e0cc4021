// freqtrade's handle_insufficient_funds through real ccxt against the loopback fake Binance: the
// database lags the exchange (an order of the trade filled there, the bot still has it open), the
// bot then places a stop or an exit order, the fake refuses it with Binance's -2010 "Account has
// insufficient balance for requested action.", and the bot re-reads the trade's open orders so
// the trade matches the exchange again.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/bot/context.ts';
import { executeExit } from '../../../src/bot/orders/place.ts';
import { placeStopOrder } from '../../../src/bot/steps/stoploss-exchange.ts';
import { getTrade, type TradeWithOrders } from '../../../src/db/repo/trades.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, T0 } from '../../support/engine.ts';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';
import { startLiveEngine } from '../../support/live-engine.ts';

let fake: FakeBinance;
let h: EngineHarness;
let now = T0;

beforeEach(async () => {
  now = T0;
  fake = await startFakeBinance({ balances: { USDT: 10_000 }, now: () => now });
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

/** The context the bot's steps run with (the Bot builds the same one from the same parts). */
function engineContext(tw: TradeWithOrders): EngineContext {
  const prefix = /^th(.+)-\d+-\d+$/.exec(tw.orders[0].clientOrderId)![1];
  return {
    config: h.config,
    settings: h.bot.settings,
    db: h.database.db,
    exchange: h.bot.exchange,
    strategy: h.bot.strategy,
    clock: h.clock,
    log: h.logs.logger('test.bot'),
    hub: h.hub,
    orderIdPrefix: prefix,
  };
}

const logLines = () => h.logs.recent(500).map((r) => String(r[4]));
const refusedPosts = () =>
  fake.requests().filter((r) => r.method === 'POST' && r.path === '/api/v3/order' && r.status === 400);

// Enter before T0, exit signal from the candle that opens at T0 (closed at T0+5m).
const signals = {
  long: (f: { date: number[] }, i: number) => f.date[i] < T0,
  exitLong: (f: { date: number[] }, i: number) => f.date[i] >= T0,
};

describe('handle_insufficient_funds (real ccxt, fake Binance)', () => {
  it('a refused stop order re-reads the exit order that filled on the exchange: the trade closes', async () => {
    const strategy = new ScriptedStrategy(
      {
        minimal_roi: { '0': 10 },
        stoploss: -0.1,
        order_types: { entry: 'market', exit: 'limit', stoploss: 'limit', stoploss_on_exchange: true },
      },
      signals,
    );
    h = await startLiveEngine(fake, strategy, { stake_amount: 100 }, now);
    await tick(); // T0+1m: the market entry fills at 50000
    await tick(); // the stop goes on the exchange
    expect(fake.orders().filter((o) => o.type === 'STOP_LOSS_LIMIT' && o.status === 'NEW')).toHaveLength(1);
    await tick(4); // T0+6m: exit signal: the stop is cancelled, a limit sell rests at the ask 50000.01
    let [tw] = await openTrades(h.database.db);
    const exitRow = tw.orders.at(-1)!;
    expect(exitRow).toMatchObject({ ftOrderSide: 'sell', status: 'open', price: 50000.01 });

    // The exchange fills the exit while the bot is not looking: its database still has it open.
    fake.setPrice('BTCUSDT', 50001);
    const exitOnExchange = fake.orders().find((o) => o.clientOrderId === exitRow.clientOrderId)!;
    expect(exitOnExchange.status).toBe('FILLED');
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    expect(tw.orders.find((o) => o.id === exitRow.id)).toMatchObject({ status: 'open', ftIsOpen: true });
    const btcBefore = fake.balance('BTC');
    expect(btcBefore.free + btcBefore.locked).toBeLessThan(tw.trade.amount); // the coins were sold

    // The bot places a stop for the whole amount: the fake refuses it for lack of BTC.
    const placed = await placeStopOrder(engineContext(tw), tw, tw.trade.stopLoss);
    expect(placed).toBe(false);
    const refused = refusedPosts().at(-1)!;
    expect(refused.params).toMatchObject({ type: 'STOP_LOSS_LIMIT', side: 'SELL' });
    expect(fake.orders().some((o) => o.type === 'STOP_LOSS_LIMIT' && o.status === 'NEW')).toBe(false);

    // handle_insufficient_funds asked the exchange about the open exit order and applied its fill.
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({
      id: tw.trade.id,
      isOpen: false,
      exitReason: 'exit_signal',
      closeRate: 50000.01,
    });
    expect(closed.orders.find((o) => o.id === exitRow.id)).toMatchObject({
      status: 'closed',
      ftIsOpen: false,
      filled: exitRow.amount,
      orderId: String(exitOnExchange.orderId),
    });
    const stops = closed.orders.filter((o) => o.ftOrderSide === 'stoploss');
    expect(stops.at(-1)).toMatchObject({ status: 'rejected', ftIsOpen: false });
    expect(stops.at(-1)!.ftCancelReason).toContain('Account has insufficient balance for requested action.');
    expect(await openTrades(h.database.db)).toHaveLength(0);
    const lines = logLines();
    expect(
      lines.some((l) => l.startsWith('Unable to place stoploss order') && l.includes('insufficient balance')),
    ).toBe(true);
    expect(
      lines.some((l) => l.startsWith(`Trying to refind lost order for Trade(id=${tw.trade.id}, pair=BTC/USDT,`)),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith(`Found Order(id=${exitRow.id},`))).toBe(true);
    // Every order of the trade was walked; only the open one was asked about.
    expect(lines.filter((l) => l.startsWith('Trying to refind Order(')).length).toBe(closed.orders.length);
  }, 60_000);

  it('a refused exit re-reads the partial exit that filled on the exchange; the next exit sells the rest', async () => {
    const strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, order_types: { entry: 'market', exit: 'market', stoploss: 'market' } },
      signals,
    );
    h = await startLiveEngine(fake, strategy, { stake_amount: 100 }, now);
    await tick(); // the market entry fills
    let [tw] = await openTrades(h.database.db);
    const held = tw.trade.amount;
    // A partial limit exit of half the position, above the market: it rests.
    const half = Number((held / 2).toFixed(5));
    await h.bot.forceExit({ tradeid: tw.trade.id, amount: half, price: 50100, ordertype: 'limit' });
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    const partial = tw.orders.at(-1)!;
    expect(partial).toMatchObject({ ftOrderSide: 'sell', status: 'open', amount: half, price: 50100 });

    // It fills on the exchange; the bot's database still has it open.
    fake.setPrice('BTCUSDT', 50100);
    expect(fake.orders().find((o) => o.clientOrderId === partial.clientOrderId)!.status).toBe('FILLED');

    // An exit of the whole (recorded) amount: refused for lack of BTC, then the trade is re-read.
    const ok = await executeExit(engineContext(tw), tw, { reason: 'exit_signal', orderType: 'market', rate: 50100 });
    expect(ok).toBe(false);
    expect(refusedPosts().at(-1)!.params).toMatchObject({ type: 'MARKET', side: 'SELL', quantity: String(held) });
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    expect(tw.trade.isOpen).toBe(true);
    expect(tw.trade.exitReason).toBeNull();
    expect(tw.orders.find((o) => o.id === partial.id)).toMatchObject({ status: 'closed', filled: half });
    expect(tw.orders.at(-1)).toMatchObject({ ftOrderSide: 'sell', status: 'rejected', amount: held });
    const lines = logLines();
    expect(lines.some((l) => l.startsWith('Unable to place order') && l.includes('insufficient balance'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`Found Order(id=${partial.id},`))).toBe(true);
    // The trade now holds what the exchange holds for it: the rest of the position.
    const rest = Number((held - half).toFixed(8));
    expect(tw.trade.amount).toBeCloseTo(rest, 10);
    expect(fake.balance('BTC').free).toBeGreaterThanOrEqual(tw.trade.amount - 1e-12);
    // The partial fill is booked: profit of the half sold at 50100 (freqtrade's realized profit).
    const { openRate, feeOpen, feeClose } = tw.trade;
    expect(tw.trade.realizedProfit).toBeCloseTo(half * 50100 * (1 - feeClose) - half * openRate * (1 + feeOpen), 8);

    // The exit signal's candle closes: the bot sells exactly the rest, and the trade closes.
    await tick(6);
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ isOpen: false, exitReason: 'exit_signal' });
    const lastSell = fake.orders().at(-1)!;
    expect(lastSell).toMatchObject({ side: 'SELL', type: 'MARKET', status: 'FILLED', origQty: tw.trade.amount });
    expect(fake.balance('BTC').free).toBeLessThan(1e-5); // only the fee dust of the entry is left
  }, 60_000);

  it('an order the exchange cannot be asked about is logged and left for the next iteration', async () => {
    const strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, order_types: { entry: 'market', exit: 'market', stoploss: 'market' } },
      { long: (f, i) => f.date[i] < T0 },
    );
    h = await startLiveEngine(fake, strategy, { stake_amount: 100 }, now);
    await tick();
    let [tw] = await openTrades(h.database.db);
    const half = Number((tw.trade.amount / 2).toFixed(5));
    await h.bot.forceExit({ tradeid: tw.trade.id, amount: half, price: 50100, ordertype: 'limit' });
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    const partial = tw.orders.at(-1)!;
    fake.setPrice('BTCUSDT', 50100); // fills on the exchange

    // The refused exit's refind cannot read the order (three 503s: every try of the adapter).
    fake.failNextOn('GET', '/api/v3/order', 3, 'http503');
    await executeExit(engineContext(tw), tw, { reason: 'force_exit', orderType: 'market', rate: 50100 });
    expect(logLines()).toContain(`Error updating ${partial.orderId}.`);
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    expect(tw.orders.find((o) => o.id === partial.id)).toMatchObject({ status: 'open', ftIsOpen: true });

    // The next iteration reads it as usual: the partial fill is booked.
    await tick();
    tw = (await getTrade(h.database.db, tw.trade.id))!;
    expect(tw.orders.find((o) => o.id === partial.id)).toMatchObject({ status: 'closed', filled: half });
    expect(tw.trade.isOpen).toBe(true);
  }, 60_000);
});
