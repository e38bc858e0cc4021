// The audit trail: every money-moving or control call is recorded once (who, from where, what,
// outcome), readable newest first at GET /api/v1/audit_log, and cannot be changed over the API.
// Shown on the real routes of a real server (offline exchange, dry run).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuditedCall } from '../../../src/api/audit.ts';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD } from '../../support/test-config.ts';
import { READONLY_CONFIG, RO_BASIC, RO_USER } from './support.ts';

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

beforeAll(async () => {
  // The strategy trades only ADA/USDT, so the pairs forced in below are the test's alone.
  server = await startTestServer({
    ...READONLY_CONFIG,
    max_open_trades: 5,
    exchange: { pair_whitelist: ['ADA/USDT'] },
  });
});
afterAll(async () => {
  await server.close();
});

async function auditLog(query = ''): Promise<{ entries: Entry[]; total: number }> {
  const r = await server.fetch(`/api/v1/audit_log${query}`, { headers: { authorization: server.basic } });
  expect(r.status).toBe(200);
  return (await r.json()) as { entries: Entry[]; total: number };
}

/** A call as the main user; `body` is sent as JSON. */
async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: server.basic };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return server.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

  it('records one entry per control call on the real routes, with the right status and outcome', async () => {
    const before = (await auditLog()).total;
    const calls: {
      method: string;
      path: string;
      body?: unknown;
      status: number;
      outcome?: RegExp;
    }[] = [];
    const expectCall = async (
      method: string,
      path: string,
      body: unknown,
      status: number,
      outcome?: RegExp,
    ): Promise<Response> => {
      const r = await call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(status);
      calls.push({ method, path, body, status, outcome });
      return r;
    };

    const entered = (await (
      await expectCall('POST', '/api/v1/forceenter', { pair: 'BTC/USDT', ordertype: 'market' }, 200)
    ).json()) as {
      trade_id: number;
    };
    // limits far below the market rest as open orders
    const resting = (await (
      await expectCall('POST', '/api/v1/forcebuy', { pair: 'ETH/USDT', price: 1 }, 200)
    ).json()) as { trade_id: number };
    const doomed = (await (
      await expectCall('POST', '/api/v1/forceenter', { pair: 'SOL/USDT', price: 1, entry_tag: 'x' }, 200)
    ).json()) as { trade_id: number };
    await expectCall('DELETE', `/api/v1/trades/${resting.trade_id}/open-order`, undefined, 200);
    await expectCall('POST', '/api/v1/forceexit', { tradeid: entered.trade_id, ordertype: 'market' }, 200);
    await expectCall(
      'POST',
      '/api/v1/forcesell',
      { tradeid: 999 },
      502,
      /^error: Error querying \/api\/v1\/forcesell: /,
    );
    await expectCall('DELETE', `/api/v1/trades/${doomed.trade_id}`, undefined, 200);
    await expectCall('DELETE', '/api/v1/trades/999', undefined, 502, /^error: Error querying \/api\/v1\/trades\/999/);
    await expectCall('POST', '/api/v1/blacklist', { blacklist: ['XRP/USDT'] }, 200);
    await expectCall('DELETE', '/api/v1/blacklist?pairs_to_delete=XRP/USDT', undefined, 200);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const locked = (await (
      await expectCall('POST', '/api/v1/locks', [{ pair: 'SOL/USDT', until, side: '*', reason: 'audit' }], 200)
    ).json()) as { locks: { id: number; pair: string }[] };
    const lock = locked.locks.find((l) => l.pair === 'SOL/USDT');
    expect(lock).toBeDefined();
    await expectCall('DELETE', `/api/v1/locks/${lock?.id}`, undefined, 200);
    await expectCall('POST', '/api/v1/locks', [{ pair: 'SOL/USDT', until, side: '*' }], 200);
    await expectCall('POST', '/api/v1/locks/delete', { pair: 'SOL/USDT' }, 200);
    // freqtrade and FreqUI send these with no body at all
    for (const path of ['/api/v1/stopentry', '/api/v1/stopbuy', '/api/v1/pause', '/api/v1/stop', '/api/v1/start']) {
      await expectCall('POST', path, undefined, 200);
    }
    await expectCall(
      'POST',
      '/api/v1/reload_config',
      undefined,
      502,
      /^error: Error querying \/api\/v1\/reload_config/,
    );
    await expectCall('POST', '/api/v1/forceenter', { pair: 3 }, 422, /^error: \[\{"type":"string_type"/);
    // a secret echoed back in an error is scrubbed in the outcome too
    await expectCall('POST', '/api/v1/forceenter', { pair: 'BTC/USDT', price: TEST_PASSWORD }, 422, /"input":"\*\*\*"/);
    // reads are not audited
    expect((await call('GET', '/api/v1/status')).status).toBe(200);
    expect((await call('GET', '/api/v1/locks')).status).toBe(200);

    const { entries, total } = await auditLog(`?limit=${calls.length}`);
    expect(total).toBe(before + calls.length);
    const oldestFirst = [...entries].reverse();
    for (const [i, c] of calls.entries()) {
      const e = oldestFirst[i];
      const where = `${c.method} ${c.path}`;
      expect(e, where).toMatchObject({
        username: 'tester',
        client_ip: '127.0.0.1',
        method: c.method,
        route: new URL(c.path, 'http://h').pathname,
        status: c.status,
      });
      if (c.status < 400) expect(e.outcome, where).toBe('ok');
      else expect(e.outcome, where).toMatch(c.outcome ?? /^error: /);
      const digest = c.body === undefined ? null : createHash('sha256').update(JSON.stringify(c.body)).digest('hex');
      expect(e.body_sha256, where).toBe(digest);
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    // every audited control route of the brief was called at least once
    const routes = new Set(entries.map((e) => `${e.method} ${e.route.replace(/\/\d+/g, '/{id}')}`));
    for (const r of [
      'POST /api/v1/forceenter',
      'POST /api/v1/forcebuy',
      'POST /api/v1/forceexit',
      'POST /api/v1/forcesell',
      'DELETE /api/v1/trades/{id}',
      'DELETE /api/v1/trades/{id}/open-order',
      'POST /api/v1/blacklist',
      'DELETE /api/v1/blacklist',
      'POST /api/v1/locks',
      'DELETE /api/v1/locks/{id}',
      'POST /api/v1/locks/delete',
      'POST /api/v1/start',
      'POST /api/v1/stop',
      'POST /api/v1/stopentry',
      'POST /api/v1/stopbuy',
      'POST /api/v1/pause',
      'POST /api/v1/reload_config',
    ]) {
      expect(routes.has(r), r).toBe(true);
    }
    expect(JSON.stringify(entries)).not.toContain(TEST_PASSWORD);
  });

  it('records the read-only user refused with 403, and skips unauthenticated attempts', async () => {
    const before = (await auditLog()).total;
    expect((await server.fetch('/api/v1/start', { method: 'POST', headers: { authorization: RO_BASIC } })).status).toBe(
      403,
    );
    expect((await server.fetch('/api/v1/start', { method: 'POST' })).status).toBe(401);
    expect(
      (await server.fetch('/api/v1/start', { method: 'POST', headers: { authorization: basicAuth('x', 'y') } })).status,
    ).toBe(401);
    const { entries, total } = await auditLog();
    expect(total).toBe(before + 1);
    expect(entries[0]).toMatchObject({ username: RO_USER, status: 403 });
    expect(entries[0].outcome).toMatch(/^error: Read-only user/);
  });

  it('pages newest first with limit and offset; bounds limit; read-only user may read', async () => {
    for (let i = 0; i < 3; i++)
      await server.fetch('/api/v1/start', { method: 'POST', headers: { authorization: server.basic } });
    const all = await auditLog();
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page = await auditLog('?limit=2&offset=1');
    expect(page.entries.map((e) => e.id)).toEqual(ids.slice(1, 3));
    expect(page.total).toBe(all.total);

    for (const bad of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'limit=99999999999999999999']) {
      const r = await server.fetch(`/api/v1/audit_log?${bad}`, { headers: { authorization: server.basic } });
      expect(r.status, bad).toBe(422);
      const body = (await r.json()) as { detail: { loc: string[] }[] };
      expect(body.detail[0].loc[0]).toBe('query');
    }
    const ro = await server.fetch('/api/v1/audit_log', { headers: { authorization: RO_BASIC } });
    expect(ro.status).toBe(200);
    expect((await server.fetch('/api/v1/audit_log')).status).toBe(401);
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
