// The trading volume summed by SQLite in one query (src/reports/book-pass.ts, closedOrderVolume)
// equals, bit for bit, the exact sum of the costs visited one by one, or declines (undefined)
// when a cost is not held by its integer part plus 62 fraction bits; on a real libSQL file. Its
// plan sorts nothing: libSQL keeps temporary B-trees in memory (2M orders: ~100 MB at start-up).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { orders, trades } from '../../../src/db/schema.ts';
import { type OpenDatabase, openDatabase } from '../../../src/hosts/node/database.ts';
import { CLOSED_ORDER_VOLUME, closedOrderVolume, forEachClosedOrderCost } from '../../../src/reports/book-pass.ts';
import { ExactSum } from '../../../src/reports/exact-sum.ts';

let dir: string;
let handle: OpenDatabase;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-volume-'));
  handle = await openDatabase(`file:${join(dir, 'v.sqlite')}`);
  db = handle.db;
  await db.insert(trades).values(
    [false, true].map((isShort, i) => ({
      id: i + 1,
      exchange: 'binance',
      pair: 'BTC/USDT',
      baseCurrency: 'BTC',
      stakeCurrency: 'USDT',
      isOpen: false,
      openRate: 100,
      stakeAmount: 100,
      amount: 1,
      openDate: 0,
      strategy: 'S',
      isShort,
      tradingMode: 'futures',
    })),
  );
});

afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withCosts(costs: { cost: number; short: boolean; closed: boolean }[]): Promise<void> {
  await db.run(sql`DELETE FROM orders`);
  for (const [i, o] of costs.entries()) {
    await db.insert(orders).values({
      ftTradeId: o.short ? 2 : 1,
      ftOrderSide: 'buy',
      ftPair: 'BTC/USDT',
      ftAmount: 1,
      ftPrice: 100,
      clientOrderId: `v-${i}`,
      status: o.closed ? 'closed' : 'canceled',
      side: 'buy',
      amount: 1,
      filled: 1,
      cost: o.cost,
      orderDate: 0,
    });
  }
}

async function oneByOne(): Promise<{ long: number; short: number }> {
  const sums = { long: new ExactSum(), short: new ExactSum() };
  await forEachClosedOrderCost(db, (cost, isShort) => sums[isShort ? 'short' : 'long'].add(cost));
  return { long: sums.long.value(), short: sums.short.value() };
}

const costArb = fc.record({
  cost: fc.oneof(
    fc.double({ min: 2 ** -10, max: 1e9, noNaN: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: 0, max: 2 ** 40 }).map((n) => n / 2 ** 20),
  ),
  short: fc.boolean(),
  closed: fc.boolean(),
});

describe('closedOrderVolume', () => {
  it('property: equals the exact sum of the costs one by one, or declines', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(costArb, { maxLength: 30 }), async (costs) => {
        await withCosts(costs);
        const volume = await closedOrderVolume(db);
        if (!volume) {
          // Declines only for a cost its integer part and 62 fraction bits do not hold.
          expect(costs.some((c) => c.closed && (Math.abs(c.cost) >= 2 ** 62 || (c.cost * 2 ** 62) % 1 !== 0))).toBe(
            true,
          );
          return;
        }
        answered++;
        expect({ long: volume.long.value(), short: volume.short.value() }).toEqual(await oneByOne());
      }),
      { numRuns: 150 },
    );
    expect(answered).toBeGreaterThan(50);
  });

  it('worked example: 0.1 + 0.2 + 0.3 is 0.6 (exact, rounded once), a cost below 2^-62 declines', async () => {
    await withCosts([0.1, 0.2, 0.3].map((cost) => ({ cost, short: false, closed: true })));
    expect((await closedOrderVolume(db))?.long.value()).toBe(0.6);
    await withCosts([{ cost: 2 ** -70, short: true, closed: true }]);
    expect(await closedOrderVolume(db)).toBeUndefined();
    expect((await oneByOne()).short).toBe(2 ** -70);
  });

  it('reads the closing-order index and sorts nothing (no temporary B-tree)', async () => {
    const plan = await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${CLOSED_ORDER_VOLUME}`);
    const details = plan.map((p) => p.detail);
    expect(details.join(' | ')).toContain('USING COVERING INDEX orders_volume_idx');
    expect(details.filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
  });
});
