// Entry and exit prices from entry_pricing / exit_pricing (freqtrade's get_rate): which side of
// the book, from the order book or the ticker, with price_last_balance towards the last price.

import type { Config } from '../config/schema.ts';
import type { Exchange } from '../exchange/port.ts';

type Pricing = Config['entry_pricing'];

/** 'bid' or 'ask' for an order on `orderSide`. "same" = the side the order rests on. */
export function bookSide(pricing: Pricing, orderSide: 'buy' | 'sell'): 'bid' | 'ask' {
  const ps = pricing.price_side;
  if (ps === 'bid' || ps === 'ask') return ps;
  const same = orderSide === 'buy' ? 'bid' : 'ask';
  const other = orderSide === 'buy' ? 'ask' : 'bid';
  return ps === 'same' ? same : other;
}

export async function getRate(
  exchange: Exchange,
  pair: string,
  pricing: Pricing,
  orderSide: 'buy' | 'sell',
): Promise<number> {
  const side = bookSide(pricing, orderSide);
  if (pricing.use_order_book) {
    const book = await exchange.fetchOrderBook(pair, pricing.order_book_top);
    const levels = side === 'bid' ? book.bids : book.asks;
    const level = levels[Math.min(pricing.order_book_top, levels.length) - 1];
    if (level) return level[0];
  }
  const ticker = await exchange.fetchTicker(pair);
  const quote = side === 'bid' ? ticker.bid : ticker.ask;
  const last = ticker.last;
  if (!Number.isFinite(quote)) return last;
  // Move towards `last` only when last lies beyond the quote (freqtrade's price_last_balance).
  const beyond = side === 'ask' ? last < quote : last > quote;
  return beyond && pricing.price_last_balance > 0 ? quote + pricing.price_last_balance * (last - quote) : quote;
}

export function entryOrderSide(isShort: boolean): 'buy' | 'sell' {
  return isShort ? 'sell' : 'buy';
}

export function exitOrderSide(isShort: boolean): 'buy' | 'sell' {
  return isShort ? 'buy' : 'sell';
}

/**
 * freqtrade's get_valid_price: a strategy's custom price (custom_entry_price / custom_exit_price),
 * or the proposed one when it gives none, kept within max_distance_ratio of the proposed price.
 */
export function validCustomPrice(custom: unknown, proposed: number, maxDistanceRatio: number): number {
  const value = typeof custom === 'number' && Number.isFinite(custom) && custom !== 0 ? custom : proposed;
  const low = proposed - proposed * maxDistanceRatio;
  const high = proposed + proposed * maxDistanceRatio;
  return Math.max(Math.min(value, high), low);
}

/** freqtrade's strategy_safe_wrapper: a callback that throws gives the default, and the error is logged. */
export function safeCallback<T>(log: { error(msg: string): void }, name: string, fn: () => T, fallback: T): T {
  try {
    const out = fn();
    return out === undefined || out === null ? fallback : out;
  } catch (e) {
    log.error(`Strategy callback ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}
