// Runs the OpenAPI-driven fuzzer against a real Node server (every documented route).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../../src/db/schema.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { QUIET_STRATEGY_NAME, writeQuietStrategy } from '../../support/quiet-strategy.ts';
import { READONLY_CONFIG, RO_BASIC } from '../security/support.ts';
import { fuzzApi, type OpenApiDocument } from './harness.ts';

// /sysinfo samples the CPU for ~250 ms, so the default run stays modest; TICKHUB_FUZZ_RUNS=5000 for more.
const NUM_RUNS = Number(process.env.TICKHUB_FUZZ_RUNS ?? 300);
/**
 * Tables a rejected request must leave alone. Not guarded: the audit trail and login failures
 * (they record rejections on purpose) and the candle cache, which the bot's own loop fills in the
 * background (e.g. for the pair of a trade an earlier request opened), and the wallet snapshots its
 * tick writes when an earlier request changed the wallet.
 */
const UNGUARDED = new Set(['audit_log', 'login_failures', 'candles', 'wallet_history']);
const GUARDED_TABLES = Object.values(schema)
  .map((t) => getTableName(t))
  .filter((name) => !UNGUARDED.has(name));
const COUNT_ROWS = sql.raw(`SELECT ${GUARDED_TABLES.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`);

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-fuzz-'));
  writeQuietStrategy(dir);
  // Time stands still and the strategy never signals, so the bot's own loop adds no candles and
  // opens no trades (also after a fuzzed /start): every table change comes from a request.
  server = await startTestServer(
    {
      ...READONLY_CONFIG,
      strategy: QUIET_STRATEGY_NAME,
      api_server: { ...READONLY_CONFIG.api_server, max_body_bytes: 4096 },
    },
    { clock: new ManualClock(Date.now()), dir },
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API fuzzing (OpenAPI-driven hostile requests)', () => {
  it(`${NUM_RUNS} hostile requests: no 500, FastAPI-shaped JSON errors, no writes on 4xx`, async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as OpenApiDocument;
    const report = await fuzzApi(
      {
        fetch: (path, init) => server.fetch(path, init),
        authorizations: [server.basic, RO_BASIC],
        maxBodyBytes: 4096,
        rowCounts: async () => (await server.deps.db.get(COUNT_ROWS)) as Record<string, number>,
      },
      doc,
      { numRuns: NUM_RUNS },
    );
    console.log(
      `fuzz: ${report.cases} cases over ${report.operations} operations (${report.succeeded.length} answered 2xx), statuses ${JSON.stringify(report.statuses)}`,
    );
    if (process.env.TICKHUB_FUZZ_VERBOSE) console.log(`fuzz: 2xx reached on ${report.succeeded.join(', ')}`);
    expect(report.cases).toBe(NUM_RUNS);
    // every documented operation was reached (the runs are shared out over them in turn)
    if (NUM_RUNS >= report.operations) expect(Object.keys(report.perOperation)).toHaveLength(report.operations);
    expect((await server.fetch('/api/v1/ping')).status).toBe(200);
  }, 300_000);
});
