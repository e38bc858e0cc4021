// The one path every write to trades and orders takes (issue 19 point 2/3): the write queries are
// built by db/repo/trades.ts, which tags each with what it writes, and run by runTradeWrites, which
// tells the listeners before the batch (`writing`: answers built from these trades must not be
// kept) and once it has run (`written`). A listener asking for `changes` (the report book) also
// gets, for the writes that can change a report, the trades' report columns and their closed
// orders' costs as they were before and after the batch; those writes are then run one at a time,
// so a before/after pair brackets exactly one batch.

import { and, eq, inArray } from 'drizzle-orm';
import { selectByIds } from '../bound-parameters.ts';
import type { Db } from '../client.ts';
import { orders, trades } from '../schema.ts';

/** What a write query touches, recorded when it is built. */
export interface WriteInfo {
  /** NEW_TRADE for a trade insert (the id comes back from the batch). */
  tradeId: number;
  /** Can change which trades are closed or their closing order (insert, delete, is_open/close_date set). */
  reorders: boolean;
  /** Can change a report over closed trades or the trading volume. */
  reports: boolean;
}

export const NEW_TRADE = -1;

/** The columns of a trade the reports over closed trades read. */
export interface TradeReportRow {
  id: number;
  isOpen: boolean;
  isShort: boolean;
  pair: string;
  openDate: number;
  closeDate: number | null;
  closeProfit: number | null;
  closeProfitAbs: number | null;
  enterTag: string | null;
  exitReason: string | null;
}

/** A trade whose report columns differ before and after a batch (undefined: no such row). */
export interface TradeChange {
  before: TradeReportRow | undefined;
  after: TradeReportRow | undefined;
}

/** A closed order's cost entering (positive) or leaving (negative) the trading volume. */
export interface VolumeDelta {
  isShort: boolean;
  cost: number;
}

export interface TradeWrites {
  tradeIds: readonly number[];
  reorders: boolean;
  /** Undefined when they were not gathered (no listener asked for them when the batch started). */
  changes: { trades: TradeChange[]; volume: VolumeDelta[] } | undefined;
}

export interface TradeWriteListener {
  writing?(tradeIds: readonly number[], reorders: boolean): void;
  written(writes: TradeWrites): void;
  /** Asks for `changes` (before/after rows of the writes that can change a report). */
  changes?: boolean;
}

const infos = new WeakMap<object, WriteInfo>();
const listeners = new WeakMap<Db, Set<TradeWriteListener>>();
const generations = new WeakMap<Db, number>();
const queues = new WeakMap<Db, Promise<unknown>>();
const reportWrites = new WeakMap<Db, { started: number; running: number }>();

/** Tags a write query built in db/repo/trades.ts. */
export function tagged<Q extends object>(query: Q, info: WriteInfo): Q {
  infos.set(query, info);
  return query;
}

