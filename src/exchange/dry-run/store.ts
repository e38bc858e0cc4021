// Persistence port of the dry-run broker: its orders and wallet, so a restarted bot picks up
// exactly where it stopped. The engine can back this with its database; tests use the memory store.

import type { ExchangeOrder } from '../port.ts';

export interface DryRunOrderRecord {
  order: ExchangeOrder;
  leverage: number;
  /** Funds this order holds while open (quote for spot buys, base for spot sells, settle margin for futures). */
  lock: { currency: string; amount: number };
  /** Market data from this time (ms) on has not been checked for a fill yet. */
  checkedUntil: number;
  /** A stop order (freqtrade's ft_order_type "stoploss"): filled when the book crosses its trigger. */
  stop?: boolean;
}

export interface DryRunPosition {
  /** Signed contracts: positive long, negative short. */
  contracts: number;
  entryPrice: number;
  /** Margin held in the settle currency. */
  collateral: number;
  leverage: number;
  settle: string;
}

export interface DryRunWallet {
  /** Total per currency (for the settle currency of futures: deposit + realized PnL − fees). */
  balances: Record<string, number>;
  positions: Record<string, DryRunPosition>;
  nextOrderNumber: number;
}

export interface DryRunSnapshot {
  wallet: DryRunWallet;
  orders: DryRunOrderRecord[];
}

export interface DryRunStore {
  load(): Promise<DryRunSnapshot | undefined>;
  /** Saves the wallet and upserts the given orders, together (one transaction in a database store). */
  save(change: { wallet: DryRunWallet; orders: DryRunOrderRecord[] }): Promise<void>;
}

/** Keeps serialized copies, so nothing the broker mutates later leaks into the stored state. */
export class MemoryDryRunStore implements DryRunStore {
  private wallet: string | undefined;
  private readonly orders = new Map<string, string>();

  async load(): Promise<DryRunSnapshot | undefined> {
    if (this.wallet === undefined) return undefined;
    return {
      wallet: JSON.parse(this.wallet) as DryRunWallet,
      orders: [...this.orders.values()].map((o) => JSON.parse(o) as DryRunOrderRecord),
    };
  }

  async save(change: { wallet: DryRunWallet; orders: DryRunOrderRecord[] }): Promise<void> {
    this.wallet = JSON.stringify(change.wallet);
    for (const record of change.orders) this.orders.set(record.order.id, JSON.stringify(record));
  }
}
