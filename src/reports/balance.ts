// /balance: wallet coins valued in the stake currency, then open futures positions
// (freqtrade's Balances / Balance items).

import type { Balance } from '../../packages/client/src/schemas/stats.ts';
import type { TradeWithOrders } from '../db/repo/trades.ts';
import { pct } from '../domain/money/index.ts';
import type { Balances } from '../exchange/port.ts';

export interface BalanceInputs {
  balances: Balances;
  openTrades: TradeWithOrders[];
  stakeCurrency: string;
  tradingMode: string;
  dryRun: boolean;
  startingCapital: number;
  fiatSymbol: string;
  /** The stake currency's price in fiatSymbol; absent without a fiat converter (fiat figures 0). */
  fiatRate?: number;
  /** Price of `coin` in the stake currency; null when unknown. */
  rate(coin: string): Promise<number | null>;
}

export async function balanceReport(input: BalanceInputs) {
  const { stakeCurrency } = input;
  const spotOwned = new Map<string, number>();
  if (input.tradingMode === 'spot') {
    for (const t of input.openTrades) {
      spotOwned.set(t.trade.baseCurrency, (spotOwned.get(t.trade.baseCurrency) ?? 0) + t.trade.amount);
    }
  }
  const currencies: Balance[] = [];
  let total = 0;
  let totalBot = 0;
  for (const [coin, b] of Object.entries(input.balances).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!b.total && !b.free) continue;
    const isStake = coin === stakeCurrency;
    const owned = isStake ? b.total : (spotOwned.get(coin) ?? 0);
    const managed = isStake || spotOwned.has(coin);
    let estStake = 0;
    let estStakeBot = 0;
    if (isStake) {
      estStake = b.total;
      estStakeBot = owned;
    } else {
      const rate = await input.rate(coin).catch(() => null);
      if (rate !== null && Number.isFinite(rate)) {
        estStake = rate * b.total;
        estStakeBot = rate * owned;
      }
    }
    total += estStake;
    if (managed) totalBot += estStakeBot;
    currencies.push({
      currency: coin,
      free: b.free,
      balance: b.total,
      used: b.used,
      bot_owned: owned,
      est_stake: estStake,
      est_stake_bot: managed ? estStakeBot : 0,
      stake: stakeCurrency,
      side: 'long',
      is_position: false,
      position: 0,
      is_bot_managed: managed,
    });
  }
  if (input.tradingMode !== 'spot') {
    for (const { trade } of input.openTrades) {
      currencies.push({
        currency: trade.pair,
        free: 0,
        balance: 0,
        used: 0,
        bot_owned: null,
        est_stake: trade.stakeAmount,
        est_stake_bot: trade.stakeAmount,
        stake: stakeCurrency,
        side: trade.isShort ? 'short' : 'long',
        is_position: true,
        position: trade.amount,
        is_bot_managed: true,
      });
    }
  }
  const ratio = input.startingCapital ? totalBot / input.startingCapital - 1 : 0;
  const fiat = (amount: number) => (input.fiatRate === undefined ? 0 : amount * input.fiatRate);
  const startingFiat = fiat(input.startingCapital);
  const valueBot = fiat(totalBot);
  const fiatRatio = startingFiat ? valueBot / startingFiat - 1 : 0;
  return {
    currencies,
    total,
    total_bot: totalBot,
    symbol: input.fiatSymbol,
    value: fiat(total),
    value_bot: valueBot,
    stake: stakeCurrency,
    note: input.dryRun ? 'Simulated balances' : '',
    starting_capital: input.startingCapital,
    starting_capital_ratio: ratio,
    starting_capital_pct: pct(ratio),
    starting_capital_fiat: startingFiat,
    starting_capital_fiat_ratio: fiatRatio,
    starting_capital_fiat_pct: pct(fiatRatio),
  };
}
