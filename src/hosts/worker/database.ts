// The edge database: D1 by default (migrations applied by `wrangler d1 migrations apply`, only
// checked here), libSQL over HTTP when the LIBSQL_URL secret is set (migrated at start).

import { drizzle } from 'drizzle-orm/d1';
import type { Db } from '../../db/client.ts';
import { pendingD1Migrations } from '../../db/migrate.ts';
import { schema } from '../../db/schema.ts';
import { EdgeConfigError } from './config.ts';
import type { WorkerEnv } from './env.ts';
import { openLibsqlHttp } from './libsql.ts';

export interface EdgeDatabase {
  db: Db;
  kind: 'd1' | 'libsql';
}

export async function openEdgeDatabase(env: WorkerEnv): Promise<EdgeDatabase> {
  if (env.LIBSQL_URL) {
    const { db } = await openLibsqlHttp(env.LIBSQL_URL, env.LIBSQL_AUTH_TOKEN);
    return { db, kind: 'libsql' };
  }
  const db = drizzle(env.DB as any, { schema }) as unknown as Db;
  const pending = await pendingD1Migrations(db);
  if (pending.length > 0) {
    throw new EdgeConfigError(
      `Database migrations not applied: ${pending.join(', ')}. Run: npx wrangler d1 migrations apply DB --local (or --remote for the deployed database)`,
    );
  }
  return { db, kind: 'd1' };
}
