// The dry-run broker's stop orders (freqtrade's create_dry_run_order with stop_loss=True).

import { amountToPrecision } from '../../domain/precision.ts';
import { dryStopCrossed, dryStopFillPrice } from '../../domain/stop-order.ts';
import {
  type Exchange,
  ExchangeError,
  type ExchangeOrder,
  type Market,
  type StopOrderRequest,
  type Ticker,
} from '../port.ts';
import type { DryRunOrderRecord, DryRunWallet } from './store.ts';
import { DUST, requiredFunds } from './wallet.ts';

/**
 * An open stop order at its limit (or at the trigger for a stop-market), holding what the exit
 * would sell; refused when the book already crosses the trigger, as freqtrade's dry-run does.
 */
export function newStopRecord(
  req: StopOrderRequest,
  env: { wallet: DryRunWallet; market: Market; ticker: Ticker; now: number; free: (currency: string) => number },
): DryRunOrderRecord {
  const { market, wallet } = env;
  const amount = amountToPrecision(req.amount, market.precision.amount);
  if (!(amount > 0)) throw new ExchangeError('invalid_order', `Amount ${req.amount} rounds to 0 for ${req.symbol}`);
  if (dryStopCrossed(req.side, req.stopPrice, env.ticker)) {
    throw new ExchangeError(
      'invalid_order',
      'Could not create dry stoploss order. Stoploss would trigger immediately.',
    );
  }
  const price = req.limitPrice ?? req.stopPrice;
  const leverage = market.spot ? 1 : (req.leverage ?? 1);
  const lock = requiredFunds(wallet, market, {
    side: req.side,
    amount,
    price,
    leverage,
    feeRate: Math.max(market.taker, market.maker),
    reduceOnly: !market.spot,
  });
  if (!lock) throw new ExchangeError('invalid_order', `Stop order of ${amount} exceeds the ${req.symbol} position`);
  const free = env.free(lock.currency);
  if (lock.amount > free + DUST) {
    throw new ExchangeError(
      'insufficient_funds',
      `Need ${lock.amount} ${lock.currency} for a stop of ${amount} ${req.symbol}, ${free} available`,
    );
  }
  const order: ExchangeOrder = {
    id: `dry_run_${req.side}_${wallet.nextOrderNumber}`,
    clientOrderId: req.clientOrderId,
    symbol: req.symbol,
    side: req.side,
    type: req.limitPrice === undefined ? 'market' : 'limit',
    status: 'open',
    timestamp: env.now,
    price,
    stopPrice: req.stopPrice,
    amount,
    filled: 0,
    remaining: amount,
    cost: 0,
    reduceOnly: !market.spot || undefined,
  };
  return { order, leverage, lock, checkedUntil: env.now, stop: true };
}

/**
 * freqtrade's dry-run stop check: once the book crosses the trigger, the fill price (the book,
 * never worse than the order's price); undefined while it does not.
 */
export function stopFillPrice(order: ExchangeOrder, ticker: Ticker, market: Market): number | undefined {
  if (!dryStopCrossed(order.side, order.stopPrice ?? order.price!, ticker)) return undefined;
  return dryStopFillPrice(order.side, order.price!, ticker, market.precision.price);
}

/** The order settings of the wrapped exchange the broker reports as its own (stop kinds, price types, TIF). */
export function orderSettingsOf(ex: Exchange) {
  const { stopOrderTypes, timeInForceOptions, stopPriceTypes, stoplossBlocksAssets } = ex;
  return { stopOrderTypes, timeInForceOptions, stopPriceTypes, stoplossBlocksAssets };
}
