// Random trade histories for the kept reports' property tests (Node libSQL and workerd D1): open,
// fill, close, partial exit, delete, change and reload operations on a real database, and a
// comparison of every kept report, as JSON (what goes on the wire), with an answer computed afresh:
// /profit by the oracle's full scan (profit.ts, the code before the paged summary), the grouped
// reports by src's own computation without the kept layer (cached.ts).

import { eq, max } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import {
  deleteTradeQueries,
  insertOrderQuery,
  insertTradeQuery,
  nextTradeId,
  runTradeWrites,
  updateTradeQuery,
} from '../../../src/db/repo/trades.ts';
import { type NewOrderRow, trades } from '../../../src/db/schema.ts';
import { closedProfitSum, ReportBook, reportBook } from '../../../src/reports/book.ts';
import { computeClosedProfitSum } from '../../../src/reports/common.ts';
import { computePeriods, type PeriodUnit, periodicReport } from '../../../src/reports/periodic.ts';
import { profitReport } from '../../../src/reports/profit.ts';
import { computeClosedSummary } from '../../../src/reports/profit-closed.ts';
import { computeStats, statsReport } from '../../../src/reports/stats.ts';
import {
  computeEntries,
  computeExits,
  computeMixTags,
  computePerformance,
  entriesReport,
  exitsReport,
  mixTagsReport,
  performanceReport,
} from '../../../src/reports/tags.ts';
import { profitReport as oracleProfit } from './profit.ts';

const HOUR = 3_600_000;
/** Every scenario's clock: a Wednesday, mid-month, so day, week and month boundaries all fall inside the history. */
export const SCENARIO_NOW = Date.UTC(2026, 10, 18, 15, 30);
const PAIRS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'NOPRICE/USDT'];
const REASONS = ['roi', 'stop_loss', 'exit_signal', null];
const TAGS = ['breakout', 'dip', null];

/** A close date among few distinct instants, so equal close dates (ordered by id) are common. */
const closeDateArb = fc.integer({ min: 0, max: 40 }).map((k) => SCENARIO_NOW - 3 * HOUR - k * 19 * HOUR);
const moneyArb = fc.double({ min: -500, max: 500, noNaN: true, noDefaultInfinity: true });
const ratioArb = fc.double({ min: -0.9, max: 2, noNaN: true, noDefaultInfinity: true });

export type Op =
  | { kind: 'open'; pair: number; short: boolean; filled: boolean; back: number; tag: number }
  | { kind: 'fill'; pick: number; cost: number }
  | {
      kind: 'close';
      pick: number;
      closeDate: number;
      ratio: number;
      abs: number;
      reason: number;
      cost: number;
      /** Closed on or after the latest close so far (a trade closing now). */
      append?: boolean;
    }
  | { kind: 'partial'; pick: number; realized: number; cost: number }
  | { kind: 'delete'; pick: number; closed: boolean }
  | {
      kind: 'change';
      pick: number;
      abs: number | null;
      ratio: number | null;
      reason: number;
      closeDate: number | null;
      pair: number;
    }
  | { kind: 'reload' };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      pair: fc.nat(3),
      short: fc.boolean(),
      filled: fc.boolean(),
      back: fc.nat(900),
      tag: fc.nat(2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), cost: moneyArb.map(Math.abs) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      pick: fc.nat(),
      closeDate: closeDateArb,
      ratio: ratioArb,
      abs: moneyArb,
      reason: fc.nat(3),
      cost: moneyArb.map(Math.abs),
      append: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('partial' as const),
      pick: fc.nat(),
      realized: moneyArb,
      cost: moneyArb.map(Math.abs),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), closed: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('change' as const),
      pick: fc.nat(),
      abs: fc.option(moneyArb, { freq: 6 }),
      ratio: fc.option(ratioArb, { freq: 6 }),
      reason: fc.nat(3),
      closeDate: fc.option(closeDateArb, { freq: 8 }),
      pair: fc.nat(3),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
);

let orderSeq = 0;

function orderRow(tradeId: number, pair: string, side: string, status: string, cost: number): NewOrderRow {
  orderSeq++;
  return {
    ftTradeId: tradeId,
    ftOrderSide: side,
    ftPair: pair,
    ftAmount: 1,
    ftPrice: 100,
    clientOrderId: `scenario-${orderSeq}`,
    status,
    side,
    amount: 1,
    filled: status === 'closed' ? 1 : 0,
    cost,
    average: 100,
    orderDate: SCENARIO_NOW - HOUR,
    orderFilledDate: status === 'closed' ? SCENARIO_NOW - (orderSeq % 400) * HOUR : null,
  };
}

