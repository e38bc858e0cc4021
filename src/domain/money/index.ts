// freqtrade's money math as pure functions over plain data.

export {
  type ExitCheck,
  type ExitType,
  shouldExit,
} from './exit-checks.ts';
export {
  applyLiquidationBuffer,
  binanceCrossVars,
  type CrossPosition,
  type LeverageTier,
  liquidationPrice,
  maintenanceRatioAndAmount,
  maxLeverageForStake,
} from './liquidation.ts';
export { updateMinMaxRate } from './minmax.ts';
export { calcProfitRatio, calculateProfit } from './profit.ts';
export { recalcFromOrders } from './recalc.ts';
export { minRoiEntry, minRoiReached, tradeDurationMinutes } from './roi.ts';
export { pct, round8, roundHalfEven } from './round.ts';
export {
  adjustStopLoss,
  emptyStopLossState,
  stopLossFromRatio,
  stoplossOrLiquidation,
} from './stoploss.ts';
export { stoplossHit } from './stoploss-hit.ts';
export { tradeMathFromEntry } from './trade.ts';
export { stoplossAdjust, trailingStopRatio } from './trailing.ts';
export type * from './types.ts';
export { borrowed, closeTradeValue, marginInterest, openTradeValue } from './values.ts';
