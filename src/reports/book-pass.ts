// The report book's one pass over the database (issue 19 point 3): every closed trade in closing
// order, then every closed order's cost. Most of a build's time is SQLite's per-row work and
// the JavaScript per row, so each page is one text that JSON.parse turns into one flat array of
// positional values (no per-row array or object), reals written with 17 significant digits (they
// parse back to the same double; JSON's own 15 would lose bits) and visited through one reused
// object.

import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { betweenPages, PAGE_ROWS, realOf } from './common.ts';
import { ExactSum } from './exact-sum.ts';
import type { ClosedTrade } from './profit-fold.ts';

/** A REAL column as JSON text: a number with 17 significant digits, ±Infinity as the string "Inf"/"-Inf". */
const jsonReal = (column: string) =>
  `iif(${column} IS NULL, 'null', iif(abs(${column}) <= 1.7976931348623157e308, printf('%!.17g', ${column}), json_quote(printf('%!.17g', ${column}))))`;

const real = (v: unknown): number | null => (typeof v === 'string' ? realOf(v) : (v as number | null));

// One closed trade: id, is_short, pair, open_date, close_date, close_profit, close_profit_abs,
// enter_tag, exit_reason.
const TRADE_WIDTH = 9;

// The book reads a NULL profit as 0, so the fast form writes both reals with printf alone; a page
// holding an infinity (printf's "Inf" is no JSON) is read again in the safe form.
const TRADE_ROW = `printf('%d,%d,%s,%d,%s,%!.17g,%!.17g,%s,%s', id, is_short, json_quote(pair), open_date, coalesce(close_date, 'null'), coalesce(close_profit, 0.0), coalesce(close_profit_abs, 0.0), json_quote(enter_tag), json_quote(exit_reason))`;
const TRADE_ROW_SAFE = `printf('%d,%d,%s,%d,%s,%s,%s,%s,%s', id, is_short, json_quote(pair), open_date, coalesce(close_date, 'null'), ${jsonReal('close_profit')}, ${jsonReal('close_profit_abs')}, json_quote(enter_tag), json_quote(exit_reason))`;
const ORDER_ROW = `printf('%d,%!.17g,%d,%d', trade_id, cost, id, is_short)`;
const ORDER_ROW_SAFE = `printf('%d,%s,%d,%d', trade_id, ${jsonReal('cost')}, id, is_short)`;

/** One page as a flat array: `query(row)` renders the rows with `row` (fast form, then safe form). */
async function page(db: Db, query: (form: 'fast' | 'safe') => SQL): Promise<unknown[]> {
  await betweenPages();
  for (const row of [0, 1]) {
    const [result] = await db.all<{ page: string | null }>(query(row === 0 ? 'fast' : 'safe'));
    if (!result?.page) return [];
    try {
      return JSON.parse(result.page) as unknown[];
    } catch (error) {
      if (row === 1) throw error;
    }
  }
  return [];
}

/** Whether the row at `a` comes before the row at `b` in closing order (undated first, then id). */
function before(flat: unknown[], a: number, b: number): boolean {
  const da = flat[a + 4] as number | null;
  const db = flat[b + 4] as number | null;
  if (da === db) return (flat[a] as number) < (flat[b] as number);
  if (da === null) return true;
  return db !== null && da < db;
}

/**
 * The starts of a page's rows in closing order. The rows come in the subquery's order, which
 * group_concat follows in practice but SQLite does not promise: an out-of-order page is sorted here.
 */
function rowStarts(flat: unknown[]): number[] {
  const starts: number[] = [];
  let sorted = true;
  for (let at = 0; at < flat.length; at += TRADE_WIDTH) {
    if (at > 0 && !before(flat, at - TRADE_WIDTH, at)) sorted = false;
    starts.push(at);
  }
  if (!sorted) starts.sort((a, b) => (before(flat, a, b) ? -1 : 1));
  return starts;
}

/**
 * Visits every closed trade with the columns every report reads, in closing order (close date,
 * then id; trades without a close date first), a page at a time along trades_closed_order_idx
 * (keyset, no sort). The visited object is reused: a visitor keeps its fields, never the object.
 */
