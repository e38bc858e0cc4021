// Converts ccxt's unified structures into the port's shapes.
import type {
  Balance,
  Balances as CcxtBalances,
  MarketInterface as CcxtMarket,
  Order as CcxtOrder,
  Ticker as CcxtTicker,
  OHLCV,
  OrderBook,
} from 'ccxt';
import type { Balances, Candle, ExchangeOrder, Market, OrderBookTop, OrderStatus, OrderType, Ticker } from '../port.ts';

// ccxt's precisionMode constants (ccxt/js/src/base/functions/number.js).
export const DECIMAL_PLACES = 2;
export const SIGNIFICANT_DIGITS = 3;
export const TICK_SIZE = 4;

/** Smallest step ccxt reports nothing for: effectively "any amount/price". */
const FALLBACK_STEP = 1e-8;

/**
 * The port wants tick sizes. TICK_SIZE exchanges (binance, kraken, hyperliquid…) already give one;
 * DECIMAL_PLACES gives a digit count (2 → 0.01). SIGNIFICANT_DIGITS has no fixed step, so it is
 * approximated as that many decimal places.
 */
export function precisionToStep(value: number | undefined, precisionMode: number): number {
  if (value === undefined || value === null || !Number.isFinite(value)) return FALLBACK_STEP;
  if (precisionMode === TICK_SIZE) return value > 0 ? value : FALLBACK_STEP;
  return Number((10 ** -value).toFixed(Math.max(0, Math.round(value))));
}

const minMax = (range: { min?: number; max?: number } | undefined) => ({
  min: range?.min ?? undefined,
  max: range?.max ?? undefined,
});

function marketType(m: CcxtMarket): Market['type'] {
  if (m.swap) return 'swap';
  if (m.future) return 'future';
  if (m.margin && !m.spot) return 'margin';
  return 'spot';
}

export function toMarket(m: CcxtMarket, precisionMode: number): Market {
  return {
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    settle: m.settle ?? undefined,
    type: marketType(m),
    spot: Boolean(m.spot),
    swap: Boolean(m.swap),
    linear: m.linear ?? undefined,
    active: m.active !== false,
    contractSize: m.contractSize ?? 1,
    precision: {
      amount: precisionToStep(m.precision?.amount, precisionMode),
      price: precisionToStep(m.precision?.price, precisionMode),
    },
    limits: {
      amount: minMax(m.limits?.amount),
      price: minMax(m.limits?.price),
      cost: minMax(m.limits?.cost),
      leverage: minMax(m.limits?.leverage),
    },
    taker: m.taker ?? 0,
    maker: m.maker ?? 0,
  };
}

export function toTicker(t: CcxtTicker, now: number): Ticker {
  const last = t.last ?? t.close ?? Number.NaN;
  return {
    symbol: t.symbol ?? '',
    timestamp: t.timestamp ?? now,
    last,
    bid: t.bid ?? last,
    ask: t.ask ?? last,
    high: t.high ?? undefined,
    low: t.low ?? undefined,
    quoteVolume: t.quoteVolume ?? undefined,
    baseVolume: t.baseVolume ?? undefined,
    percentage: t.percentage ?? undefined,
  };
}

export function toCandle(c: OHLCV): Candle {
  return [Number(c[0]), Number(c[1]), Number(c[2]), Number(c[3]), Number(c[4]), Number(c[5] ?? 0)];
}

/**
 * freqtrade's l2_limit_range / l2_limit_range_required (2024.10 kucoin.py, htx.py) and
 * get_next_limit_in_list: the order-book depth sent is the smallest allowed one at or above the
 * wanted depth; above the largest, no limit at all (the exchange's default book).
 */
const L2_LIMIT_RANGES: Record<string, readonly number[]> = { kucoin: [20, 100], htx: [5, 10, 20] };

export function orderBookLimit(exchangeId: string, limit: number | undefined): number | undefined {
  const range = L2_LIMIT_RANGES[exchangeId];
  if (!range || limit === undefined) return limit;
  return range.find((x) => limit <= x);
}

export function toOrderBook(symbol: string, book: OrderBook, now: number): OrderBookTop {
  const level = (l: (number | undefined)[]): [number, number] => [Number(l[0]), Number(l[1])];
  return {
    symbol: book.symbol ?? symbol,
    timestamp: book.timestamp ?? now,
    bids: book.bids.map(level),
    asks: book.asks.map(level),
  };
}

export function toBalances(b: CcxtBalances): Balances {
  const result: Balances = {};
  const totals = (b.total ?? {}) as unknown as Record<string, number | undefined>;
  for (const currency of Object.keys(totals)) {
    const entry = b[currency] as Balance | undefined;
    const free = entry?.free ?? 0;
    const used = entry?.used ?? 0;
    result[currency] = { free, used, total: entry?.total ?? free + used };
  }
  return result;
}

const STATUSES: Record<string, OrderStatus> = {
  open: 'open',
  closed: 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
};

/** Stop and take-profit variants collapse onto the two types the port knows. */
function orderType(o: CcxtOrder): OrderType {
  if (o.type === 'market' || o.type === 'limit') return o.type;
  return o.price ? 'limit' : 'market';
}

export function toOrder(o: CcxtOrder, fallbackSymbol: string, now: number): ExchangeOrder {
  const amount = o.amount ?? 0;
  const filled = o.filled ?? 0;
  const average = o.average ?? undefined;
  // Several fills in different currencies would need summing per currency; ccxt already reduces them.
  const fee = o.fee ?? (o as { fees?: CcxtOrder['fee'][] }).fees?.[0];
  return {
    id: String(o.id),
    clientOrderId: o.clientOrderId ?? undefined,
    symbol: o.symbol ?? fallbackSymbol,
    side: o.side === 'sell' ? 'sell' : 'buy',
    type: orderType(o),
    // 'canceling' and unknown states still count as open: the order may yet fill.
    status: STATUSES[o.status ?? ''] ?? 'open',
    timestamp: o.timestamp ?? now,
    lastTradeTimestamp: o.lastTradeTimestamp ?? undefined,
    price: o.type === 'market' && !filled ? undefined : (o.price ?? undefined),
    average,
    amount,
    filled,
    remaining: o.remaining ?? Math.max(0, amount - filled),
    cost: o.cost ?? filled * (average ?? 0),
    fee:
      fee && fee.cost !== undefined && fee.currency
        ? { cost: fee.cost, currency: fee.currency, rate: fee.rate ?? undefined }
        : undefined,
    reduceOnly: o.reduceOnly ?? undefined,
    // Binance reports a stopPrice of 0 on plain orders.
    stopPrice: (o.triggerPrice ?? o.stopPrice) || undefined,
  };
}

/**
 * A create-order reply that carries only ids (OKX, Gate and Bybit acknowledge so) takes the
 * requested amount and price, as freqtrade's Order.parse_from_ccxt_object falls back to them.
 */
export function withRequestDefaults(o: CcxtOrder, amount: number, price: number | undefined): CcxtOrder {
  return { ...o, amount: o.amount ?? amount, price: o.price ?? price, status: o.status ?? 'open' };
}

/** freqtrade's is_cancel_order_result_suitable: status and amount present (fee checked by the caller's fetch). */
export function cancelReplyUsable(o: CcxtOrder): boolean {
  return o.status !== undefined && o.status !== null && o.amount !== undefined && o.amount !== null;
}
