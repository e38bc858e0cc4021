// Starts a real tickhub server in-process on 127.0.0.1 (random port) with a libSQL file in a
// temp dir, for integration tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { type RunningServer, startNodeServer } from '../../src/hosts/node/server.ts';
import type { Clock } from '../../src/util/clock.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from './test-config.ts';

export interface TestServer extends RunningServer {
  dir: string;
  dbFile: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Authorization header with the test user's Basic credentials. */
  basic: string;
}

export function basicAuth(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

export async function startTestServer(
  overrides: ConfigInput = {},
  opts: { clock?: Clock; dir?: string; autoTick?: boolean } = {},
): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tickhub-test-'));
  const dbFile = join(dir, 'tradesv3.sqlite');
  const { config } = validateConfig(testConfig({ user_data_dir: dir, ...overrides }) as Record<string, unknown>);
  const server = await startNodeServer({
    config,
    configFiles: [],
    dbUrl: `file:${dbFile}`,
    port: 0,
    clock: opts.clock,
    autoTick: opts.autoTick,
  });
  return {
    ...server,
    dir,
    dbFile,
    basic: basicAuth(TEST_USER, TEST_PASSWORD),
    fetch: (path, init) => fetch(server.url + path, init),
    async close() {
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
