// openTradesCurrent: the bot tick's open trades, read again only after a trade or order write ran
// (the write generation of runTradeWrites, the one path every such write takes). Real libSQL files.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  getTrade,
  openTrades,
  openTradesCurrent,
  runTradeWrites,
  tradeWriteGeneration,
  updateOrderQuery,
  updateTradeQuery,
  withOrders,
} from '../../../src/db/repo/trades.ts';
import { candles, orders, trades } from '../../../src/db/schema.ts';
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
      await runTradeWrites(db, [updateTradeQuery(db, id, { stopLoss: 1.2345 })]);
      const afterUpdate = await openTradesCurrent(db);
      expect(selects.reads()).toBeGreaterThan(readsAfterFirst);
      expect(afterUpdate.find((tw) => tw.trade.id === id)?.trade.stopLoss).toBe(1.2345);
      expect(afterUpdate).toEqual(await openTrades(db));

      // An order update and a close: each one is a write the next read sees.
      const order = afterUpdate[1].orders[0];
      await runTradeWrites(db, [updateOrderQuery(db, order, { ftIsOpen: !order.ftIsOpen })]);
      expect((await openTradesCurrent(db))[1].orders[0].ftIsOpen).toBe(!order.ftIsOpen);
      await runTradeWrites(db, [updateTradeQuery(db, id, { isOpen: false, closeDate: Date.now() })]);
      expect((await openTradesCurrent(db)).map((tw) => tw.trade.id)).not.toContain(id);
      expect(await openTradesCurrent(db)).toEqual(await openTrades(db));
      expect(await openTradesCurrent(db)).toHaveLength(3);
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

  it('the generation moves when a trade write starts and when it has run, and only then', async () => {
    const { database } = await seeded();
    try {
      const db = database.db;
      const [first] = await openTrades(db);
      const before = tradeWriteGeneration(db);
      await openTrades(db);
      await db.all(sql`SELECT count(*) FROM trades`);
      // Other tables (a tick's candles, the dry-run store) leave cached open trades valid.
      await db.batch([db.delete(candles).where(sql`0`)]);
      expect(tradeWriteGeneration(db)).toBe(before);
      const running = runTradeWrites(db, [updateTradeQuery(db, first.trade.id, { stopLoss: 0.5 })]);
      expect(tradeWriteGeneration(db)).toBe(before + 1);
      await running;
      expect(tradeWriteGeneration(db)).toBe(before + 2);
      // A read taken while the write ran is not kept: the next read goes to the database.
      const during = runTradeWrites(db, [updateTradeQuery(db, first.trade.id, { stopLoss: 0.25 })]);
      const read = openTradesCurrent(db);
      await during;
      await read;
      expect((await openTradesCurrent(db))[0].trade.stopLoss).toBe(0.25);
      // Only writes built in db/repo/trades.ts run there (each tells what it writes).
      await expect(runTradeWrites(db, [db.delete(trades).where(sql`0`)])).rejects.toThrow('db/repo/trades.ts');
    } finally {
      database.close();
    }
  });
});
