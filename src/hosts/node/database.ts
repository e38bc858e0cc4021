// Opens the libSQL database (file, memory or remote URL), turns WAL on and applies migrations.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Client } from '@libsql/client';
import { createClient } from '@libsql/client/sqlite3';
import { drizzle } from 'drizzle-orm/libsql/sqlite3';
import type { Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { schema } from '../../db/schema.ts';
import { provideSnapshotConnections } from '../../db/snapshot.ts';

/** Accepts libSQL URLs and freqtrade's SQLAlchemy form (sqlite:///path, sqlite://). */
export function normaliseDbUrl(url: string): string {
  if (url === ':memory:' || url === 'sqlite://' || url === 'sqlite:///:memory:') return ':memory:';
  if (url.startsWith('sqlite:///')) return `file:${url.slice('sqlite:///'.length)}`;
  return url;
}

const isLocal = (url: string) => url.startsWith('file:') || url === ':memory:';

// A local file or memory database needs only libSQL's sqlite3 driver; the remote protocols
// (hrana over websocket/HTTP, some 50 modules) load only for a remote URL (issue 19 point 4).
async function clientFor(url: string): Promise<Client> {
  if (isLocal(url)) return createClient({ url });
  return (await import('@libsql/client')).createClient({ url });
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
  const client = await clientFor(url);
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA busy_timeout=5000');
  }
  await client.execute('PRAGMA foreign_keys=ON');
  // Only this process writes the database (db-lock.ts), and every trade or order write runs
  // through runTradeWrites (db/repo/trade-writes.ts), which tells what kept answers depend on.
  // Given a client, every drizzle libSQL entry only wraps it, so the sqlite3 one serves remote
  // clients too: the plain 'drizzle-orm/libsql' entry imports the whole of @libsql/client
  // (remote protocols included), which the bundle would then load at every start (~100 ms).
  const db = drizzle(client, { schema }) as unknown as Db;
  await applyMigrations(db);
  // A file in WAL mode can be read on a second connection while this one writes: the report
  // book builds on such a snapshot, so the writes never wait for its pass.
  if (url.startsWith('file:')) {
    // A client of its own: a read transaction on the main client would borrow its idle
    // connection (the one the PRAGMAs above set) and leave the writes a new one without them.
    provideSnapshotConnections(db, async () => {
      const reader = createClient({ url });
      try {
        await reader.execute('PRAGMA busy_timeout=5000');
        const transaction = await reader.transaction('read');
        const readerDb = drizzle(transaction as unknown as Client, { schema }) as unknown as Db;
        return {
          db: readerDb,
          close: () => {
            transaction.close();
            reader.close();
          },
        };
      } catch (error) {
        reader.close();
        throw error;
      }
    });
  }
  return { db, client, url, close: () => client.close() };
}
