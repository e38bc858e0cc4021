// Seeds a tickhub database with realistic rows: closed and open trades (long/short, several
// pairs, exit reasons, enter tags) with their orders, pair locks, candles and trade custom data.
// Used by the API tests and the benchmarks (seedDatabase with larger counts).

import { getTableColumns } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { saveCandles } from '../../src/db/repo/candles.ts';
import { customData, type NewOrderRow, type NewTradeRow, orders, pairLocks, trades } from '../../src/db/schema.ts';
import type { Candle } from '../../src/exchange/port.ts';

export interface SeedOptions {
  closedTrades?: number;
  openTrades?: number;
  pairs?: string[];
  /** Closed trades are spread over this many days before `now`. */
  days?: number;
  now?: number;
  /** Futures trades (and shorts) instead of spot longs only. */
  tradingMode?: 'spot' | 'futures';
  /** Candles (5m) stored per pair. 0 for none. */
  candlesPerPair?: number;
  strategy?: string;
}

export interface SeedResult {
  closedIds: number[];
  openIds: number[];
  lockIds: { star: number; long: number; expired: number };
  now: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FEE = 0.001;
const EXIT_REASONS = ['roi', 'exit_signal', 'stop_loss', 'trailing_stop_loss', 'force_exit'];
const ENTER_TAGS = [null, 'breakout', 'dip'];

/** A small deterministic PRNG (mulberry32) so seeded data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const basePrice: Record<string, number> = { 'BTC/USDT': 60000, 'ETH/USDT': 3000, 'SOL/USDT': 150 };

function profitOf(isShort: boolean, amount: number, openRate: number, closeRate: number) {
  const open = amount * openRate;
  const close = amount * closeRate;
  const openValue = isShort ? open * (1 - FEE) : open * (1 + FEE);
  const closeValue = isShort ? close * (1 + FEE) : close * (1 - FEE);
  const abs = isShort ? openValue - closeValue : closeValue - openValue;
  return { abs: Math.round(abs * 1e8) / 1e8, ratio: Math.round((abs / openValue) * 1e8) / 1e8, openValue };
}

// D1 binds at most 100 parameters per statement: a multi-row insert holds at most 100 / columns rows.
const MAX_BOUND_PARAMETERS = 100;
function rowsPerInsert(table: Parameters<typeof getTableColumns>[0]): number {
  return Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(table)).length));
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export async function seedDatabase(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const now = opts.now ?? Date.now();
  const pairs = opts.pairs ?? ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
  const closedCount = opts.closedTrades ?? 12;
  const openCount = opts.openTrades ?? 2;
  const days = opts.days ?? 10;
  const futures = opts.tradingMode === 'futures';
  const strategy = opts.strategy ?? 'MaCrossStrategy';
  const rnd = prng(42);

  const tradeRows: NewTradeRow[] = [];
  const meta: {
    isOpen: boolean;
    pair: string;
    openRate: number;
    closeRate: number | null;
    amount: number;
    openDate: number;
    closeDate: number | null;
    isShort: boolean;
    tag: string | null;
  }[] = [];
  const span = days * DAY;
  for (let i = 0; i < closedCount + openCount; i++) {
    const isOpen = i >= closedCount;
    const pair = futures ? `${pairs[i % pairs.length]}:USDT` : pairs[i % pairs.length];
    const spotPair = pairs[i % pairs.length];
    const price = (basePrice[spotPair] ?? 10) * (0.9 + rnd() * 0.2);
    const isShort = futures && i % 3 === 1;
    const amount = Math.round((100 / price) * 1e6) / 1e6;
    const openDate = isOpen
      ? now - (openCount - (i - closedCount)) * HOUR
      : now - span + Math.floor((span * i) / Math.max(1, closedCount)) - 3 * HOUR;
    const closeDate = isOpen ? null : openDate + HOUR + Math.floor(rnd() * 2 * HOUR);
    // Every third closed trade loses, one breaks even: wins, losses and draws all appear.
    const move = i % 7 === 3 ? 0 : (i % 3 === 2 ? -1 : 1) * (0.005 + rnd() * 0.03);
    const closeRate = isOpen ? null : isShort ? price * (1 - move) : price * (1 + move);
    const tag = ENTER_TAGS[i % ENTER_TAGS.length];
    meta.push({ isOpen, pair, openRate: price, closeRate, amount, openDate, closeDate, isShort, tag });
    const p = closeRate === null ? undefined : profitOf(isShort, amount, price, closeRate);
    const stake = amount * price;
    tradeRows.push({
      exchange: 'offline',
      pair,
      baseCurrency: spotPair.split('/')[0],
      stakeCurrency: 'USDT',
      isOpen,
      feeOpen: FEE,
      feeOpenCost: stake * FEE,
      feeOpenCurrency: 'USDT',
      feeClose: FEE,
      feeCloseCost: closeRate === null ? null : amount * closeRate * FEE,
      feeCloseCurrency: closeRate === null ? null : 'USDT',
      openRate: price,
      openRateRequested: price,
      openTradeValue: profitOf(isShort, amount, price, price).openValue,
      closeRate,
      closeRateRequested: closeRate,
      realizedProfit: p?.abs ?? 0,
      closeProfit: p?.ratio ?? null,
      closeProfitAbs: p?.abs ?? null,
      stakeAmount: stake,
      maxStakeAmount: stake,
      amount,
      amountRequested: amount,
      openDate,
      closeDate,
      stopLoss: isShort ? price * 1.1 : price * 0.9,
      stopLossPct: -0.1,
      initialStopLoss: isShort ? price * 1.1 : price * 0.9,
      initialStopLossPct: -0.1,
      stoplossLastUpdate: openDate,
      maxRate: price * 1.04,
      minRate: price * 0.97,
      exitReason: isOpen ? null : EXIT_REASONS[i % EXIT_REASONS.length],
      strategy,
      enterTag: tag,
      timeframe: 5,
      tradingMode: futures ? 'futures' : 'spot',
      leverage: 1,
      isShort,
      liquidationPrice: futures ? (isShort ? price * 1.9 : price * 0.1) : null,
      amountPrecision: 0.000001,
      pricePrecision: 0.01,
      precisionMode: 4,
      precisionModePrice: 4,
      contractSize: 1,
    });
  }

  // Batched multi-row inserts: one-by-one autocommits are slow on libSQL files.
  const ids: number[] = [];
  const tradeChunks = chunks(tradeRows, rowsPerInsert(trades)).map((rows) =>
    db.insert(trades).values(rows).returning({ id: trades.id }),
  );
  for (const group of chunks(tradeChunks, 20)) {
    for (const inserted of await db.batch(group as [any, ...any[]]))
      ids.push(...(inserted as { id: number }[]).map((r) => r.id));
  }

  const orderRows: NewOrderRow[] = [];
  ids.forEach((id, i) => {
    const m = meta[i];
    const entry = m.isShort ? 'sell' : 'buy';
    const exit = m.isShort ? 'buy' : 'sell';
    orderRows.push({
      ftTradeId: id,
      ftOrderSide: entry,
      ftPair: m.pair,
      ftIsOpen: false,
      ftAmount: m.amount,
      ftPrice: m.openRate,
      orderId: `dry-${id}-1`,
      clientOrderId: `th-${id}-1`,
      status: 'closed',
      symbol: m.pair,
      orderType: 'limit',
      side: entry,
      price: m.openRate,
      average: m.openRate,
      amount: m.amount,
      filled: m.amount,
      remaining: 0,
      cost: m.amount * m.openRate,
      orderDate: m.openDate,
      orderFilledDate: m.openDate + 1000,
      orderUpdateDate: m.openDate + 1000,
      ftOrderTag: m.tag,
    });
    if (m.closeRate !== null && m.closeDate !== null) {
      orderRows.push({
        ftTradeId: id,
        ftOrderSide: exit,
        ftPair: m.pair,
        ftIsOpen: false,
        ftAmount: m.amount,
        ftPrice: m.closeRate,
        orderId: `dry-${id}-2`,
        clientOrderId: `th-${id}-2`,
        status: 'closed',
        symbol: m.pair,
        orderType: 'market',
        side: exit,
        price: m.closeRate,
        average: m.closeRate,
        amount: m.amount,
        filled: m.amount,
        remaining: 0,
        cost: m.amount * m.closeRate,
        orderDate: m.closeDate - 1000,
        orderFilledDate: m.closeDate,
        orderUpdateDate: m.closeDate,
      });
    }
  });
  const orderChunks = chunks(orderRows, rowsPerInsert(orders)).map((rows) => db.insert(orders).values(rows));
  for (const group of chunks(orderChunks, 20)) await db.batch(group as [any, ...any[]]);

  const locks = await db
    .insert(pairLocks)
    .values([
      {
        pair: pairs[0],
        side: '*',
        reason: 'manual lock',
        lockTime: now - HOUR,
        lockEndTime: now + 2 * HOUR,
        active: true,
      },
      {
        pair: pairs[1 % pairs.length],
        side: 'long',
        reason: 'long only',
        lockTime: now - HOUR,
        lockEndTime: now + 2 * HOUR,
        active: true,
      },
      { pair: pairs[0], side: '*', reason: 'expired', lockTime: now - 3 * HOUR, lockEndTime: now - HOUR, active: true },
    ])
    .returning({ id: pairLocks.id });

  const closedIds = ids.slice(0, closedCount);
  const openIds = ids.slice(closedCount);
  const cdTrades = [closedIds[0], openIds[0]].filter((x): x is number => x !== undefined);
  if (cdTrades.length > 0) {
    await db.insert(customData).values(
      cdTrades.flatMap((id) => [
        { ftTradeId: id, cdKey: 'note', cdType: 'str', cdValue: 'seeded', createdAt: now - HOUR, updatedAt: null },
        { ftTradeId: id, cdKey: 'score', cdType: 'float', cdValue: '0.75', createdAt: now - HOUR, updatedAt: now },
      ]),
    );
  }

  const perPair = opts.candlesPerPair ?? 300;
  if (perPair > 0) {
    const tf = 5 * 60_000;
    const end = Math.floor(now / tf) * tf;
    for (const pair of pairs) {
      const candles: Candle[] = [];
      let price = basePrice[pair] ?? 10;
      for (let k = perPair; k > 0; k--) {
        const open = price;
        price = price * (1 + (rnd() - 0.5) * 0.01);
        const close = price;
        candles.push([
          end - k * tf,
          open,
          Math.max(open, close) * 1.001,
          Math.min(open, close) * 0.999,
          close,
          10 + rnd() * 5,
        ]);
      }
      await saveCandles(db, { pair, timeframe: '5m', candleType: futures ? 'futures' : 'spot' }, candles);
    }
  }

  return { closedIds, openIds, lockIds: { star: locks[0].id, long: locks[1].id, expired: locks[2].id }, now };
}
