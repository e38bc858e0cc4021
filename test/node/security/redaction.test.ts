// No configured secret ever leaves the process: every documented route (with good, missing and
// wrong credentials) answers without any secret in its body or headers; with secrets planted in
// query values and bodies, no error body and no configuration-bearing route (show_config, logs,
// health, sysinfo) carries one — a 200 echoing what the caller stored (a blacklist entry) is the
// caller's own data, not a leak; error bodies are scrubbed; the access log masks token= and never
// writes the Authorization header.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactedTarget } from '../../../src/api/middleware/access-log.ts';
import { secretValues } from '../../../src/config/redact.ts';
import { RpcError } from '../../../src/rpc/errors.ts';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { RO_BASIC, RO_PASSWORD, RO_USER, type ServedApp, serveWithBot } from './support.ts';

const EXCHANGE_KEY = 'exchange-key-5f2b9c0e7a1d4b6c';
const EXCHANGE_SECRET = 'exchange-secret-8c3e1f0a9b7d6e5f4a3b';
const EXCHANGE_PASSWORD = 'exchange-passphrase-1a2b3c4d';
const SECRETS = [
  TEST_PASSWORD,
  TEST_JWT_SECRET,
  TEST_WS_TOKEN,
  RO_PASSWORD,
  EXCHANGE_KEY,
  EXCHANGE_SECRET,
  EXCHANGE_PASSWORD,
];

/** Routes whose answers are built from the configuration or the logs. */
const CONFIG_BEARING = ['/api/v1/show_config', '/api/v1/logs', '/api/v1/health', '/api/v1/sysinfo'];
/** Ordinary values for required query parameters. */
const QUERY_VALUES: Record<string, string> = {
  pair: 'BTC/USDT',
  timeframe: '5m',
  timerange: '20240101-20240102',
  strategy: 'MaCrossStrategy',
};

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
}

let server: TestServer;
let app: ServedApp;

beforeAll(async () => {
  server = await startTestServer({
    api_server: { verbosity: 'info', readonly_username: RO_USER, readonly_password: RO_PASSWORD },
    exchange: { key: EXCHANGE_KEY, secret: EXCHANGE_SECRET, password: EXCHANGE_PASSWORD },
  });
  // The real routes over a bot whose errors quote secrets (an exchange error echoing credentials).
  app = await serveWithBot(server.deps, {
    forceExit: async () => {
      throw new RpcError(`cannot use key ${EXCHANGE_KEY} with secret ${JSON.stringify(EXCHANGE_SECRET)}`);
    },
    balances: async () => {
      throw new Error(`exchange rejected ${EXCHANGE_SECRET}`);
    },
  });
});
afterAll(async () => {
  await app.close();
  await server.close();
});

