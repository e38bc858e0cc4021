// Plain data the money math works on. No classes, no I/O: every function in this folder
// takes these shapes and returns new values, so the same code runs on Node and on Workers.

export type TradingMode = 'spot' | 'margin' | 'futures';

/** The money-relevant part of a trade (freqtrade's Trade columns, camelCased). */
export interface TradeMath {
  isShort: boolean;
  /** 1 for spot. */
  leverage: number;
  tradingMode: TradingMode;
  /** Fee ratios, e.g. 0.001 for 0.1 %. */
  feeOpen: number;
  feeClose: number;
  /** Average entry price. */
  openRate: number;
  /** Position size in base currency (contracts already converted). */
  amount: number;
  /** amount · openRate ± open fee (see openTradeValue). */
  openTradeValue: number;
  /** Margin currently in the trade: position value / leverage. */
  stakeAmount: number;
  /** Σ entry value / leverage over all entries (never reduced by exits). */
  maxStakeAmount: number;
  /** Profit already booked by partial exits. */
  realizedProfit: number;
  /** Futures funding fees so far: positive = received, negative = paid. */
  fundingFees: number;
  /** Margin mode: borrow interest per hour (exchange specific unit, see values.ts). */
  interestRate: number;
  /** Margin mode only: which exchange's interest formula applies. */
  exchange?: string;
  /** Margin mode only: epoch ms the trade opened and closed (null while open). */
  openDate?: number;
  closeDate?: number | null;
  closeProfit?: number | null;
  closeProfitAbs?: number | null;
  feeOpenCost?: number | null;
}

/** A filled (closed or partially filled and finished) order of a trade, oldest first. */
export interface FilledOrder {
  side: 'buy' | 'sell';
  /** True when the order added to the position (buy for longs, sell for shorts). */
  isEntry: boolean;
  /** freqtrade's safe_price: the average fill price, else the order price. */
  price: number;
  /** Filled amount minus any fee the exchange took in base currency. */
  amountAfterFee: number;
  /** Funding fees accrued since the previous order (futures), 0 otherwise. */
  fundingFee: number;
}

export interface ProfitResult {
  /** Profit of the given amount in stake currency, 8 decimals. */
  profitAbs: number;
  /** Profit of the given amount as a ratio of the margin, 8 decimals. */
  profitRatio: number;
  /** profitAbs + realized profit of earlier partial exits, 8 decimals. */
  totalProfitAbs: number;
  /** totalProfitAbs over the maximum margin ever in the trade (fees included), 8 decimals. */
  totalProfitRatio: number;
}

/** Options for close-value and profit computations. */
export interface ValueOptions {
  /** Margin mode: epoch ms to count interest up to when the trade has no closeDate. */
  now?: number;
}

/** Rounds an amount to the market's precision (freqtrade's amount_to_contract_precision). */
export type AmountRounder = (amount: number) => number;

/** Rounds a price to the market's precision (up, down or to nearest). */
export type PriceRounder = (price: number, direction: 'up' | 'down' | 'nearest') => number;

/** What the stop-loss logic reads and writes on a trade. */
export interface StopLossState {
  isShort: boolean;
  leverage: number;
  openRate: number;
  /** Absolute stop price; 0 = not set yet. */
  stopLoss: number;
  /** Current stop as a negative ratio (e.g. -0.1), null before the first stop. */
  stopLossPct: number | null;
  initialStopLoss: number;
  initialStopLossPct: number | null;
  /** True once the stop moved in the favourable direction after being set. */
  isStopLossTrailing: boolean;
  /** Epoch ms of the last change of stopLoss, null if never set with a clock. */
  stoplossLastUpdate: number | null;
  liquidationPrice: number | null;
}

/** The strategy settings that drive freqtrade's stop handling. */
export interface TrailingSettings {
  stoploss: number;
  trailing_stop: boolean;
  trailing_stop_positive: number | null;
  trailing_stop_positive_offset: number;
  trailing_only_offset_is_reached: boolean;
}

export type StopExitReason = 'stop_loss' | 'trailing_stop_loss' | 'liquidation';

export interface MinMaxRates {
  openRate: number;
  maxRate: number | null;
  minRate: number | null;
}
