// Pair locks (manual and from protections).

import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { boundSlices } from '../bound-parameters.ts';
import type { Db } from '../client.ts';
import { type PairLockRow, pairLocks } from '../schema.ts';

export async function activeLocks(db: Db, now: number): Promise<PairLockRow[]> {
  return db
    .select()
    .from(pairLocks)
    .where(and(eq(pairLocks.active, true), gt(pairLocks.lockEndTime, now)))
    .orderBy(asc(pairLocks.id));
}

export async function insertLock(
  db: Db,
  lock: { pair: string; side: string; reason: string | null; lockTime: number; lockEndTime: number },
): Promise<PairLockRow> {
  const [row] = await db
    .insert(pairLocks)
    .values({ ...lock, active: true })
    .returning();
  return row;
}

export async function deactivateLocks(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  const updates = boundSlices(ids, 2).map((slice) =>
    db.update(pairLocks).set({ active: false, lockEndTime: now }).where(inArray(pairLocks.id, slice)),
  );
  await db.batch(updates as [(typeof updates)[number], ...typeof updates]);
}
