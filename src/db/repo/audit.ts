// The audit trail of money-moving and control calls: append and read, never change or delete.

import { count, desc } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog } from '../schema.ts';

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;

export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** Newest first. */
export async function listAuditEntries(db: Db, limit: number, offset: number): Promise<AuditEntry[]> {
  return db.select().from(auditLog).orderBy(desc(auditLog.ts), desc(auditLog.id)).limit(limit).offset(offset);
}

export async function countAuditEntries(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(auditLog);
  return r?.n ?? 0;
}
