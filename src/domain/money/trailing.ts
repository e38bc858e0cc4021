// Which stop ratio applies on each tick (freqtrade's ft_stoploss_adjust).

import { type AdjustStopLossOptions, adjustStopLoss } from './stoploss.ts';
import type { StopLossState, TrailingSettings } from './types.ts';

/**
 * The ratio the trailing stop should follow at `boundProfit`, or null when it must not move:
 * trailing off, or trailing_only_offset_is_reached with the offset not reached yet.
 * Past the offset, trailing_stop_positive (when set) replaces `stoplossValue` (the strategy's
 * stoploss, or the forced / custom one in force).
 */
export function trailingStopRatio(
  settings: TrailingSettings,
  boundProfit: number,
  stoplossValue: number = settings.stoploss,
): number | null {
  if (!settings.trailing_stop) return null;
  const offset = settings.trailing_stop_positive_offset;
  if (settings.trailing_only_offset_is_reached && boundProfit < offset) return null;
  if (settings.trailing_stop_positive !== null && boundProfit > offset) return settings.trailing_stop_positive;
  return stoplossValue;
}

export interface StoplossTick {
  currentRate: number;
  /** Candle low / high (backtesting); the favourable one is used to trail. */
  low?: number | null;
  high?: number | null;
  currentProfit: number;
  /** Profit ratio at the favourable bound (high for longs, low for shorts); defaults to currentProfit. */
  boundProfit?: number;
  /** A stoploss forced from outside (e.g. the config), replacing the strategy's. */
  forceStoploss?: number | null;
  /** The strategy's custom_stoploss for (rate, profit ratio), if use_custom_stoploss. */
  customStoploss?: (rate: number, profit: number) => number | null;
  /** Called right after an order filled; allows the custom stop to move both ways. */
  afterFill?: boolean;
}

/**
 * Applies one tick to the stop: sets the initial stop from the open rate, then, while the price
 * is still on the right side of the stop, the custom stop and the trailing stop.
 */
export function stoplossAdjust(
  state: StopLossState,
  settings: TrailingSettings,
  tick: StoplossTick,
  options: Pick<AdjustStopLossOptions, 'now' | 'roundPrice'> = {},
): StopLossState {
  let stoplossValue = tick.forceStoploss || settings.stoploss;
  let next = adjustStopLoss(state, state.openRate, stoplossValue, { ...options, initial: true });

  const adverse = (next.isShort ? tick.high : tick.low) || tick.currentRate;
  const dirCorrect = next.isShort ? next.stopLoss > adverse : next.stopLoss < adverse;
  if (!dirCorrect) return next;

  const bound = (next.isShort ? tick.low : tick.high) || tick.currentRate;
  const boundProfit = tick.boundProfit ?? tick.currentProfit;

  if (tick.customStoploss) {
    const custom = tick.customStoploss(bound, boundProfit);
    if (custom && Number.isFinite(custom)) {
      stoplossValue = custom;
      next = adjustStopLoss(next, bound, custom, { ...options, allowRefresh: tick.afterFill ?? false });
    }
  }
  const trailing = trailingStopRatio(settings, boundProfit, stoplossValue);
  if (trailing !== null) next = adjustStopLoss(next, bound, trailing, options);
  return next;
}
