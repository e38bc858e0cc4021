// openTradesCurrent: the bot tick's open trades, read again only after a statement that may have
// written (counted through Drizzle's logger on the Node host's Db). Real libSQL files.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  getTrade,
  openTrades,
  openTradesCurrent,
  updateOrderQuery,
  updateTradeQuery,
  withOrders,
} from '../../../src/db/repo/trades.ts';
import { candles, orders, trades } from '../../../src/db/schema.ts';
import { writeCount } from '../../../src/db/write-count.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import { seedDatabase } from '../../support/seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-open-current-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function seeded() {
  const database = await openDatabase(`file:${join(dir, `db${n++}.sqlite`)}`);
  const seed = await seedDatabase(database.db, { closedTrades: 5, openTrades: 4 });
  return { database, seed };
}

/** Counts the SELECTs reaching libSQL (the statements Drizzle runs, seen by the client). */
function countSelects(database: Awaited<ReturnType<typeof openDatabase>>): { reads: () => number } {
  let reads = 0;
  const client = database.client as unknown as { execute: (...a: unknown[]) => Promise<unknown> };
  const execute = client.execute.bind(client);
  client.execute = (...args: unknown[]) => {
    const stmt = args[0] as string | { sql: string };
    if (/^\s*select/i.test(typeof stmt === 'string' ? stmt : stmt.sql)) reads++;
    return execute(...args);
  };
  return { reads: () => reads };
}

describe('openTrades and getTrade (prepared statements)', () => {
  it('gives what the generic read gives, past D1 100-parameter limit, and sees later writes', async () => {
    const database = await openDatabase(`file:${join(dir, `db${n++}.sqlite`)}`);
    try {
      const db = database.db;
      await seedDatabase(db, { closedTrades: 30, openTrades: 130 });
      const generic = async () =>
        withOrders(db, await db.select().from(trades).where(eq(trades.isOpen, true)).orderBy(asc(trades.id)));
      const list = await openTrades(db);
      expect(list).toHaveLength(130);
      expect(list.every((tw) => tw.orders.length > 0 && tw.orders.every((o) => o.ftTradeId === tw.trade.id))).toBe(
        true,
      );
      expect(list).toEqual(await generic());
      const [first, second] = list;
      await db.batch([updateTradeQuery(db, first.trade.id, { isOpen: false })]);
      await db.batch([updateOrderQuery(db, second.orders[0], { status: 'canceled' })]);
      expect(await getTrade(db, second.trade.id)).toEqual(
        (await withOrders(db, await db.select().from(trades).where(eq(trades.id, second.trade.id)))).at(0),
      );
      expect(await getTrade(db, 999_999)).toBeUndefined();
      const again = await openTrades(db); // the same prepared statements, fresh rows
      expect(again).toHaveLength(129);
      expect(again.find((tw) => tw.trade.id === second.trade.id)?.orders[0].status).toBe('canceled');
      expect(again).toEqual(await generic());
      await db.delete(orders);
      await db.delete(trades);
      expect(await openTrades(db)).toEqual([]);
    } finally {
      database.close();
    }
  });
});

describe('openTradesCurrent', () => {
  it('reads once while nothing is written, and again after any write', async () => {
    const { database } = await seeded();
    try {
      const db = database.db;
      const selects = countSelects(database);
      const first = await openTradesCurrent(db);
      expect(first).toEqual(await openTrades(db));
      expect(first).toHaveLength(4);
      const readsAfterFirst = selects.reads();
      expect(await openTradesCurrent(db)).toEqual(first);
      expect(await openTradesCurrent(db)).toEqual(first);
      expect(selects.reads()).toBe(readsAfterFirst);

      const id = first[0].trade.id;
      await db.batch([updateTradeQuery(db, id, { stopLoss: 1.2345 })]);
      const afterUpdate = await openTradesCurrent(db);
      expect(selects.reads()).toBeGreaterThan(readsAfterFirst);
      expect(afterUpdate.find((tw) => tw.trade.id === id)?.trade.stopLoss).toBe(1.2345);
      expect(afterUpdate).toEqual(await openTrades(db));

      // An order update, a close and a raw statement: each one is a write the next read sees.
      const order = afterUpdate[1].orders[0];
      await db.batch([updateOrderQuery(db, order, { ftIsOpen: !order.ftIsOpen })]);
      expect((await openTradesCurrent(db))[1].orders[0].ftIsOpen).toBe(!order.ftIsOpen);
      await db.batch([updateTradeQuery(db, id, { isOpen: false, closeDate: Date.now() })]);
      expect((await openTradesCurrent(db)).map((tw) => tw.trade.id)).not.toContain(id);
      await db.run(sql`UPDATE trades SET is_open = 0 WHERE id = ${afterUpdate[1].trade.id}`);
      expect(await openTradesCurrent(db)).toEqual(await openTrades(db));
      expect(await openTradesCurrent(db)).toHaveLength(2);
    } finally {
      database.close();
    }
  });

  it('hands out copies: a caller editing its trades does not edit the next read', async () => {
    const { database } = await seeded();
    try {
      const first = await openTradesCurrent(database.db);
      const stopLoss = first[0].trade.stopLoss;
      first[0].trade.stopLoss = -1;
      first[0].orders.pop();
      const again = await openTradesCurrent(database.db);
      expect(again[0].trade.stopLoss).toBe(stopLoss);
      expect(again).toEqual(await openTrades(database.db));
    } finally {
      database.close();
    }
  });

  it('counts only statements that may write trades or orders', async () => {
    const { database } = await seeded();
    try {
      const before = writeCount(database.db)!;
      await openTrades(database.db);
      await database.db.all(sql`SELECT count(*) FROM trades`);
      expect(writeCount(database.db)).toBe(before);
      await database.db.run(sql`UPDATE trades SET stop_loss = stop_loss WHERE id = -1`);
      expect(writeCount(database.db)).toBe(before + 1);
      // Batches (Drizzle does not log them): by their statements.
      await database.db.batch([database.db.select().from(trades).limit(1)]);
      expect(writeCount(database.db)).toBe(before + 1);
      await database.db.batch([database.db.update(orders).set({ ftIsOpen: true }).where(sql`0`)]);
      expect(writeCount(database.db)).toBe(before + 2);
      // Other tables (a tick's candles, the dry-run store) leave cached open trades valid.
      await database.db.run(sql`DELETE FROM candles WHERE ts < 0`);
      await database.db.batch([database.db.delete(candles).where(sql`0`)]);
      expect(writeCount(database.db)).toBe(before + 2);
      // Builders are judged by the table they write, without building their SQL: an insert into
      // candles whose values read trades writes nothing counted; inserts and deletes on trades or
      // orders count, one per batch; raw SQL in a batch is judged by its text.
      await database.db.batch([
        database.db
          .insert(candles)
          .values({
            pair: 'X/Y',
            timeframe: '5m',
            candleType: 'spot',
            ts: -1,
            open: sql`(SELECT count(*) FROM trades)`,
            high: 1,
            low: 1,
            close: 1,
            volume: 0,
          })
          .onConflictDoNothing(),
      ]);
      expect(writeCount(database.db)).toBe(before + 2);
      await database.db.batch([
        database.db.delete(candles).where(sql`0`),
        database.db.delete(trades).where(sql`0`),
        database.db.delete(orders).where(sql`0`),
      ]);
      expect(writeCount(database.db)).toBe(before + 3);
      await database.db.batch([database.db.run(sql`UPDATE orders SET ft_is_open = ft_is_open WHERE 0`)]);
      expect(writeCount(database.db)).toBe(before + 4);
    } finally {
      database.close();
    }
  });
});
