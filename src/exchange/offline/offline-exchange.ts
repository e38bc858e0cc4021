// The built-in offline market: a deterministic, seeded simulation of a USDT exchange.
// It is a market-data source only; orders on it go through the dry-run broker
// (src/exchange/dry-run/broker.ts), so the order methods here throw 'not_supported'.

import { amountToPrecision, priceToPrecision } from '../../domain/precision.ts';
import type { Clock } from '../../util/clock.ts';
import { systemClock } from '../../util/clock.ts';
import type {
  Balances,
  Candle,
  CandleType,
  CreateOrderRequest,
  Exchange,
  ExchangeOrder,
  FeeSchedule,
  LeverageTier,
  MarginMode,
  Market,
  OrderBookTop,
  Ticker,
} from '../port.ts';
import { ExchangeError } from '../port.ts';
import { buildCandle, candleStart, offlineTimeframeMs } from './candles.ts';
import { ASSETS, type AssetSpec, futuresMarkets, offlineLeverageTiers, spotMarkets } from './pairs.ts';
import { DAY, MINUTE, PricePath } from './price-path.ts';
import { hashString, hashUnit } from './prng.ts';

export interface OfflineExchangeOptions {
  tradingMode?: 'spot' | 'futures';
  marginMode?: MarginMode;
  /** Seed of the price paths; the same seed and time always give the same market. */
  seed?: number;
  clock?: Clock;
}

export const DEFAULT_OFFLINE_SEED = 20240521;
export const DEFAULT_OHLCV_LIMIT = 500;
export const MAX_OHLCV_LIMIT = 1500;
const HOUR = 3_600_000;
/** Half of the 0.02 % bid/ask spread. */
const HALF_SPREAD = 0.0001;
const DEFAULT_BOOK_DEPTH = 10;
const MAX_BOOK_DEPTH = 100;
const FUNDING_RATE = 0.0001;
const FUNDING_INTERVAL = 8 * 3_600_000;
/** Completed candles are immutable, so they are cached; each (asset, timeframe) cache is capped. */
const CACHE_LIMIT = 50_000;

export class OfflineExchange implements Exchange {
  readonly id = 'offline';
  readonly name = 'Offline';
  /** The simulated market takes stop orders (the dry-run broker emulates them). */
  readonly stopOrderTypes = ['limit', 'market'] as const;
  /** Any stoploss_price_type: the offline market triggers on its own price. */
  readonly stopPriceTypes = ['last', 'mark', 'index'] as const;
  readonly tradingMode: 'spot' | 'futures';
  readonly marginMode: MarginMode;
  readonly seed: number;
  private readonly clock: Clock;
  private readonly paths = new Map<string, PricePath>();
  private readonly allMarkets = new Map<string, Market>();
  private readonly candleCache = new Map<string, Map<number, Candle>>();
  private readonly bookKey: number;
  private loaded: Record<string, Market> = {};

  constructor(options: OfflineExchangeOptions = {}) {
    this.tradingMode = options.tradingMode ?? 'spot';
    this.marginMode = options.marginMode ?? (this.tradingMode === 'futures' ? 'isolated' : '');
    this.seed = options.seed ?? DEFAULT_OFFLINE_SEED;
    this.clock = options.clock ?? systemClock;
    for (const asset of ASSETS) this.paths.set(asset.base, new PricePath(asset, this.seed));
    for (const m of [...spotMarkets(), ...futuresMarkets()]) this.allMarkets.set(m.symbol, m);
    this.bookKey = (this.seed ^ hashString('orderbook')) >>> 0;
  }

  async loadMarkets(_reload?: boolean): Promise<Record<string, Market>> {
    const list = this.tradingMode === 'futures' ? futuresMarkets() : spotMarkets();
    this.loaded = Object.fromEntries(list.map((m) => [m.symbol, m]));
    return this.loaded;
  }

  markets(): Record<string, Market> {
    return this.loaded;
  }

  /** The price of `symbol` at time `t` (ms): the function every candle and ticker derives from. */
  priceAt(symbol: string, t: number): number {
    return this.path(symbol).price(t);
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    return this.ticker(symbol, this.clock.now());
  }

