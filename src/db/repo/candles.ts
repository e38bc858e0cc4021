// Persisted closed candles per (pair, timeframe, candle type).

import { and, asc, count, eq, gte, lte, sql } from 'drizzle-orm';
import type { CandleKey, CandlePersistence } from '../../exchange/candle-store.ts';
import type { Candle } from '../../exchange/port.ts';
import type { Db } from '../client.ts';
import { candles } from '../schema.ts';

export type { CandleKey };

/** The candle store's persistence port (src/exchange/candle-store.ts) on this database. */
export function candlePersistence(db: Db): CandlePersistence {
  return {
    latest: (key, limit) => loadLatestCandles(db, key, limit),
    save: (sets) => saveCandleSets(db, sets),
  };
}

// Rows per insert statement: 9 columns each, within D1's limit of 100 bound parameters per query.
const CHUNK = 11;

export async function saveCandles(db: Db, key: CandleKey, rows: Candle[]): Promise<void> {
  await saveCandleSets(db, [{ key, rows }]);
}

/**
 * Saves candles of several keys in one batch (one commit). Rows of different keys share insert
 * statements: a bot tick saving one new candle for each of 100 pairs runs 10 statements, not 100.
 */
export async function saveCandleSets(db: Db, sets: { key: CandleKey; rows: Candle[] }[]): Promise<void> {
  const values = sets.flatMap(({ key, rows }) =>
    rows.map((c) => ({
      pair: key.pair,
      timeframe: key.timeframe,
      candleType: key.candleType,
      ts: c[0],
      open: c[1],
      high: c[2],
      low: c[3],
      close: c[4],
      volume: c[5],
    })),
  );
  const statements = [];
  for (let i = 0; i < values.length; i += CHUNK) statements.push(candleUpsert(db, values.slice(i, i + CHUNK)));
  if (statements.length > 0) await db.batch(statements as [any, ...any[]]);
}

function candleUpsert(db: Db, values: (typeof candles.$inferInsert)[]) {
  return db
    .insert(candles)
    .values(values)
    .onConflictDoUpdate({
      target: [candles.pair, candles.timeframe, candles.candleType, candles.ts],
      set: {
        open: sql`excluded.open`,
        high: sql`excluded.high`,
        low: sql`excluded.low`,
        close: sql`excluded.close`,
        volume: sql`excluded.volume`,
      },
    });
}

export async function loadCandles(db: Db, key: CandleKey, fromTs?: number, toTs?: number): Promise<Candle[]> {
  const conds = [
    eq(candles.pair, key.pair),
    eq(candles.timeframe, key.timeframe),
    eq(candles.candleType, key.candleType),
  ];
  if (fromTs !== undefined) conds.push(gte(candles.ts, fromTs));
  if (toTs !== undefined) conds.push(lte(candles.ts, toTs));
  const rows = await db
    .select()
    .from(candles)
    .where(and(...conds))
    .orderBy(asc(candles.ts));
  return rows.map((r) => [r.ts, r.open, r.high, r.low, r.close, r.volume]);
}

/** The newest candles (ascending), at most `limit`. */
export async function loadLatestCandles(db: Db, key: CandleKey, limit: number): Promise<Candle[]> {
  const rows = await db.all<{ ts: number; open: number; high: number; low: number; close: number; volume: number }>(
    sql`SELECT ts, open, high, low, close, volume FROM (
          SELECT * FROM candles WHERE pair = ${key.pair} AND timeframe = ${key.timeframe} AND candle_type = ${key.candleType}
          ORDER BY ts DESC LIMIT ${limit}) ORDER BY ts ASC`,
  );
  return rows.map((r) => [r.ts, r.open, r.high, r.low, r.close, r.volume]);
}

/** Every stored (pair, timeframe, candle type) with its candle count. */
export async function storedCandleKeys(db: Db): Promise<(CandleKey & { count: number })[]> {
  const rows = await db
    .select({ pair: candles.pair, timeframe: candles.timeframe, candleType: candles.candleType, count: count() })
    .from(candles)
    .groupBy(candles.pair, candles.timeframe, candles.candleType)
    .orderBy(asc(candles.pair), asc(candles.timeframe));
  return rows;
}

/** Oldest and newest stored candle of a key (undefined: none stored). */
export async function candleBounds(db: Db, key: CandleKey): Promise<{ first: number; last: number } | undefined> {
  const rows = await db.all<{ first: number | null; last: number | null }>(
    sql`SELECT MIN(ts) AS first, MAX(ts) AS last FROM candles
        WHERE pair = ${key.pair} AND timeframe = ${key.timeframe} AND candle_type = ${key.candleType}`,
  );
  const r = rows[0];
  return r && r.first !== null && r.last !== null ? { first: Number(r.first), last: Number(r.last) } : undefined;
}

/** Removes every stored candle of a key (download_data with erase). */
export async function deleteCandles(db: Db, key: CandleKey): Promise<void> {
  await db
    .delete(candles)
    .where(
      and(eq(candles.pair, key.pair), eq(candles.timeframe, key.timeframe), eq(candles.candleType, key.candleType)),
    );
}
