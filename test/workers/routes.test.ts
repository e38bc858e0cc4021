// The REST route contract (test/contract/routes.contract.ts) inside workerd, against the Worker and
// its bot's Durable Object over D1 seeded like the Node registration (test/node/api/routes.test.ts).
// One D1 database per test file here, so the two phases share it: the read-only contract first on
// a stopped bot (as the Node read server starts), then the commands once the bot runs.

import { env, SELF } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe } from 'vitest';
import { saveState } from '../../src/bot/state.ts';
import type { Db } from '../../src/db/client.ts';
import { schema } from '../../src/db/schema.ts';
import {
  type RouteTarget,
  registerRouteCommandContract,
  registerRouteReadContract,
} from '../contract/routes.contract.ts';
import { seedDatabase } from '../support/seed.ts';
import { api } from './edge-helpers.ts';

const fetchWorker = (path: string, init?: RequestInit) =>
  SELF.fetch(`https://tickhub.test${path}`, init as any) as unknown as Promise<Response>;

let target: RouteTarget;

// Seeded before the first request reaches the bot's object, so the bot starts on these rows; the
// persisted state "stopped" is what initial_state "stopped" gives the Node read server.
beforeAll(async () => {
  const db = drizzle(env.DB as any, { schema }) as unknown as Db;
  const seeded = await seedDatabase(db, {});
  await saveState(db, 'stopped', Date.now());
  target = { fetch: fetchWorker, seeded };
});

registerRouteReadContract('workers', () => target);

describe('once the bot runs', () => {
  beforeAll(async () => {
    // The Node command server trades only BTC/USDT and ETH/USDT, both held by the seeded open
    // trades, so no tick opens a trade on its own and a slot stays free for the forcebuy case
    // (SOL/USDT). The edge whitelist has five pairs: the blacklist leaves the same two.
    const listed = await api('/api/v1/blacklist', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blacklist: ['SOL/USDT', 'XRP/USDT', 'ADA/USDT'] }),
    });
    if (listed.status !== 200) throw new Error(`blacklist: ${listed.status} ${await listed.text()}`);
    const started = await api('/api/v1/start', { method: 'POST' });
    if (started.status !== 200) throw new Error(`start: ${started.status} ${await started.text()}`);
  });

  registerRouteCommandContract('workers', () => target);
});
