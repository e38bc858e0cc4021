// The strategy contract, mirroring freqtrade's IStrategy in TypeScript.
// A frame is columnar: one array per column, all of the same length, ascending by date.

import type { Candle, Market, OrderBookTop, Ticker } from '../exchange/port.ts';
import type { InformativeSpec } from './informative.ts';
import type { StreamingAnalysis } from './streaming.ts';

export type Column = (number | null)[];
export type TagColumn = (string | null)[];

export interface Frame {
  /** Candle open time, epoch ms. */
  date: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  /** Indicator and signal columns (enter_long, exit_long, enter_short, exit_short: 1 or 0/null). */
  columns: Record<string, Column>;
  /** Tag columns (enter_tag, exit_tag). */
  tags: Record<string, TagColumn>;
}

/** freqtrade's RunMode values a strategy can see. */
export type RunMode = 'live' | 'dry_run' | 'backtest' | 'hyperopt' | 'plot' | 'webserver' | 'other';

/** What a strategy may read besides its own candles (freqtrade's DataProvider, the parts tickhub has). */
export interface DataProviderView {
  /** A producer bot's analysed frame in producer/consumer mode (freqtrade's dp.get_producer_df). */
  getProducerDf(pair: string, timeframe?: string, candleType?: string, producerName?: string): Frame | undefined;
  /** Closed candles of any fetched pair/timeframe, a fresh frame (empty when none are held): dp.get_pair_dataframe. */
  getPairDataframe(pair: string, timeframe?: string, candleType?: string): Frame;
  /** The latest analysed frame and when it was analysed (epoch ms; empty frame and 0 when none): dp.get_analyzed_dataframe. */
  getAnalyzedDataframe(pair: string, timeframe?: string): [Frame, number];
  /** The pairs the bot trades now (dp.current_whitelist). */
  currentWhitelist(): string[];
  readonly runmode: RunMode;
  /**
   * dp.ticker: a fresh fetchTicker on the exchange (the dry-run broker's market: the offline
   * simulation or ccxt). `{}` when the exchange fails, as freqtrade; `{}` in backtests. Await it.
   */
  ticker(pair: string): Promise<Partial<Ticker>>;
  /** dp.orderbook: a fresh L2 book of up to `maximum` levels a side (1…1000); empty sides in backtests. */
  orderbook(pair: string, maximum: number): Promise<OrderBookTop>;
  /** dp.market: the loaded market (ccxt shape), undefined when unknown (always in backtests). */
  market(pair: string): Market | undefined;
}

export interface PairMeta {
  pair: string;
  timeframe: string;
  dp?: DataProviderView;
  /** The config's stake currency, for informative asset formats like '{base}/{stake}'. */
  stakeCurrency?: string;
}

export interface PlotConfig {
  main_plot?: Record<string, { color?: string; type?: string; [k: string]: unknown }>;
  subplots?: Record<string, Record<string, { color?: string; type?: string; [k: string]: unknown }>>;
}

/** What callbacks see of a trade (a read-only view). */
export interface TradeView {
  id: number;
  pair: string;
  isShort: boolean;
  openRate: number;
  openDate: number; // ms
  amount: number;
  stakeAmount: number;
  leverage: number;
  enterTag: string | null;
  /** freqtrade's trade.fee_open / fee_close (ratios). */
  feeOpen: number;
  feeClose: number;
}

/** The fields a strategy callback sees, copied out of a live trade row or a backtest trade. */
export function tradeView(trade: TradeView): TradeView {
  return {
    id: trade.id,
    pair: trade.pair,
    isShort: trade.isShort,
    openRate: trade.openRate,
    openDate: trade.openDate,
    amount: trade.amount,
    stakeAmount: trade.stakeAmount,
    leverage: trade.leverage,
    enterTag: trade.enterTag,
    feeOpen: trade.feeOpen,
    feeClose: trade.feeClose,
  };
}

export interface CustomStoplossArgs {
  pair: string;
  trade: TradeView;
  currentTime: number; // ms
  currentRate: number;
  currentProfit: number; // ratio
  afterFill: boolean;
}

