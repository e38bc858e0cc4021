// Real libSQL databases for one test file, opened as the Node host opens them (WAL, migrations)
// in a temp folder; every handle is closed and the folder removed after the file's tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { type OpenDatabase, openDatabase } from '../../src/hosts/node/database.ts';

export interface TempDatabases {
  /** Opens a database URL (file:…, :memory:); closed after the file's tests. */
  open(url: string): Promise<Db>;
  /** A path inside the temp folder. */
  path(name: string): string;
}

export function useTempDatabases(prefix: string): TempDatabases {
  let dir = '';
  const handles: OpenDatabase[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    for (const h of handles) h.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    async open(url) {
      const h = await openDatabase(url);
      handles.push(h);
      return h.db;
    },
    path: (name) => join(dir, name),
  };
}
