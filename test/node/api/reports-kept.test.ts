// The kept reports (issue 19 point 3): after any sequence of opens, fills, closes, partial exits,
// deletes, changes of closed trades and restarts on a real libSQL file, every kept report answers
// byte for byte what the code before them answers (test/support/reports-oracle), including over
// more closed trades than one page of the streaming pass, with equal close dates across pages.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { type NewTradeRow, trades } from '../../../src/db/schema.ts';
import { type OpenDatabase, openDatabase } from '../../../src/hosts/node/database.ts';
import { cachedReport } from '../../../src/reports/cached.ts';
import { PAGE_ROWS } from '../../../src/reports/common.ts';
import { profitReport } from '../../../src/reports/profit.ts';
import { applyOp, expectSameReports, type Op, opArb, SCENARIO_NOW } from '../../support/reports-oracle/scenario.ts';

const HOUR = 3_600_000;
let dir: string;
const handles: OpenDatabase[] = [];

async function open(file: string): Promise<Db> {
  const h = await openDatabase(`file:${file}`);
  handles.push(h);
  return h.db;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-reports-kept-'));
});

afterAll(() => {
  for (const h of handles) h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(file: string, ops: Op[]): Promise<void> {
  let db = await open(file);
  await expectSameReports(db);
  for (const op of ops) {
    db = await applyOp(db, op, () => open(file));
    await expectSameReports(db);
  }
}

describe('kept reports equal the full recomputation (libSQL file)', () => {
  it('property: random histories of open, fill, close, partial exit, delete, change and restart', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        await run(join(dir, `prop-${n++}.sqlite`), ops);
      }),
      { numRuns: 25 },
    );
  });

  it('over more closed trades than a page, with equal close dates across page boundaries', async () => {
    const file = join(dir, 'many.sqlite');
    const db = await open(file);
    const rows: NewTradeRow[] = [];
    // A page and 400 more closed trades on 7 close instants, inserted out of close order, with uneven
    // profits: one close instant's trades straddle the page boundary.
    const count = PAGE_ROWS + 400;
    for (let i = 0; i < count; i++) {
      const closeDate = SCENARIO_NOW - (1 + ((i * 5) % 7)) * 11 * HOUR;
      rows.push({
        exchange: 'binance',
        pair: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'][i % 3],
        baseCurrency: 'X',
        stakeCurrency: 'USDT',
        isOpen: false,
        openRate: 100,
        stakeAmount: 100,
        amount: 1,
        openDate: closeDate - ((i % 13) + 1) * HOUR,
        closeDate: i % 797 === 5 ? null : closeDate,
        closeProfit: ((i * 7919) % 1000) / 3e4 - 0.012,
        closeProfitAbs: ((i * 104729) % 2001) / 7 - 140.3,
        exitReason: ['roi', 'stop_loss'][i % 2],
        strategy: 'Scenario',
        isShort: i % 4 === 1,
        tradingMode: 'futures',
      });
    }
    for (let i = 0; i < rows.length; i += 500) await db.insert(trades).values(rows.slice(i, i + 500));
    await run(file, [
      { kind: 'open', pair: 1, short: false, filled: true, back: 3, tag: 0 },
      { kind: 'close', pick: 0, closeDate: SCENARIO_NOW - 11 * HOUR, ratio: 0.01, abs: 3.3, reason: 0, cost: 101 },
      {
        kind: 'change',
        pick: Math.floor(count / 2),
        abs: -77.7,
        ratio: -0.07,
        reason: 1,
        closeDate: SCENARIO_NOW - 22 * HOUR,
        pair: 2,
      },
      { kind: 'delete', pick: PAGE_ROWS, closed: true },
      { kind: 'reload' },
    ]);
  });

  it('a kept /profit is read, not recomputed, until a closed trade changes', async () => {
    const file = join(dir, 'kept.sqlite');
    let db = await open(file);
    db = await applyOp(db, { kind: 'open', pair: 0, short: false, filled: true, back: 5, tag: 0 }, () => open(file));
    db = await applyOp(
      db,
      { kind: 'close', pick: 0, closeDate: SCENARIO_NOW - HOUR, ratio: 0.02, abs: 2, reason: 0, cost: 102 },
      () => open(file),
    );
    const input = { db, now: SCENARIO_NOW, startingBalance: 1000, rate: async () => 100 };
    const first = await profitReport(input);
    // A write behind the triggers' back (no counter change) is not seen: the answer is the kept one.
    await db.run(sql.raw('DROP TRIGGER report_trades_update'));
    await db.update(trades).set({ closeProfitAbs: 50 });
    expect((await profitReport(input)).profit_closed_coin).toBe(first.profit_closed_coin);
    // The counter moves: the next answer is recomputed.
    await db.run(sql.raw('UPDATE report_state SET trades_version = trades_version + 1'));
    expect((await profitReport(input)).profit_closed_coin).toBe(50);
  });

  it('concurrent callers share one computation; a failed one is not kept', async () => {
    const db = await open(join(dir, 'shared.sqlite'));
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cachedReport(db, 'k', 'trades', compute)));
    expect(answers).toEqual(Array(10).fill(1));
    expect(runs).toBe(1);
    await db.run(sql.raw('UPDATE report_state SET trades_version = trades_version + 1'));
    expect(await cachedReport(db, 'k', 'trades', compute)).toBe(2);
    // An orders-only change leaves reports over trades alone.
    await db.run(sql.raw('UPDATE report_state SET orders_version = orders_version + 1'));
    expect(await cachedReport(db, 'k', 'trades', compute)).toBe(2);
    await db.run(sql.raw('UPDATE report_state SET trades_version = trades_version + 1'));
    await expect(cachedReport(db, 'k', 'trades', async () => Promise.reject(new Error('db gone')))).rejects.toThrow(
      'db gone',
    );
    expect(await cachedReport(db, 'k', 'trades', compute)).toBe(3);
  });
});