function expectNoSecret(where: string, text: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${where} leaks ${s.slice(0, 12)}…`).toBe(false);
}

/** Fetches and checks headers always, the body unless `bodyUnlessOk` and the answer is a success. */
async function scan(
  target: { fetch: ServedApp['fetch'] },
  path: string,
  init: RequestInit = {},
  bodyUnlessOk = false,
): Promise<number> {
  const r = await target.fetch(path, init);
  const text = await r.text();
  if (!bodyUnlessOk || r.status >= 400) expectNoSecret(`${init.method ?? 'GET'} ${path} (${r.status}) body`, text);
  expectNoSecret(`${init.method ?? 'GET'} ${path} headers`, JSON.stringify([...r.headers]));
  if (r.status >= 400) expect(() => JSON.parse(text), `${path} error body is JSON`).not.toThrow();
  return r.status;
}

describe('secrets never leave the process', () => {
  it('the test knows every configured secret', () => {
    expect(new Set(secretValues(server.deps.config()))).toEqual(new Set(SECRETS));
  });

  it('no documented route returns a secret, with any credentials', async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as OpenApiDoc;
    const auths = [server.basic, RO_BASIC, basicAuth(TEST_USER, 'wrong'), basicAuth(TEST_USER, TEST_WS_TOKEN), ''];
    let checked = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const query = (op.parameters ?? [])
          .filter((p) => p.in === 'query' && QUERY_VALUES[p.name])
          .map((p) => `${p.name}=${encodeURIComponent(QUERY_VALUES[p.name])}`)
          .join('&');
        const path = template.replace(/\{[^}]+\}/g, '1') + (query ? `?${query}` : '');
        for (const authorization of auths) {
          const headers: Record<string, string> = authorization ? { authorization } : {};
          await scan(server, path, { method: method.toUpperCase(), headers });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
  }, 60_000);

  it('secrets planted in query values and bodies come back in no error body and no config-bearing route', async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as OpenApiDoc;
    const auths = [server.basic, RO_BASIC, basicAuth(TEST_USER, 'wrong'), 'Basic ###'];
    let checked = 0;
    let errors = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(TEST_PASSWORD));
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const planted = [
          `?token=${TEST_WS_TOKEN}`,
          ...query.map((q) => `?${q}=${encodeURIComponent(TEST_PASSWORD)}`),
          ...query.map((q) => `?${q}=${encodeURIComponent(EXCHANGE_SECRET)}`),
        ];
        for (const authorization of auths) {
          for (const q of planted) {
            const headers: Record<string, string> = authorization ? { authorization } : {};
            const init: RequestInit = { method: method.toUpperCase(), headers };
            if (method !== 'get') {
              headers['content-type'] = 'application/json';
              init.body = JSON.stringify({ pair: EXCHANGE_SECRET, blacklist: [EXCHANGE_KEY], tradeid: RO_PASSWORD });
            }
            const status = await scan(server, path + q, init, !CONFIG_BEARING.includes(template));
            if (status >= 400) errors++;
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(errors).toBeGreaterThan(100);
  }, 120_000);

  it('error bodies are scrubbed: bot errors, echoed 422 inputs, HTTP details, unexpected errors', async () => {
    const headers = { authorization: server.basic, 'content-type': 'application/json' };
    const fail = await app.fetch('/api/v1/forceexit', { method: 'POST', headers, body: '{"tradeid": 1}' });
    expect(fail.status).toBe(502);
    expect(await fail.json()).toEqual({
      error: 'Error querying /api/v1/forceexit: cannot use key *** with secret "***"',
    });

    const echo = await app.fetch('/api/v1/forceenter', {
      method: 'POST',
      headers,
      body: JSON.stringify({ pair: 'BTC/USDT', price: TEST_PASSWORD }),
    });
    expect(echo.status).toBe(422);
    const body = (await echo.json()) as { detail: { input: unknown; loc: unknown[] }[] };
    expect(body.detail[0].loc).toEqual(['body', 'price']);
    expect(body.detail[0].input).toBe('***');

    const named = await app.fetch(`/api/v1/plot_config?strategy=${EXCHANGE_SECRET}`, { headers });
    expect(named.status).toBe(502);
    expect(((await named.json()) as { detail: string }).detail).toMatch(/^Invalid strategy name "\*\*\*"/);

    const crash = await app.fetch('/api/v1/balance', { headers });
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ detail: 'Internal Server Error' });
    const logged = server.deps.logs.recent().find((r) => r[4].startsWith('Unhandled API error'));
    expect(logged?.[4]).toContain('exchange rejected ***');
    await scan(app, '/api/v1/balance', { headers });
  });

  it('the access log masks secret query values and never writes Authorization', async () => {
    await server.fetch(`/api/v1/ping?token=${TEST_WS_TOKEN}&x=1`, { headers: { authorization: server.basic } });
    await server.fetch('/api/v1/version', { headers: { authorization: server.basic } });
    const records = server.deps.logs.recent();
    const access = records.filter((r) => r[2] === 'tickhub.api.access').map((r) => r[4]);
    expect(access.some((l) => /^127\.0\.0\.1 - "GET \/api\/v1\/ping\?token=\*\*\*&x=1" 200 \d+ms$/.test(l))).toBe(true);
    expect(access.some((l) => /^127\.0\.0\.1 - "GET \/api\/v1\/version" 200 \d+ms$/.test(l))).toBe(true);
    const all = records.map((r) => r[4]).join('\n');
    expectNoSecret('log', all);
    expect(all).not.toContain(server.basic.slice(6));
    expect(all).not.toMatch(/authorization/i);
  });

  it('redactedTarget masks token, password, secret and key parameters only', () => {
    expect(redactedTarget('http://h/a?token=abc&limit=5')).toBe('/a?token=***&limit=5');
    expect(redactedTarget('http://h/a?api_key=1&Password=2&client_secret=3&tok%65n=4')).toBe(
      '/a?api_key=***&Password=***&client_secret=***&tok%65n=***',
    );
    expect(redactedTarget('http://h/a')).toBe('/a');
    expect(redactedTarget('http://h/a?flag')).toBe('/a?flag');
  });
});

describe('access log off by default', () => {
  it('writes no access lines when verbosity is "error"', async () => {
    const quiet = await startTestServer();
    try {
      await quiet.fetch('/api/v1/ping');
      expect(quiet.deps.logs.recent().filter((r) => r[2] === 'tickhub.api.access')).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});
