// cancel_open_orders_on_exit (freqtrade's cleanup → cancel_all_open_orders): the real bot process
// receives SIGTERM with an entry order resting (BTC), an exit order resting (SOL) and a stop order
// on the exchange (ETH). Live through real ccxt against the loopback fake Binance, and in dry-run on
// the offline market: afterwards the database rows and the exchange's orders agree, the entry and
// exit are cancelled with freqtrade's reason, the stop stays. Without the option nothing is cancelled.
// /stop does the same (freqtrade's process_stopped), checked on an in-process bot.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import ccxt from 'ccxt';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tradeRepr } from '../../../src/bot/log-lines.ts';
import { rewriteApiUrls } from '../../../src/exchange/ccxt/options.ts';
import type { CustomEntryPriceArgs } from '../../../src/strategy/types.ts';
import { openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';
import { type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';
import { freePort, startBotProcess } from '../../support/process.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const ALL_CANCELLED = 'cancelled (all unfilled and partially filled open orders cancelled)';

// BTC's entry rests 2 % under the bid; ETH and SOL buy 1 % over it (fills at once). SOL then exits
// with a limit 1.5 % over the ask (rests). Every trade gets a stop on the exchange once filled; SOL's
// is cancelled before its exit (spot: the stop holds the coins).
const STRATEGY = `
export class ParkedOrders {
  timeframe = '5m';
  stoploss = -0.1;
  minimal_roi = { '0': 10 };
  order_types = { entry: 'limit', exit: 'limit', stoploss: 'limit', stoploss_on_exchange: true };
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { frame.columns.enter_long = frame.date.map(() => 1); return frame; }
  populateExitTrend(frame) { frame.columns.exit_long = frame.date.map(() => 0); return frame; }
  customEntryPrice({ pair, proposedRate }) { return pair === 'BTC/USDT' ? proposedRate * 0.98 : proposedRate * 1.01; }
  customExit({ pair }) { return pair === 'SOL/USDT' ? 'park_exit' : null; }
  customExitPrice({ proposedRate }) { return proposedRate * 1.015; }
}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
let fake: FakeBinance | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Row = Record<string, any>;

async function rows(db: Client, sql: string): Promise<Row[]> {
  return (await db.execute(sql)).rows as unknown as Row[];
}

interface Setup {
  dir: string;
  dbFile: string;
  config: string;
}

async function writeSetup(exchange: Record<string, unknown>, extra: Record<string, unknown>): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-cancel-exit-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'strategies'), { recursive: true });
  writeFileSync(join(dir, 'strategies', 'parked.js'), STRATEGY);
  const dbFile = join(dir, 'trades.sqlite');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      strategy: 'ParkedOrders',
      user_data_dir: dir,
      db_url: `file:${dbFile}`,
      initial_state: 'running',
      max_open_trades: 3,
      stake_amount: 100,
      internals: { process_throttle_secs: 1 },
      exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], ...exchange },
      api_server: {
        listen_port: await freePort(),
        username: TEST_USER,
        password: TEST_PASSWORD,
        jwt_secret_key: TEST_JWT_SECRET,
      },
      ...extra,
    }),
  );
  return { dir, dbFile, config };
}

/** The trades and their orders, by pair. */
async function snapshot(dbFile: string) {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    const trades = await rows(db, 'SELECT * FROM trades ORDER BY id');
    const orders = await rows(db, 'SELECT * FROM orders ORDER BY id');
    const byPair = (pair: string) => {
      const t = trades.find((x) => x.pair === pair);
      return { trade: t, orders: t ? orders.filter((o) => Number(o.ft_trade_id) === Number(t.id)) : [] };
    };
    return { trades, orders, btc: byPair('BTC/USDT'), eth: byPair('ETH/USDT'), sol: byPair('SOL/USDT') };
  } catch {
    return undefined; // the bot has not created its tables yet
  } finally {
    db.close();
  }
}

const isOpen = (o: Row) => Boolean(o.ft_is_open);

/** Runs the bot until BTC's entry, SOL's exit and ETH's stop all rest, then sends SIGTERM. */
async function runUntilParkedThenTerm(setup: Setup) {
  const p = startBotProcess(['--config', setup.config], { cwd: setup.dir });
  await p.waitFor(/tickhub is running/, 90_000);
  const deadline = Date.now() + 90_000;
  let parked = await snapshot(setup.dbFile);
  const ready = (s: typeof parked) =>
    !!s &&
    s.btc.orders.some((o) => isOpen(o) && o.ft_order_side === 'buy' && o.order_id) &&
    s.sol.orders.some((o) => isOpen(o) && o.ft_order_side === 'sell' && o.order_id) &&
    s.eth.orders.some((o) => isOpen(o) && o.ft_order_side === 'stoploss' && o.order_id);
  while (!ready(parked)) {
    if (Date.now() > deadline) throw new Error(`orders never parked:\n${p.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
    parked = await snapshot(setup.dbFile);
  }
  p.child.kill('SIGTERM');
  expect(await p.exited).toBe(0);
  return { before: parked!, after: (await snapshot(setup.dbFile))!, output: p.output() };
}

/** What the database says after the shutdown, checked against the exchange's state of each order. */
function expectCancelledOnExit(
  before: NonNullable<Awaited<ReturnType<typeof snapshot>>>,
  after: NonNullable<Awaited<ReturnType<typeof snapshot>>>,
  exchangeStatus: (clientOrderId: string) => string,
) {
  // BTC: the entry never filled: cancelled on the exchange, the trade removed (freqtrade deletes it).
  const btcEntry = before.btc.orders.find((o) => isOpen(o) && o.ft_order_side === 'buy')!;
  expect(exchangeStatus(btcEntry.client_order_id)).toBe('canceled');
  expect(after.btc.trade).toBeUndefined();
  expect(after.orders.find((o) => o.client_order_id === btcEntry.client_order_id)).toBeUndefined();

  // SOL: the exit is cancelled with freqtrade's reason; the trade stays open, its exit reason cleared.
  const solExit = before.sol.orders.find((o) => isOpen(o) && o.ft_order_side === 'sell')!;
  expect(exchangeStatus(solExit.client_order_id)).toBe('canceled');
  const solExitAfter = after.sol.orders.find((o) => o.id === solExit.id)!;
  expect(solExitAfter).toMatchObject({ ft_is_open: 0, status: 'canceled', ft_cancel_reason: ALL_CANCELLED });
  expect(after.sol.trade).toMatchObject({ is_open: 1, exit_reason: null });
  expect(after.sol.orders.filter(isOpen)).toHaveLength(0);

  // ETH: its stop order stays on the exchange and open in the database.
  const ethStop = before.eth.orders.find((o) => isOpen(o) && o.ft_order_side === 'stoploss')!;
  expect(exchangeStatus(ethStop.client_order_id)).toBe('open');
  expect(after.eth.orders.find((o) => o.id === ethStop.id)).toMatchObject({ ft_is_open: 1, status: 'open' });
  expect(after.eth.trade).toMatchObject({ is_open: 1 });
}

function liveExchange(f: FakeBinance) {
  // The child process talks to the fake through ccxt's own url table, rewritten to the loopback fake.
  const api = rewriteApiUrls(new ccxt.binance({}).urls.api, f.url);
  return {
    name: 'binance',
    key: f.apiKey,
    secret: f.secret,
    ccxt_config: { enableRateLimit: false, urls: { api } },
  };
}

const fakeStatus = (f: FakeBinance) => (cid: string) => {
  const o = f.orders().find((x) => x.clientOrderId === cid);
  if (!o) return 'missing';
  return o.status === 'NEW' ? 'open' : o.status === 'CANCELED' ? 'canceled' : o.status.toLowerCase();
};

describe('cancel_open_orders_on_exit on SIGTERM (real process)', () => {
  it('live through ccxt against the fake Binance: entry and exit cancelled, stop kept', async () => {
    fake = await startFakeBinance({ balances: { USDT: 10_000 } });
    const setup = await writeSetup(liveExchange(fake), { dry_run: false, cancel_open_orders_on_exit: true });
    const { before, after, output } = await runUntilParkedThenTerm(setup);
    expectCancelledOnExit(before, after, fakeStatus(fake));
    expect(output).toContain('Cleaning up modules ...');
    // The cancels were signed DELETEs of exactly those two orders.
    const deletes = fake.requests().filter((r) => r.method === 'DELETE' && r.path === '/api/v3/order');
    const cancelledIds = deletes.map((r) => r.params.orderId);
    const btcEntry = before.btc.orders.find((o) => isOpen(o) && o.ft_order_side === 'buy')!;
    const solExit = before.sol.orders.find((o) => isOpen(o) && o.ft_order_side === 'sell')!;
    expect(cancelledIds).toContain(btcEntry.order_id);
    expect(cancelledIds).toContain(solExit.order_id);
    // The wallet got the parked USDT and SOL back (nothing locked but the ETH stop's coins).
    expect(fake.balance('USDT').locked).toBeCloseTo(0, 8);
    expect(fake.balance('SOL').locked).toBeCloseTo(0, 8);
    expect(fake.balance('ETH').locked).toBeGreaterThan(0);
  }, 240_000);

  it('dry-run on the offline market: the simulated exchange agrees with the database', async () => {
    const setup = await writeSetup({ name: 'offline' }, { dry_run: true, cancel_open_orders_on_exit: true });
    const { before, after, output } = await runUntilParkedThenTerm(setup);
    const db = createClient({ url: `file:${setup.dbFile}` });
    const sim = (await rows(db, 'SELECT data FROM sim_orders')).map((r) => JSON.parse(r.data).order);
    db.close();
    const simStatus = (cid: string) => sim.find((o) => o.clientOrderId === cid)?.status ?? 'missing';
    expectCancelledOnExit(before, after, simStatus);
    expect(output).toContain('Cleaning up modules ...');
  }, 240_000);

  it('without the option, SIGTERM leaves every order open', async () => {
    fake = await startFakeBinance({ balances: { USDT: 10_000 } });
    const setup = await writeSetup(liveExchange(fake), { dry_run: false });
    const { before, after } = await runUntilParkedThenTerm(setup);
    const status = fakeStatus(fake);
    for (const o of before.orders.filter(isOpen)) {
      expect(status(o.client_order_id)).toBe('open');
      expect(after.orders.find((x) => x.id === o.id)).toMatchObject({ ft_is_open: 1 });
    }
    const deleted = new Set(
      fake
        .requests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.params.orderId),
    );
    for (const o of before.orders.filter(isOpen)) expect(deleted.has(o.order_id)).toBe(false);
    expect(after.btc.trade).toMatchObject({ is_open: 1 });
  }, 240_000);
});

