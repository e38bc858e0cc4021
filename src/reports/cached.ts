// Reports over closed trades, computed once per change of the data they read. Triggers count every
// write that can change a closed trade or a closed order (migrations/0003_report_state.sql), so a
// request reads one small row and then the stored answer; the answer is recomputed (one streaming
// pass) only after a trade closed, was deleted or changed. The stored answers are small and a
// bounded number, never per-trade rows.

import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { reportState } from '../db/schema.ts';

/** What a cached report depends on: closed trades only, or closed trades and closed orders. */
export type ReportInputs = 'trades' | 'trades+orders';

interface Entry {
  stamp: string;
  value: Promise<unknown>;
}

const MAX_ENTRIES = 128;
const perDb = new WeakMap<Db, Map<string, Entry>>();

async function stampOf(db: Db, inputs: ReportInputs): Promise<string | undefined> {
  const [row] = await db
    .select({ t: reportState.tradesVersion, o: reportState.ordersVersion })
    .from(reportState)
    .where(eq(reportState.id, 1));
  if (!row) return undefined;
  return inputs === 'trades' ? String(row.t) : `${row.t}|${row.o}`;
}

/**
 * The value `compute` gave for `key` while the write counters were as now, else a fresh one.
 * Concurrent callers after a change share one computation. The counters are read before
 * computing: a write landing during the computation leaves the entry stale, never wrong.
 */
export async function cachedReport<T>(
  db: Db,
  key: string,
  inputs: ReportInputs,
  compute: () => Promise<T>,
): Promise<T> {
  const stamp = await stampOf(db, inputs);
  if (stamp === undefined) return compute();
  let entries = perDb.get(db);
  if (!entries) {
    entries = new Map();
    perDb.set(db, entries);
  }
  const fullKey = `${inputs}|${key}`;
  const hit = entries.get(fullKey);
  if (hit && hit.stamp === stamp) {
    // Most recently used last, so the oldest entry is the first to go.
    entries.delete(fullKey);
    entries.set(fullKey, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  const entry: Entry = { stamp, value };
  entries.delete(fullKey);
  entries.set(fullKey, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  value.catch(() => {
    if (entries.get(fullKey) === entry) entries.delete(fullKey);
  });
  return value;
}
