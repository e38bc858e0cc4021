// Kills the real bot process (the `npm start` entry point) with SIGKILL at random points of its
// ticks, many times, and checks after each restart that no exchange order was placed twice and
// no trade was lost or left inconsistent with the (simulated) exchange.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { type BotProcess, freePort, startBotProcess } from '../../support/process.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Enters every pair at once, adds to each trade twice (DCA), keeps a stop order on the exchange
// that follows a custom stop tightening every second (cancelled and placed again on each tick),
// and exits once both extra entries filled: trades and every order path cycle constantly.
// SOL/USDT's first entry rests 1.5 % under the market until adjust_entry_price replaces it on
// the next candle (a new 1m candle comes every minute of the run).
const CYCLE_STRATEGY = `
export class CycleStrategy {
  timeframe = '1m';
  stoploss = -0.5;
  minimal_roi = { '0': 10 };
  position_adjustment_enable = true;
  max_entry_position_adjustment = 2;
  use_custom_stoploss = true;
  order_types = {
    entry: 'limit', exit: 'limit', stoploss: 'limit',
    stoploss_on_exchange: true, stoploss_on_exchange_interval: 0,
  };
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { frame.columns.enter_long = frame.date.map(() => 1); return frame; }
  populateExitTrend(frame) { frame.columns.exit_long = frame.date.map(() => 0); return frame; }
  customEntryPrice({ pair, proposedRate }) { return pair === 'SOL/USDT' ? proposedRate * 0.985 : proposedRate; }
  adjustEntryPrice({ proposedRate }) { return proposedRate * 1.001; }
  adjustTradePosition({ trade }) { return trade.nrOfSuccessfulEntries < 3 ? 20 : null; }
  customExit({ trade }) { return trade.stakeAmount > 130 ? 'cycle' : null; }
  customStoploss() { return -(0.05 - ((Date.now() / 1000) % 30) * 0.001); }
}
`;

const WALLET = 1000;

interface Invariants {
  trades: number;
  closed: number;
  exchangeOrders: number;
  /** Extra entries that filled, stop orders the exchange accepted, entries replaced. */
  dca: number;
  stops: number;
  replaced: number;
}

async function checkInvariants(dbFile: string): Promise<Invariants> {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    const rows = async (sql: string) => (await db.execute(sql)).rows as unknown as Record<string, any>[];
    const orders = await rows('SELECT * FROM orders');
    const trades = await rows('SELECT * FROM trades');
    const sim = (await rows('SELECT data FROM sim_orders')).map((r) => JSON.parse(r.data).order);
    const walletRow = await rows("SELECT value FROM kv WHERE key = 'dry_run_wallet'");
    const tradeIds = new Set(trades.map((t) => Number(t.id)));

    // 1. Every exchange order belongs to exactly one recorded order (client order ids are unique on
    //    both sides), and every recorded order the exchange accepted exists there with the same id.
    //    An order still open on the exchange always has a row (none lost), open there too.
    const byClient = new Map(orders.map((o) => [o.client_order_id, o]));
    expect(new Set(sim.map((o) => o.clientOrderId)).size).toBe(sim.length);
    for (const o of sim) {
      const row = byClient.get(o.clientOrderId);
      if (o.status === 'open') {
        expect(row, `open exchange order ${o.clientOrderId} has no order row`).toBeDefined();
        expect(Boolean(row!.ft_is_open), `open exchange order ${o.clientOrderId} is closed in the database`).toBe(true);
      }
      if (o.filled > 0) {
        expect(row, `filled exchange order ${o.clientOrderId} has no order row`).toBeDefined();
        expect(tradeIds.has(Number(row!.ft_trade_id)), `filled exchange order ${o.clientOrderId} lost its trade`).toBe(
          true,
        );
      }
      if (row) expect(row.order_id === null || row.order_id === o.id, JSON.stringify({ row, o })).toBe(true);
    }
    const simIds = new Set(sim.map((o) => o.id));
    for (const o of orders) if (o.order_id !== null) expect(simIds.has(o.order_id), JSON.stringify(o)).toBe(true);

    // 2. No trade has more filled entries than 1 + max_entry_position_adjustment, at most one open
    //    entry and one open stop order (no duplicate after a crash), and no trade sold more than it bought.
    for (const t of trades) {
      const mine = orders.filter((o) => Number(o.ft_trade_id) === Number(t.id));
      const buys = mine.filter((o) => o.ft_order_side === 'buy');
      expect(buys.filter((o) => Number(o.filled ?? 0) > 0).length).toBeLessThanOrEqual(3);
      expect(buys.filter((o) => o.ft_is_open).length).toBeLessThanOrEqual(1);
      const stopRows = mine.filter((o) => o.ft_order_side === 'stoploss');
      expect(stopRows.filter((o) => o.ft_is_open).length).toBeLessThanOrEqual(1);
      const stopIds = new Set(stopRows.map((o) => o.client_order_id));
      const liveStops = sim.filter((o) => stopIds.has(o.clientOrderId) && o.status === 'open');
      expect(liveStops.length, `trade ${t.id} has ${liveStops.length} stop orders on the exchange`).toBeLessThanOrEqual(
        1,
      );
      for (const o of liveStops) expect(Number(o.amount)).toBeLessThanOrEqual(Number(t.amount) + 1e-12);
      const bought = buys.reduce((s, o) => s + Number(o.filled ?? 0), 0);
      const sold = mine.filter((o) => o.ft_order_side !== 'buy').reduce((s, o) => s + Number(o.filled ?? 0), 0);
      expect(sold).toBeLessThanOrEqual(bought + 1e-12);
      if (!t.is_open) {
        expect(sold).toBeCloseTo(bought, 10);
        expect(t.close_date).not.toBeNull();
        expect(t.close_profit_abs).not.toBeNull();
      } else if (bought > 0) {
        expect(Number(t.amount)).toBeCloseTo(bought - sold, 10);
      }
      // No order row is left "open" that the exchange closed already (reconciled at start).
      for (const o of mine.filter((x) => x.ft_is_open)) {
        const ex = sim.find((s) => s.clientOrderId === o.client_order_id);
        if (ex) expect(ex.status).toBe('open');
      }
    }

    // 3. Money: the simulated wallet equals the start plus closed profits minus what open trades hold.
    const usdt = walletRow.length ? JSON.parse(walletRow[0].value).balances.USDT : WALLET;
    const closedProfit = trades.filter((t) => !t.is_open).reduce((s, t) => s + Number(t.close_profit_abs), 0);
    let heldInOpen = 0;
    for (const t of trades.filter((x) => x.is_open)) {
      for (const o of orders.filter((x) => Number(x.ft_trade_id) === Number(t.id) && Number(x.filled ?? 0) > 0)) {
        const cost = Number(o.cost) + Number(o.fee_cost ?? 0) * (o.ft_order_side === 'buy' ? 1 : -1);
        heldInOpen += o.ft_order_side === 'buy' ? cost : -cost;
      }
    }
    expect(usdt).toBeCloseTo(WALLET + closedProfit - heldInOpen, 6);
    return {
      trades: trades.length,
      closed: trades.filter((t) => !t.is_open).length,
      exchangeOrders: sim.length,
      dca: orders.filter((o) => o.ft_order_side === 'buy' && Number(o.filled ?? 0) > 0).length - trades.length,
      stops: orders.filter((o) => o.ft_order_side === 'stoploss' && o.order_id !== null).length,
      replaced: orders.filter((o) => o.ft_cancel_reason === 'cancelled to be replaced by new limit order').length,
    };
  } finally {
    db.close();
  }
}

