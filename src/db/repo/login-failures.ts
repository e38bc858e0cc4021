// Failed-login counters in the database: the LoginGuard's store on hosts where several isolates
// must see the same counts (src/api/auth/lockout.ts holds the port and the in-memory store).

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { loginFailures } from '../schema.ts';

export interface LoginFailureRecord {
  failures: number;
  lockedUntil: number;
}

export class DbLockoutStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }
  async get(subject: string): Promise<LoginFailureRecord | undefined> {
    const rows = await this.db.select().from(loginFailures).where(eq(loginFailures.subject, subject)).limit(1);
    return rows[0] ? { failures: rows[0].failures, lockedUntil: rows[0].lockedUntil } : undefined;
  }
  async put(subject: string, record: LoginFailureRecord, now: number): Promise<void> {
    await this.db
      .insert(loginFailures)
      .values({ subject, failures: record.failures, lockedUntil: record.lockedUntil, updatedAt: now })
      .onConflictDoUpdate({
        target: loginFailures.subject,
        set: { failures: record.failures, lockedUntil: record.lockedUntil, updatedAt: sql`${now}` },
      });
  }
  async clear(subject: string): Promise<void> {
    await this.db.delete(loginFailures).where(eq(loginFailures.subject, subject));
  }
}
