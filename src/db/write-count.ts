// Counts the statements a Db runs that may write the trades or orders tables: through Drizzle's
// query logger, every single statement that is not a SELECT and names one of them (queries and raw
// sql``); every batch holding such a statement (Drizzle does not log batches); and every
// transaction. A read of open trades cached together with the count is still valid while the count
// has not moved: a bot tick's steps share one read until one of them writes a trade or an order
// (issue 19 point 5). Writes to candles, locks or the dry-run store leave it valid.

import { getTableName, isTable, type Logger } from 'drizzle-orm';
import { SQLiteDeleteBase, SQLiteInsertBase, SQLiteUpdateBase } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.ts';

interface Counter {
  writes: number;
}

const counters = new WeakMap<object, Counter>();
const READ = /^\s*select\b/i;
const TRADE_TABLES = /\b(trades|orders)\b/i;

const writesTrades = (query: string) => !READ.test(query) && TRADE_TABLES.test(query);

const WRITTEN_TABLES = new Set(['trades', 'orders']);

/**
 * The table a Drizzle insert, update or delete writes, read from the builder without building its
 * SQL (building it here doubled the SQL work of every batch: the bot's candle, dry-run store and
 * trade batches each tick). Undefined for anything else, which then falls back to its SQL text.
 */
function writtenTable(item: unknown): string | undefined {
  if (!(item instanceof SQLiteInsertBase || item instanceof SQLiteUpdateBase || item instanceof SQLiteDeleteBase))
    return undefined;
  const table = (item as unknown as { config?: { table?: unknown } }).config?.table;
  return isTable(table) ? getTableName(table) : undefined;
}

/** The SQL of a batch item, or undefined when it cannot be told (then it counts as a write). */
function sqlOf(item: unknown): string | undefined {
  try {
    return (item as { toSQL?: () => { sql: string } }).toSQL?.().sql;
  } catch {
    return undefined;
  }
}

/** A Drizzle logger counting writes, and the call that ties the counter to the Db built with it. */
export function writeCounter(): { logger: Logger; attach(db: Db): void } {
  const counter: Counter = { writes: 0 };
  return {
    logger: {
      logQuery(query: string) {
        if (writesTrades(query)) counter.writes++;
      },
    },
    attach: (db) => {
      counters.set(db, counter);
      const batch = db.batch.bind(db);
      db.batch = ((queries: Parameters<typeof batch>[0]) => {
        if (
          queries.some((q) => {
            const table = writtenTable(q);
            if (table !== undefined) return WRITTEN_TABLES.has(table);
            const text = sqlOf(q);
            return text === undefined || writesTrades(text);
          })
        )
          counter.writes++;
        return batch(queries);
      }) as unknown as typeof db.batch;
      const transaction = db.transaction.bind(db);
      db.transaction = (async (...args: Parameters<typeof transaction>) => {
        counter.writes++;
        try {
          return await transaction(...args);
        } finally {
          counter.writes++;
        }
      }) as typeof db.transaction;
    },
  };
}

/** The count of statements so far that may have written trades or orders; undefined for a Db not counted. */
export function writeCount(db: Db): number | undefined {
  return counters.get(db)?.writes;
}
