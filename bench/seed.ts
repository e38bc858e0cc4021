// Fills a libSQL file with a realistic trading history for the benchmarks: a futures bot with
// open trades and their orders, years of closed trades across many pairs (longs and shorts,
// leverage, fees, funding, varied exit reasons / enter tags / durations), pair locks and 5m candles.
// Seeded files are cached under bench/.cache/, keyed by every parameter and the schema, so reruns
// only copy a file. Run alone: `npx node bench/seed.ts [--trades 1000000] [--fresh]`.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client, InValue } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { MIGRATIONS } from '../src/db/migrations.generated.ts';
import { candles, type NewOrderRow, type NewTradeRow, orders, pairLocks, trades } from '../src/db/schema.ts';
import { calculateProfit, tradeMathFromEntry } from '../src/domain/money/index.ts';
import { mulberry32 } from '../src/exchange/offline/prng.ts';
import { openDatabase } from '../src/hosts/node/database.ts';

export interface SeedOptions {
  closedTrades: number;
  openTrades: number;
  pairs: number;
  /** 5m candles per pair. */
  candlesPerPair: number;
  /** Years of history the closed trades spread over. */
  years: number;
  seed: number;
}

export const DEFAULT_SEED: SeedOptions = {
  closedTrades: 100_000,
  openTrades: 100,
  pairs: 50,
  candlesPerPair: 1000,
  years: 2,
  seed: 11,
};

/** Bump when the generated data changes shape, to invalidate cached files. */
const SEED_VERSION = 4;
/** A cached file older than this is regenerated, so "last 30 days" reports keep finding trades. */
const MAX_CACHE_AGE_MS = 7 * 86_400_000;
const DAY = 86_400_000;
const FIVE_MIN = 300_000;

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = join(BENCH_DIR, '.cache');

const BASES = [
  'BTC', 'ETH', 'SOL', 'XRP', 'BNB', 'ADA', 'DOGE', 'AVAX', 'DOT', 'LINK',
  'MATIC', 'LTC', 'TRX', 'ATOM', 'UNI', 'ETC', 'XLM', 'NEAR', 'APT', 'FIL',
  'ARB', 'OP', 'INJ', 'SUI', 'SEI', 'TIA', 'AAVE', 'MKR', 'RUNE', 'ALGO',
  'SAND', 'MANA', 'AXS', 'GALA', 'IMX', 'LDO', 'CRV', 'SNX', 'DYDX', 'GMX',
  'FTM', 'HBAR', 'EGLD', 'KAVA', 'ZEC', 'DASH', 'XTZ', 'EOS', 'ICP', 'VET',
  'CHZ', 'ENS', 'COMP', 'YFI', 'SUSHI', 'ZIL', 'ONE', 'KSM', 'FLOW', 'MINA',
]; // biome-ignore format: a table

const EXIT_REASONS: [string, number][] = [
  ['roi', 0.42],
  ['exit_signal', 0.24],
  ['stop_loss', 0.12],
  ['trailing_stop_loss', 0.1],
  ['stoploss_on_exchange', 0.05],
  ['force_exit', 0.04],
  ['emergency_exit', 0.02],
  ['liquidation', 0.01],
];
const ENTER_TAGS: [string | null, number][] = [
  [null, 0.25],
  ['ma_cross', 0.25],
  ['rsi_dip', 0.15],
  ['breakout', 0.12],
  ['trend_follow', 0.1],
  ['volume_spike', 0.08],
  ['manual', 0.05],
];

export function pairName(i: number): string {
  const base = BASES[i % BASES.length] + (i >= BASES.length ? String(Math.floor(i / BASES.length)) : '');
  return `${base}/USDT:USDT`;
}

function pick<T>(rnd: () => number, table: [T, number][]): T {
  let r = rnd();
  for (const [v, w] of table) {
    if (r < w) return v;
    r -= w;
  }
  return table[table.length - 1][0];
}

/** Standard normal (Box–Muller). */
function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

interface PairModel {
  pair: string;
  base: string;
  price0: number;
  drift: number;
  priceDigits: number;
}

function pairModels(n: number, rnd: () => number): PairModel[] {
  return Array.from({ length: n }, (_, i) => {
    const price0 = 10 ** (rnd() * 6 - 1.5); // 0.03 … 30,000
    const pair = pairName(i);
    return {
      pair,
      base: pair.split('/')[0],
      price0,
      drift: (rnd() - 0.5) * 1.5,
      priceDigits: Math.max(2, 6 - Math.floor(Math.log10(price0))),
    };
  });
}

