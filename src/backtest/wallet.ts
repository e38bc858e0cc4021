// The backtest wallet, as freqtrade's Wallets in dry-run backtesting: starting balance plus closed
// profit, minus the stake tied up in open trades; stake sizing (fixed, unlimited) and its limits.

import { validateStakeAmount } from '../domain/money/position-adjust.ts';
import type { BtTrade, EngineSettings } from './types.ts';

export class BacktestWallet {
  /** Σ close_profit_abs of closed trades (freqtrade's LocalTrade.bt_total_profit). */
  closedProfit = 0;
  tiedUp = 0;
  realizedOpen = 0;
  /** Keep the per-currency balances below on each update (for the wallet capture). */
  trackBalances = false;
  /** freqtrade's used_stake: Σ stake of open entry orders in spot, the tied-up stake in futures. */
  usedStake = 0;
  /** Spot: the base currency held per pair (freqtrade's wallet of the pair's base currency: trade.amount). */
  readonly holdings = new Map<string, number>();

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
    if (this.trackBalances) this.updateBalances(open);
  }

  /** freqtrade's _update_dry, per currency: what get_total returns until the next update. */
  private updateBalances(open: readonly BtTrade[]): void {
    this.holdings.clear();
    if (this.s.tradingMode === 'futures') {
      this.usedStake = this.tiedUp;
      return;
    }
    let used = 0;
    for (const t of open) {
      for (const o of t.orders) if (o.isOpen && o.isEntry) used += (o.amount * o.price) / t.leverage;
      this.holdings.set(t.pair, (this.holdings.get(t.pair) ?? 0) + t.amount);
    }
    this.usedStake = used;
  }

  /** get_total(stake currency): the free stake plus the stake in open entry orders (futures: in trades). */
  stakeTotal(): number {
    return this.free() + this.usedStake;
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
    return validateStakeAmount(stake, { minStake, maxStake, available: this.available(), tradeStake });
  }
}