describe('cancel_open_orders_on_exit on /stop (freqtrade process_stopped)', () => {
  class ParkedEntry extends ScriptedStrategy {
    customEntryPrice(a: CustomEntryPriceArgs): number {
      return a.proposedRate * 0.98;
    }
  }
  const parkedEntry = () => new ParkedEntry({ minimal_roi: { '0': 10 } }, { long: () => true });
  const settings = { exchange: { name: 'offline', pair_whitelist: ['BTC/USDT'] } };

  it('stopping the bot cancels its resting entry; the trade is removed and entry_cancel says why', async () => {
    const h = await startEngine({ ...settings, cancel_open_orders_on_exit: true }, parkedEntry());
    try {
      await h.run(1);
      const [tw] = await openTrades(h.database.db);
      expect(tw.orders).toMatchObject([{ ftOrderSide: 'buy', status: 'open' }]);
      await h.bot.stop();
      expect(await openTrades(h.database.db)).toHaveLength(0);
      const ex = await h.bot.exchange.fetchOrder(tw.orders[0].orderId!, 'BTC/USDT');
      expect(ex.status).toBe('canceled');
      const cancel = h.messages('entry_cancel').at(-1) as unknown as { reason: string; trade_id: number };
      // freqtrade appends ", fully cancelled" when the cancel removes the trade.
      expect(cancel).toMatchObject({ reason: `${ALL_CANCELLED}, fully cancelled`, trade_id: tw.trade.id });
      expect(h.logs.recent(100).map((r) => String(r[4]))).toContain(
        `Buy order ${ALL_CANCELLED}, fully cancelled for ${tradeRepr(tw.trade)}.`,
      );
    } finally {
      await h.close();
    }
  });

  it('without the option the entry stays after /stop', async () => {
    const h = await startEngine(settings, parkedEntry());
    try {
      await h.run(1);
      await h.bot.stop();
      await h.run(1); // a stopped bot's iteration (process_stopped) does nothing either
      const [tw] = await openTrades(h.database.db);
      expect(tw.orders).toMatchObject([{ ftOrderSide: 'buy', status: 'open', ftIsOpen: true }]);
    } finally {
      await h.close();
    }
  });
});
