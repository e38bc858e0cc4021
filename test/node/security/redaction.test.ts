// No configured secret ever leaves the process: every documented route (with good, missing and
// wrong credentials, with secrets planted in query values and bodies) answers without any secret
// in its body or headers; error bodies are scrubbed; the access log masks token= and never
// writes the Authorization header.

import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.ts';
import { redactedTarget } from '../../../src/api/middleware/access-log.ts';
import { secretValues } from '../../../src/config/redact.ts';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { RO_BASIC, RO_PASSWORD, RO_USER, type ServedApp, serveWithTestRoutes } from './support.ts';

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
  app = await serveWithTestRoutes(server.deps, (a, auth) => {
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/test_fail',
        middleware: [auth],
        responses: { 200: { description: 'x' } },
      }),
      () => {
        throw new ApiError(400, `cannot use key ${EXCHANGE_KEY} with secret ${JSON.stringify(EXCHANGE_SECRET)}`);
      },
    );
    a.openapi(
      createRoute({
        method: 'get',
        path: '/api/v1/test_crash',
        middleware: [auth],
        responses: { 200: { description: 'x' } },
      }),
      () => {
        throw new Error(`exchange rejected ${EXCHANGE_SECRET}`);
      },
    );
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/test_echo',
        middleware: [auth],
        request: { body: { content: { 'application/json': { schema: z.object({ amount: z.number() }) } } } },
        responses: { 200: { description: 'x' } },
      }),
      (c) => c.json(c.req.valid('json'), 200),
    );
  });
});
afterAll(async () => {
  await app.close();
  await server.close();
});

function expectNoSecret(where: string, text: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${where} leaks ${s.slice(0, 12)}…`).toBe(false);
}

async function scan(target: { fetch: ServedApp['fetch'] }, path: string, init: RequestInit = {}): Promise<number> {
  const r = await target.fetch(path, init);
  const text = await r.text();
  expectNoSecret(`${init.method ?? 'GET'} ${path} (${r.status}) body`, text);
  expectNoSecret(`${init.method ?? 'GET'} ${path} headers`, JSON.stringify([...r.headers]));
  if (r.status >= 400) expect(() => JSON.parse(text), `${path} error body is JSON`).not.toThrow();
  return r.status;
}

describe('secrets never leave the process', () => {
  it('the test knows every configured secret', () => {
    expect(new Set(secretValues(server.deps.config()))).toEqual(new Set(SECRETS));
  });

  it('no documented route returns a secret, with any credentials or planted inputs', async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as OpenApiDoc;
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThanOrEqual(8);
    const auths = [
      server.basic,
      RO_BASIC,
      basicAuth(TEST_USER, 'wrong'),
      basicAuth(TEST_USER, TEST_WS_TOKEN),
      '',
      'Basic ###',
    ];
    let checked = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const path = template.replace(/\{[^}]+\}/g, '1');
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const planted = [
          '',
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
              init.body = JSON.stringify(EXCHANGE_SECRET);
            }
            await scan(server, path + q, init);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('error bodies are scrubbed: ApiError text, 422 echoes, unexpected errors', async () => {
    const headers = { authorization: server.basic, 'content-type': 'application/json' };
    const fail = await app.fetch('/api/v1/test_fail', { method: 'POST', headers });
    expect(fail.status).toBe(400);
    expect(await fail.json()).toEqual({ detail: 'cannot use key *** with secret "***"' });

    const echo = await app.fetch('/api/v1/test_echo', {
      method: 'POST',
      headers,
      body: JSON.stringify({ amount: TEST_PASSWORD }),
    });
    expect(echo.status).toBe(422);
    const body = (await echo.json()) as { detail: { input: unknown; loc: unknown[] }[] };
    expect(body.detail[0].loc).toEqual(['body', 'amount']);
    expect(body.detail[0].input).toBe('***');

    const crash = await app.fetch('/api/v1/test_crash', { headers });
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ detail: 'Internal Server Error' });
    const logged = server.deps.logs.recent().find((r) => r[4].startsWith('Unhandled API error'));
    expect(logged?.[4]).toContain('exchange rejected ***');
    await scan(app, '/api/v1/test_crash', { headers });
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