export function onTradeWrites(db: Db, listener: TradeWriteListener): () => void {
  const set = listeners.get(db) ?? new Set<TradeWriteListener>();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Moves when a batch of trade/order writes starts and again when it has run: a read of trades
 * taken at one generation and still at it afterwards saw no write.
 */
export function tradeWriteGeneration(db: Db): number {
  return generations.get(db) ?? 0;
}

const bump = (db: Db) => generations.set(db, tradeWriteGeneration(db) + 1);

/**
 * Writes that can change a report: how many have started, and how many are running. A read made
 * while `running` was 0 and before `started` moved saw none of them half-done.
 */
export function reportWriteCount(db: Db): { started: number; running: number } {
  let count = reportWrites.get(db);
  if (!count) {
    count = { started: 0, running: 0 };
    reportWrites.set(db, count);
  }
  return count;
}

/** Runs `fn` when no write that can change a report is running, and holds such writes off meanwhile. */
export function exclusiveOfReportWrites<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(fn, fn);
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

interface ReportState {
  rows: Map<number, TradeReportRow>;
  costs: Map<number, number[]>;
}

async function reportState(db: Db, ids: number[]): Promise<ReportState> {
  const rows = await selectByIds(ids, 0, (slice) =>
    db
      .select({
        id: trades.id,
        isOpen: trades.isOpen,
        isShort: trades.isShort,
        pair: trades.pair,
        openDate: trades.openDate,
        closeDate: trades.closeDate,
        closeProfit: trades.closeProfit,
        closeProfitAbs: trades.closeProfitAbs,
        enterTag: trades.enterTag,
        exitReason: trades.exitReason,
      })
      .from(trades)
      .where(inArray(trades.id, slice)),
  );
  const closed = await selectByIds(ids, 0, (slice) =>
    db
      .select({ tradeId: orders.ftTradeId, cost: orders.cost })
      .from(orders)
      .where(and(inArray(orders.ftTradeId, slice), eq(orders.status, 'closed'))),
  );
  const costs = new Map<number, number[]>();
  for (const o of closed) {
    if (o.cost === null) continue;
    const list = costs.get(o.tradeId) ?? [];
    costs.set(o.tradeId, list);
    list.push(o.cost);
  }
  return { rows: new Map(rows.map((r) => [r.id, r])), costs };
}

/** The trade columns a report reads: a write touching none of them cannot change a report. */
export const REPORT_COLUMNS = [
  'isOpen',
  'isShort',
  'pair',
  'openDate',
  'closeDate',
  'closeProfit',
  'closeProfitAbs',
  'enterTag',
  'exitReason',
] as const;

const sameRow = (a: TradeReportRow | undefined, b: TradeReportRow | undefined) =>
  a === b || (a !== undefined && b !== undefined && REPORT_COLUMNS.every((c) => Object.is(a[c], b[c])));

function diff(ids: number[], before: ReportState, after: ReportState): NonNullable<TradeWrites['changes']> {
  const changed: TradeChange[] = [];
  const volume: VolumeDelta[] = [];
  for (const id of ids) {
    const b = before.rows.get(id);
    const a = after.rows.get(id);
    if (!sameRow(b, a)) changed.push({ before: b, after: a });
    const bc = b ? (before.costs.get(id) ?? []) : [];
    const ac = a ? (after.costs.get(id) ?? []) : [];
    if (b?.isShort === a?.isShort && bc.length === ac.length) {
      const sorted = [...ac].sort();
      if ([...bc].sort().every((c, i) => Object.is(c, sorted[i]))) continue;
    }
    for (const cost of bc) volume.push({ isShort: b?.isShort ?? false, cost: -cost });
    for (const cost of ac) volume.push({ isShort: a?.isShort ?? false, cost });
  }
  return { trades: changed, volume };
}

/**
 * Runs write queries built by db/repo/trades.ts in one batch and tells the listeners: before it
 * (so answers read meanwhile are not kept), and once it has run (also on D1 or libSQL over HTTP,
 * where a read made between the two saw the old rows), with the changes to the reports' inputs.
 */
export async function runTradeWrites(db: Db, queries: readonly unknown[]): Promise<void> {
  const tags = queries.map((q) => {
    const info = infos.get(q as object);
    if (!info) throw new Error('runTradeWrites runs only writes built by db/repo/trades.ts');
    return info;
  });
  const ids = [...new Set(tags.map((t) => t.tradeId).filter((id) => id !== NEW_TRADE))];
  const reorders = tags.some((t) => t.reorders);
  const set = [...(listeners.get(db) ?? [])];
  const reports = tags.some((t) => t.reports);
  const gather = reports && set.some((l) => l.changes);
  const count = reportWriteCount(db);
  bump(db);
  for (const l of set) l.writing?.(ids, reorders);
  const run = async () => {
    // Writes that cannot change a report change nothing the book keeps.
    let changes: TradeWrites['changes'] = reports ? undefined : { trades: [], volume: [] };
    const before = gather ? await reportState(db, ids) : undefined;
    if (reports) {
      count.started++;
      count.running++;
    }
    try {
      const results = (await db.batch(queries as Parameters<Db['batch']>[0])) as unknown as unknown[];
      tags.forEach((t, i) => {
        const inserted = (results[i] as { id?: number }[] | undefined)?.[0]?.id;
        if (t.tradeId === NEW_TRADE && typeof inserted === 'number') ids.push(inserted);
      });
    } finally {
      if (before) {
        // A failed read leaves `changes` undefined: the book then rebuilds from the database.
        changes = await reportState(db, ids).then(
          (after) => diff(ids, before, after),
          () => undefined,
        );
      }
      if (reports) count.running--;
      bump(db);
      for (const l of [...(listeners.get(db) ?? [])]) l.written({ tradeIds: ids, reorders, changes });
    }
  };
  return gather ? exclusiveOfReportWrites(db, run) : run();
}
