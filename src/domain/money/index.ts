// freqtrade's money math as pure functions over plain data.

export {
  CUSTOM_TAG_MAX_LENGTH,
  type ExitCheck,
  type ExitCheckInput,
  type ExitType,
  shouldExit,
} from './exit-checks.ts';
export {
  applyLiquidationBuffer,
  type LeverageTier,
  type LiquidationInput,
  liquidationPrice,
  maintenanceRatioAndAmount,
} from './liquidation.ts';
export { updateMinMaxRate } from './minmax.ts';
export { calcProfitRatio, calculateProfit } from './profit.ts';
export { type RecalcOptions, type RecalcResult, recalcFromOrders } from './recalc.ts';
export { minRoiEntry, minRoiReached, type RoiStep, tradeDurationMinutes } from './roi.ts';
export { pct, round8, roundHalfEven } from './round.ts';
export {
  type AdjustStopLossOptions,
  adjustStopLoss,
  emptyStopLossState,
  stopLossFromRatio,
  stoplossOrLiquidation,
} from './stoploss.ts';
export { type PriceTick, stoplossHit } from './stoploss-hit.ts';
export { type EntryFill, tradeMathFromEntry } from './trade.ts';
export { type StoplossTick, stoplossAdjust, trailingStopRatio } from './trailing.ts';
export type * from './types.ts';
export { borrowed, closeTradeValue, marginInterest, openTradeValue } from './values.ts';
