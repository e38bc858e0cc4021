// Wallet snapshots for GET /historic_balance (one row per recorded balance, oldest first).

import { asc, desc } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { type WalletHistoryRow, walletHistory } from '../schema.ts';

export type WalletSnapshot = Omit<WalletHistoryRow, 'id'>;

export async function insertWalletSnapshot(db: Db, snapshot: WalletSnapshot): Promise<void> {
  await db.insert(walletHistory).values(snapshot);
}

export async function lastWalletSnapshot(db: Db): Promise<WalletSnapshot | undefined> {
  const [row] = await db
    .select()
    .from(walletHistory)
    .orderBy(desc(walletHistory.date), desc(walletHistory.id))
    .limit(1);
  return row;
}

export async function walletSnapshots(db: Db): Promise<WalletSnapshot[]> {
  return db.select().from(walletHistory).orderBy(asc(walletHistory.date), asc(walletHistory.id));
}
