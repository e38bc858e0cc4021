// Public market data of the fake: exchange info with Binance's filters, tickers, candles and depth,
// all computed from the market specs and the current time.
import { ApiError, decimals, fmt, roundTo } from './format.ts';

export interface FakeMarketSpec {
  symbol: string; // exchange id, e.g. "BTCUSDT"
  base: string;
  quote: string;
  price: number;
  tickSize: string;
  stepSize: string;
  minQty: string;
  minNotional: string;
  /** Listing time (ms): no candles before it (AgeFilter tests). */
  listedAt?: number;
}

export const DEFAULT_MARKETS: FakeMarketSpec[] = [
  {
    symbol: 'BTCUSDT',
    base: 'BTC',
    quote: 'USDT',
    price: 50000,
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    minNotional: '5',
  },
  {
    symbol: 'ETHUSDT',
    base: 'ETH',
    quote: 'USDT',
    price: 3000,
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    minNotional: '5',
  },
  {
    symbol: 'SOLUSDT',
    base: 'SOL',
    quote: 'USDT',
    price: 150,
    tickSize: '0.01',
    stepSize: '0.001',
    minQty: '0.001',
    minNotional: '5',
  },
  {
    symbol: 'XRPUSDT',
    base: 'XRP',
    quote: 'USDT',
    price: 0.5,
    tickSize: '0.0001',
    stepSize: '0.1',
    minQty: '0.1',
    minNotional: '5',
  },
];

export const INTERVALS: Record<string, number> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
  '1w': 604_800_000,
};

export const exchangeInfo = (specs: Iterable<FakeMarketSpec>, now: number) => ({
  timezone: 'UTC',
  serverTime: now,
  rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
  exchangeFilters: [],
  symbols: [...specs].map((m) => ({
    symbol: m.symbol,
    status: 'TRADING',
    baseAsset: m.base,
    baseAssetPrecision: 8,
    quoteAsset: m.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: m.tickSize, maxPrice: '1000000.00000000', tickSize: m.tickSize },
      { filterType: 'LOT_SIZE', minQty: m.minQty, maxQty: '9000000.00000000', stepSize: m.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100000.00000000', stepSize: '0.00000000' },
      {
        filterType: 'NOTIONAL',
        minNotional: m.minNotional,
        applyMinToMarket: true,
        maxNotional: '9000000.00000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  })),
});

export const ticker24hr = (m: FakeMarketSpec, now: number) => {
  const t = now;
  const tick = Number(m.tickSize);
  const places = decimals(m.tickSize);
  const open = roundTo(m.price * 0.98, m.tickSize);
  return {
    symbol: m.symbol,
    priceChange: fmt(m.price - open, places),
    priceChangePercent: (((m.price - open) / open) * 100).toFixed(3),
    weightedAvgPrice: fmt(m.price, places),
    prevClosePrice: fmt(open, places),
    lastPrice: fmt(m.price, places),
    lastQty: '1.00000000',
    bidPrice: fmt(m.price - tick, places),
    bidQty: '2.00000000',
    askPrice: fmt(m.price + tick, places),
    askQty: '3.00000000',
    openPrice: fmt(open, places),
    highPrice: fmt(m.price * 1.02, places),
    lowPrice: fmt(open * 0.99, places),
    volume: '1000.00000000',
    quoteVolume: fmt(1000 * m.price, 8),
    openTime: t - 86_400_000,
    closeTime: t,
    firstId: 1,
    lastId: 1000,
    count: 1000,
  };
};

export const bookTicker = (m: FakeMarketSpec) => {
  const tick = Number(m.tickSize);
  const places = decimals(m.tickSize);
  return {
    symbol: m.symbol,
    bidPrice: fmt(m.price - tick, places),
    bidQty: '2.00000000',
    askPrice: fmt(m.price + tick, places),
    askQty: '3.00000000',
  };
};

// Deterministic candles: a smooth wave around the market's price, a function of open time only.
const candle = (m: FakeMarketSpec, openTime: number, intervalMs: number) => {
  const places = decimals(m.tickSize);
  const step = openTime / intervalMs;
  const wave = (x: number) => m.price * (1 + 0.01 * Math.sin(x / 7));
  const open = wave(step);
  const close = wave(step + 1);
  const high = Math.max(open, close) * 1.002;
  const low = Math.min(open, close) * 0.998;
  const volume = 10 + (Math.abs(Math.round(step)) % 13);
  return [
    openTime,
    fmt(open, places),
    fmt(high, places),
    fmt(low, places),
    fmt(close, places),
    fmt(volume),
    openTime + intervalMs - 1,
    fmt(volume * close),
    100,
    fmt(volume / 2),
    fmt((volume / 2) * close),
    '0',
  ];
};

export const klines = (m: FakeMarketSpec, params: Record<string, string>, now: number) => {
  const intervalMs = INTERVALS[params.interval];
  if (!intervalMs) throw new ApiError(400, -1120, 'Invalid interval.');
  const limit = Math.min(Number(params.limit ?? 500), 1000);
  const current = Math.floor(now / intervalMs) * intervalMs;
  const end = Math.min(
    params.endTime ? Math.floor(Number(params.endTime) / intervalMs) * intervalMs : current,
    current,
  );
  let start: number;
  if (params.startTime) start = Math.ceil(Number(params.startTime) / intervalMs) * intervalMs;
  else start = end - (limit - 1) * intervalMs;
  if (m.listedAt !== undefined) start = Math.max(start, Math.ceil(m.listedAt / intervalMs) * intervalMs);
  const rows = [];
  for (let t = start; t <= end && rows.length < limit; t += intervalMs) rows.push(candle(m, t, intervalMs));
  return rows;
};

export const depth = (m: FakeMarketSpec, params: Record<string, string>, now: number) => {
  const levels = Math.min(Number(params.limit ?? 100), 20);
  const tick = Number(m.tickSize);
  const places = decimals(m.tickSize);
  const bids = [];
  const asks = [];
  for (let i = 1; i <= levels; i++) {
    bids.push([fmt(m.price - i * tick, places), fmt(i)]);
    asks.push([fmt(m.price + i * tick, places), fmt(i)]);
  }
  return { lastUpdateId: 1_000_000 + Math.round(now / 1000), bids, asks };
};
