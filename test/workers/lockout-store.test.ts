// The LockoutStore contract (test/contract/lockout-store.contract.ts) on the Worker's store: D1
// inside workerd, through drizzle's D1 driver as src/hosts/worker/runtime.ts builds it.

import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import type { Db } from '../../src/db/client.ts';
import { DbLockoutStore } from '../../src/db/repo/login-failures.ts';
import { schema } from '../../src/db/schema.ts';
import { lockoutStoreContract } from '../contract/lockout-store.contract.ts';

lockoutStoreContract('D1', () => new DbLockoutStore(drizzle(env.DB as any, { schema }) as unknown as Db));