export async function forEachClosedTrade(db: Db, visit: (t: ClosedTrade) => void): Promise<void> {
  const t: ClosedTrade = {
    id: 0,
    isShort: false,
    pair: '',
    openDate: 0,
    closeDate: null,
    closeProfit: null,
    closeProfitAbs: null,
    enterTag: null,
    exitReason: null,
  };
  const pageOf = (where: SQL) =>
    page(
      db,
      (form) =>
        sql`SELECT '[' || group_concat(${sql.raw(form === 'fast' ? TRADE_ROW : TRADE_ROW_SAFE)}, ',') || ']' AS page FROM (SELECT id, is_short, pair, open_date, close_date, close_profit, close_profit_abs, enter_tag, exit_reason FROM trades WHERE is_open = 0 AND ${where} ORDER BY close_date, id LIMIT ${PAGE_ROWS})`,
    );
  /** Visits a page; returns its last row's start (-1 when empty) and whether it was full. */
  const visitPage = (flat: unknown[]): number => {
    const starts = rowStarts(flat);
    for (const at of starts) {
      t.id = flat[at] as number;
      t.isShort = flat[at + 1] === 1;
      t.pair = flat[at + 2] as string;
      t.openDate = flat[at + 3] as number;
      t.closeDate = flat[at + 4] as number | null;
      t.closeProfit = real(flat[at + 5]);
      t.closeProfitAbs = real(flat[at + 6]);
      t.enterTag = flat[at + 7] as string | null;
      t.exitReason = flat[at + 8] as string | null;
      visit(t);
    }
    return starts.length === 0 ? -1 : (starts[starts.length - 1] as number);
  };
  // A trade without a close date counts as closed at 0 (the oracle's `closeDate ?? 0`): first.
  let afterId = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const flat = await pageOf(sql`close_date IS NULL AND id > ${afterId}`);
    const last = visitPage(flat);
    if (flat.length < PAGE_ROWS * TRADE_WIDTH) break;
    afterId = flat[last] as number;
  }
  let after = sql`close_date IS NOT NULL`;
  for (;;) {
    const flat = await pageOf(after);
    const last = visitPage(flat);
    if (flat.length < PAGE_ROWS * TRADE_WIDTH) break;
    after = sql`(close_date, id) > (${flat[last + 4]}, ${flat[last]})`;
  }
}

/**
 * The cost of every closed order of an existing trade (what /profit's trading volume sums), with
 * the trade's side, a page at a time along orders_volume_idx (status, ft_trade_id, cost, then the
 * row id): the keyset follows the index, so no page sorts. Orders without a cost add nothing to
 * a sum and are left out, which keeps the keyset free of NULLs. The visiting order is the page's.
 */
export async function forEachClosedOrderCost(db: Db, visit: (cost: number, isShort: boolean) => void): Promise<void> {
  let after = sql``;
  for (;;) {
    const flat = await page(
      db,
      (form) =>
        sql`SELECT '[' || group_concat(${sql.raw(form === 'fast' ? ORDER_ROW : ORDER_ROW_SAFE)}, ',') || ']' AS page FROM (SELECT o.ft_trade_id AS trade_id, o.cost AS cost, o.id AS id, t.is_short AS is_short FROM orders o JOIN trades t ON t.id = o.ft_trade_id WHERE o.status = 'closed' AND o.cost IS NOT NULL${after} ORDER BY o.ft_trade_id, o.cost, o.id LIMIT ${PAGE_ROWS})`,
    );
    // The page's last row in index order: the greatest (trade id, cost, order id).
    let last = -1;
    for (let at = 0; at < flat.length; at += 4) {
      const cost = real(flat[at + 1]) as number;
      flat[at + 1] = cost;
      visit(cost, flat[at + 3] === 1);
      if (last < 0 || keyAfter(flat, at, last)) last = at;
    }
    if (flat.length < PAGE_ROWS * 4) return;
    after = sql` AND (o.ft_trade_id, o.cost, o.id) > (${flat[last]}, ${flat[last + 1]}, ${flat[last + 2]})`;
  }
}

