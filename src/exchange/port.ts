// The Exchange port: everything the bot needs from a market, whatever sits behind it
// (the offline simulated market, ccxt talking to a real exchange, or the dry-run broker
// wrapping either one). Shapes follow ccxt's unified API so the ccxt adapter stays thin.

import type { LeverageTier } from '../domain/money/index.ts';

export type { LeverageTier };
export type TradingMode = 'spot' | 'margin' | 'futures';
export type MarginMode = 'cross' | 'isolated' | '';
export type CandleType = 'spot' | 'futures' | 'mark' | 'index' | 'premiumIndex' | 'funding_rate';
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type OrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

export interface MarketLimits {
  amount: { min?: number; max?: number };
  price: { min?: number; max?: number };
  cost: { min?: number; max?: number };
  leverage: { min?: number; max?: number };
}

export interface Market {
  symbol: string; // "ETH/USDT" or futures "ETH/USDT:USDT"
  base: string;
  quote: string;
  settle?: string;
  type: 'spot' | 'swap' | 'future' | 'margin';
  spot: boolean;
  swap: boolean;
  linear?: boolean;
  active: boolean;
  contractSize?: number; // 1 for spot
  /**
   * Tick sizes (ccxt TICK_SIZE precision mode): amount step and price step. Amounts and amount limits
   * are in base currency: for a contract size ≠ 1 the ccxt adapter converts them from contracts.
   */
  precision: { amount: number; price: number };
  limits: MarketLimits;
  taker: number;
  maker: number;
}

export interface Ticker {
  symbol: string;
  timestamp: number; // ms
  last: number;
  bid: number;
  ask: number;
  high?: number;
  low?: number;
  /** 24h quote volume, used by VolumePairList. */
  quoteVolume?: number;
  baseVolume?: number;
  percentage?: number;
}

/** [timestamp ms (candle open), open, high, low, close, volume] */
export type Candle = [number, number, number, number, number, number];

export interface OrderBookTop {
  symbol: string;
  timestamp: number;
  bids: [number, number][]; // [price, amount], best first
  asks: [number, number][];
}

export interface BalanceEntry {
  free: number;
  used: number;
  total: number;
}
export type Balances = Record<string, BalanceEntry>;

export interface ExchangeOrder {
  id: string;
  clientOrderId?: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  timestamp: number; // ms, when placed
  lastTradeTimestamp?: number; // ms, last fill
  price?: number; // limit price (undefined for market orders until filled)
  average?: number; // average fill price
  amount: number;
  filled: number;
  remaining: number;
  cost: number; // filled * average
  fee?: { cost: number; currency: string; rate?: number };
  reduceOnly?: boolean;
  /** Trigger price of a stop order (ccxt's stopPrice / triggerPrice). */
  stopPrice?: number;
}

/** One trade (execution) of the account, as ccxt fetchMyTrades reports it, amount in base currency. */
export interface OrderTrade {
  orderId: string;
  amount: number;
  cost: number;
  /** ccxt's fee, or its fees list when it gives no single fee (freqtrade prefers the single one). */
  fees: { cost: number; currency: string; rate?: number }[];
}

/** freqtrade's order_time_in_force values (passed to the exchange for limit orders only). */
export type TimeInForce = 'GTC' | 'FOK' | 'IOC' | 'PO';

export interface CreateOrderRequest {
  symbol: string;
  type: OrderType;
  side: OrderSide;
  amount: number;
  price?: number; // required for limit orders
  /** Idempotency key: the same id never creates a second order. */
  clientOrderId: string;
  leverage?: number;
  reduceOnly?: boolean;
  /** GTC when absent; other values are sent for limit orders only, as freqtrade does. */
  timeInForce?: TimeInForce;
}

/** A stop order closing (part of) a position: freqtrade's create_stoploss. */
export interface StopOrderRequest {
  symbol: string;
  /** The exit side. */
  side: OrderSide;
  amount: number;
  /** Trigger price, already on the tick grid. */
  stopPrice: number;
  /** Limit price of a stop-limit order (on the grid); a stop-market order when absent. */
  limitPrice?: number;
  clientOrderId: string;
  leverage?: number;
  /** Futures only: which price triggers the stop (freqtrade's stoploss_price_type). */
  priceType?: 'last' | 'mark' | 'index';
}

export interface FeeSchedule {
  taker: number;
  maker: number;
}

/** The error kinds the bot reacts to; adapters map their native errors onto these. */
export type ExchangeErrorKind =
  | 'network' // transient: retried with backoff
  | 'insufficient_funds'
  | 'invalid_order'
  | 'order_not_found'
  | 'bad_symbol'
  | 'auth'
  | 'not_supported'
  | 'other';

export class ExchangeError extends Error {
  readonly kind: ExchangeErrorKind;
  constructor(kind: ExchangeErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExchangeError';
    this.kind = kind;
  }
}

export interface Exchange {
  /** Exchange id as freqtrade shows it, e.g. "binance" or "offline". */
  readonly id: string;
  /** Human name, e.g. "Binance". */
  readonly name: string;
  readonly tradingMode: TradingMode;
  readonly marginMode: MarginMode;

