// Open and close values of a position in stake currency, fees (and interest / funding) included.
// freqtrade multiplies these in exact decimal (FtPrecise) on the shortest decimal form of each
// float and converts back once; big.js does the same here, so results match to the last bit.

import Big from 'big.js';
import type { TradeMath, ValueOptions } from './types.ts';

const HOUR_MS = 3_600_000;

/** amount · rate ± fee, in exact decimal. Shorts receive value − fee, longs pay value + fee. */
function valueWithFee(amount: Big, rate: number, fee: number, subtractFee: boolean): Big {
  const value = amount.times(rate);
  const fees = value.times(fee);
  return subtractFee ? value.minus(fees) : value.plus(fees);
}

function finite(...xs: number[]): boolean {
  return xs.every(Number.isFinite);
}

/** Value paid (long) or received (short) when opening `amount` at `openRate`. */
export function openTradeValue(amount: number, openRate: number, feeOpen: number, isShort: boolean): number {
  if (!finite(amount, openRate, feeOpen)) {
    const value = amount * openRate;
    return isShort ? value - value * feeOpen : value + value * feeOpen;
  }
  return valueWithFee(new Big(amount), openRate, feeOpen, isShort).toNumber();
}

/** True for a short, or for a long that borrows (leverage above 1). */
function hasLeverage(trade: TradeMath): boolean {
  return trade.isShort || trade.leverage !== 1;
}

/** Margin mode: what was borrowed. Longs borrow stake currency, shorts borrow the base asset. */
export function borrowed(trade: TradeMath): number {
  if (!hasLeverage(trade)) return 0;
  if (trade.isShort) return trade.amount;
  return trade.amount * trade.openRate * ((trade.leverage - 1) / trade.leverage);
}

/**
 * Margin mode: interest owed, in the borrowed currency. Exchange formulas as in freqtrade:
 * binance charges per started hour at a daily rate, kraken per started 4 hours plus an opening fee.
 */
export function marginInterest(trade: TradeMath, options: ValueOptions = {}): Big {
  if (trade.tradingMode !== 'margin' || !hasLeverage(trade)) return new Big(0);
  if (trade.openDate === undefined) throw new Error('margin interest needs the trade openDate');
  const end = trade.closeDate ?? options.now;
  if (end === undefined) throw new Error('margin interest needs closeDate or options.now');
  const hours = new Big(end - trade.openDate).div(HOUR_MS);
  const base = new Big(borrowed(trade)).times(trade.interestRate);
  const exchange = (trade.exchange ?? '').toLowerCase();
  if (exchange === 'binance') return base.times(Math.ceil(hours.toNumber())).div(24);
  if (exchange === 'kraken') return base.times(1 + Math.ceil(hours.div(4).toNumber()));
  throw new Error(`margin trading is not available on ${trade.exchange ?? 'an unnamed exchange'}`);
}

/**
 * Value received (long) or paid (short) when closing `amount` at `rate`.
 * Spot: value ∓ fee. Futures: additionally + funding fees for longs, − for shorts
 * (positive funding = received). Margin: longs pay interest in stake currency,
 * shorts buy back the interest in base currency.
 */
export function closeTradeValue(rate: number, amount: number, trade: TradeMath, options: ValueOptions = {}): number {
  const { isShort, feeClose, tradingMode } = trade;
  if (!finite(rate, amount, feeClose)) {
    const value = amount * rate;
    return isShort ? value + value * feeClose : value - value * feeClose;
  }
  const size = new Big(amount);
  if (tradingMode === 'spot') return valueWithFee(size, rate, feeClose, !isShort).toNumber();
  if (tradingMode === 'futures') {
    const base = valueWithFee(size, rate, feeClose, !isShort).toNumber();
    const funding = trade.fundingFees || 0;
    return isShort ? base - funding : base + funding;
  }
  if (tradingMode === 'margin') {
    const interest = marginInterest(trade, options);
    if (isShort) return valueWithFee(size.plus(interest), rate, feeClose, false).toNumber();
    return valueWithFee(size, rate, feeClose, true).minus(interest).toNumber();
  }
  throw new Error(`unknown trading mode ${String(tradingMode)}`);
}
