// The kept reports (issue 19 point 3) on D1 under workerd: random histories of opens, fills,
// closes, partial exits, deletes, changes and restarts, and every kept report compared with the
// code before them (test/support/reports-oracle) as JSON after each step. The D1 triggers of
// migrations/0003_report_state.sql are what invalidates the kept answers here.

import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { schema } from '../../src/db/schema.ts';
import { applyOp, expectSameReports, opArb } from '../support/reports-oracle/scenario.ts';

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
    const [state] = await (await handle()).all<{ v: number }>(sql`SELECT trades_version AS v FROM report_state`);
    expect(state.v).toBeGreaterThan(0);
  }, 240_000);
});