  /** Loads (and caches) markets; `reload` forces a fresh fetch. */
  loadMarkets(reload?: boolean): Promise<Record<string, Market>>;
  /** Cached markets (empty before the first loadMarkets). */
  markets(): Record<string, Market>;

  fetchTicker(symbol: string): Promise<Ticker>;
  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>>;
  /**
   * Candles in ascending time order. `since` (ms) is inclusive; `limit` caps the count.
   * Includes the current, still-forming candle last (as exchanges do); callers drop it.
   */
  fetchOHLCV(
    symbol: string,
    timeframe: string,
    since?: number,
    limit?: number,
    candleType?: CandleType,
  ): Promise<Candle[]>;
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBookTop>;

  fetchBalance(): Promise<Balances>;
  createOrder(req: CreateOrderRequest): Promise<ExchangeOrder>;
  cancelOrder(id: string, symbol: string): Promise<ExchangeOrder>;
  fetchOrder(id: string, symbol: string): Promise<ExchangeOrder>;
  /**
   * Places a stop order (freqtrade's create_stoploss). Only exchanges that support stoploss on
   * exchange have it; fetchOrder / cancelOrder / fetchOrderByClientId also serve stop orders.
   * `stopOrderTypes` lists the kinds it places ('limit' and/or 'market'), like freqtrade's
   * stoploss_order_types.
   */
  createStopOrder?(req: StopOrderRequest): Promise<ExchangeOrder>;
  readonly stopOrderTypes?: readonly ('limit' | 'market')[];
  /**
   * freqtrade's fetch_stoploss_order / cancel_stoploss_order: where stop orders need other calls than
   * plain orders (OKX / Gate algo orders, a triggered stop resolved to the order it placed).
   * Plain fetchOrder / cancelOrder / fetchOrderByClientId serve stops where these are absent.
   */
  fetchStopOrder?(id: string, symbol: string): Promise<ExchangeOrder>;
  cancelStopOrder?(id: string, symbol: string): Promise<ExchangeOrder>;
  fetchStopOrderByClientId?(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined>;
  /** The stoploss_price_type values it takes in futures (freqtrade's stop_price_type_value_mapping). */
  readonly stopPriceTypes?: readonly ('last' | 'mark' | 'index')[];
  /** freqtrade's stoploss_blocks_assets: no stop while another order of the trade is open (default true). */
  readonly stoplossBlocksAssets?: boolean;
  /** The order_time_in_force values it accepts (freqtrade's _ft_has); any when absent. */
  readonly timeInForceOptions?: readonly TimeInForce[];
  /** Finds an order by the client order id the bot gave it (crash recovery); undefined when none. */
  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined>;
  fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]>;
  /**
   * freqtrade's get_trades_for_order: the account's trades since `since` − 5 s (ccxt fetchMyTrades)
   * that belong to the order. Live exchanges only: dry-run has no trades to read.
   */
  fetchOrderTrades?(orderId: string, symbol: string, since: number): Promise<OrderTrade[]>;
  fees(symbol: string): FeeSchedule;
  /**
   * The leverage tiers of a futures symbol (ccxt fetchLeverageTiers, loaded with the markets in
   * futures mode); undefined when the exchange publishes none.
   */
  leverageTiers?(symbol: string): LeverageTier[] | undefined;
  /**
   * Funding fees of a futures position since `since` (freqtrade's get_funding_fees; positive =
   * received): the exchange's funding history live, computed from funding rate and mark candles in
   * dry-run and on the offline market.
   */
  fundingFees?(args: FundingFeeRequest): Promise<number>;
  /**
   * The liquidation price the exchange reports for its open position on the symbol (freqtrade's live
   * get_liquidation_price: fetch_positions(pair)[0].liquidationPrice): null without a position or a
   * price; undefined when the exchange cannot list positions (the bot then estimates it, as freqtrade).
   */
  fetchLiquidationPrice?(symbol: string): Promise<number | null | undefined>;
  /** Mark prices by symbol (freqtrade's fetch_funding_rates markPrice), for cross-margin liquidation. */
  fetchMarkPrices?(symbols: string[]): Promise<Record<string, number>>;
}

export interface FundingFeeRequest {
  symbol: string;
  /** Position size in base currency and direction (used where fees are computed, not fetched). */
  amount: number;
  isShort: boolean;
  /** Epoch ms: the trade's last fill (freqtrade's date_last_filled_utc). */
  since: number;
}

/** Timeframe string ("1m", "5m", "1h", "1d", "1w") to milliseconds. */
export function timeframeToMs(timeframe: string): number {
  const m = /^(\d+)([smhdwM])$/.exec(timeframe);
  if (!m) throw new Error(`Invalid timeframe: ${timeframe}`);
  const n = Number(m[1]);
  const unit: Record<string, number> = {
    s: 1_000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
    M: 2_592_000_000,
  };
  return n * unit[m[2]];
}

export function isValidTimeframe(timeframe: string): boolean {
  return /^(\d+)([smhdwM])$/.test(timeframe);
}