function keyAfter(flat: unknown[], a: number, b: number): boolean {
  for (let k = 0; k < 3; k++) {
    const x = flat[a + k] as number;
    const y = flat[b + k] as number;
    if (x !== y) return x > y;
  }
  return false;
}

const P62 = '4611686018427387904.0';
/** A cost's fraction (exact: x minus its truncation), and its top 62 bits as an integer. */
const FRACTION = '(o.cost - CAST(o.cost AS INTEGER))';
const FRACTION_BITS = `CAST(${FRACTION} * ${P62} AS INTEGER)`;

/** Adds t·2^exp to `sum`, exactly (in 52-bit pieces, each a double). */
function addScaled(sum: ExactSum, t: bigint, exp: number): void {
  const mask = (1n << 52n) - 1n;
  let v = t;
  let e = exp;
  while (v !== 0n && v !== -1n) {
    sum.add(Number(v & mask) * 2 ** e);
    v >>= 52n;
    e += 52;
  }
  if (v === -1n) sum.add(-(2 ** e));
}

/** Per-side sums of a closed order's pieces: `side` is 0 (long) or 1 (short). */
function sidePieces(side: 0 | 1): string {
  const on = (x: string) => `sum(CASE WHEN t.is_short ${side === 1 ? '= 1' : 'IS NOT 1'} THEN ${x} END)`;
  return [
    `CAST(${on('CAST(o.cost AS INTEGER)')} AS TEXT) AS i${side}`,
    `CAST(${on(`${FRACTION_BITS} >> 31`)} AS TEXT) AS jh${side}`,
    `CAST(${on(`${FRACTION_BITS} & 2147483647`)} AS TEXT) AS jl${side}`,
  ].join(', ');
}

/** closedOrderVolume's query (exported for the test that reads its plan). */
export const CLOSED_ORDER_VOLUME = sql.raw(
  `SELECT ${sidePieces(0)}, ${sidePieces(1)}, sum(abs(o.cost) >= ${P62} OR ${FRACTION} * ${P62} != ${FRACTION_BITS}) AS bad FROM orders o JOIN trades t ON t.id = o.ft_trade_id WHERE o.status = 'closed' AND o.cost IS NOT NULL`,
);

type VolumeRow = Record<`${'i' | 'jh' | 'jl'}${0 | 1}`, string | null> & { bad: number | null };

/**
 * The trading volume per side (Σ cost of the closed orders of existing trades), summed exactly by
 * SQLite in one query: a cost x is its integer part I plus J·2⁻⁶² for an integer J (its fraction's
 * 62 top bits), and integer sums are exact. That holds for every |x| < 2⁶² whose lowest bit is at
 * least 2⁻⁶² (any cost of 2⁻¹⁰ or more); when a cost is not so held, or an integer sum overflows,
 * the answer is undefined and the caller sums the costs one by one. Both sides come from one scan
 * with per-side sums rather than a GROUP BY: that would sort every closed order in a temporary
 * B-tree, which libSQL keeps in memory (~100 MB at 2M orders, that glibc then keeps).
 */
export async function closedOrderVolume(db: Db): Promise<{ long: ExactSum; short: ExactSum } | undefined> {
  let row: VolumeRow | undefined;
  try {
    row = await db.get<VolumeRow>(CLOSED_ORDER_VOLUME);
  } catch {
    return undefined; // an integer sum overflowed
  }
  const volume = { long: new ExactSum(), short: new ExactSum() };
  if (!row) return volume;
  if (Number(row.bad ?? 0) !== 0) return undefined;
  for (const side of [0, 1] as const) {
    const t =
      (BigInt(row[`i${side}`] ?? '0') << 62n) +
      (BigInt(row[`jh${side}`] ?? '0') << 31n) +
      BigInt(row[`jl${side}`] ?? '0');
    addScaled(volume[side === 1 ? 'short' : 'long'], t, -62);
  }
  return volume;
}
