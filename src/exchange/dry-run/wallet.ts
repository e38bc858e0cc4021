// The dry-run account's money: what an order must hold while open, the balances the wallet and
// open orders add up to, and how a fill moves the wallet (spot balances, futures positions).

import type { Balances, Market } from '../port.ts';
import type { DryRunOrderRecord, DryRunPosition, DryRunWallet } from './store.ts';

/** Amounts below this are rounding noise (a closed position, an exactly sufficient balance). */
export const DUST = 1e-12;

export interface FundsRequest {
  side: 'buy' | 'sell';
  amount: number;
  price: number;
  leverage: number;
  feeRate: number;
  reduceOnly: boolean;
}

/**
 * What an order holds while open; also the funds it needs to be accepted. Spot: the quote cost
 * plus fee for a buy, the base amount for a sell. Futures: the margin of the part that opens or
 * grows a position plus the fee; `undefined` for a reduce-only order larger than the position.
 */
export function requiredFunds(
  wallet: DryRunWallet,
  market: Market,
  r: FundsRequest,
): { currency: string; amount: number } | undefined {
  const cost = r.amount * r.price * (market.contractSize ?? 1);
  if (market.spot) {
    return r.side === 'buy'
      ? { currency: market.quote, amount: cost * (1 + r.feeRate) }
      : { currency: market.base, amount: r.amount };
  }
  const settle = market.settle ?? market.quote;
  const position = wallet.positions[market.symbol];
  const closing = position && Math.sign(position.contracts) === (r.side === 'buy' ? -1 : 1);
  if (r.reduceOnly && (!closing || r.amount > Math.abs(position.contracts) + DUST)) return undefined;
  const opening = closing ? Math.max(0, r.amount - Math.abs(position.contracts)) : r.amount;
  const margin = (opening * r.price * (market.contractSize ?? 1)) / r.leverage;
  return { currency: settle, amount: margin + cost * r.feeRate };
}

/** Balances per currency: open orders' holds and positions' collateral are used, the rest free. */
export function walletBalances(wallet: DryRunWallet, orders: Iterable<DryRunOrderRecord>): Balances {
  const used: Record<string, number> = {};
  const add = (c: string, v: number) => {
    used[c] = (used[c] ?? 0) + v;
  };
  for (const r of orders) if (r.order.status === 'open') add(r.lock.currency, r.lock.amount);
  for (const p of Object.values(wallet.positions)) add(p.settle, p.collateral);
  const out: Balances = {};
  for (const c of new Set([...Object.keys(wallet.balances), ...Object.keys(used)])) {
    const total = wallet.balances[c] ?? 0;
    const u = used[c] ?? 0;
    out[c] = { free: total - u, used: u, total };
  }
  return out;
}

/** A spot fill: base in and quote out for a buy (the reverse for a sell), the fee in quote. */
export function settleSpot(
  wallet: DryRunWallet,
  market: Market,
  side: 'buy' | 'sell',
  amount: number,
  cost: number,
  fee: number,
): void {
  const b = wallet.balances;
  const sign = side === 'buy' ? 1 : -1;
  b[market.base] = (b[market.base] ?? 0) + sign * amount;
  b[market.quote] = (b[market.quote] ?? 0) - sign * cost - fee;
}

/**
 * A futures fill: the part against the position closes it (realised profit to the settle
 * balance, collateral released pro rata), the rest opens or grows it at the average entry price.
 */
export function settleFutures(
  wallet: DryRunWallet,
  market: Market,
  side: 'buy' | 'sell',
  amount: number,
  price: number,
  fee: number,
  leverage: number,
): void {
  const settle = market.settle ?? market.quote;
  const size = market.contractSize ?? 1;
  const dir = side === 'buy' ? 1 : -1;
  const pos: DryRunPosition = wallet.positions[market.symbol] ?? {
    contracts: 0,
    entryPrice: 0,
    collateral: 0,
    leverage,
    settle,
  };
  let balance = (wallet.balances[settle] ?? 0) - fee;
  let opening = amount;
  if (pos.contracts !== 0 && Math.sign(pos.contracts) !== dir) {
    const closing = Math.min(amount, Math.abs(pos.contracts));
    balance += closing * (price - pos.entryPrice) * Math.sign(pos.contracts) * size;
    pos.collateral -= (pos.collateral * closing) / Math.abs(pos.contracts);
    pos.contracts += dir * closing;
    opening = amount - closing;
  }
  if (opening > DUST) {
    const held = Math.abs(pos.contracts);
    pos.entryPrice = (held * pos.entryPrice + opening * price) / (held + opening);
    pos.contracts += dir * opening;
    pos.collateral += (opening * price * size) / leverage;
    pos.leverage = leverage;
  }
  wallet.balances[settle] = balance;
  if (Math.abs(pos.contracts) <= DUST) delete wallet.positions[market.symbol];
  else wallet.positions[market.symbol] = pos;
}
