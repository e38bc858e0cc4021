// The fee the exchange charged, read on each fill through real ccxt against the loopback fake
// Binance (freqtrade's handle_order_fee → get_real_amount → fee_detection_from_trades →
// trade.update_fee): the fee rates, costs and currencies of the trade follow the fills, and the
// profits use them. Expected values are computed by hand from freqtrade's formulas.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { LoginGuard, MemoryLockoutStore } from '../../../src/api/auth/lockout.ts';
import type { BotApiDeps } from '../../../src/api/context.ts';
import { getTrade } from '../../../src/db/repo/trades.ts';
import { nodeApiHost } from '../../../src/hosts/node/server.ts';
import type { Strategy } from '../../../src/strategy/types.ts';
import { type EngineHarness, ScriptedStrategy, T0 } from '../../support/engine.ts';
import { DEFAULT_MARKETS, type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';
import { startLiveEngine } from '../../support/live-engine.ts';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';
import { type ServedApp, serveApp } from '../security/support.ts';

const BNB = {
  symbol: 'BNBUSDT',
  base: 'BNB',
  quote: 'USDT',
  price: 600,
  tickSize: '0.1',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '5',
};

let fake: FakeBinance;
let h: EngineHarness;
let api: ServedApp;
let now = T0;

beforeEach(async () => {
  now = T0;
  fake = await startFakeBinance({
    markets: [...DEFAULT_MARKETS, BNB],
    balances: { USDT: 10_000, BNB: 1 },
    now: () => now,
  });
});
afterEach(async () => {
  await api?.close();
  await h?.close();
  await fake.close();
});

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

async function startApi(): Promise<ServedApp> {
  const config = () => h.config;
  const deps: BotApiDeps = {
    config,
    db: h.database.db,
    bot: h.bot,
    clock: h.clock,
    logs: h.logs,
    log: h.logs.logger('test.api'),
    host: nodeApiHost(config),
    loginGuard: new LoginGuard(new MemoryLockoutStore(), () => ({ maxFailures: 50, lockoutMs: 60_000 })),
    version: 'test',
  };
  return serveApp(createApp(deps));
}

const auth = { headers: { Authorization: basicAuth(TEST_USER, TEST_PASSWORD) } };
const logLines = () => h.logs.recent(500).map((r) => String(r[4]));
const myTradesCalls = () => fake.requests().filter((r) => r.path === '/api/v3/myTrades');

describe('fees from the exchange fills (real ccxt, fake Binance)', () => {
  it('a taker entry paid in USDT, an exit paid in BNB, and an entry whose fee is read from its trades', async () => {
    // No signals: every order comes from force entries / exits.
    const strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, stoploss: -0.5, order_types: { entry: 'limit', exit: 'market', stoploss: 'market' } },
      {},
    );
    h = await startLiveEngine(fake, strategy, { stake_amount: 100, max_open_trades: 2 }, now);
    api = await startApi();
    await tick();

    // --- Trade 1: a market entry at 50000, 0.1 % taker fee in USDT -------------------------------
    fake.setCommission('BUY', { asset: 'quote', rate: 0.001 });
    const entered = (await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', ordertype: 'market' }))!;
    let t1 = (await getTrade(h.database.db, entered.trade.id))!.trade;
    // 100 / 50000 = 0.002 BTC; fee 0.002 · 50000 · 0.001 = 0.1 USDT → rate 0.1 / 100 = 0.001
    expect(t1.amount).toBe(0.002);
    expect(t1.openRate).toBe(50000);
    expect(t1.feeOpen).toBe(0.001);
    expect(t1.feeClose).toBe(0.001); // the entry's rate is the guess for the exit
    expect(t1.feeOpenCurrency).toBe('USDT');
    // recalc_trade_from_orders: fee_open_cost = fee_open · max_stake_amount = 0.001 · 100
    expect(t1.feeOpenCost).toBeCloseTo(0.1, 12);
    expect(t1.feeCloseCurrency).toBeNull();
    expect(myTradesCalls()).toHaveLength(0); // the reply carried the fee

    // The exit pays 0.075 % in BNB (Binance's BNB discount) at BNB/USDT 600.
    fake.setCommission('SELL', { asset: 'BNB', rate: 0.00075 });
    fake.setPrice('BTCUSDT', 51000);
    await h.bot.forceExit({ tradeid: t1.id, ordertype: 'market' });
    t1 = (await getTrade(h.database.db, t1.id))!.trade;
    // sold 0.002 · 51000 = 102 USDT; commission 102 · 0.00075 / 600 = 0.0001275 BNB
    // rate = 0.0001275 · 600 / 102 = 0.00075
    expect(t1.isOpen).toBe(false);
    expect(t1.closeRate).toBe(51000);
    expect(t1.feeCloseCurrency).toBe('BNB');
    expect(t1.feeCloseCost).toBeCloseTo(0.0001275, 12);
    expect(t1.feeClose).toBe(0.00075);
    expect(t1.feeOpen).toBe(0.001);
    // open value 0.002 · 50000 · 1.001 = 100.1; close value 0.002 · 51000 · (1 − 0.00075) = 101.9235
    // profit 1.8235; ratio 1.8235 / 100.1
    expect(t1.closeProfitAbs).toBeCloseTo(1.8235, 8);
    expect(t1.closeProfit).toBeCloseTo(1.8235 / 100.1, 9);
    // the BNB really left the wallet
    expect(fake.balance('BNB').free).toBeCloseTo(1 - 0.0001275, 12);
    const feeLines = logLines().filter((l) => l.startsWith(`Fee for Trade Trade(id=${t1.id}, pair=BTC/USDT`));
    expect(feeLines.some((l) => l.endsWith('[buy]: 0.1 USDT - rate: 0.001'))).toBe(true);
    expect(feeLines.some((l) => l.endsWith('[sell]: 0.0001275 BNB - rate: 0.00075'))).toBe(true);

    // --- Trade 2: a limit entry that rests; its fill is read without fills, so the trades are fetched
    fake.setPrice('BTCUSDT', 50000);
    fake.setCommission('BUY', { asset: 'quote', rate: 0.00075 });
    const resting = (await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 49000, ordertype: 'limit' }))!;
    const t2id = resting.trade.id;
    expect((await getTrade(h.database.db, t2id))!.orders[0]).toMatchObject({ status: 'open', price: 49000 });
    fake.setPrice('BTCUSDT', 48990); // the fake fills the resting buy at 49000
    const order = fake.orders().find((o) => o.side === 'BUY' && o.price === 49000)!;
    expect(order.status).toBe('FILLED');
    await tick(); // the bot reads the order: no fills, no fee in the reply → GET /api/v3/myTrades
    expect(myTradesCalls().length).toBeGreaterThanOrEqual(1);
    expect(myTradesCalls()[0].params).toMatchObject({ symbol: 'BTCUSDT' });
    let t2 = (await getTrade(h.database.db, t2id))!.trade;
    // 100 / 49000 = 0.00204081… → 0.00204 BTC; cost 99.96; fee 99.96 · 0.00075 = 0.07497 USDT → 0.00075
    expect(t2.amount).toBe(0.00204);
    expect(t2.openRate).toBe(49000);
    expect(t2.feeOpenCurrency).toBe('USDT');
    expect(t2.feeOpen).toBe(0.00075);
    expect(t2.feeClose).toBe(0.00075);
    expect(t2.feeOpenCost).toBeCloseTo(0.00075 * 99.96, 12);

    // /status and /trades show the fees as freqtrade's API does.
    const status = (await (await api.fetch('/api/v1/status', auth)).json()) as Record<string, unknown>[];
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({
      trade_id: t2id,
      fee_open: 0.00075,
      fee_open_currency: 'USDT',
      fee_close: 0.00075,
      fee_close_cost: null,
      fee_close_currency: null,
    });
    expect(status[0].fee_open_cost as number).toBeCloseTo(0.07497, 12);

    // Exit at 48990 with Binance's default: 0.1 % in the USDT received.
    fake.setCommission('SELL', { asset: 'received' });
    await h.bot.forceExit({ tradeid: t2id, ordertype: 'market' });
    t2 = (await getTrade(h.database.db, t2id))!.trade;
    // sold 0.00204 · 48990 = 99.9396; fee 0.0999396 USDT → rate 0.001
    expect(t2.isOpen).toBe(false);
    expect(t2.feeClose).toBe(0.001);
    expect(t2.feeCloseCurrency).toBe('USDT');
    expect(t2.feeCloseCost).toBeCloseTo(0.0999396, 12);
    // open value 99.96 · 1.00075 = 100.03497; close value 99.9396 · 0.999 = 99.8396604
    // profit −0.1953096; ratio −0.1953096 / 100.03497
    expect(t2.closeProfitAbs).toBeCloseTo(-0.1953096, 8);
    expect(t2.closeProfit).toBeCloseTo(-0.1953096 / 100.03497, 9);

    const trades = (await (await api.fetch('/api/v1/trades', auth)).json()) as { trades: Record<string, unknown>[] };
    const byId = new Map(trades.trades.map((t) => [t.trade_id, t]));
    expect(byId.get(t1.id)).toMatchObject({
      fee_open: 0.001,
      fee_open_currency: 'USDT',
      fee_close: 0.00075,
      fee_close_currency: 'BNB',
      is_open: false,
    });
    expect(byId.get(t1.id)!.fee_close_cost as number).toBeCloseTo(0.0001275, 12);
    expect(byId.get(t1.id)!.profit_abs as number).toBeCloseTo(1.8235, 8);
    expect(byId.get(t2id)).toMatchObject({
      fee_open: 0.00075,
      fee_open_currency: 'USDT',
      fee_close: 0.001,
      fee_close_currency: 'USDT',
    });
    expect(byId.get(t2id)!.profit_ratio as number).toBeCloseTo(-0.1953096 / 100.03497, 8);
  }, 90_000);

  it('additional entries: the second is not read, and clears the open fee so the third is (freqtrade 2025.6)', async () => {
    const strategy: Strategy = new ScriptedStrategy(
      {
        minimal_roi: { '0': 10 },
        stoploss: -0.5,
        position_adjustment_enable: true,
        order_types: { entry: 'market', exit: 'market', stoploss: 'market' },
      },
      {},
    );
    strategy.adjustTradePosition = (args) => (args.trade.nrOfSuccessfulEntries <= 2 ? [50, 'dca'] : null);
    h = await startLiveEngine(fake, strategy, { stake_amount: 100 }, now);
    await tick();
    fake.setCommission('BUY', { asset: 'quote', rate: 0.001 });
    const { trade } = (await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', ordertype: 'market' }))!;
    const fees = async () => {
      const t = (await getTrade(h.database.db, trade.id))!;
      return { entries: t.orders.filter((o) => o.side === 'buy').length, ...t.trade };
    };
    expect(await fees()).toMatchObject({ entries: 1, feeOpen: 0.001, feeOpenCurrency: 'USDT' });

    // The second entry pays in BNB: the open fee was read already, so it stays; then it is cleared.
    fake.setCommission('BUY', { asset: 'BNB', rate: 0.00075 });
    await tick();
    expect(await fees()).toMatchObject({ entries: 2, feeOpen: 0.001, feeClose: 0.001, feeOpenCurrency: null });

    // The third entry pays 0.05 % in USDT: read, and taken as the close-fee guess too.
    fake.setCommission('BUY', { asset: 'quote', rate: 0.0005 });
    await tick();
    const third = await fees();
    expect(third).toMatchObject({ entries: 3, feeOpen: 0.0005, feeClose: 0.0005 });
    // … and cleared again after the fill, as it is an additional entry.
    expect(third.feeOpenCurrency).toBeNull();
    // recalc: fee_open_cost = fee_open · max_stake_amount = 0.0005 · (100 + 50 + 50)
    expect(third.feeOpenCost).toBeCloseTo(0.0005 * 200, 10);
  }, 90_000);
});
