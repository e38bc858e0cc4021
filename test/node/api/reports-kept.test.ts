// The report book (issue 19 point 3): after any sequence of opens, fills, closes (in closing order
// or before the latest one), partial exits, deletes, changes of closed trades and restarts on a
// real libSQL file, every report read from the book answers byte for byte what a full computation
// answers (test/support/reports-oracle), and the book kept by the writes equals one rebuilt from
// the database; also over more closed trades than one page of the rebuild's pass, with equal close
// dates across pages.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { type NewOrderRow, type NewTradeRow, orders, trades } from '../../../src/db/schema.ts';
import { reportBook } from '../../../src/reports/book.ts';
import { PAGE_ROWS } from '../../../src/reports/common.ts';
import { profitReport } from '../../../src/reports/profit.ts';
import { applyOp, expectSameReports, type Op, opArb, SCENARIO_NOW } from '../../support/reports-oracle/scenario.ts';
import { useTempDatabases } from '../../support/temp-databases.ts';

const HOUR = 3_600_000;
const dbs = useTempDatabases('tickhub-reports-kept-');
const open = (file: string): Promise<Db> => dbs.open(`file:${file}`);

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
        await run(dbs.path(`prop-${n++}.sqlite`), ops);
      }),
      { numRuns: 25 },
    );
  });

  it('over more closed trades than a page, with equal close dates across page boundaries', async () => {
    const file = dbs.path('many.sqlite');
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
    // Two closed orders a trade (more than a page of the volume pass, whose keyset is trade id,
    // cost, order id): equal costs within a trade, some without a cost, some not closed.
    const orderRows: NewOrderRow[] = [];
    for (let i = 0; i < count; i++) {
      for (const k of [0, 1]) {
        const cost = i % 11 === 3 ? null : 1 + ((i * (k + 3)) % 37) * 0.25;
        orderRows.push({
          ftTradeId: i + 1,
          ftOrderSide: k === 0 ? 'buy' : 'sell',
          ftPair: 'BTC/USDT',
          ftAmount: 1,
          ftPrice: 100,
          clientOrderId: `many-${i}-${k}`,
          status: i % 17 === 4 && k === 1 ? 'canceled' : 'closed',
          side: k === 0 ? 'buy' : 'sell',
          amount: 1,
          filled: 1,
          cost: i % 5 === 0 ? 2 : cost,
          orderDate: SCENARIO_NOW - 100 * HOUR,
          orderFilledDate: SCENARIO_NOW - 100 * HOUR,
        });
      }
    }
    for (let i = 0; i < orderRows.length; i += 500) await db.insert(orders).values(orderRows.slice(i, i + 500));
    expect(orderRows.length).toBeGreaterThan(PAGE_ROWS * 2);
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

  it('appends are folded in without a pass; a delete or an edit rebuilds once; a write behind the book is not seen', async () => {
    const file = dbs.path('appends.sqlite');
    const db = await open(file);
    const book = reportBook(db);
    const input = { db, now: SCENARIO_NOW, startingBalance: 1000, rate: async () => 100 };
    await profitReport(input);
    expect(book.builds).toBe(1);
    const close = (pick: number, hoursBack: number, abs: number): Op => ({
      kind: 'close',
      pick,
      closeDate: SCENARIO_NOW - hoursBack * HOUR,
      ratio: abs / 100,
      abs,
      reason: pick % 4,
      cost: 100 + abs,
    });
    for (let i = 0; i < 6; i++) {
      await applyOp(db, { kind: 'open', pair: i % 4, short: i % 2 === 1, filled: true, back: 50, tag: i % 3 }, () =>
        open(file),
      );
    }
    // Six trades close one after the other (the normal case): each is folded in, no pass is made.
    for (const [i, abs] of [3.5, -1.25, 7, -0.5, 2, 0.75].entries()) {
      await applyOp(db, close(i, 40 - i, abs), () => open(file));
      await expectSameReports(db);
    }
    expect(book.builds).toBe(1);
    // A trade deleted: the next reader rebuilds, once.
    await applyOp(db, { kind: 'delete', pick: 2, closed: true }, () => open(file));
    await expectSameReports(db);
    expect(book.builds).toBe(2);
    // The book is what answers: a write behind its back (not through runTradeWrites) is not seen.
    const before = await profitReport(input);
    await db.update(trades).set({ closeProfitAbs: 50 });
    expect((await profitReport(input)).profit_closed_coin).toBe(before.profit_closed_coin);
    expect(book.builds).toBe(2);
  });
});
