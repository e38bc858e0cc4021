// The report book's build beside the writes on D1 under workerd (issue 19 point 3): D1 has no read
// snapshot, so a pass during which a report write started does not stand and is made again (the
// writes hold off only a 4th pass). Trades open, fill, close, close out of order, change and are
// deleted while the book builds over more than a page of trades; afterwards every report equals
// the full computation and the book equals one built afresh (nothing lost, nothing counted twice).
// The pass is held at its second page by a gate on the handle, so the writes land inside it.

import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { schema } from '../../src/db/schema.ts';
import { reportBook } from '../../src/reports/book.ts';
import { PAGE_ROWS } from '../../src/reports/common.ts';
import { applyOp, expectSameReports, type Op, SCENARIO_NOW } from '../support/reports-oracle/scenario.ts';

const HOUR = 3_600_000;
const handle = async () => drizzle(env.DB as any, { schema }) as unknown as Db;

/** `count` closed trades with one closed order each, written by SQL in two statements. */
async function seed(db: Db, count: number): Promise<void> {
  await db.run(sql`DELETE FROM orders`);
  await db.run(sql`DELETE FROM trades`);
  const base = SCENARIO_NOW - 400 * HOUR;
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO trades (id, exchange, pair, base_currency, stake_currency, is_open, open_rate, stake_amount, amount,
      open_date, close_date, close_profit, close_profit_abs, exit_reason, enter_tag, strategy, is_short, trading_mode)
    SELECT i, 'binance', CASE i % 3 WHEN 0 THEN 'BTC/USDT' WHEN 1 THEN 'ETH/USDT' ELSE 'SOL/USDT' END, 'X', 'USDT', 0,
      100, 100, 1, ${base} + ((i % 300) - (i % 13) - 1) * ${HOUR}, ${base} + (i % 300) * ${HOUR},
      ((i * 7919) % 1000) / 3e4 - 0.012, ((i * 104729) % 2001) / 7.0 - 140.3,
      CASE i % 3 WHEN 0 THEN 'roi' WHEN 1 THEN 'stop_loss' ELSE 'exit_signal' END,
      CASE WHEN i % 5 = 0 THEN NULL ELSE 'dip' END, 'Scenario', i % 4 = 1, 'futures' FROM n`);
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO orders (ft_trade_id, ft_order_side, ft_pair, ft_amount, ft_price, client_order_id, status, side,
      amount, filled, cost, order_date)
    SELECT i, 'buy', 'BTC/USDT', 1, 100, 'beside-' || i, 'closed', 'buy', 1, 1, 100 + (i % 97) / 3.0, ${base} FROM n`);
}

/**
 * The D1 handle with a gate on the passes' page queries (`db.all`; the writes go through Drizzle's
 * builders): the `at`-th page waits until `open()` is called, so writes land between two pages.
 */
function gated(db: Db, at: number) {
  let calls = 0;
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let reached = () => {};
  const reachedGate = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'all') {
        return async (query: never) => {
          if (++calls === at) {
            reached();
            await opened;
          }
          return target.all(query);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy as Db, reachedGate, open };
}

describe('the report book builds beside the writes (D1)', () => {
  it('a pass during which trades were deleted, changed and closed does not stand; nothing is lost', async () => {
    await seed(await handle(), 4 * PAGE_ROWS + 1500);
    // The book's pass: the undated page, then dated pages; the writes come after the first dated one.
    const { db, reachedGate, open } = gated(await handle(), 3);
    const book = reportBook(db);
    const building = book.current();
    await reachedGate;
    // Early trades (in the page already read) deleted and changed, then opens, a fill and closes:
    // every write finishes while the pass waits at its second page.
    const ops: Op[] = [
      { kind: 'delete', pick: 7, closed: true },
      { kind: 'change', pick: 123, abs: -3.5, ratio: -0.035, reason: 3, closeDate: SCENARIO_NOW - 50 * HOUR, pair: 1 },
      { kind: 'open', pair: 0, short: false, filled: true, back: 30, tag: 0 },
      { kind: 'open', pair: 1, short: true, filled: true, back: 20, tag: 1 },
      { kind: 'fill', pick: 0, cost: 37.5 },
      {
        kind: 'close',
        pick: 0,
        closeDate: SCENARIO_NOW - HOUR,
        ratio: 0.02,
        abs: 4.25,
        reason: 0,
        cost: 102,
        append: true,
      },
      { kind: 'close', pick: 0, closeDate: SCENARIO_NOW - 390 * HOUR, ratio: 0.05, abs: 9.75, reason: 2, cost: 105 },
    ];
    for (const op of ops) await applyOp(db, op, handle);
    expect(book.builds).toBe(0);
    expect(book.isBuilding).toBe(true);
    open();
    await building;
    expect(book.builds).toBe(2); // the first pass saw report writes start: it did not stand
    await expectSameReports(db);
  }, 240_000);
});
