// The report book (issue 19 point 3) on D1 under workerd: random histories of opens, fills,
// closes, partial exits, deletes, changes and restarts written through runTradeWrites, and every
// report read from the book compared after each step with a full computation
// (test/support/reports-oracle) as JSON, and with a book rebuilt from the database.

import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { schema } from '../../src/db/schema.ts';
import { reportBook } from '../../src/reports/book.ts';
import { applyOp, expectSameReports, opArb, SCENARIO_NOW } from '../support/reports-oracle/scenario.ts';

/** A new handle on the D1 database: a restarted Durable Object, nothing kept. */
const handle = async () => drizzle(env.DB as any, { schema }) as unknown as Db;

describe('kept reports equal the full recomputation (D1)', () => {
  it('property: random histories of open, fill, close, partial exit, delete, change and restart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        let db = await handle();
        await db.run(sql`DELETE FROM orders`);
        await db.run(sql`DELETE FROM trades`);
        await expectSameReports(db);
        for (const op of ops) {
          db = await applyOp(db, op, handle);
          await expectSameReports(db);
        }
      }),
      { numRuns: 8 },
    );
  }, 240_000);

  it('trades closing one after the other are folded in without a pass over the database', async () => {
    const db = await handle();
    await db.run(sql`DELETE FROM orders`);
    await db.run(sql`DELETE FROM trades`);
    await expectSameReports(db);
    const book = reportBook(db);
    expect(book.builds).toBe(1);
    for (let i = 0; i < 4; i++) {
      await applyOp(db, { kind: 'open', pair: i % 4, short: i % 2 === 0, filled: true, back: 60, tag: i % 3 }, handle);
    }
    for (let i = 0; i < 4; i++) {
      const abs = [2.5, -1.75, 0.5, -3][i];
      const closeDate = SCENARIO_NOW - (30 - i) * 3_600_000;
      await applyOp(db, { kind: 'close', pick: 0, closeDate, ratio: abs / 100, abs, reason: i, cost: 99 }, handle);
      await expectSameReports(db);
    }
    expect(book.builds).toBe(1);
  }, 120_000);
});
