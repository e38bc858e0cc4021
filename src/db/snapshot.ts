// Consistent reads beside the writes (issue 19 point 3): a host whose database allows a second
// connection (Node, a libSQL file in WAL mode) provides read transactions on one; such a
// transaction sees the database as it was at its first read, however long it lasts, while the
// writes go on through the main handle. Hosts without (D1, memory, libSQL over HTTP) do not.

import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** A read transaction the host opened on a connection of its own (`close` ends it). */
export interface Connection {
  db: Db;
  close(): void;
}

export interface Snapshot {
  db: Db;
  /** Ends the read transaction. */
  close(): void;
}

const openers = new WeakMap<Db, () => Promise<Connection>>();

/** Called by the host that opened `db`: how to open a read transaction beside it. */
export function provideSnapshotConnections(db: Db, open: () => Promise<Connection>): void {
  openers.set(db, open);
}

/**
 * Opens a snapshot of `db` taken now (undefined when the host has no second connection). The
 * transaction starts with a read, so every later read sees the database as of this call.
 */
export async function openSnapshot(db: Db): Promise<Snapshot | undefined> {
  const open = openers.get(db);
  if (!open) return undefined;
  const connection = await open();
  try {
    // SQLite takes a transaction's snapshot at its first read, not at BEGIN.
    await connection.db.all(sql`SELECT id FROM trades LIMIT 1`);
  } catch (error) {
    connection.close();
    throw error;
  }
  return connection;
}
