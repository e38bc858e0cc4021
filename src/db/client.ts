// The database handle every layer uses: Drizzle over libSQL (file, memory or HTTP) or D1.
// Writes that touch several rows go through `batch` (atomic on every driver; D1 has no
// interactive transactions).

import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { schema } from './schema.ts';

export type Schema = typeof schema;
export type Db = BaseSQLiteDatabase<'async', unknown, Schema> & { batch: LibSQLDatabase<Schema>['batch'] };
