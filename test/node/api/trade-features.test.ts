// API 2.45–2.48 trade-mode features, driven over real HTTP with FreqUI's request bodies:
// force exit at a price, strategy parameters from a parameter file, the wallet history chart.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StrategyResponse, WalletHistory } from '../../../packages/client/src/schemas/index.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { seedDatabase } from '../../support/seed.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const auth = { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' };
const open: { server: RunningServer; dir: string }[] = [];
afterEach(async () => {
  for (const { server, dir } of open.splice(0)) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function start(overrides: ConfigInput = {}, prepare?: (dir: string) => Promise<void> | void) {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-features-'));
  await prepare?.(dir);
  const clock = new ManualClock(T0);
  writeStrategy(dir, 'NeverStrategy', '');
  const server = await startTestServer(
    {
      strategy: 'NeverStrategy',
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      ...overrides,
    },
    { dir, clock, autoTick: false },
  );
  open.push({ server, dir });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { server, dir, clock, call };
}

/** A user strategy that never signals, with whatever parameter declarations a test adds. */
function writeStrategy(dir: string, name: string, members: string): void {
  mkdirSync(join(dir, 'strategies'), { recursive: true });
  const lib = join(REPO, 'src', 'strategy', 'index.ts');
  writeFileSync(
    join(dir, 'strategies', `${name}.ts`),
    `import { BaseStrategy, BooleanParameter, CategoricalParameter, DecimalParameter, IntParameter } from ${JSON.stringify(lib)};
export class ${name} extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.5;
${members}
  populateIndicators(f) { return f; }
  populateEntryTrend(f) { return f; }
  populateExitTrend(f) { return f; }
}
`,
  );
}

describe('POST /forcesell with price (2.45)', () => {
  it("places a limit exit at FreqUI's price; without price the configured exit", async () => {
    const { server, call } = await start();
    // FreqUI's ForceEnterForm body (api ≥ 2.17).
    const entered = await call('POST', '/api/v1/forcebuy', {
      pair: 'BTC/USDT',
      ordertype: 'market',
      stakeamount: 100,
      side: 'long',
      entry_tag: 'force_entry',
    });
    expect(entered.status).toBe(200);
    const id = entered.body.trade_id as number;
    const rate = entered.body.open_rate as number;
    // FreqUI's ForceExitForm: tradeid as string, ordertype, amount, price (≥ 2.45), botId.
    const price = Number((rate * 2).toFixed(2));
    const res = await call('POST', '/api/v1/forcesell', {
      tradeid: String(id),
      ordertype: 'market',
      amount: entered.body.amount,
      price,
      botId: 'ftbot.0',
    });
    expect(res).toEqual({ status: 200, body: { result: `Created exit order for trade ${id}.` } });
    const status = await call('GET', '/api/v1/status');
    const exitOrder = status.body[0].orders.find((o: { ft_order_side: string }) => o.ft_order_side === 'sell');
    expect(exitOrder).toMatchObject({ order_type: 'limit', is_open: true, safe_price: price });
    const bad = await call('POST', '/api/v1/forceexit', { tradeid: id, price: 0 });
    expect(bad).toEqual({ status: 502, body: { error: 'Error querying /api/v1/forceexit: Invalid price 0.' } });
    expect(server.deps.bot.state).toBe('running');
  });
});

describe('GET /strategy/{name} with parameters (2.47)', () => {
  it("lists parameters with the values from <Strategy>.json, in FreqUI's shape", async () => {
    const { call } = await start({}, (dir) => {
      writeStrategy(
        dir,
        'ParamStrategy',
        `  buy_rsi = new IntParameter(10, 40, { default: 30 });
  buy_step = new DecimalParameter(0.01, 0.1, { default: 0.05, decimals: 2 });
  sell_mode = new CategoricalParameter(['close', 'ema'], { default: 'close' });
  protect_on = new BooleanParameter({ default: false, space: 'protection' });`,
      );
      writeFileSync(
        join(dir, 'strategies', 'ParamStrategy.json'),
        JSON.stringify({
          strategy_name: 'ParamStrategy',
          params: { buy: { buy_rsi: 22 }, sell: { sell_mode: 'ema' }, stoploss: { stoploss: -0.07 } },
          ft_stratparam_v: 1,
          export_time: '2026-01-01 00:00:00.000000+00:00',
        }),
      );
    });
    const res = await call('GET', '/api/v1/strategy/ParamStrategy');
    expect(res.status).toBe(200);
    expect(StrategyResponse.parse(res.body)).toEqual(res.body);
    expect(res.body.params).toEqual([
      {
        param_type: 'IntParameter',
        name: 'buy_rsi',
        space: 'buy',
        load: true,
        optimize: true,
        value: 22,
        low: 10,
        high: 40,
      },
      {
        param_type: 'DecimalParameter',
        name: 'buy_step',
        space: 'buy',
        load: true,
        optimize: true,
        value: 0.05,
        low: 0.01,
        high: 0.1,
        decimals: 2,
      },
      {
        param_type: 'CategoricalParameter',
        name: 'sell_mode',
        space: 'sell',
        load: true,
        optimize: true,
        value: 'ema',
        opt_range: ['close', 'ema'],
      },
      {
        param_type: 'BooleanParameter',
        name: 'protect_on',
        space: 'protection',
        load: true,
        optimize: true,
        value: false,
        opt_range: [true, false],
      },
    ]);
    // The running strategy (FreqUI asks for show_config.strategy in trade mode): no parameters.
    const running = await call('GET', '/api/v1/strategy/NeverStrategy');
    expect(running.body).toMatchObject({ strategy: 'NeverStrategy', timeframe: '5m', params: [] });
  });

  it('a parameter file written for another strategy is a load error (502 detail)', async () => {
    const { call } = await start({}, (dir) => {
      writeStrategy(dir, 'ParamStrategy', '  buy_rsi = new IntParameter(10, 40, { default: 30 });');
      writeFileSync(join(dir, 'strategies', 'ParamStrategy.json'), '{"strategy_name": "Other", "params": {}}');
    });
    expect(await call('GET', '/api/v1/strategy/ParamStrategy')).toEqual({
      status: 502,
      body: { detail: 'Invalid parameter file provided.' },
    });
  });
});

describe('GET /historic_balance (2.48)', () => {
  it('charts the wallet after a few dry-run trades', async () => {
    const { server, clock, call } = await start({ dry_run_wallet: 1000 });
    const bot = server.deps.bot;
    const empty = await call('GET', '/api/v1/historic_balance');
    expect(empty).toEqual({
      status: 200,
      body: {
        columns: ['date', 'total_quote', 'free_quote', 'used_quote', '__date_ts'],
        length: 0,
        data: [],
        capture_start_ts: null,
      },
    });
    await bot.tick();
    for (const pair of ['BTC/USDT', 'ETH/USDT']) {
      clock.advance(60_000);
      const e = await call('POST', '/api/v1/forcebuy', { pair, ordertype: 'market', stakeamount: 100, side: 'long' });
      expect(e.status).toBe(200);
      await bot.tick();
      clock.advance(30 * 60_000);
      await bot.tick();
      const x = await call('POST', '/api/v1/forcesell', { tradeid: String(e.body.trade_id), ordertype: 'market' });
      expect(x.status).toBe(200);
      clock.advance(60_000);
      await bot.tick();
    }
    const res = await call('GET', '/api/v1/historic_balance');
    expect(res.status).toBe(200);
    const history = WalletHistory.parse(res.body);
    expect(history).toEqual(res.body);
    const col = (name: string) => history.columns.indexOf(name);
    const rows = history.data;
    expect(history.length).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(history.capture_start_ts).toBe(T0);
    expect(rows[0][col('__date_ts')]).toBe(T0);
    expect(rows[0][col('date')]).toBe(new Date(T0).toISOString());
    expect(rows[0][col('total_quote')]).toBeCloseTo(1000, 6);
    // Stake moved into a position and back: free dipped while a trade was open.
    expect(Math.min(...rows.map((r) => r[col('free_quote')] as number))).toBeLessThan(950);
    const ts = rows.map((r) => r[col('__date_ts')] as number);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    // The last point is the wallet after both trades closed: start + their realised profit.
    const profit = await call('GET', '/api/v1/profit');
    const last = rows[rows.length - 1];
    expect(last[col('total_quote')] as number).toBeCloseTo(1000 + profit.body.profit_closed_coin, 6);
    expect(last[col('used_quote')]).toBe(0);
  });

  it('a database older than the recording: the curve before capture_start_ts is rebuilt from closed trades', async () => {
    let seededNow = 0;
    const { server, call } = await start({ dry_run_wallet: 1000 }, async (dir) => {
      const db = await openDatabase(`file:${join(dir, 'tradesv3.sqlite')}`);
      seededNow = (await seedDatabase(db.db, { closedTrades: 5, openTrades: 0, now: T0 - 3_600_000, days: 3 })).now;
      db.close();
    });
    await server.deps.bot.tick();
    const history = (await call('GET', '/api/v1/historic_balance')).body;
    expect(history.capture_start_ts).toBe(T0);
    const ts = history.data.map((r: unknown[]) => r[4]);
    const before = history.data.filter((r: unknown[]) => (r[4] as number) < T0);
    expect(before.length).toBe(6); // the starting point and one per closed trade
    expect(before[0][1]).toBe(1000);
    expect(before.every((r: unknown[]) => r[2] === null && r[3] === null)).toBe(true);
    expect(ts[ts.length - 1]).toBe(T0);
    expect(seededNow).toBeLessThan(T0);
  });
});
