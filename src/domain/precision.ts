// Rounding of amounts and prices to a market's tick sizes (ccxt TICK_SIZE mode), done in integer
// multiples of the step so results carry no binary float artefacts (0.1 + 0.2 style).

export type Rounding = 'ROUND' | 'ROUND_UP' | 'ROUND_DOWN';

/** Values this close (relative) to a step multiple count as being on it: absorbs float noise in `value / step`. */
const ON_STEP_EPSILON = 1e-9;

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

/**
 * `n × step` as the double nearest to the exact decimal value: with step = k / 10^d,
 * the integer n·k divided by the exact power 10^d is correctly rounded by IEEE division.
 */
export function fromSteps(n: number, step: number): number {
  const d = stepDecimals(step);
  const scale = 10 ** d;
  const result = (n * Math.round(step * scale)) / scale;
  return result === 0 ? 0 : result; // no -0
}

/** How many whole steps `value` holds, with the given rounding. */
export function toSteps(value: number, step: number, rounding: Rounding): number {
  if (!Number.isFinite(value)) throw new RangeError(`Invalid value: ${value}`);
  const q = value / step;
  const nearest = Math.round(q);
  if (Math.abs(q - nearest) <= ON_STEP_EPSILON * Math.max(1, Math.abs(q))) return nearest;
  if (rounding === 'ROUND_DOWN') return Math.floor(q);
  if (rounding === 'ROUND_UP') return Math.ceil(q);
  return nearest;
}

/** Rounds `value` to a multiple of `step`. */
export function roundToStep(value: number, step: number, rounding: Rounding = 'ROUND'): number {
  return fromSteps(toSteps(value, step, rounding), step);
}

/** Order amount to the amount step, truncating toward zero (never sells/buys more than asked). */
export function amountToPrecision(amount: number, step: number): number {
  const n = toSteps(Math.abs(amount), step, 'ROUND_DOWN');
  return amount < 0 ? -fromSteps(n, step) : fromSteps(n, step);
}

/** Price to the price tick: nearest by default; ROUND_UP / ROUND_DOWN for stoploss-style use. */
export function priceToPrecision(price: number, tick: number, rounding: Rounding = 'ROUND'): number {
  return roundToStep(price, tick, rounding);
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