/** A smooth, deterministic price for a pair at a time (log random walk approximated by sines). */
function priceAt(p: PairModel, t: number, t0: number, span: number): number {
  const x = (t - t0) / span;
  const wobble = 0.25 * Math.sin(x * 17 + p.price0) + 0.1 * Math.sin(x * 211 + p.drift * 7);
  return p.price0 * Math.exp(p.drift * x + wobble);
}

type Row = NewTradeRow & { id: number };

interface TradeDraft {
  trade: Row;
  orders: NewOrderRow[];
}

/** One trade and its orders; `closeAt` undefined makes an open trade. */
function draftTrade(
  id: number,
  pm: PairModel,
  openAt: number,
  closeAt: number | undefined,
  rnd: () => number,
  history: { t0: number; span: number },
): TradeDraft {
  const isShort = rnd() < 0.3;
  const leverage = pick(rnd, [
    [1, 0.4],
    [2, 0.25],
    [3, 0.2],
    [5, 0.1],
    [10, 0.05],
  ]);
  const makerEntry = rnd() < 0.6;
  const feeOpen = makerEntry ? 0.0002 : 0.0005;
  const stake = roundTo(20 + rnd() * 480, 2);
  const marketRate = priceAt(pm, openAt, history.t0, history.span);
  const openRate = roundTo(marketRate * (1 + (rnd() - 0.5) * 0.002), pm.priceDigits);
  const amount = roundTo((stake * leverage) / openRate, 8);
  const math = tradeMathFromEntry({ isShort, leverage, tradingMode: 'futures', feeOpen, openRate, amount });
  const enterTag = pick(rnd, ENTER_TAGS);
  const stoplossRatio = -0.1;
  const sign = isShort ? -1 : 1;
  const stopRate = openRate * (1 + (sign * stoplossRatio) / leverage);
  const entrySide = isShort ? 'sell' : 'buy';
  const exitSide = isShort ? 'buy' : 'sell';
  const entryType = makerEntry ? 'limit' : 'market';
  const entryFill = openAt + Math.floor(rnd() * 20_000);
  const ordersOut: NewOrderRow[] = [
    {
      ftTradeId: id,
      ftOrderSide: entrySide,
      ftPair: pm.pair,
      ftIsOpen: false,
      ftAmount: amount,
      ftPrice: openRate,
      ftOrderTag: enterTag,
      orderId: `dry_run_${id}_1`,
      clientOrderId: `th${id}-1`,
      status: 'closed',
      symbol: pm.pair,
      orderType: entryType,
      side: entrySide,
      price: openRate,
      average: openRate,
      amount,
      filled: amount,
      remaining: 0,
      cost: roundTo(amount * openRate, 8),
      orderDate: openAt,
      orderFilledDate: entryFill,
      orderUpdateDate: entryFill,
      feeCost: roundTo(amount * openRate * feeOpen, 8),
      feeCurrency: 'USDT',
      leverage,
    },
  ];
  const base: Row = {
    id,
    exchange: 'offline',
    pair: pm.pair,
    baseCurrency: pm.base,
    stakeCurrency: 'USDT',
    isOpen: closeAt === undefined,
    feeOpen,
    feeOpenCost: roundTo(amount * openRate * feeOpen, 8),
    feeOpenCurrency: 'USDT',
    feeClose: feeOpen,
    openRate,
    openRateRequested: marketRate,
    openTradeValue: math.openTradeValue,
    realizedProfit: 0,
    stakeAmount: stake,
    maxStakeAmount: stake,
    amount,
    amountRequested: amount,
    openDate: openAt,
    stopLoss: stopRate,
    stopLossPct: stoplossRatio,
    initialStopLoss: stopRate,
    initialStopLossPct: stoplossRatio,
    isStopLossTrailing: false,
    maxRate: openRate,
    minRate: openRate,
    strategy: 'MaCrossStrategy',
    enterTag,
    timeframe: 5,
    tradingMode: 'futures',
    amountPrecision: 10 ** -Math.min(8, Math.max(0, 8 - pm.priceDigits)),
    pricePrecision: 10 ** -pm.priceDigits,
    precisionMode: 4,
    precisionModePrice: 4,
    contractSize: 1,
    leverage,
    isShort,
    liquidationPrice: roundTo(openRate * (1 - sign * (0.9 / leverage)), pm.priceDigits),
    interestRate: 0,
    fundingFees: 0,
    orderSeq: 1,
  };

  if (closeAt === undefined) {
    // Some open trades still wait on an exit limit order or carry a stoploss order on the exchange.
    if (rnd() < 0.2) {
      const exitRate = roundTo(openRate * (1 + sign * 0.02), pm.priceDigits);
      base.orderSeq = 2;
      base.exitOrderStatus = 'open';
      ordersOut.push(openOrder(id, 2, pm.pair, exitSide, 'limit', exitRate, amount, openAt + 3_600_000, leverage));
    } else if (rnd() < 0.3) {
      base.orderSeq = 2;
      ordersOut.push(
        openOrder(id, 2, pm.pair, 'stoploss', 'stop_market', stopRate, amount, entryFill, leverage, exitSide),
      );
    }
    return { trade: base, orders: ordersOut };
  }

  const exitReason = pick(rnd, EXIT_REASONS);
  // Profit of the price move (before leverage), by exit reason.
  let move: number;
  switch (exitReason) {
    case 'roi':
      move = 0.004 + rnd() * 0.04;
      break;
    case 'stop_loss':
    case 'stoploss_on_exchange':
      move = stoplossRatio / leverage - rnd() * 0.003;
      break;
    case 'trailing_stop_loss':
      move = -0.005 + rnd() * 0.05;
      break;
    case 'liquidation':
      move = -0.9 / leverage;
      break;
    default:
      move = gauss(rnd) * 0.025;
  }
  const closeRate = roundTo(openRate * (1 + sign * move), pm.priceDigits);
  const makerExit = exitReason === 'roi' || exitReason === 'exit_signal' ? rnd() < 0.7 : false;
  const feeClose = makerExit ? 0.0002 : 0.0005;
  const hours = (closeAt - openAt) / 3_600_000;
  const fundingFees = roundTo(-sign * stake * leverage * 0.0001 * Math.floor(hours / 8) * (0.5 + rnd()), 8);
  const tm = { ...math, feeClose, fundingFees };
  const profit = calculateProfit(closeRate, tm);
  const extreme = Math.max(Math.abs(move) * 1.3, 0.003);
  const maxRate = roundTo(openRate * (1 + extreme * (isShort ? 0.5 : 1)), pm.priceDigits);
  const minRate = roundTo(openRate * (1 - extreme * (isShort ? 1 : 0.5)), pm.priceDigits);
  let seq = 1;
  // One in ten closes after a first exit limit order timed out and was cancelled.
  if (rnd() < 0.1) {
    seq++;
    const retry = openOrder(id, seq, pm.pair, exitSide, 'limit', closeRate, amount, closeAt - 600_000, leverage);
    ordersOut.push({ ...retry, ftIsOpen: false, status: 'canceled', ftCancelReason: 'timeout', remaining: amount });
  }
  seq++;
  const exitType = makerExit ? 'limit' : 'market';
  const exitFill = closeAt + Math.floor(rnd() * 5_000);
  ordersOut.push({
    ftTradeId: id,
    ftOrderSide: exitSide,
    ftPair: pm.pair,
    ftIsOpen: false,
    ftAmount: amount,
    ftPrice: closeRate,
    ftOrderTag: exitReason,
    orderId: `dry_run_${id}_${seq}`,
    clientOrderId: `th${id}-${seq}`,
    status: 'closed',
    symbol: pm.pair,
    orderType: exitType,
    side: exitSide,
    price: closeRate,
    average: closeRate,
    amount,
    filled: amount,
    remaining: 0,
    cost: roundTo(amount * closeRate, 8),
    orderDate: closeAt,
    orderFilledDate: exitFill,
    orderUpdateDate: exitFill,
    fundingFee: fundingFees,
    feeCost: roundTo(amount * closeRate * feeClose, 8),
    feeCurrency: 'USDT',
    leverage,
  });
  const trailing = exitReason === 'trailing_stop_loss';
  return {
    trade: {
      ...base,
      isOpen: false,
      feeClose,
      feeCloseCost: roundTo(amount * closeRate * feeClose, 8),
      feeCloseCurrency: 'USDT',
      closeRate,
      closeRateRequested: closeRate,
      realizedProfit: profit.profitAbs,
      closeProfit: profit.profitRatio,
      closeProfitAbs: profit.profitAbs,
      closeDate: exitFill,
      isStopLossTrailing: trailing,
      stopLoss: trailing ? roundTo(closeRate, pm.priceDigits) : stopRate,
      maxRate,
      minRate,
      exitReason,
      exitOrderStatus: 'closed',
      fundingFees,
      orderSeq: seq,
    },
    orders: ordersOut,
  };
}

