// Opens the libSQL database (file, memory or remote URL), turns WAL on and applies migrations.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { schema } from '../../db/schema.ts';

/** Accepts libSQL URLs and freqtrade's SQLAlchemy form (sqlite:///path, sqlite://). */
export function normaliseDbUrl(url: string): string {
  if (url === ':memory:' || url === 'sqlite://' || url === 'sqlite:///:memory:') return ':memory:';
  if (url.startsWith('sqlite:///')) return `file:${url.slice('sqlite:///'.length)}`;
  return url;
}

export interface OpenDatabase {
  db: Db;
  client: Client;
  url: string;
  close(): void;
}

export async function openDatabase(rawUrl: string): Promise<OpenDatabase> {
  const url = normaliseDbUrl(rawUrl);
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice(5))), { recursive: true });
  const client = createClient({ url });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA busy_timeout=5000');
  }
  await client.execute('PRAGMA foreign_keys=ON');
  const db = drizzle(client, { schema }) as unknown as Db;
  await applyMigrations(db);
  return { db, client, url, close: () => client.close() };
}
