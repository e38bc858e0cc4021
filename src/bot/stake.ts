// How much stake a new trade gets (freqtrade's wallet logic): fixed or "unlimited" (an equal share
// of the tradable balance), capped by what is free, and never below the market's minimum.

import type { Market } from '../exchange/port.ts';
import type { EngineContext } from './context.ts';

export interface StakeInput {
  /** Stake currency free on the exchange (dry-run: the simulated wallet). */
  free: number;
  /** Σ stake of open trades. */
  tiedUp: number;
  /** Σ closed profit (for available_capital). */
  closedProfit: number;
  openTrades: number;
}

/** Stake the bot may put into trades in total right now (freqtrade's get_available_stake_amount). */
export function availableStake(ctx: EngineContext, input: StakeInput): number {
  const c = ctx.config;
  const total =
    c.available_capital !== undefined
      ? c.available_capital + input.closedProfit
      : (input.tiedUp + input.free) * c.tradable_balance_ratio;
  return Math.max(0, Math.min(total - input.tiedUp, input.free));
}

/** The stake of the next trade, or 0 when none is possible. */
export function tradeStake(ctx: EngineContext, input: StakeInput): number {
  const available = availableStake(ctx, input);
  const c = ctx.config;
  if (c.stake_amount === 'unlimited') {
    const slots = c.max_open_trades === -1 ? 0 : c.max_open_trades;
    if (c.max_open_trades === 0) return 0;
    if (slots === 0) return available; // unlimited trades: everything available
    return Math.min((available + input.tiedUp) / slots, available);
  }
  return c.stake_amount <= available ? c.stake_amount : 0;
}

/** Smallest stake the market accepts at `price` (with freqtrade's 5 % reserve), per unit of leverage. */
export function minStake(market: Market, price: number, leverage: number): number {
  const byCost = market.limits.cost.min ?? 0;
  const byAmount = (market.limits.amount.min ?? 0) * price;
  return (Math.max(byCost, byAmount) * 1.05) / leverage;
}

export function maxStake(market: Market, price: number, leverage: number): number {
  const byCost = market.limits.cost.max ?? Number.POSITIVE_INFINITY;
  const byAmount = (market.limits.amount.max ?? Number.POSITIVE_INFINITY) * price;
  return Math.min(byCost, byAmount) / leverage;
}
