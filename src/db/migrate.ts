// Applies the bundled migrations (all pending ones in one atomic batch: one commit, one fsync, on
// a first start) and checks what is applied.
// libSQL hosts call applyMigrations at start; on D1 `wrangler d1 migrations apply` does the work
// and pendingD1Migrations tells the Worker whether it did.

import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { MIGRATIONS } from './migrations.generated.ts';

const TABLE = '__tickhub_migrations';

function statements(text: string): string[] {
  return text
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  await db.run(sql.raw(`CREATE TABLE IF NOT EXISTS ${TABLE} (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`));
  const rows = await db.all<{ tag: string }>(sql.raw(`SELECT tag FROM ${TABLE} ORDER BY tag`));
  return rows.map((r) => r.tag);
}

export async function applyMigrations(db: Db, now = Date.now()): Promise<string[]> {
  const done = new Set(await appliedMigrations(db));
  const pending = MIGRATIONS.filter((m) => !done.has(m.tag));
  if (pending.length === 0) return [];
  const batch = pending.flatMap((m) => [
    ...statements(m.sql).map((s) => db.run(sql.raw(s))),
    db.run(sql`INSERT INTO __tickhub_migrations (tag, applied_at) VALUES (${m.tag}, ${now})`),
  ]);
  await db.batch(batch as [any, ...any[]]);
  return pending.map((m) => m.tag);
}

/** Migrations wrangler has not applied yet to a D1 database (names as in its d1_migrations table). */
export async function pendingD1Migrations(db: Db): Promise<string[]> {
  let names: string[] = [];
  try {
    const rows = await db.all<{ name: string }>(sql.raw('SELECT name FROM d1_migrations'));
    names = rows.map((r) => r.name.replace(/\.sql$/, ''));
  } catch {
    names = [];
  }
  return MIGRATIONS.map((m) => m.tag).filter((t) => !names.includes(t));
}
