// Stop orders on the exchange (freqtrade's stoploss_on_exchange): the prices an order is placed
// at, when a resting stop must be moved, and where the dry-run stop fills. Pure: plain numbers in.

import { priceToPrecision, type Rounding } from './precision.ts';

export type Side = 'buy' | 'sell';

/** freqtrade's default stoploss_on_exchange_limit_ratio. */
export const DEFAULT_LIMIT_RATIO = 0.99;

export class StopPriceError extends Error {}

/** An exit stop is rounded away from the market: up for a sell (long), down for a buy (short). */
export function stopRounding(side: Side): Rounding {
  return side === 'buy' ? 'ROUND_DOWN' : 'ROUND_UP';
}

/**
 * freqtrade's _get_stop_limit_rate: the limit price of a stop-limit order, `ratio` below the stop
 * for a sell (2 − ratio above it for a buy). A limit on the wrong side of the stop (a stop of 0
 * after a liquidation estimate, a ratio above 1) is refused.
 */
export function stopLimitRate(stopPrice: number, ratio: number, side: Side): number {
  const limit = side === 'sell' ? stopPrice * ratio : stopPrice * (2 - ratio);
  const bad = side === 'sell' ? stopPrice < limit : stopPrice > limit;
  if (bad) {
    throw new StopPriceError(
      'In stoploss limit order, stop price should be more than limit price. ' +
        `Stop price: ${stopPrice}, Limit price: ${limit}, Limit Price pct: ${ratio}`,
    );
  }
  return limit;
}

export interface StopOrderPrices {
  /** Trigger price on the tick grid. */
  stopPrice: number;
  /** Limit price on the tick grid; undefined for a stop-market order. */
  limitPrice: number | undefined;
}

/**
 * freqtrade's create_stoploss: the trigger is the stop rounded to the tick (up for sells, down
 * for buys); a stop-limit's limit is computed from the unrounded stop, then rounded the same way.
 */
export function stopOrderPrices(
  stop: number,
  side: Side,
  opts: { tick: number; limit: boolean; ratio?: number },
): StopOrderPrices {
  const rounding = stopRounding(side);
  const stopPrice = priceToPrecision(stop, opts.tick, rounding);
  if (!opts.limit) return { stopPrice, limitPrice: undefined };
  const limit = stopLimitRate(stop, opts.ratio ?? DEFAULT_LIMIT_RATIO, side);
  return { stopPrice, limitPrice: priceToPrecision(limit, opts.tick, rounding) };
}

/**
 * freqtrade's stoploss_adjust: the resting stop order must move when the trade's stop (already on
 * the grid) is tighter than the order's trigger, or the order shows no trigger at all.
 */
export function stopNeedsMove(stop: number, orderStopPrice: number | null | undefined, side: Side): boolean {
  if (orderStopPrice === null || orderStopPrice === undefined) return true;
  return side === 'sell' ? stop > orderStopPrice : stop < orderStopPrice;
}

/**
 * freqtrade's _dry_is_price_crossed with is_stop: a sell stop triggers once the best ask is at or
 * below the trigger, a buy stop once the best bid is at or above it.
 */
export function dryStopCrossed(side: Side, stopPrice: number, book: { bid: number; ask: number }): boolean {
  return side === 'sell' ? stopPrice >= book.ask : stopPrice <= book.bid;
}

/**
 * freqtrade's dry-run stop fill (get_dry_market_fill_price with the order's price as worst rate):
 * the top of the book on the order's side, never worse than the order's price (the limit, or the
 * trigger for a stop-market order), rounded to the tick.
 */
export function dryStopFillPrice(side: Side, worst: number, book: { bid: number; ask: number }, tick: number): number {
  const touch = side === 'sell' ? book.bid : book.ask;
  const price = side === 'sell' ? Math.max(touch, worst) : Math.min(touch, worst);
  return priceToPrecision(price, tick);
}
