// Highest and lowest prices seen while a trade is open (freqtrade's adjust_min_max_rates).

import type { MinMaxRates } from './types.ts';

/** Folds a tick into max/min rate; both start from the open rate. */
export function updateMinMaxRate<T extends MinMaxRates>(state: T, high: number, low: number = high): T {
  return {
    ...state,
    maxRate: Math.max(high, state.maxRate || state.openRate),
    minRate: Math.min(low, state.minRate || state.openRate),
  };
}