// Log lines announcing the order steps a kill aims at (one per round, in turn).
const ORDER_STEPS = [
  'Exit for .* detected|as closed as the trade is fulfilled',
  'stoploss limit order added',
  'Position adjust: about to create',
  'Cancelling (current )?stoploss on exchange',
  'Replacing buy order',
];

describe('crash safety of the real bot process', () => {
  it('survives SIGKILL at random points of its ticks, many times, without duplicate or lost orders', async () => {
    mkdirSync(join(dir, 'strategies'), { recursive: true });
    writeFileSync(join(dir, 'strategies', 'cycle.js'), CYCLE_STRATEGY);
    const port = await freePort();
    const config = join(dir, 'config.json');
    const dbFile = join(dir, 'trades.sqlite');
    writeFileSync(
      config,
      JSON.stringify({
        strategy: 'CycleStrategy',
        user_data_dir: dir,
        db_url: `file:${dbFile}`,
        dry_run: true,
        dry_run_wallet: WALLET,
        initial_state: 'running',
        max_open_trades: 3,
        stake_amount: 100,
        entry_pricing: { price_side: 'other' },
        exit_pricing: { price_side: 'other' },
        internals: { process_throttle_secs: 1 },
        exchange: { name: 'offline', pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
        api_server: {
          listen_port: port,
          username: TEST_USER,
          password: TEST_PASSWORD,
          jwt_secret_key: TEST_JWT_SECRET,
        },
      }),
    );

    const start = async (): Promise<BotProcess> => {
      const p = startBotProcess(['--config', config], { cwd: dir });
      await p.waitFor(/tickhub is running/);
      return p;
    };
    // At least 10 crash rounds; more (up to 20) while the runs have not traded enough to prove
    // anything: how much a round trades depends on how the kill falls against the 1 s ticks.
    const minRounds = 10;
    const maxRounds = 20;
    const tradedEnough = (inv: Invariants) =>
      inv.closed > 5 && inv.exchangeOrders > 10 && inv.dca > 3 && inv.stops > 3 && inv.replaced > 0;
    let kills = 0;
    // Extra rounds (waiting for a candle boundary to replace an entry) stop after 6 minutes, so a
    // loaded machine fails on the activity checks below rather than on the test timeout.
    const started = Date.now();
    let last: Invariants = { trades: 0, closed: 0, exchangeOrders: 0, dca: 0, stops: 0, replaced: 0 };
    const more = (round: number) =>
      round < minRounds || (round < maxRounds && !tradedEnough(last) && Date.now() - started < 360_000);
    for (let round = 0; more(round); round++) {
      const p = await start();
      // Half the rounds: kill right after the bot announces an order step; else after a random delay.
      if (round % 2 === 0) {
        const seen = p.output().length;
        const deadline = Date.now() + 3000;
        while (
          Date.now() < deadline &&
          !new RegExp(ORDER_STEPS[round % ORDER_STEPS.length]).test(p.output().slice(seen))
        ) {
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 15)));
      } else {
        await new Promise((r) => setTimeout(r, 200 + Math.floor(Math.random() * 1500)));
      }
      p.child.kill('SIGKILL');
      await p.exited;
      kills++;
      // Restart: start-up reconciles open orders with the exchange; then stop cleanly and check.
      const again = await start();
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      last = await checkInvariants(dbFile);
    }
    expect(kills).toBeGreaterThanOrEqual(minRounds);
    // The runs really traded: many trades opened and closed across the crashes.
    expect(last.closed).toBeGreaterThan(5);
    expect(last.exchangeOrders).toBeGreaterThan(10);
    expect(last.dca).toBeGreaterThan(3);
    expect(last.stops).toBeGreaterThan(3);
    expect(last.replaced).toBeGreaterThan(0);
  }, 480_000);
});