function openOrder(
  tradeId: number,
  seq: number,
  pair: string,
  side: string,
  type: string,
  price: number,
  amount: number,
  at: number,
  leverage: number,
  ccxtSide = side,
): NewOrderRow {
  return {
    ftTradeId: tradeId,
    ftOrderSide: side,
    ftPair: pair,
    ftIsOpen: true,
    ftAmount: amount,
    ftPrice: price,
    orderId: `dry_run_${tradeId}_${seq}`,
    clientOrderId: `th${tradeId}-${seq}`,
    status: 'open',
    symbol: pair,
    orderType: type,
    side: ccxtSide,
    price,
    amount,
    filled: 0,
    remaining: amount,
    cost: 0,
    stopPrice: side === 'stoploss' ? price : null,
    orderDate: at,
    orderUpdateDate: at,
    leverage,
  };
}

/**
 * Multi-row INSERTs (up to 500 rows, under SQLite's 32,766 bound variables) in one batch.
 * Column names and value mapping come from the Drizzle schema, so the seed follows schema changes;
 * the SQL text is built here because Drizzle's query builder took most of the seeding time.
 */
async function insertChunked(client: Client, table: any, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)) as [string, any][];
  const per = Math.min(500, Math.floor(32_000 / columns.length));
  const head = `INSERT INTO "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const defaults = columns.map(([, c]) => (c.hasDefault && typeof c.default !== 'object' ? c.default : null));
  const statements = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const args: InValue[] = [];
    for (const row of chunk) {
      for (let k = 0; k < columns.length; k++) {
        const [key, col] = columns[k];
        const v = row[key] ?? defaults[k];
        args.push(v === null || v === undefined ? null : (col.mapToDriverValue(v) as InValue));
      }
    }
    statements.push({ sql: head + chunk.map(() => tuple).join(', '), args });
  }
  await client.batch(statements, 'write');
}

export interface SeedResult {
  file: string;
  cached: boolean;
  seconds: number;
  rows: { trades: number; orders: number; locks: number; candles: number };
}

/** Fills `file` (must not exist). `now` anchors the history: the newest closed trade ends near it. */
export async function seedFile(file: string, opts: SeedOptions, now = Date.now()): Promise<SeedResult['rows']> {
  const database = await openDatabase(`file:${file}`);
  const { client } = database;
  await client.execute('PRAGMA synchronous=OFF');
  await client.execute('PRAGMA cache_size=-262144');
  const rnd = mulberry32(opts.seed);
  const models = pairModels(opts.pairs, rnd);
  const span = opts.years * 365 * DAY;
  const t0 = now - span;
  const history = { t0, span };
  let orderCount = 0;
  const CHUNK = 5000;
  for (let start = 0; start < opts.closedTrades; start += CHUNK) {
    const drafts: TradeDraft[] = [];
    for (let i = start; i < Math.min(opts.closedTrades, start + CHUNK); i++) {
      // Ids follow open time, as a bot creates them; busier and quieter periods alternate.
      const x = i / opts.closedTrades;
      const minutes = Math.min(14 * 1440, Math.max(5, Math.exp(3.5 + gauss(rnd) * 1.3)));
      const duration = Math.floor(minutes * 60_000);
      const shifted = Math.min(1, Math.max(0, x + 0.004 * Math.sin(x * 40)));
      // Every trade closed at least an hour ago.
      const openAt = Math.min(Math.floor(t0 + span * shifted), now - 3_600_000 - duration);
      const closeAt = openAt + duration;
      const pm = models[Math.floor(rnd() * models.length)];
      drafts.push(draftTrade(i + 1, pm, openAt, closeAt, rnd, history));
    }
    await insertChunked(
      client,
      trades,
      drafts.map((d) => d.trade),
    );
    const os = drafts.flatMap((d) => d.orders);
    orderCount += os.length;
    await insertChunked(client, orders, os);
  }
  const open: TradeDraft[] = [];
  for (let k = 0; k < opts.openTrades; k++) {
    const openAt = now - Math.floor(rnd() * 3 * DAY);
    open.push(draftTrade(opts.closedTrades + k + 1, models[k % models.length], openAt, undefined, rnd, history));
  }
  await insertChunked(
    client,
    trades,
    open.map((d) => d.trade),
  );
  const openOrders = open.flatMap((d) => d.orders);
  orderCount += openOrders.length;
  await insertChunked(client, orders, openOrders);

  // Locks: a long history of expired protection locks and a few active ones.
  const locks = [];
  const lockCount = Math.max(10, Math.floor(opts.closedTrades / 50));
  for (let k = 0; k < lockCount; k++) {
    const at = Math.floor(t0 + (span * k) / lockCount);
    locks.push({
      pair: models[Math.floor(rnd() * models.length)].pair,
      side: rnd() < 0.8 ? '*' : rnd() < 0.5 ? 'long' : 'short',
      reason: pick(rnd, [
        ['StoplossGuard', 0.5],
        ['CooldownPeriod', 0.3],
        ['MaxDrawdown', 0.1],
        ['manual', 0.1],
      ] as [string, number][]),
      lockTime: at,
      lockEndTime: at + (30 + Math.floor(rnd() * 600)) * 60_000,
      active: false,
    });
  }
  for (let k = 0; k < 5; k++) {
    locks.push({
      pair: models[k].pair,
      side: '*',
      reason: 'StoplossGuard',
      lockTime: now - 600_000,
      lockEndTime: now + (k + 1) * 3_600_000,
      active: true,
    });
  }
  await insertChunked(client, pairLocks, locks);

  // 5m candles, newest ending at the last closed candle before `now`.
  const lastOpen = Math.floor(now / FIVE_MIN) * FIVE_MIN - FIVE_MIN;
  let candleCount = 0;
  for (const pm of models) {
    const rows = [];
    let prev = priceAt(pm, lastOpen - opts.candlesPerPair * FIVE_MIN, t0, span);
    for (let k = opts.candlesPerPair - 1; k >= 0; k--) {
      const ts = lastOpen - k * FIVE_MIN;
      const close = priceAt(pm, ts + FIVE_MIN, t0, span) * (1 + gauss(rnd) * 0.002);
      const hi = Math.max(prev, close) * (1 + rnd() * 0.002);
      const lo = Math.min(prev, close) * (1 - rnd() * 0.002);
      rows.push({
        pair: pm.pair,
        timeframe: '5m',
        candleType: 'futures',
        ts,
        open: roundTo(prev, pm.priceDigits),
        high: roundTo(hi, pm.priceDigits),
        low: roundTo(lo, pm.priceDigits),
        close: roundTo(close, pm.priceDigits),
        volume: roundTo(rnd() * 1e5, 3),
      });
      prev = close;
    }
    candleCount += rows.length;
    await insertChunked(client, candles, rows);
  }
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  return {
    trades: opts.closedTrades + opts.openTrades,
    orders: orderCount,
    locks: locks.length,
    candles: candleCount,
  };
}

export function cacheKey(opts: SeedOptions): string {
  const schema = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.tag + m.sql).join('\n'))
    .digest('hex')
    .slice(0, 10);
  return `t${opts.closedTrades}-o${opts.openTrades}-p${opts.pairs}-c${opts.candlesPerPair}-y${opts.years}-s${opts.seed}-v${SEED_VERSION}-${schema}`;
}

/** The cached seeded file for these options, created when missing or stale. */
export async function seededFile(opts: SeedOptions, fresh = false): Promise<SeedResult & { rowsKnown: boolean }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `${cacheKey(opts)}.sqlite`);
  const started = performance.now();
  if (!fresh && existsSync(file) && Date.now() - statSync(file).mtimeMs < MAX_CACHE_AGE_MS) {
    return {
      file,
      cached: true,
      seconds: 0,
      rows: { trades: opts.closedTrades + opts.openTrades, orders: 0, locks: 0, candles: 0 },
      rowsKnown: false,
    };
  }
  const tmp = `${file}.${process.pid}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const rows = await seedFile(tmp, opts);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  renameSync(tmp, file);
  return { file, cached: false, seconds: (performance.now() - started) / 1000, rows, rowsKnown: true };
}

/** A private copy of the seeded file (servers write to their database). */
export function copySeeded(file: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'tradesv3.sqlite');
  copyFileSync(file, target);
  return target;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      trades: { type: 'string' },
      pairs: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const opts: SeedOptions = {
    ...DEFAULT_SEED,
    closedTrades: values.trades ? Number(values.trades) : DEFAULT_SEED.closedTrades,
    pairs: values.pairs ? Number(values.pairs) : DEFAULT_SEED.pairs,
  };
  const r = await seededFile(opts, values.fresh);
  if (r.cached) console.log(`cached: ${r.file}`);
  else console.log(`seeded ${r.file} in ${r.seconds.toFixed(1)} s: ${JSON.stringify(r.rows)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
