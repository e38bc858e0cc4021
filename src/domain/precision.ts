// Rounding of amounts and prices to a market's tick sizes (ccxt TICK_SIZE mode), done as freqtrade
// does it: on the exact decimal of the number's shortest representation (Python's str(float),
// JavaScript's String(number): the same digits), never on the binary value. So a value one float
// step below the grid stays below it (38.529999999999994 → 38.52 at 0.01), and the size of a
// number never changes the rounding direction.

import Big from 'big.js';
import { roundHalfEven } from './money/round.ts';

export type Rounding = 'ROUND' | 'ROUND_UP' | 'ROUND_DOWN';

/** Values this close (relative) to a limit count as meeting it: absorbs float noise in amount · price. */
const ON_STEP_EPSILON = 1e-9;

// An own constructor, so other modules' DP / RM settings do not leak in. mod() is exact in big.js.
const Decimal = Big();

const decimalsCache = new Map<number, number>();

/** Number of decimals needed to write `step` exactly (0.00001 → 5, 0.25 → 2, 10 → 0). */
export function stepDecimals(step: number): number {
  const cached = decimalsCache.get(step);
  if (cached !== undefined) return cached;
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`Invalid step: ${step}`);
  let decimals = 20;
  for (let d = 0; d <= 20; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) {
      decimals = d;
      break;
    }
  }
  if (decimalsCache.size < 10_000) decimalsCache.set(step, decimals);
  return decimals;
}

function decimalOf(value: number, what: string): Big {
  if (!Number.isFinite(value)) throw new RangeError(`Invalid ${what}: ${value}`);
  return new Decimal(String(value));
}

function stepOf(step: number): Big {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`Invalid step: ${step}`);
  return new Decimal(String(step));
}

function toNumber(value: Big): number {
  const n = Number(value.toString());
  return n === 0 ? 0 : n; // no -0
}

/**
 * Order amount to the amount step, truncated toward zero at any magnitude (ccxt's
 * decimal_to_precision with TRUNCATE, as freqtrade's amount_to_precision): never more than asked.
 */
export function amountToPrecision(amount: number, step: number): number {
  const value = decimalOf(amount, 'amount');
  const missing = value.abs().mod(stepOf(step));
  if (missing.eq(0)) return toNumber(value);
  return toNumber(value.gte(0) ? value.minus(missing) : value.plus(missing));
}

/** Python's round(x, 14), which freqtrade applies to rounded-up / rounded-down prices. */
function round14(value: Big): number {
  return roundHalfEven(Number(value.toString()), 14);
}

/**
 * Price to the price tick. ROUND: to the nearest tick, half away from zero, on the exact decimal
 * (ccxt's decimal_to_precision). ROUND_UP / ROUND_DOWN: freqtrade's price_to_precision for stop
 * prices (up for longs, down for shorts): any remainder, however small, moves to the next tick.
 */
export function priceToPrecision(price: number, tick: number, rounding: Rounding = 'ROUND'): number {
  const value = decimalOf(price, 'price');
  const precision = stepOf(tick);
  if (rounding === 'ROUND') {
    const missing = value.abs().mod(precision);
    if (missing.eq(0)) return toNumber(value);
    const away = missing.gte(precision.div(2));
    const magnitude = away ? value.abs().minus(missing).plus(precision) : value.abs().minus(missing);
    return toNumber(value.lt(0) ? magnitude.neg() : magnitude);
  }
  // Precise's mod follows Python's integer %: the remainder takes the sign of the tick.
  let missing = value.mod(precision);
  if (missing.lt(0)) missing = missing.plus(precision);
  if (missing.eq(0)) return price;
  const floor = value.minus(missing);
  return round14(rounding === 'ROUND_UP' ? floor.plus(precision) : floor);
}

/** What the minimum-size check needs of a market (the exchange port's Market has it). */
export interface MarketLimitsView {
  symbol: string;
  contractSize?: number;
  limits: { amount: { min?: number }; cost: { min?: number } };
}

/** Why an order of `amount` at `price` is too small for the market, or null when it is fine. */
export function checkMinNotional(market: MarketLimitsView, amount: number, price: number): string | null {
  const minAmount = market.limits.amount.min;
  if (minAmount !== undefined && amount < minAmount * (1 - ON_STEP_EPSILON)) {
    return `amount ${amount} is below the minimum amount ${minAmount} for ${market.symbol}`;
  }
  const minCost = market.limits.cost.min;
  const cost = amount * price * (market.contractSize ?? 1);
  if (minCost !== undefined && cost < minCost * (1 - ON_STEP_EPSILON)) {
    return `cost ${cost} is below the minimum cost ${minCost} for ${market.symbol}`;
  }
  return null;
}
