// Whether the stop or the liquidation price was crossed (freqtrade's stop_loss_reached check).

import type { StopExitReason, StopLossState } from './types.ts';

export interface PriceTick {
  currentRate: number;
  /** Candle low / high (backtesting); the adverse one is checked. */
  low?: number | null;
  high?: number | null;
}

/**
 * The exit reason if the adverse price (low for longs, high for shorts, else the current rate)
 * reached the stop or the liquidation price; null otherwise. A stop that has trailed reports
 * 'trailing_stop_loss'. The stop wins over liquidation when both are crossed. An unset stop (0)
 * never triggers; run stoplossAdjust first so the initial stop exists.
 */
export function stoplossHit(
  state: Pick<StopLossState, 'isShort' | 'stopLoss' | 'liquidationPrice' | 'isStopLossTrailing'>,
  tick: PriceTick,
): StopExitReason | null {
  const rate = (state.isShort ? tick.high : tick.low) || tick.currentRate;
  const crossed = (level: number) => (state.isShort ? level <= rate : level >= rate);
  if (state.stopLoss && crossed(state.stopLoss)) return state.isStopLossTrailing ? 'trailing_stop_loss' : 'stop_loss';
  if (state.liquidationPrice && crossed(state.liquidationPrice)) return 'liquidation';
  return null;
}
