// The stop-loss price of a trade and how it moves (freqtrade's adjust_stop_loss).

import type { PriceRounder, StopLossState } from './types.ts';

/** Stop price `ratio` away from `rate`, the ratio measured on the margin (so divided by leverage). */
export function stopLossFromRatio(rate: number, ratio: number, leverage: number, isShort: boolean): number {
  const distance = Math.abs(ratio / (leverage || 1));
  return isShort ? rate * (1 + distance) : rate * (1 - distance);
}

/** A state with no stop set yet. */
export function emptyStopLossState(
  trade: Pick<StopLossState, 'isShort' | 'leverage' | 'openRate'> & { liquidationPrice?: number | null },
): StopLossState {
  return {
    isShort: trade.isShort,
    leverage: trade.leverage,
    openRate: trade.openRate,
    stopLoss: 0,
    stopLossPct: null,
    initialStopLoss: 0,
    initialStopLossPct: null,
    isStopLossTrailing: false,
    stoplossLastUpdate: null,
    liquidationPrice: trade.liquidationPrice ?? null,
  };
}

export interface AdjustStopLossOptions {
  /** Only set a first stop; do nothing when a stop exists already. */
  initial?: boolean;
  /** Allow the stop to move against the trade too (freqtrade's allow_refresh). */
  allowRefresh?: boolean;
  /** Epoch ms recorded as stoplossLastUpdate when the stop changes. */
  now?: number;
  /** Market price precision; the stop is rounded towards the trade (up for longs, down for shorts). */
  roundPrice?: PriceRounder;
}

function withStop(state: StopLossState, stop: number, ratio: number, now: number | undefined): StopLossState {
  return {
    ...state,
    // The first stop ever set is also the initial one.
    initialStopLoss: state.stopLoss ? state.initialStopLoss : stop,
    stopLoss: stop,
    stopLossPct: -Math.abs(ratio),
    stoplossLastUpdate: now ?? state.stoplossLastUpdate,
  };
}

/**
 * Moves the stop to `ratio` away from `currentPrice`. The first call sets the initial stop;
 * later calls only tighten it (up for longs, down for shorts) unless allowRefresh is set.
 * Tightening marks the stop as trailing. `ratio` null leaves the state unchanged.
 */
export function adjustStopLoss(
  state: StopLossState,
  currentPrice: number,
  ratio: number | null | undefined,
  options: AdjustStopLossOptions = {},
): StopLossState {
  const { initial = false, allowRefresh = false, now, roundPrice } = options;
  if (ratio === null || ratio === undefined) return state;
  if (initial && state.stopLoss) return state;

  const raw = stopLossFromRatio(currentPrice, ratio, state.leverage, state.isShort);
  const stop = roundPrice ? roundPrice(raw, state.isShort ? 'down' : 'up') : raw;

  if (state.initialStopLossPct === null) {
    return { ...withStop(state, stop, ratio, now), initialStopLoss: stop, initialStopLossPct: -Math.abs(ratio) };
  }
  const tighter = state.isShort ? stop < state.stopLoss : stop > state.stopLoss;
  if (!allowRefresh && !tighter) return state;
  const next = withStop(state, stop, ratio, now);
  return allowRefresh ? next : { ...next, isStopLossTrailing: true };
}

/** The price at which the trade really ends: the stop, or the liquidation price if that comes first. */
export function stoplossOrLiquidation(state: Pick<StopLossState, 'isShort' | 'stopLoss' | 'liquidationPrice'>): number {
  if (!state.liquidationPrice) return state.stopLoss;
  return state.isShort
    ? Math.min(state.stopLoss, state.liquidationPrice)
    : Math.max(state.stopLoss, state.liquidationPrice);
}
