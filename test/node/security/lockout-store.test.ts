// The LockoutStore contract (test/contract/lockout-store.contract.ts) on the Node host's stores:
// in memory, and in a real libSQL file (the D1 one runs in test/workers/lockout-store.test.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { MemoryLockoutStore } from '../../../src/api/auth/lockout.ts';
import { DbLockoutStore } from '../../../src/db/repo/login-failures.ts';
import { type OpenDatabase, openDatabase } from '../../../src/hosts/node/database.ts';
import { lockoutStoreContract } from '../../contract/lockout-store.contract.ts';

let dir: string;
let database: OpenDatabase;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-lockout-contract-'));
  database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

lockoutStoreContract('memory', () => new MemoryLockoutStore());
lockoutStoreContract('libSQL file', () => new DbLockoutStore(database.db));
