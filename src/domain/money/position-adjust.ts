// freqtrade's position adjustment (DCA and partial exits) as pure rules, shared by the bot and
// the backtest: stake limits of a pair (exchange.get_min/max_pair_stake_amount), stake validation
// (wallets.validate_stake_amount), the strategy's answer (_adjust_trade_position_internal) and the
// amount a negative stake exits (check_and_call_adjust_trade_position).

import Big from 'big.js';
import { amountToPrecision } from '../precision.ts';

interface Limit {
  min?: number | null;
  max?: number | null;
}

/** The market fields the stake limits depend on (structurally a ccxt market). */
export interface StakeLimitMarket {
  contractSize?: number;
  limits: { cost: Limit; amount: Limit };
}

/**
 * freqtrade's get_min_pair_stake_amount: the cost minimum with the stoploss reserve, the amount
 * minimum with the 5 % amount reserve, whichever is larger, per unit of leverage.
 */
export function minPairStake(
  market: StakeLimitMarket | undefined,
  price: number,
  stoploss: number,
  leverage: number,
): number | null {
  if (!market) return null;
  const marginReserve = 1 + 0.05;
  const stopReserve = Math.max(
    Math.min(Math.abs(stoploss) !== 1 ? marginReserve / (1 - Math.abs(stoploss)) : 1.5, 1.5),
    1,
  );
  const limits: number[] = [];
  const cost = market.limits.cost.min;
  const amount = market.limits.amount.min;
  if (cost !== undefined && cost !== null) limits.push(cost * stopReserve);
  if (amount !== undefined && amount !== null) limits.push(amount * (market.contractSize ?? 1) * price * marginReserve);
  if (limits.length === 0) return null;
  return Math.max(...limits) / leverage;
}

/** freqtrade's get_max_pair_stake_amount. */
export function maxPairStake(market: StakeLimitMarket | undefined, price: number, leverage: number): number {
  if (!market) return Number.POSITIVE_INFINITY;
  const byCost = market.limits.cost.max ?? Number.POSITIVE_INFINITY;
  const byAmount = (market.limits.amount.max ?? Number.POSITIVE_INFINITY) * price * (market.contractSize ?? 1);
  return Math.min(byCost, byAmount) / leverage;
}

/**
 * freqtrade's validate_stake_amount: 0 when nothing fits; a stake below the minimum is raised to
 * it unless that is more than +30 %; inside a trade the whole trade stays below the maximum.
 */
export function validateStakeAmount(
  stake: number | null | undefined,
  limits: { minStake: number | null; maxStake: number; available: number; tradeStake: number | null },
): number {
  if (!stake) return 0;
  const { minStake, maxStake, available, tradeStake } = limits;
  let maxAllowed = Math.min(maxStake, available);
  if (tradeStake) maxAllowed = Math.min(maxAllowed, maxStake - tradeStake);
  if (minStake !== null && minStake > maxAllowed) return 0;
  let out = stake;
  if (minStake !== null && out < minStake) {
    if (out * 1.3 < minStake) return 0;
    out = minStake;
  }
  return Math.min(out, maxAllowed);
}

export type AdjustAnswer =
  | number
  | null
  | undefined
  | readonly [number | null, string | null]
  | readonly [number | null];

/** freqtrade's _adjust_trade_position_internal: a stake, or a (stake, order tag) tuple. */
export function parseAdjustAnswer(answer: AdjustAnswer): { stake: number | null; tag: string } {
  if (Array.isArray(answer)) {
    const [stake, tag] = answer as readonly [number | null, string | null | undefined];
    return { stake: typeof stake === 'number' && Number.isFinite(stake) ? stake : null, tag: tag || '' };
  }
  const stake = answer as number | null | undefined;
  return { stake: typeof stake === 'number' && Number.isFinite(stake) ? stake : null, tag: '' };
}

/** freqtrade: another entry is refused once the successful entries exceed max_entry_position_adjustment. */
export function maxEntriesReached(successfulEntries: number, maxEntryPositionAdjustment: number): boolean {
  return maxEntryPositionAdjustment > -1 && successfulEntries > maxEntryPositionAdjustment;
}

/**
 * The amount a negative stake exits: |stake · amount / stake_amount| truncated to the amount step
 * and never more than held; null when it rounds to 0 or when the rest (at `exitRate`) would fall
 * below the minimum stake (freqtrade then does not exit).
 */
export function partialExitAmount(
  stake: number,
  trade: { amount: number; stakeAmount: number; amountPrecision: number | null },
  exitRate: number,
  minExitStake: number | null,
): number | null {
  // FtPrecise in freqtrade: decimal product and quotient, one rounding at the end.
  const raw = Math.abs(new Big(stake).times(trade.amount).div(trade.stakeAmount).toNumber());
  const stepped = trade.amountPrecision ? amountToPrecision(raw, trade.amountPrecision) : raw;
  const amount = Math.min(stepped, trade.amount);
  if (!(amount > 0)) return null;
  const remaining = (trade.amount - amount) * exitRate;
  if (minExitStake && remaining !== 0 && remaining < minExitStake) return null;
  return amount;
}
