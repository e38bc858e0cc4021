import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import {
  type RouteTarget,
  registerRouteCommandContract,
  registerRouteReadContract,
} from '../../contract/routes.contract.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { seedDatabase } from '../../support/seed.ts';

/** A server over a freshly seeded libSQL file (seeded before the bot starts). */
async function seededServer(initialState: 'stopped' | 'running', whitelist?: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-routes-'));
  const db = await openDatabase(`file:${join(dir, 'tradesv3.sqlite')}`);
  const seeded = await seedDatabase(db.db, {});
  db.close();
  const server = await startTestServer(
    { initial_state: initialState, ...(whitelist ? { exchange: { name: 'offline', pair_whitelist: whitelist } } : {}) },
    { dir },
  );
  return { server, seeded, dir };
}

const servers: { server: TestServer; dir: string }[] = [];
let readTarget: RouteTarget;
let commandTarget: RouteTarget;

beforeAll(async () => {
  const read = await seededServer('stopped');
  const commands = await seededServer('running', ['BTC/USDT', 'ETH/USDT']);
  servers.push(read, commands);
  readTarget = { fetch: read.server.fetch, seeded: read.seeded };
  commandTarget = { fetch: commands.server.fetch, seeded: commands.seeded };
});

afterAll(async () => {
  for (const s of servers) {
    await s.server.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

registerRouteReadContract('node', () => readTarget);
registerRouteCommandContract('node', () => commandTarget);