export interface ConfirmEntryArgs {
  pair: string;
  orderType: string;
  amount: number;
  rate: number;
  currentTime: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

export interface LeverageArgs {
  pair: string;
  currentTime: number;
  currentRate: number;
  proposedLeverage: number;
  maxLeverage: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

/** freqtrade's custom_entry_price: the limit price of an entry (defaults to the proposed rate). */
export interface CustomEntryPriceArgs {
  pair: string;
  trade: TradeView | null;
  currentTime: number;
  proposedRate: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

/** freqtrade's custom_stake_amount. */
export interface CustomStakeArgs {
  pair: string;
  currentTime: number;
  currentRate: number;
  proposedStake: number;
  minStake: number | null;
  maxStake: number;
  leverage: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

/** freqtrade's adjust_trade_position: a positive stake adds to the position, a negative one exits part of it. */
export interface AdjustPositionArgs {
  trade: TradeView & { nrOfSuccessfulEntries: number };
  currentTime: number;
  currentRate: number;
  currentProfit: number;
  minStake: number | null;
  maxStake: number;
  /** freqtrade's current_entry_rate / current_exit_rate and the profit ratios at each. */
  currentEntryRate: number;
  currentExitRate: number;
  currentEntryProfit: number;
  currentExitProfit: number;
}

/** freqtrade's custom_exit: a truthy return exits (a string becomes the exit reason). */
export interface CustomExitArgs {
  pair: string;
  trade: TradeView;
  currentTime: number;
  currentRate: number;
  currentProfit: number;
}

/** freqtrade's custom_roi (2025.4): a minimum ROI ratio for this trade now; the lower of it and minimal_roi exits. */
export interface CustomRoiArgs {
  pair: string;
  trade: TradeView;
  currentTime: number;
  /** Whole minutes since the trade opened (freqtrade's trade_duration). */
  tradeDuration: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

/** freqtrade's custom_exit_price: the limit price of an exit (defaults to the proposed rate). */
export interface CustomExitPriceArgs {
  pair: string;
  trade: TradeView;
  currentTime: number;
  proposedRate: number;
  currentProfit: number;
  exitTag: string | null;
}

/** freqtrade's confirm_trade_exit: false cancels this exit (the next applicable one is tried). */
export interface ConfirmExitArgs {
  pair: string;
  trade: TradeView;
  orderType: string;
  amount: number;
  rate: number;
  timeInForce: string;
  exitReason: string;
  currentTime: number;
}

/** An order as order_filled sees it (freqtrade's Order, the fields strategies read). */
export interface OrderView {
  /** 'buy' / 'sell', or 'stoploss' for a stop order (freqtrade's ft_order_side). */
  ftOrderSide: string;
  orderType: string | null;
  amount: number;
  filled: number;
  /** freqtrade's safe_price: average, else price. */
  price: number;
  status: string | null;
  tag: string | null;
}

/** freqtrade's order_filled(pair, trade, order, current_time). */
export interface OrderFilledArgs {
  pair: string;
  trade: TradeView;
  order: OrderView;
  currentTime: number;
}

/** freqtrade's check_entry_timeout / check_exit_timeout: true cancels the open order now. */
export interface CheckTimeoutArgs {
  pair: string;
  trade: TradeView;
  order: OrderView;
  currentTime: number;
}

/** freqtrade's adjust_entry_price / adjust_exit_price: the new limit of an open order; null cancels it, the current rate keeps it. */
export interface AdjustEntryPriceArgs {
  trade: TradeView;
  order: OrderView;
  pair: string;
  currentTime: number;
  proposedRate: number;
  currentOrderRate: number;
  entryTag: string | null;
  side: 'long' | 'short';
}

export interface StrategySettings {
  timeframe: string;
  startup_candle_count: number;
  minimal_roi: Record<string, number>;
  stoploss: number;
  trailing_stop: boolean;
  trailing_stop_positive: number | null;
  trailing_stop_positive_offset: number;
  trailing_only_offset_is_reached: boolean;
  use_custom_stoploss: boolean;
  /** Ask customRoi() on every ROI check (freqtrade 2025.4, a strategy attribute only). */
  use_custom_roi: boolean;
  use_exit_signal: boolean;
  exit_profit_only: boolean;
  /** With exit_profit_only, the profit ratio an exit signal must beat (freqtrade default 0). */
  exit_profit_offset: number;
  ignore_roi_if_entry_signal: boolean;
  can_short: boolean;
  process_only_new_candles: boolean;
  position_adjustment_enable: boolean;
  order_types: Record<string, string | boolean | number>;
  /** freqtrade's order_time_in_force: 'GTC' | 'FOK' | 'IOC' | 'PO' per side. */
  order_time_in_force: { entry: string; exit: string };
}

export interface Strategy extends StrategySettings {
  /** Class name, as in the `strategy` config key. */
  readonly name: string;
  version?(): string | null;
  plot_config?: PlotConfig;

