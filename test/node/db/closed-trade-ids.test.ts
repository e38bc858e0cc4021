// The /trades id lists (issue 19, memory): read as one JSON text into a typed array, in exactly
// the order the row query gives (by id; latest close first with id as tie-break and undated trades
// last), open trades left out, and 8 bytes an id only when an id does not fit an int32; read from
// an index without sorting (libSQL keeps temporary B-trees in memory).

import { asc, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { type NewTradeRow, trades } from '../../../src/db/schema.ts';
import { closedTradeIds, closedTradeIdsQuery } from '../../../src/reports/trades-page.ts';
import { useTempDatabases } from '../../support/temp-databases.ts';

const HOUR = 3_600_000;
const dbs = useTempDatabases('tickhub-closed-ids-');
const open = (name: string): Promise<Db> => dbs.open(`file:${dbs.path(name)}`);

function trade(i: number, id?: number): NewTradeRow {
  const closeDate = 1_700_000_000_000 + ((i * 5) % 7) * HOUR;
  return {
    ...(id === undefined ? {} : { id }),
    exchange: 'binance',
    pair: 'BTC/USDT',
    baseCurrency: 'BTC',
    stakeCurrency: 'USDT',
    isOpen: i % 9 === 4,
    openRate: 100,
    stakeAmount: 100,
    amount: 1,
    openDate: closeDate - HOUR,
    closeDate: i % 9 === 4 || i % 11 === 3 ? null : closeDate,
    strategy: 'S',
    tradingMode: 'spot',
  };
}

async function rowOrder(db: Db, order: 'id' | 'close'): Promise<number[]> {
  const rows = await db
    .select({ id: trades.id })
    .from(trades)
    .where(eq(trades.isOpen, false))
    .orderBy(...(order === 'id' ? [asc(trades.id)] : [desc(trades.closeDate), desc(trades.id)]));
  return rows.map((r) => r.id);
}

describe('closedTradeIds', () => {
  it('lists the closed trades in both /trades orders, as the row query does', async () => {
    const db = await open('orders.sqlite');
    // Inserted with ids out of order, on 7 close instants, some closed trades without a close date.
    const rows = Array.from({ length: 300 }, (_, i) => trade(i, ((i * 37) % 300) + 1));
    await db.insert(trades).values(rows);
    for (const order of ['id', 'close'] as const) {
      const ids = await closedTradeIds(db, order);
      expect(ids).toBeInstanceOf(Int32Array);
      const expected = await rowOrder(db, order);
      expect(expected.length).toBe(rows.filter((r) => !r.isOpen).length);
      expect(Array.from(ids)).toEqual(expected);
    }
    const close = Array.from(await closedTradeIds(db, 'close'));
    const undated = rows.filter((r) => !r.isOpen && r.closeDate === null).map((r) => r.id);
    expect(undated.length).toBeGreaterThan(0);
    expect(new Set(close.slice(-undated.length))).toEqual(new Set(undated));
  });

  it('keeps ids beyond the int32 range exactly, and answers an empty list', async () => {
    const db = await open('big-ids.sqlite');
    expect(Array.from(await closedTradeIds(db, 'close'))).toEqual([]);
    await db.insert(trades).values([trade(0, 7), trade(1, 2 ** 31 + 5), trade(2, 2 ** 40)]);
    const ids = await closedTradeIds(db, 'id');
    expect(ids).toBeInstanceOf(Float64Array);
    expect(Array.from(ids)).toEqual([7, 2 ** 31 + 5, 2 ** 40]);
    expect(Array.from(await closedTradeIds(db, 'close'))).toEqual(await rowOrder(db, 'close'));
  });

  it('reads both orders from an index and sorts nothing (no temporary B-tree)', async () => {
    const db = await open('plan.sqlite');
    for (const order of ['id', 'close'] as const) {
      const plan = await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${closedTradeIdsQuery(order)}`);
      const details = plan.map((p) => p.detail);
      expect(details.join(' | '), order).toMatch(/SEARCH trades USING (COVERING )?INDEX/);
      expect(
        details.filter((d) => d.includes('TEMP B-TREE')),
        order,
      ).toEqual([]);
    }
  });
});
