// The audit trail: every money-moving or control call is recorded once (who, from where, what,
// outcome), readable newest first at GET /api/v1/audit_log, and cannot be changed over the API.
// The real control routes land later; small test-only routes on the same paths stand in for them.

import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuditedCall } from '../../../src/api/audit.ts';
import { ApiError } from '../../../src/api/errors.ts';
import { RpcError } from '../../../src/rpc/errors.ts';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD } from '../../support/test-config.ts';
import { READONLY_CONFIG, RO_BASIC, RO_USER, type ServedApp, serveWithTestRoutes } from './support.ts';

interface Entry {
  id: number;
  timestamp: string;
  ts: number;
  username: string;
  client_ip: string;
  method: string;
  route: string;
  body_sha256: string | null;
  status: number;
  outcome: string;
}

let server: TestServer;
let app: ServedApp;

beforeAll(async () => {
  server = await startTestServer(READONLY_CONFIG);
  app = await serveWithTestRoutes(server.deps, (a, auth) => {
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/start',
        middleware: [auth],
        responses: { 200: { description: 'ok' } },
      }),
      async (c) => c.json({ status: await server.deps.bot.start() }, 200),
    );
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/forceenter',
        middleware: [auth],
        request: {
          body: {
            content: { 'application/json': { schema: z.object({ pair: z.string(), price: z.number().optional() }) } },
          },
        },
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.json({ entered: c.req.valid('json').pair }, 200),
    );
    a.openapi(
      createRoute({
        method: 'delete',
        path: '/api/v1/trades/{tradeid}',
        middleware: [auth],
        request: { params: z.object({ tradeid: z.string() }) },
        responses: { 200: { description: 'ok' } },
      }),
      () => {
        throw new RpcError('invalid argument');
      },
    );
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/stop',
        middleware: [auth],
        responses: { 200: { description: 'ok' } },
      }),
      () => {
        throw new ApiError(400, `refused, password was ${TEST_PASSWORD}`);
      },
    );
    a.openapi(
      createRoute({
        method: 'get',
        path: '/api/v1/status',
        middleware: [auth],
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.json([], 200),
    );
  });
});
afterAll(async () => {
  await app.close();
  await server.close();
});

async function auditLog(query = ''): Promise<{ entries: Entry[]; total: number }> {
  const r = await app.fetch(`/api/v1/audit_log${query}`, { headers: { authorization: server.basic } });
  expect(r.status).toBe(200);
  return (await r.json()) as { entries: Entry[]; total: number };
}