async function idsOf(db: Db, open: boolean): Promise<number[]> {
  const rows = await db.select({ id: trades.id }).from(trades).where(eq(trades.isOpen, open)).orderBy(trades.id);
  return rows.map((r) => r.id);
}

/** The latest close date so far (a close on or after it is the normal case: it appends). */
async function latestClose(db: Db): Promise<number> {
  const [row] = await db.select({ d: max(trades.closeDate) }).from(trades);
  return row?.d ?? 0;
}

/**
 * Applies `op` through the bot's write path (db/repo/trades.ts, runTradeWrites); `reload` returns
 * a new handle on the same database (a restarted process: nothing kept).
 */
export async function applyOp(db: Db, op: Op, reopen: () => Promise<Db>): Promise<Db> {
  switch (op.kind) {
    case 'open': {
      const pair = PAIRS[op.pair];
      const id = await nextTradeId(db);
      const side = op.short ? 'sell' : 'buy';
      await runTradeWrites(db, [
        insertTradeQuery(db, {
          id,
          exchange: 'binance',
          pair,
          baseCurrency: pair.split('/')[0],
          stakeCurrency: 'USDT',
          isOpen: true,
          openRate: 100,
          openTradeValue: 100.1,
          stakeAmount: 100,
          amount: 1,
          feeOpen: 0.001,
          feeClose: 0.001,
          openDate: SCENARIO_NOW - op.back * HOUR,
          strategy: 'Scenario',
          enterTag: TAGS[op.tag],
          isShort: op.short,
          tradingMode: 'futures',
        }),
        insertOrderQuery(db, orderRow(id, pair, side, op.filled ? 'closed' : 'open', op.filled ? 100 : 0)),
      ]);
      return db;
    }
    case 'fill':
    case 'partial':
    case 'close': {
      const open = await idsOf(db, true);
      if (open.length === 0) return db;
      const id = open[op.pick % open.length];
      const [t] = await db.select().from(trades).where(eq(trades.id, id));
      const entrySide = t.isShort ? 'sell' : 'buy';
      const exitSide = t.isShort ? 'buy' : 'sell';
      if (op.kind === 'fill') {
        await runTradeWrites(db, [insertOrderQuery(db, orderRow(id, t.pair, entrySide, 'closed', op.cost))]);
      } else if (op.kind === 'partial') {
        await runTradeWrites(db, [
          insertOrderQuery(db, orderRow(id, t.pair, exitSide, 'closed', op.cost)),
          updateTradeQuery(db, id, { realizedProfit: t.realizedProfit + op.realized, amount: t.amount / 2 }),
        ]);
      } else {
        const closeDate = op.append ? Math.max(op.closeDate, await latestClose(db)) : op.closeDate;
        await runTradeWrites(db, [
          insertOrderQuery(db, orderRow(id, t.pair, exitSide, 'closed', op.cost)),
          updateTradeQuery(db, id, {
            isOpen: false,
            closeDate: Math.max(closeDate, t.openDate),
            closeProfit: op.ratio,
            closeProfitAbs: op.abs,
            closeRate: 101,
            exitReason: REASONS[op.reason],
          }),
        ]);
      }
      return db;
    }
    case 'delete': {
      const ids = await idsOf(db, !op.closed);
      if (ids.length === 0) return db;
      await runTradeWrites(db, deleteTradeQueries(db, ids[op.pick % ids.length]));
      return db;
    }
    case 'change': {
      const closed = await idsOf(db, false);
      if (closed.length === 0) return db;
      await runTradeWrites(db, [
        updateTradeQuery(db, closed[op.pick % closed.length], {
          closeProfitAbs: op.abs,
          closeProfit: op.ratio,
          exitReason: REASONS[op.reason],
          closeDate: op.closeDate,
          pair: PAIRS[op.pair],
        }),
      ]);
      return db;
    }
    case 'reload':
      return reopen();
  }
}

/** The market: one pair cannot be priced (NaN figures), the others at a side-dependent rate. */
const rate = async (pair: string, isShort: boolean) => (pair === 'NOPRICE/USDT' ? null : isShort ? 98.7 : 101.3);
const oracleRate = (t: { trade: { pair: string; isShort: boolean } }) => rate(t.trade.pair, t.trade.isShort);

