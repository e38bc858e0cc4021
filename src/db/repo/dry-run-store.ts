// The dry-run broker's book in the database: orders in sim_orders, the wallet in kv. One batch per
// save, so the simulated exchange survives a restart exactly as it was.

import type { DryRunOrderRecord, DryRunSnapshot, DryRunStore, DryRunWallet } from '../../exchange/dry-run/store.ts';
import type { Db } from '../client.ts';
import { simOrders } from '../schema.ts';
import { getValue, setValueQuery } from './kv.ts';

const WALLET_KEY = 'dry_run_wallet';

export class DbDryRunStore implements DryRunStore {
  private readonly db: Db;
  private readonly now: () => number;
  constructor(db: Db, now: () => number) {
    this.db = db;
    this.now = now;
  }

  async load(): Promise<DryRunSnapshot | undefined> {
    const wallet = await getValue<DryRunWallet>(this.db, WALLET_KEY);
    if (!wallet) return undefined;
    const rows = await this.db.select({ data: simOrders.data }).from(simOrders);
    return { wallet, orders: rows.map((r) => JSON.parse(r.data) as DryRunOrderRecord) };
  }

  async save(change: { wallet: DryRunWallet; orders: DryRunOrderRecord[] }): Promise<void> {
    const now = this.now();
    const statements: any[] = [setValueQuery(this.db, WALLET_KEY, change.wallet, now)];
    for (const r of change.orders) {
      const row = {
        id: r.order.id,
        clientOrderId: r.order.clientOrderId ?? r.order.id,
        symbol: r.order.symbol,
        isOpen: r.order.status === 'open',
        data: JSON.stringify(r),
        updatedAt: now,
      };
      statements.push(
        this.db
          .insert(simOrders)
          .values(row)
          .onConflictDoUpdate({
            target: simOrders.id,
            set: { isOpen: row.isOpen, data: row.data, updatedAt: now },
          }),
      );
    }
    await this.db.batch(statements as [any, ...any[]]);
  }
}