  async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    const now = this.clock.now();
    const list =
      symbols ?? Object.keys(this.tradingMode === 'futures' ? marketsOf(futuresMarkets()) : marketsOf(spotMarkets()));
    const out: Record<string, Ticker> = {};
    for (const s of list) out[s] = this.ticker(s, now);
    return out;
  }

  async fetchOHLCV(
    symbol: string,
    timeframe: string,
    since?: number,
    limit?: number,
    candleType: CandleType = 'spot',
  ): Promise<Candle[]> {
    const path = this.path(symbol);
    const tfMs = offlineTimeframeMs(timeframe);
    if (tfMs === undefined)
      throw new ExchangeError('not_supported', `Timeframe ${timeframe} is not supported by Offline`);
    const count = Math.max(1, Math.min(MAX_OHLCV_LIMIT, Math.floor(limit ?? DEFAULT_OHLCV_LIMIT)));
    const now = this.clock.now();
    const current = candleStart(now, tfMs);
    let start: number;
    if (since === undefined) {
      start = current - (count - 1) * tfMs;
    } else {
      start = candleStart(since, tfMs);
      if (start < since) start += tfMs;
    }
    const out: Candle[] = [];
    for (let t = start; t <= current && out.length < count; t += tfMs) {
      // Funding is paid every 8 hours, as on Binance: no funding-rate candle in between.
      if (candleType === 'funding_rate' && t % FUNDING_INTERVAL !== 0) continue;
      out.push(this.candle(path, t, tfMs, now, candleType));
    }
    return out;
  }

  async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBookTop> {
    const now = this.clock.now();
    const market = this.market(symbol);
    const { bid, ask } = this.ticker(symbol, now);
    const depth = Math.max(1, Math.min(MAX_BOOK_DEPTH, Math.floor(limit ?? DEFAULT_BOOK_DEPTH)));
    const tick = market.precision.price;
    const gap = Math.max(tick, priceToPrecision(bid * HALF_SPREAD, tick, 'ROUND_UP'));
    const asset = this.path(symbol).asset;
    const minute = Math.floor(now / MINUTE);
    const bids: [number, number][] = [];
    const asks: [number, number][] = [];
    for (let i = 0; i < depth; i++) {
      bids.push([priceToPrecision(bid - i * gap, tick), this.bookAmount(asset, minute, i, 0)]);
      asks.push([priceToPrecision(ask + i * gap, tick), this.bookAmount(asset, minute, i, 1)]);
    }
    return { symbol, timestamp: now, bids: bids.filter(([p]) => p > 0), asks };
  }

  fees(symbol: string): FeeSchedule {
    const m = this.market(symbol);
    return { taker: m.taker, maker: m.maker };
  }

  leverageTiers(symbol: string): LeverageTier[] | undefined {
    const m = this.loaded[symbol];
    return m?.swap ? offlineLeverageTiers(m) : undefined;
  }

  async fetchBalance(): Promise<Balances> {
    throw notSupported('fetchBalance');
  }
  async createOrder(_req: CreateOrderRequest): Promise<ExchangeOrder> {
    throw notSupported('createOrder');
  }
  async cancelOrder(_id: string, _symbol: string): Promise<ExchangeOrder> {
    throw notSupported('cancelOrder');
  }
  async fetchOrder(_id: string, _symbol: string): Promise<ExchangeOrder> {
    throw notSupported('fetchOrder');
  }
  async fetchOrderByClientId(_clientOrderId: string, _symbol: string): Promise<ExchangeOrder | undefined> {
    throw notSupported('fetchOrderByClientId');
  }
  async fetchOpenOrders(_symbol?: string): Promise<ExchangeOrder[]> {
    throw notSupported('fetchOpenOrders');
  }

  private market(symbol: string): Market {
    const m = this.allMarkets.get(symbol);
    if (!m) throw new ExchangeError('bad_symbol', `Offline has no market ${symbol}`);
    return m;
  }

  private path(symbol: string): PricePath {
    return this.paths.get(this.market(symbol).base)!;
  }

  private ticker(symbol: string, now: number): Ticker {
    const market = this.market(symbol);
    const path = this.path(symbol);
    const tick = market.precision.price;
    const last = path.price(now);
    const open = path.price(now - DAY);
    let high = last;
    let low = last;
    for (let t = candleStart(now - DAY, HOUR); t <= now; t += HOUR) {
      const c = this.candle(path, t, HOUR, now, 'spot');
      if (c[2] > high) high = c[2];
      if (c[3] < low) low = c[3];
    }
    let baseVolume = 0;
    const minuteNow = candleStart(now, MINUTE);
    for (let m = minuteNow - DAY; m < minuteNow; m += MINUTE) baseVolume += path.minuteVolume(m);
    return {
      symbol,
      timestamp: now,
      last,
      bid: priceToPrecision(last * (1 - HALF_SPREAD), tick, 'ROUND_DOWN'),
      ask: priceToPrecision(last * (1 + HALF_SPREAD), tick, 'ROUND_UP'),
      high,
      low,
      baseVolume,
      quoteVolume: baseVolume * last,
      percentage: ((last - open) / open) * 100,
    };
  }

  private candle(path: PricePath, start: number, tfMs: number, now: number, candleType: CandleType): Candle {
    if (candleType === 'funding_rate') return [start, FUNDING_RATE, FUNDING_RATE, FUNDING_RATE, FUNDING_RATE, 0];
    if (candleType === 'premiumIndex') return [start, 0, 0, 0, 0, 0];
    // spot, futures, mark and index candles all follow the same price path.
    if (start + tfMs > now) return buildCandle(path, start, tfMs, now);
    const key = `${path.asset.base}|${tfMs}`;
    let cache = this.candleCache.get(key);
    if (!cache) {
      cache = new Map();
      this.candleCache.set(key, cache);
    }
    // Keyed by candle index, a small integer, which Maps hash much faster than ms timestamps.
    const index = Math.floor(start / tfMs);
    let c = cache.get(index);
    if (!c) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      c = buildCandle(path, start, tfMs, now);
      cache.set(index, c);
    }
    return [c[0], c[1], c[2], c[3], c[4], c[5]];
  }

  private bookAmount(asset: AssetSpec, minute: number, level: number, side: number): number {
    const u = hashUnit(this.bookKey ^ hashString(asset.base), minute * 256 + level * 2 + side);
    const amount = amountToPrecision(asset.volumePerMinute * (0.05 + 0.5 * u) * (1 + level * 0.3), asset.amountStep);
    return Math.max(asset.minAmount, amount);
  }
}

function marketsOf(list: Market[]): Record<string, Market> {
  return Object.fromEntries(list.map((m) => [m.symbol, m]));
}

function notSupported(method: string): ExchangeError {
  return new ExchangeError(
    'not_supported',
    `Offline is a market-data source; ${method} goes through the dry-run broker (DryRunBroker)`,
  );
}
