// libSQL over HTTP (Turso, sqld) for the edge: the web client (fetch only, no native code), the
// same Drizzle schema, migrations applied at start. Runs unchanged on Node, which the tests use.

import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { schema } from '../../db/schema.ts';

export interface LibsqlHttpDatabase {
  db: Db;
  /** Migrations this start applied (empty when the database was up to date). */
  applied: string[];
  close(): void;
}

export async function openLibsqlHttp(url: string, authToken?: string, now = Date.now()): Promise<LibsqlHttpDatabase> {
  const client = createClient({ url, authToken: authToken || undefined });
  const db = drizzle(client, { schema }) as unknown as Db;
  const applied = await applyMigrations(db, now);
  return { db, applied, close: () => client.close() };
}
