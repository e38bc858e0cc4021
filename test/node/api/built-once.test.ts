// Issue 19 point 2 on a real server: the kept answers (/trades, /trade/{id}, /status, /show_config,
// /profit, /profit_all and Telegram's in-process /profit) are byte for byte what the same routes
// build from the database afresh, after every kind of change: fill, tick with new rates, exit,
// partial exit (order resting, then filled), cancelled order, delete, trade reload, custom data,
// config reload, stop/start; and the kept trade JSON stays within its byte bound.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessRequest } from '../../../src/api/auth/in-process.ts';
import { TradeJsonCache } from '../../../src/api/built-once.ts';
import { buildShowConfig } from '../../../src/api/routes/info.ts';
import { profitAllAnswer, profitAnswer } from '../../../src/api/routes/stats.ts';
import { openTradeJson } from '../../../src/api/routes/trade-view.ts';
import { statusJson, tradesPageJson } from '../../../src/api/routes/trades.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { Config, ConfigInput } from '../../../src/config/schema.ts';
import { getTrade, runTradeWrites, updateTradeQuery } from '../../../src/db/repo/trades.ts';
import { customData } from '../../../src/db/schema.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import { startNodeServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { basicAuth } from '../../support/node-server.ts';
import { seedDatabase } from '../../support/seed.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const headers = { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function start(seedClosed = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-built-once-'));
  const build = (o: ConfigInput): Config =>
    validateConfig(
      testConfig({
        user_data_dir: dir,
        entry_pricing: { price_side: 'other' },
        exit_pricing: { price_side: 'other' },
        ...o,
      }) as Record<string, unknown>,
    ).config;
  let next = build({});
  const clock = new ManualClock(T0);
  const dbUrl = `file:${join(dir, 'tradesv3.sqlite')}`;
  if (seedClosed > 0) {
    const seeded = await openDatabase(dbUrl);
    await seedDatabase(seeded.db, { closedTrades: seedClosed, openTrades: 0 });
    seeded.close();
  }
  const server = await startNodeServer({
    config: next,
    configFiles: [],
    dbUrl,
    port: 0,
    clock,
    autoTick: false,
    readConfig: () => next,
  });
  cleanups.push(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const setConfig = (o: ConfigInput) => {
    next = build(o);
  };
  return { server, clock, call, setConfig };
}

type Started = Awaited<ReturnType<typeof start>>;

