// The fee an exchange actually charged on an order, as freqtrade reads it after each fill
// (freqtradebot get_real_amount / fee_detection_from_trades, exchange calculate_fee_rate,
// trade_model update_fee).

import { roundHalfEven } from './round.ts';

export interface ChargedFee {
  cost: number;
  currency: string;
  rate?: number | null;
}

export interface FeePair {
  base: string;
  quote: string;
}

/** Fees reported above 2 % are taken as a parsing error and ignored (ccxt issue 8025). */
export const MAX_TRUSTED_FEE_RATE = 0.02;

/**
 * freqtrade's calculate_fee_rate: the exchange's rate when given; else a fee in the base currency
 * over the amount, in the quote currency over the cost, in another currency (BNB) converted with
 * `toStake` (the price of one fee unit in the stake currency) over the cost. null when unknown.
 */
export function feeRate(
  fee: ChargedFee,
  pair: FeePair,
  cost: number,
  amount: number,
  toStake?: number | null,
): number | null {
  if (fee.rate !== undefined && fee.rate !== null) return fee.rate;
  if (fee.currency === pair.base) return amount ? roundHalfEven(fee.cost / amount, 8) : null;
  if (fee.currency === pair.quote) return cost ? roundHalfEven(fee.cost / cost, 8) : null;
  if (!cost || !toStake) return null;
  return roundHalfEven((fee.cost * toStake) / cost, 8);
}

export interface ExchangeFill {
  amount: number;
  cost: number;
  /** The trade's fee, or its several fees when the exchange lists them apart. */
  fees: ChargedFee[];
}

export interface DetectedFee {
  cost: number;
  currency: string;
  rate: number | null;
}

/**
 * fee_detection_from_trades: the fees of an order's trades summed, the currency of the last one,
 * the mean of the rates that are known. undefined when no trade carries a fee.
 */
export function feeFromTrades(
  trades: ExchangeFill[],
  pair: FeePair,
  toStake: (currency: string) => number | null | undefined,
): DetectedFee | undefined {
  let currency: string | undefined;
  let cost = 0;
  const rates: number[] = [];
  for (const t of trades) {
    for (const fee of t.fees) {
      cost += fee.cost;
      currency = fee.currency;
      const rate = feeRate(fee, pair, t.cost, t.amount, toStake(fee.currency));
      if (rate !== null) rates.push(rate);
    }
  }
  if (currency === undefined) return undefined;
  const rate = rates.length > 0 ? rates.reduce((s, r) => s + r, 0) / rates.length : null;
  return { cost, currency, rate };
}

export interface TradeFees {
  feeOpen: number;
  feeClose: number;
  feeOpenCost: number | null;
  feeOpenCurrency: string | null;
  feeCloseCost: number | null;
  feeCloseCurrency: string | null;
}

/** fee_updated: a side's fee is read once, marked by its currency. */
export function feeUpdated(fees: TradeFees, isEntry: boolean): boolean {
  return (isEntry ? fees.feeOpenCurrency : fees.feeCloseCurrency) !== null;
}

/**
 * update_fee: the entry side sets the open fee (and takes its rate as the best guess for the close
 * fee), the exit side the close fee; a side already updated stays as it is.
 */
export function updateFee(fees: TradeFees, fee: DetectedFee, isEntry: boolean): Partial<TradeFees> {
  if (feeUpdated(fees, isEntry)) return {};
  if (isEntry) {
    const rate = fee.rate === null ? {} : { feeOpen: fee.rate, feeClose: fee.rate };
    return { feeOpenCost: fee.cost, feeOpenCurrency: fee.currency, ...rate };
  }
  const rate = fee.rate === null ? {} : { feeClose: fee.rate };
  return { feeCloseCost: fee.cost, feeCloseCurrency: fee.currency, ...rate };
}