  /** Extra [pair, timeframe] (or [pair, timeframe, candle type]) candles the bot fetches each tick (informative_pairs()). */
  informativePairs?(): ([string, string] | [string, string, string])[];
  /** freqtrade's @informative-decorated populate methods, merged into the frame before populateIndicators. */
  informative?: InformativeSpec[];
  /** The populate methods may be async (to await meta.dp.ticker / orderbook); the bot and backtest await them. */
  populateIndicators(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
  populateEntryTrend(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
  populateExitTrend(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
  /**
   * tickhub opt-in (see README "Streaming analysis"): the same analysis row by row, so the bot keeps
   * each pair's frame between ticks and computes only new candles. It must give what the three
   * populate methods give (which still run in backtests and for the API).
   */
  streaming?: StreamingAnalysis;

  customStoploss?(args: CustomStoplossArgs): number | null;
  confirmTradeEntry?(args: ConfirmEntryArgs): boolean;
  confirmTradeExit?(args: ConfirmExitArgs): boolean;
  /** Once, when the bot starts (freqtrade's bot_start). */
  botStart?(): void | Promise<void>;
  /** At the start of every bot iteration (freqtrade's bot_loop_start). */
  botLoopStart?(args: { currentTime: number }): void | Promise<void>;
  /** After an order of a trade ended with a fill (freqtrade's order_filled). */
  orderFilled?(args: OrderFilledArgs): void;
  checkEntryTimeout?(args: CheckTimeoutArgs): boolean;
  checkExitTimeout?(args: CheckTimeoutArgs): boolean;
  customExitPrice?(args: CustomExitPriceArgs): number | null;
  /**
   * freqtrade's adjust_entry_price / adjust_exit_price, asked on each new candle for an open limit
   * order (bot and backtest; backtest asks for entries only): the current rate keeps it, null
   * cancels it, another price cancels it and places the rest again at that price.
   */
  adjustEntryPrice?(args: AdjustEntryPriceArgs): number | null;
  adjustExitPrice?(args: AdjustEntryPriceArgs): number | null;
  leverage?(args: LeverageArgs): number;
  customEntryPrice?(args: CustomEntryPriceArgs): number | null;
  customStakeAmount?(args: CustomStakeArgs): number;
  adjustTradePosition?(args: AdjustPositionArgs): number | null | [number | null, string | null] | [number | null];
  customExit?(args: CustomExitArgs): string | boolean | null;
  /** With use_custom_roi: a ROI ratio (null / NaN / infinity = use minimal_roi only). */
  customRoi?(args: CustomRoiArgs): number | null;
  /**
   * freqtrade's send_msg: a strategy_msg RPC message at the end of the iteration (dry-run / live).
   * Without alwaysSend, a message is sent once per candle. The bot installs it.
   */
  sendMsg?(message: string, opts?: { alwaysSend?: boolean }): void;
  /** Largest number of extra entries per trade (-1 = unlimited), freqtrade's max_entry_position_adjustment. */
  max_entry_position_adjustment?: number;
  /** freqtrade's market_direction: a user-managed hint the strategy may read, set from Telegram's /marketdir. */
  market_direction?: 'long' | 'short' | 'even' | 'none';
}

export function frameFromCandles(candles: Candle[]): Frame {
  const n = candles.length;
  const f: Frame = {
    date: new Array(n),
    open: new Array(n),
    high: new Array(n),
    low: new Array(n),
    close: new Array(n),
    volume: new Array(n),
    columns: {},
    tags: {},
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    f.date[i] = c[0];
    f.open[i] = c[1];
    f.high[i] = c[2];
    f.low[i] = c[3];
    f.close[i] = c[4];
    f.volume[i] = c[5];
  }
  return f;
}
