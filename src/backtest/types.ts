// Shapes of a backtest run: its inputs (settings resolved from config and strategy, candles),
// the simulated trades and orders, and the progress it reports.

import type { LeverageTier, StopLossState, TradeMath, TradingMode } from '../domain/money/index.ts';
import type { ProtectionSettings } from '../domain/protections.ts';
import type { Candle, CandleType, Market } from '../exchange/port.ts';

/** freqtrade's BacktestState, as the webserver's /backtest reports `step`. */
export type BacktestStep = 'startup' | 'dataload' | 'analyze' | 'convert' | 'backtest';

export interface BacktestProgress {
  step: BacktestStep;
  /** 0..1 within the step. */
  progress: number;
  strategy?: string;
}

export type ProgressListener = (p: BacktestProgress) => void;

/** Candles of one pair, oldest first, open times in ms. Missing data: an empty array. */
export type CandleLoader = (
  pair: string,
  timeframe: string,
  candleType: CandleType,
) => readonly Candle[] | Promise<readonly Candle[]>;

export type { ProtectionSettings as ProtectionSetting } from '../domain/protections.ts';

/** Everything the engine reads, already merged (CLI > config > strategy), as freqtrade does. */
export interface EngineSettings {
  timeframe: string;
  timeframeDetail: string | null;
  stakeCurrency: string;
  stakeAmount: number | 'unlimited';
  /** -1 = unlimited. */
  maxOpenTrades: number;
  startingBalance: number;
  tradableBalanceRatio: number;
  availableCapital: number | null;
  amendLastStakeAmount: boolean;
  lastStakeAmountMinRatio: number;
  fee: number;
  tradingMode: TradingMode;
  marginMode: 'isolated' | 'cross' | '';
  liquidationBuffer: number;
  /** Maintenance margin ratio for the liquidation price of a pair without leverage tiers. */
  maintenanceMarginRatio: number;
  /** The exchange's leverage tiers per pair (futures): maintenance margin and maximum leverage. */
  leverageTiers: Record<string, LeverageTier[]>;
  /** The exchange id, which picks the liquidation formula (freqtrade's exchange class). */
  exchangeId: string;
  enableProtections: boolean;
  protections: ProtectionSettings[];
  canShort: boolean;
  positionAdjustment: boolean;
  maxEntryPositionAdjustment: number;
  /** unfilledtimeout in ms; null = never. */
  entryTimeoutMs: number | null;
  exitTimeoutMs: number | null;
  entryOrderType: 'limit' | 'market';
  exitOrderType: 'limit' | 'market';
  /** Funding fees are settled at multiples of this interval (futures). */
  fundingIntervalMs: number;
  markets: Record<string, Market>;
}

export interface BtOrder {
  id: number;
  side: 'buy' | 'sell';
  isEntry: boolean;
  orderType: 'limit' | 'market';
  price: number;
  amount: number;
  filled: number;
  orderDate: number;
  filledDate: number | null;
  isOpen: boolean;
  tag: string | null;
  fundingFee: number;
}

/** A simulated trade: the money fields the domain math reads, plus freqtrade's bookkeeping. */
export interface BtTrade extends TradeMath, StopLossState {
  id: number;
  pair: string;
  openDate: number;
  openRateRequested: number;
  amountRequested: number;
  enterTag: string | null;
  exitReason: string | null;
  closeRate: number | null;
  closeDate: number | null;
  maxRate: number | null;
  minRate: number | null;
  isOpen: boolean;
  orders: BtOrder[];
  fundingFeeRunning: number;
  /** Time of the last filled order (funding fees are counted from there). */
  lastFillDate: number;
  amountPrecision: number | null;
  pricePrecision: number | null;
  contractSize: number;
}

export interface BtLock {
  id: number;
  pair: string;
  side: '*' | 'long' | 'short';
  lockTime: number;
  lockEndTime: number;
  reason: string;
  active: boolean;
}

/** A pair's candles as typed columns, oldest first (open times in ms). */
export interface CandleColumns {
  date: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** One pair's candles as columns, signals already shifted one candle (no lookahead). */
export interface PairSeries {
  pair: string;
  date: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  enterLong: Uint8Array;
  exitLong: Uint8Array;
  enterShort: Uint8Array;
  exitShort: Uint8Array;
  /** The frame's tag columns, not copied: row i's tags are at i + tagOffset (the candle before). */
  enterTag: readonly (string | null)[];
  exitTag: readonly (string | null)[];
  tagOffset: number;
}

export interface BacktestCounters {
  rejectedSignals: number;
  timedoutEntryOrders: number;
  timedoutExitOrders: number;
  canceledTradeEntries: number;
  canceledEntryOrders: number;
  replacedEntryOrders: number;
}
