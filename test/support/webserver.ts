// Starts `npm run webserver`'s server in-process (webserver mode: no bot) on a random port.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { type RunningWebserver, startNodeWebserver } from '../../src/hosts/node/webserver.ts';
import { basicAuth } from './node-server.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from './test-config.ts';

export interface TestWebserver extends RunningWebserver {
  dir: string;
  basic: string;
  /** fetch with the test user's Basic credentials (JSON body when given). */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
}

export async function startTestWebserver(
  overrides: ConfigInput = {},
  opts: { ccxtUrlOverride?: string } = {},
): Promise<TestWebserver> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-webserver-'));
  const { config } = validateConfig(testConfig({ user_data_dir: dir, ...overrides }) as Record<string, unknown>);
  const server = await startNodeWebserver({
    config,
    dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
    port: 0,
    ccxtUrlOverride: opts.ccxtUrlOverride,
  });
  const basic = basicAuth(TEST_USER, TEST_PASSWORD);
  return {
    ...server,
    dir,
    basic,
    async call(method, path, body) {
      const r = await fetch(server.url + path, {
        method,
        headers: { authorization: basic, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /background/{id} until the job stops running (as FreqUI does, but faster). */
export async function waitForJob(server: TestWebserver, jobId: string, timeoutMs = 60_000): Promise<any> {
  const start = Date.now();
  for (;;) {
    const r = await server.call('GET', `/api/v1/background/${jobId}`);
    if (r.status !== 200) throw new Error(`job ${jobId}: ${r.status} ${JSON.stringify(r.json)}`);
    if (!r.json.running) return r.json;
    if (Date.now() - start > timeoutMs) throw new Error(`job ${jobId} still running: ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