/** Every kept answer, read twice over HTTP (built, then kept), against the uncached build. */
async function expectSameAsUncached({ server, call }: Started): Promise<number> {
  const deps = server.deps;
  const pages: [number, number, boolean][] = [
    [500, 0, true],
    [2, 1, true],
    [3, 0, false],
    [0, 0, true],
    [5, 1000, true],
  ];
  let checked = 0;
  for (let round = 0; round < 2; round++) {
    for (const [limit, offset, byId] of pages) {
      const res = await call('GET', `/api/v1/trades?limit=${limit}&offset=${offset}&order_by_id=${byId}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe(JSON.stringify(await tradesPageJson(deps, limit, offset, byId)));
      checked++;
    }
    const status = await call('GET', '/api/v1/status');
    expect(status.text).toBe(JSON.stringify(await statusJson(deps)));
    const profit = await call('GET', '/api/v1/profit');
    expect(profit.status).toBe(200);
    expect(profit.text).toBe(JSON.stringify(await profitAnswer(deps)));
    // A query string does not change freqtrade's REST answer (start_date is Telegram's, in process).
    expect((await call('GET', '/api/v1/profit?start_date=0')).text).toBe(profit.text);
    expect((await call('GET', '/api/v1/profit_all')).text).toBe(JSON.stringify(await profitAllAnswer(deps)));
    // Telegram's /profit and /profit <n>: each start_date is its own answer.
    for (const since of [undefined, 0, T0, deps.clock.now() - 60_000]) {
      const res = await server.app.fetch(
        inProcessRequest('telegram', 'GET', `/api/v1/profit${since === undefined ? '' : `?start_date=${since}`}`),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(JSON.stringify(await profitAnswer(deps, { since })));
      checked++;
    }
    const config = await call('GET', '/api/v1/show_config');
    expect(config.text).toBe(JSON.stringify(buildShowConfig(deps)));
    const all = JSON.parse((await call('GET', '/api/v1/trades?limit=0')).text).trades as { trade_id: number }[];
    const open = JSON.parse(status.text) as { trade_id: number }[];
    const ids = [...all, ...open].map((t) => t.trade_id);
    // Every trade of a small book; the first and last 20 of a large one.
    for (const id of ids.length > 40 ? [...ids.slice(0, 20), ...ids.slice(-20)] : ids) {
      const one = await call('GET', `/api/v1/trade/${id}`);
      const row = await getTrade(deps.db, id);
      expect(row).toBeDefined();
      expect(one.text).toBe(JSON.stringify(await openTradeJson(deps.bot, row!, deps.clock.now())));
      checked++;
    }
    checked += 5;
  }
  return checked;
}

describe('answers built once', () => {
  it('are byte for byte the uncached answers after every kind of change', async () => {
    const s = await start();
    const { call, server, clock } = s;
    await expectSameAsUncached(s);

    // Entry filled at once (market, dry run), then a resting limit entry far below the market.
    const filled = await call('POST', '/api/v1/forceenter', {
      pair: 'BTC/USDT',
      ordertype: 'market',
      stakeamount: 100,
    });
    expect(filled.status).toBe(200);
    const first = JSON.parse(filled.text).trade_id as number;
    await expectSameAsUncached(s);
    const second = JSON.parse(
      (await call('POST', '/api/v1/forceenter', { pair: 'ETH/USDT', ordertype: 'market', stakeamount: 50 })).text,
    ).trade_id as number;
    const resting = await call('POST', '/api/v1/forceenter', {
      pair: 'SOL/USDT',
      ordertype: 'limit',
      price: 0.01,
      stakeamount: 20,
    });
    expect(resting.status).toBe(200);
    const restingId = JSON.parse(resting.text).trade_id as number;
    await expectSameAsUncached(s);

    // A tick later (new rates, live profit moves): /status and /profit are rebuilt for the tick.
    const beforeTick = JSON.parse((await call('GET', '/api/v1/profit')).text);
    clock.advance(5 * 60_000);
    await server.deps.bot.tick();
    await expectSameAsUncached(s);
    expect(JSON.parse((await call('GET', '/api/v1/profit')).text).profit_all_coin).not.toBe(beforeTick.profit_all_coin);

    // Exit: the trade closes and its JSON is kept from now on.
    expect((await call('POST', '/api/v1/forceexit', { tradeid: first, ordertype: 'market' })).status).toBe(200);
    await expectSameAsUncached(s);

    // Partial exit order resting above the market, then cancelled through the API.
    const partial = await call('POST', '/api/v1/forceexit', {
      tradeid: second,
      ordertype: 'limit',
      price: 1e9,
      amount: 0.0001,
    });
    expect(partial.status).toBe(200);
    await expectSameAsUncached(s);
    expect((await call('DELETE', `/api/v1/trades/${second}/open-order`)).status).toBe(200);
    await expectSameAsUncached(s);
    // Partial exit (half) filled at once: the trade stays open, its exit order adds to the volume.
    const beforePartial = JSON.parse((await call('GET', '/api/v1/profit')).text);
    const half = JSON.parse((await call('GET', `/api/v1/trade/${second}`)).text).amount / 2;
    const partialFill = await call('POST', '/api/v1/forceexit', { tradeid: second, ordertype: 'market', amount: half });
    expect(partialFill.status, partialFill.text).toBe(200);
    expect(JSON.parse((await call('GET', `/api/v1/trade/${second}`)).text).is_open).toBe(true);
    await expectSameAsUncached(s);
    expect(JSON.parse((await call('GET', '/api/v1/profit')).text).trading_volume).toBeGreaterThan(
      beforePartial.trading_volume,
    );

    // Trade reload from the exchange's orders, custom data written, a closed trade edited in place.
    expect((await call('POST', `/api/v1/trades/${restingId}/reload`)).status).toBe(200);
    await expectSameAsUncached(s);
    await server.deps.db
      .insert(customData)
      .values({ ftTradeId: first, cdKey: 'note', cdType: 'str', cdValue: 'x', createdAt: clock.now() });
    await expectSameAsUncached(s);
    await runTradeWrites(server.deps.db, [
      updateTradeQuery(server.deps.db, first, { exitReason: 'edited_after_close' }),
    ]);
    await expectSameAsUncached(s);
    expect((await call('GET', `/api/v1/trade/${first}`)).text).toContain('"exit_reason":"edited_after_close"');

    // Delete (closed trade): gone from pages and /trade/{id}.
    expect((await call('DELETE', `/api/v1/trades/${first}`)).status).toBe(200);
    await expectSameAsUncached(s);
    expect((await call('GET', `/api/v1/trade/${first}`)).status).toBe(404);

    // Ticks whose rates stay within the trades' min/max write nothing: only the tick itself says
    // the live figures moved.
    const writes = new TradeJsonCache(server.deps.db, 1);
    let quietTicks = 0;
    for (let i = 0; i < 40 && quietTicks < 2; i++) {
      const before = { generation: writes.generation, profit: (await call('GET', '/api/v1/profit')).text };
      await call('GET', '/api/v1/profit_all');
      await call('GET', '/api/v1/status');
      clock.advance(60_000);
      await server.deps.bot.tick();
      const profit = (await call('GET', '/api/v1/profit')).text;
      if (writes.generation !== before.generation || profit === before.profit) continue;
      quietTicks++;
      expect(profit).toBe(JSON.stringify(await profitAnswer(server.deps)));
      expect((await call('GET', '/api/v1/profit_all')).text).toBe(JSON.stringify(await profitAllAnswer(server.deps)));
      expect((await call('GET', '/api/v1/status')).text).toBe(JSON.stringify(await statusJson(server.deps)));
    }
    expect(quietTicks).toBeGreaterThan(0);

    // Concurrent requests after a tick share one computation: one rate read per open trade.
    clock.advance(60_000);
    await server.deps.bot.tick();
    const bot = server.deps.bot;
    const currentRate = bot.currentRate.bind(bot);
    let rateReads = 0;
    bot.currentRate = (pair, isShort) => {
      rateReads++;
      return currentRate(pair, isShort);
    };
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/api/v1/profit')));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      const openFilled = JSON.parse(answers[0].text).trade_count - JSON.parse(answers[0].text).closed_trade_count;
      expect(openFilled).toBeGreaterThan(0);
      expect(rateReads).toBeLessThanOrEqual(openFilled);
      expect(rateReads).toBeGreaterThan(0);
    } finally {
      bot.currentRate = currentRate;
    }

    // Config reload and state changes: /show_config (and /status) follow.
    const beforeReload = JSON.parse((await call('GET', '/api/v1/profit')).text);
    s.setConfig({ bot_name: 'renamed-bot', stake_amount: 42, dry_run_wallet: 5000 });
    expect((await call('POST', '/api/v1/reload_config')).status).toBe(200);
    await expectSameAsUncached(s);
    // A new starting balance: the ratios to it move.
    expect(JSON.parse((await call('GET', '/api/v1/profit')).text).profit_all_ratio).not.toBe(
      beforeReload.profit_all_ratio,
    );
    expect(JSON.parse((await call('GET', '/api/v1/show_config')).text)).toMatchObject({ bot_name: 'renamed-bot' });
    expect((await call('POST', '/api/v1/stop')).status).toBe(200);
    expect(JSON.parse((await call('GET', '/api/v1/show_config')).text).state).toBe('stopped');
    await expectSameAsUncached(s);
    expect((await call('POST', '/api/v1/start')).status).toBe(200);
    expect(await expectSameAsUncached(s)).toBeGreaterThanOrEqual(16);
  }, 120_000);

  it('pages many closed trades from kept fragments, within the byte bound', async () => {
    const s = await start(600);
    await expectSameAsUncached(s);
    const cache = new TradeJsonCache(s.server.deps.db, 200_000);
    let kept = 0;
    const generation = cache.generation;
    for (let id = 1; id <= 1200; id++) {
      const json = new TextEncoder().encode(JSON.stringify({ id, pad: 'x'.repeat(1000) }));
      cache.keep('raw', id, json, generation);
      kept += json.length;
    }
    expect(kept).toBeGreaterThan(1_000_000);
    expect(cache.bytes).toBeLessThanOrEqual(200_000);
    expect(new TextDecoder().decode(cache.get('raw', 1200))).toContain('"id":1200'); // the most recent stays
    expect(cache.get('raw', 1)).toBeUndefined(); // the least recent went first
    // A write to a trade running while its JSON was being read: that JSON is served, never kept.
    const before = cache.generation;
    const running = runTradeWrites(s.server.deps.db, [updateTradeQuery(s.server.deps.db, 5, { exitReason: 'x' })]);
    cache.keep('open', 5, '{"stale":true}', before);
    expect(cache.get('open', 5)).toBeUndefined();
    cache.keep('open', 6, '{"other":true}', before); // another trade's read is unaffected
    expect(cache.get('open', 6)).toBe('{"other":true}');
    await running;
    // A read that starts after a write started but before it committed (possible on D1): once the
    // batch has run, its JSON is refused too.
    const write = runTradeWrites(s.server.deps.db, [updateTradeQuery(s.server.deps.db, 7, { exitReason: 'y' })]);
    const inWindow = cache.generation;
    await write;
    cache.keep('open', 7, '{"pre-commit":true}', inWindow);
    expect(cache.get('open', 7)).toBeUndefined();
  }, 120_000);

  it('every write to trades and orders is built in db/repo/trades.ts (which tells the kept answers)', () => {
    const src = join(import.meta.dirname, '..', '..', '..', 'src');
    const writes = /\.(insert|update|delete)\((trades|orders)\)|(INSERT INTO|UPDATE|DELETE FROM)\s+(trades|orders)\b/;
    const offenders = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== join('db', 'repo', 'trades.ts'))
      .filter((f) => writes.test(readFileSync(join(src, f), 'utf8')));
    expect(offenders, 'write trades/orders only through db/repo/trades.ts').toEqual([]);
    expect(writes.test(readFileSync(join(src, 'db', 'repo', 'trades.ts'), 'utf8'))).toBe(true);
    // …and run through runTradeWrites, which tells the kept answers again once the batch has run.
    const direct = /\.batch\(|await (update|insert)(Trade|Order)Query\(/;
    const bot = (readdirSync(join(src, 'bot'), { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && direct.test(readFileSync(join(src, 'bot', f), 'utf8')),
    );
    expect(bot, 'run trade/order writes with runTradeWrites(db, [queries]) (db/repo/trades.ts)').toEqual([]);
  });
});
