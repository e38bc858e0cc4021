// The backtest wallet, as freqtrade's Wallets in dry-run backtesting: starting balance plus closed
// profit, minus the stake tied up in open trades; stake sizing (fixed, unlimited) and its limits.

import type { Market } from '../exchange/port.ts';
import type { BtTrade, EngineSettings } from './types.ts';

export class BacktestWallet {
  /** Σ close_profit_abs of closed trades (freqtrade's LocalTrade.bt_total_profit). */
  closedProfit = 0;
  tiedUp = 0;
  realizedOpen = 0;

  private readonly s: EngineSettings;

  constructor(s: EngineSettings) {
    this.s = s;
  }

  /** Recomputes the open-trade sums (freqtrade's wallets.update). */
  update(open: readonly BtTrade[]): void {
    let tied = 0;
    let realized = 0;
    for (const t of open) {
      tied += t.stakeAmount;
      realized += t.realizedProfit;
    }
    this.tiedUp = tied;
    this.realizedOpen = realized;
  }

  free(): number {
    return this.s.startingBalance + this.closedProfit + this.realizedOpen - this.tiedUp;
  }

  total(): number {
    return this.free() + this.tiedUp;
  }

  /** freqtrade's get_available_stake_amount. */
  available(): number {
    const free = this.free();
    const total =
      this.s.availableCapital !== null
        ? this.s.availableCapital + this.closedProfit + this.realizedOpen
        : (this.tiedUp + free) * this.s.tradableBalanceRatio;
    return Math.min(total - this.tiedUp, free);
  }

  /** freqtrade's get_trade_stake_amount; 0 where freqtrade raises (balance too low). */
  tradeStake(): number {
    const available = this.available();
    let stake: number;
    if (this.s.stakeAmount === 'unlimited') {
      const slots = this.s.maxOpenTrades === -1 ? Number.POSITIVE_INFINITY : this.s.maxOpenTrades;
      if (slots === 0) return 0;
      stake = Math.min((available + this.tiedUp) / slots, available);
    } else stake = this.s.stakeAmount;
    if (this.s.amendLastStakeAmount) {
      stake = available > stake * this.s.lastStakeAmountMinRatio ? Math.min(stake, available) : 0;
    }
    return available < stake ? 0 : stake;
  }

  /** freqtrade's validate_stake_amount: min/max limits, +30 % at most to reach the minimum. */
  validateStake(stake: number, minStake: number | null, maxStake: number, tradeStake: number | null): number {
    if (!stake) return 0;
    let maxAllowed = Math.min(maxStake, this.available());
    if (tradeStake) maxAllowed = Math.min(maxAllowed, maxStake - tradeStake);
    if (minStake !== null && minStake > maxAllowed) return 0;
    let out = stake;
    if (minStake !== null && out < minStake) {
      if (out * 1.3 < minStake) return 0;
      out = minStake;
    }
    return Math.min(out, maxAllowed);
  }
}

/**
 * freqtrade's get_min_pair_stake_amount: the cost minimum with the stoploss reserve, the amount
 * minimum with the 5 % amount reserve, whichever is larger, per unit of leverage.
 */
export function minPairStake(
  market: Market | undefined,
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

export function maxPairStake(market: Market | undefined, price: number, leverage: number): number {
  if (!market) return Number.POSITIVE_INFINITY;
  const byCost = market.limits.cost.max ?? Number.POSITIVE_INFINITY;
  const byAmount = (market.limits.amount.max ?? Number.POSITIVE_INFINITY) * price * (market.contractSize ?? 1);
  return Math.min(byCost, byAmount) / leverage;
}
