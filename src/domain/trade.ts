// The stored trade, order and pair lock records as the domain sees them: plain data, one field
// per column. src/db/schema.ts checks at compile time that its tables produce exactly these shapes,
// so the domain, the reports and the engine share them without importing the database layer.
// Times are epoch milliseconds.

export interface Trade {
  id: number;
  exchange: string;
  pair: string;
  baseCurrency: string;
  stakeCurrency: string;
  isOpen: boolean;
  feeOpen: number;
  feeOpenCost: number | null;
  feeOpenCurrency: string | null;
  feeClose: number;
  feeCloseCost: number | null;
  feeCloseCurrency: string | null;
  openRate: number;
  openRateRequested: number | null;
  openTradeValue: number;
  closeRate: number | null;
  closeRateRequested: number | null;
  realizedProfit: number;
  closeProfit: number | null;
  closeProfitAbs: number | null;
  stakeAmount: number;
  maxStakeAmount: number | null;
  amount: number;
  amountRequested: number | null;
  openDate: number;
  closeDate: number | null;
  stopLoss: number;
  stopLossPct: number | null;
  initialStopLoss: number | null;
  initialStopLossPct: number | null;
  isStopLossTrailing: boolean;
  stoplossLastUpdate: number | null;
  maxRate: number | null;
  minRate: number | null;
  exitReason: string | null;
  exitOrderStatus: string | null;
  strategy: string;
  enterTag: string | null;
  timeframe: number | null;
  tradingMode: string;
  amountPrecision: number | null;
  pricePrecision: number | null;
  precisionMode: number | null;
  precisionModePrice: number | null;
  contractSize: number | null;
  leverage: number;
  isShort: boolean;
  liquidationPrice: number | null;
  interestRate: number;
  fundingFees: number;
  /** Sequence for client order ids: trade id + sequence gives a stable, unique id per order. */
  orderSeq: number;
  recordVersion: number;
}

export interface Order {
  id: number;
  ftTradeId: number;
  ftOrderSide: string;
  ftPair: string;
  ftIsOpen: boolean;
  ftAmount: number;
  ftPrice: number;
  ftCancelReason: string | null;
  ftOrderTag: string | null;
  /** Exchange order id; null until the exchange accepted the order. */
  orderId: string | null;
  clientOrderId: string;
  status: string | null;
  symbol: string | null;
  orderType: string | null;
  side: string | null;
  price: number | null;
  average: number | null;
  amount: number | null;
  filled: number | null;
  remaining: number | null;
  cost: number | null;
  stopPrice: number | null;
  orderDate: number;
  orderFilledDate: number | null;
  orderUpdateDate: number | null;
  fundingFee: number | null;
  ftFeeBase: number | null;
  feeCost: number | null;
  feeCurrency: string | null;
  leverage: number | null;
}

export interface PairLock {
  id: number;
  pair: string;
  side: string;
  reason: string | null;
  lockTime: number;
  lockEndTime: number;
  active: boolean;
}