describe('audit trail', () => {
  it('matches freqtrade control and trading calls by method and path', () => {
    const audited: [string, string][] = [
      ['POST', '/api/v1/forceenter'],
      ['POST', '/api/v1/forcebuy'],
      ['POST', '/api/v1/forceexit'],
      ['POST', '/api/v1/forcesell'],
      ['DELETE', '/api/v1/trades/12'],
      ['DELETE', '/api/v1/trades/12/open-order'],
      ['POST', '/api/v1/blacklist'],
      ['DELETE', '/api/v1/blacklist'],
      ['POST', '/api/v1/locks'],
      ['DELETE', '/api/v1/locks/3'],
      ['POST', '/api/v1/locks/delete'],
      ['POST', '/api/v1/start'],
      ['POST', '/api/v1/stop'],
      ['POST', '/api/v1/stopentry'],
      ['POST', '/api/v1/stopbuy'],
      ['POST', '/api/v1/pause'],
      ['POST', '/api/v1/reload_config'],
    ];
    for (const [m, p] of audited) expect(isAuditedCall(m, p), `${m} ${p}`).toBe(true);
    const notAudited: [string, string][] = [
      ['GET', '/api/v1/trades/12'],
      ['GET', '/api/v1/blacklist'],
      ['GET', '/api/v1/locks'],
      ['POST', '/api/v1/token/login'],
      ['GET', '/api/v1/start'],
      ['POST', '/api/v1/starts'],
      ['DELETE', '/api/v1/trades'],
      ['DELETE', '/api/v1/trades/1/open-order/x'],
    ];
    for (const [m, p] of notAudited) expect(isAuditedCall(m, p), `${m} ${p}`).toBe(false);
  });

  it('records one entry per control call: user, IP, method, route, body digest, status, outcome', async () => {
    const before = (await auditLog()).total;
    const body = JSON.stringify({ pair: 'BTC/USDT', price: 1 });
    const calls: [string, RequestInit][] = [
      ['/api/v1/start', { method: 'POST', headers: { authorization: server.basic } }],
      [
        '/api/v1/forceenter',
        { method: 'POST', body, headers: { authorization: server.basic, 'content-type': 'application/json' } },
      ],
      ['/api/v1/trades/7', { method: 'DELETE', headers: { authorization: server.basic } }],
      ['/api/v1/stop', { method: 'POST', headers: { authorization: server.basic } }],
      [
        '/api/v1/forceenter',
        {
          method: 'POST',
          body: '{"pair": 3}',
          headers: { authorization: server.basic, 'content-type': 'application/json' },
        },
      ],
      ['/api/v1/status', { headers: { authorization: server.basic } }],
    ];
    const statuses = [];
    for (const [path, init] of calls) statuses.push((await app.fetch(path, init)).status);
    expect(statuses).toEqual([200, 200, 502, 400, 422, 200]);

    const { entries, total } = await auditLog();
    expect(total).toBe(before + 5); // GET /status is not audited
    const [invalid, stop, del, enter, start] = entries;
    expect(start).toMatchObject({
      username: 'tester',
      client_ip: '127.0.0.1',
      method: 'POST',
      route: '/api/v1/start',
      body_sha256: null,
      status: 200,
      outcome: 'ok',
    });
    expect(start.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(enter).toMatchObject({ route: '/api/v1/forceenter', status: 200, outcome: 'ok' });
    expect(enter.body_sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(del).toMatchObject({
      method: 'DELETE',
      route: '/api/v1/trades/7',
      status: 502,
      outcome: 'error: Error querying /api/v1/trades/7: invalid argument',
    });
    expect(stop).toMatchObject({ status: 400, outcome: 'error: refused, password was ***' });
    expect(invalid.status).toBe(422);
    expect(invalid.outcome).toMatch(/^error: \[\{"type":"string_type"/);
    expect(JSON.stringify(entries)).not.toContain(TEST_PASSWORD);
  });

  it('records the read-only user refused with 403, and skips unauthenticated attempts', async () => {
    const before = (await auditLog()).total;
    expect((await app.fetch('/api/v1/start', { method: 'POST', headers: { authorization: RO_BASIC } })).status).toBe(
      403,
    );
    expect((await app.fetch('/api/v1/start', { method: 'POST' })).status).toBe(401);
    expect(
      (await app.fetch('/api/v1/start', { method: 'POST', headers: { authorization: basicAuth('x', 'y') } })).status,
    ).toBe(401);
    const { entries, total } = await auditLog();
    expect(total).toBe(before + 1);
    expect(entries[0]).toMatchObject({ username: RO_USER, status: 403 });
    expect(entries[0].outcome).toMatch(/^error: Read-only user/);
  });

  it('pages newest first with limit and offset; bounds limit; read-only user may read', async () => {
    for (let i = 0; i < 3; i++)
      await app.fetch('/api/v1/start', { method: 'POST', headers: { authorization: server.basic } });
    const all = await auditLog();
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page = await auditLog('?limit=2&offset=1');
    expect(page.entries.map((e) => e.id)).toEqual(ids.slice(1, 3));
    expect(page.total).toBe(all.total);

    for (const bad of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'limit=99999999999999999999']) {
      const r = await app.fetch(`/api/v1/audit_log?${bad}`, { headers: { authorization: server.basic } });
      expect(r.status, bad).toBe(422);
      const body = (await r.json()) as { detail: { loc: string[] }[] };
      expect(body.detail[0].loc[0]).toBe('query');
    }
    const ro = await app.fetch('/api/v1/audit_log', { headers: { authorization: RO_BASIC } });
    expect(ro.status).toBe(200);
    expect((await app.fetch('/api/v1/audit_log')).status).toBe(401);
  });

  it('cannot be changed or deleted over the API (405), and is in the OpenAPI document', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      for (const path of ['/api/v1/audit_log', '/api/v1/audit_log/1']) {
        const r = await server.fetch(path, { method, headers: { authorization: server.basic } });
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(await r.json()).toEqual({ detail: 'Method Not Allowed' });
      }
    }
    const doc = (await (await server.fetch('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/audit_log'])).toEqual(['get']);
  });
});