const PERIODS: [PeriodUnit, number][] = [
  ['days', 7],
  ['days', 30],
  ['weeks', 4],
  ['months', 3],
];

/**
 * Every report read from the report book equals, as JSON (byte for byte, what goes on the wire),
 * the answer computed afresh: /profit by the oracle's full scan (profit.ts, the code before the
 * book), the grouped reports and sums by SQL (freqtrade's queries). Then the book kept up to date
 * by the writes equals a book built now from the database, deep and exact (floats compared with
 * Object.is).
 */
export async function expectSameReports(db: Db): Promise<void> {
  const same = (label: string, kept: unknown, oracle: unknown) =>
    expect(JSON.stringify(kept), label).toBe(JSON.stringify(oracle));
  for (const startingBalance of [1000, 0]) {
    for (const direction of [undefined, 'long', 'short'] as const) {
      const input = { db, now: SCENARIO_NOW, startingBalance, rate, botStart: SCENARIO_NOW - 900 * HOUR, direction };
      same(
        `/profit ${direction} ${startingBalance}`,
        await profitReport(input),
        await oracleProfit({ ...input, rate: oracleRate }),
      );
    }
  }
  // Telegram's /profit <n>: closed trades (and fills) since a date, the undated ones counting as 0.
  for (const since of [SCENARIO_NOW - 200 * HOUR, 0]) {
    const input = { db, now: SCENARIO_NOW, startingBalance: 1000, rate, since };
    same(`/profit since ${since}`, await profitReport(input), await oracleProfit({ ...input, rate: oracleRate }));
  }
  const sum = await closedProfitSum(db);
  same('closed profit sum', sum, await computeClosedProfitSum(db));
  for (const [unit, timescale] of PERIODS) {
    const total = 1000 + sum;
    same(
      `/${unit} ${timescale}`,
      await periodicReport(db, unit, timescale, SCENARIO_NOW, total),
      await computePeriods(db, unit, timescale, SCENARIO_NOW, total),
    );
  }
  same('/performance', await performanceReport(db), await computePerformance(db));
  same('/stats', await statsReport(db), await computeStats(db));
  for (const pair of [undefined, 'ETH/USDT']) {
    same(`/entries ${pair}`, await entriesReport(db, pair), await computeEntries(db, pair));
    same(`/exits ${pair}`, await exitsReport(db, pair), await computeExits(db, pair));
    same(`/mix_tags ${pair}`, await mixTagsReport(db, pair), await computeMixTags(db, pair));
  }
  await expectSameAsRebuilt(db);
}

/** The book as the writes kept it equals one built from the database now (deep, exact). */
export async function expectSameAsRebuilt(db: Db): Promise<void> {
  const kept = reportBook(db);
  const fresh = new ReportBook(db, { subscribe: false });
  for (const direction of [undefined, 'long', 'short'] as const) {
    for (const startingBalance of [1000, 0, 333.3]) {
      const summary = await kept.closedSummary(direction, startingBalance);
      expect(summary, `summary ${direction} ${startingBalance}`).toEqual(
        await fresh.closedSummary(direction, startingBalance),
      );
      expect(summary, `summary ${direction} ${startingBalance} (SQL passes)`).toEqual(
        await computeClosedSummary(db, direction, undefined, startingBalance),
      );
    }
    expect(await kept.tradingVolume(direction), `volume ${direction}`).toBe(await fresh.tradingVolume(direction));
  }
  const [k, f] = [await kept.grouped(), await fresh.grouped()];
  expect(k.closedProfitSum()).toBe(f.closedProfitSum());
  expect(k.performance()).toEqual(f.performance());
  expect(k.statsReport()).toEqual(f.statsReport());
  for (const pair of [undefined, 'BTC/USDT', 'NOPRICE/USDT']) {
    expect(k.entryTags(pair)).toEqual(f.entryTags(pair));
    expect(k.exitReasons(pair)).toEqual(f.exitReasons(pair));
    expect(k.mixTags(pair)).toEqual(f.mixTags(pair));
  }
  for (const [unit, timescale] of PERIODS) {
    expect(k.periodRecords(unit, timescale, SCENARIO_NOW, 1234.5)).toEqual(
      f.periodRecords(unit, timescale, SCENARIO_NOW, 1234.5),
    );
  }
}
