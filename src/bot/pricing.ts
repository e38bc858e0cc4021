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
