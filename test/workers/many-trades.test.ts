// D1 binds at most 100 parameters per statement: reads over more trades than that must slice their
// id lists. 150 closed and 120 open trades (each open one with custom data) in D1, read through the
// Worker and the bot's Durable Object as FreqUI reads them.

import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveState } from '../../src/bot/state.ts';
import type { Db } from '../../src/db/client.ts';
import { activeLocks, deactivateLocks, insertLock } from '../../src/db/repo/locks.ts';
import { customData, schema } from '../../src/db/schema.ts';
import { type SeedResult, seedDatabase } from '../support/seed.ts';
import { api } from './edge-helpers.ts';

const CLOSED = 150;
const OPEN = 120;
const CANDLES = 300;

let seeded: SeedResult;
let db: Db;

async function json(path: string): Promise<any> {
  const res = await api(path);
  const body = await res.text();
  expect(res.status, `${path}: ${body}`).toBe(200);
  return JSON.parse(body);
}

beforeAll(async () => {
  db = drizzle(env.DB as any, { schema }) as unknown as Db;
  seeded = await seedDatabase(db, { closedTrades: CLOSED, openTrades: OPEN, candlesPerPair: CANDLES });
  // Every open trade carries two entries (the seed gives the first one its own two already).
  const rows = seeded.openIds.slice(1).flatMap((id) => [
    { ftTradeId: id, cdKey: 'note', cdType: 'str', cdValue: `trade ${id}`, createdAt: seeded.now, updatedAt: null },
    { ftTradeId: id, cdKey: 'score', cdType: 'int', cdValue: String(id), createdAt: seeded.now, updatedAt: null },
  ]);
  for (let i = 0; i < rows.length; i += 12) await db.insert(customData).values(rows.slice(i, i + 12));
  // Stopped: no tick enters or exits while the test reads.
  await saveState(db, 'stopped', Date.now());
});

describe(`more than 100 trades in D1 (${CLOSED} closed, ${OPEN} open)`, () => {
  it('GET /trades pages every closed trade with its orders', async () => {
    const page = await json('/api/v1/trades');
    expect(page.trades_count).toBe(CLOSED);
    expect(page.total_trades).toBe(CLOSED);
    expect(page.trades.map((t: any) => t.trade_id)).toEqual(seeded.closedIds);
    for (const t of page.trades) expect(t.orders).toHaveLength(2);

    const all = await json('/api/v1/trades?limit=0');
    expect(all.trades_count).toBe(CLOSED);
    expect(new Set(all.trades.map((t: any) => t.trade_id))).toEqual(new Set(seeded.closedIds));

    const tail = await json('/api/v1/trades?limit=120&offset=100');
    expect(tail.trades_count).toBe(CLOSED - 100);
    expect(tail.trades[0].trade_id).toBe(seeded.closedIds[100]);
  });

  it('GET /status lists every open trade', async () => {
    const status = await json('/api/v1/status');
    expect(status.map((t: any) => t.trade_id)).toEqual(seeded.openIds);
    for (const t of status) expect(t.orders).toHaveLength(1);
  });

  it('GET /profit counts every trade', async () => {
    const profit = await json('/api/v1/profit');
    expect(profit.trade_count).toBe(CLOSED + OPEN);
    expect(profit.closed_trade_count).toBe(CLOSED);
    expect(profit.winning_trades + profit.losing_trades).toBeLessThanOrEqual(CLOSED);
    expect(profit.winning_trades).toBeGreaterThan(0);
  });

  it('GET /trades/open/custom-data returns the custom data of every open trade', async () => {
    const list = await json(`/api/v1/trades/open/custom-data?limit=${OPEN + 10}`);
    expect(list.map((e: any) => e.trade_id)).toEqual(seeded.openIds);
    for (const e of list) expect(e.custom_data.map((d: any) => d.key)).toEqual(['note', 'score']);

    const scores = await json(`/api/v1/trades/open/custom-data?limit=${OPEN + 10}&key=score`);
    expect(scores).toHaveLength(OPEN);
    expect(scores.at(-1).custom_data).toEqual([
      expect.objectContaining({ key: 'score', type: 'int', value: seeded.openIds.at(-1) }),
    ]);
  });

  it('GET /pair_history serves every stored candle', async () => {
    const start = new Date(seeded.now - 3 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const history = await json(
      `/api/v1/pair_history?pair=BTC/USDT&timeframe=5m&timerange=${start}-&strategy=MaCrossStrategy`,
    );
    expect(history.length).toBe(CANDLES);
    expect(history.data).toHaveLength(CANDLES);
    expect(history.pair).toBe('BTC/USDT');
  });

  it('deactivates more than 100 locks at once', async () => {
    const now = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < 150; i++) {
      const lock = await insertLock(db, {
        pair: `P${i}/USDT`,
        side: '*',
        reason: 'bulk',
        lockTime: now,
        lockEndTime: now + 3_600_000,
      });
      ids.push(lock.id);
    }
    await deactivateLocks(db, ids, now);
    const left = (await activeLocks(db, now)).filter((l) => l.reason === 'bulk');
    expect(left).toEqual([]);
  });
});
