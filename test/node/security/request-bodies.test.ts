// JSON request bodies are validated however they arrive: every documented body is `required`
// (without it @hono/zod-openapi skips validation when no Content-Type is sent and the handler sees
// `{}`), so an empty POST is a 422 that changes nothing. The body-less control calls freqtrade
// and FreqUI send (no body, or `{}`) keep working.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
}

/** Called by freqtrade's client and FreqUI without a body (or with `{}`). */
const BODYLESS = [
  '/api/v1/start',
  '/api/v1/stop',
  '/api/v1/stopentry',
  '/api/v1/stopbuy',
  '/api/v1/pause',
  '/api/v1/reload_config',
  '/api/v1/trades/{tradeid}/reload',
];

let server: TestServer;
let doc: OpenApiDoc;
beforeAll(async () => {
  // stopped: the strategy opens no trade while the test checks that nothing changes
  server = await startTestServer({ initial_state: 'stopped' });
  doc = (await (await server.fetch('/openapi.json')).json()) as OpenApiDoc;
});
afterAll(async () => {
  await server.close();
});

function bodyRoutes(): [string, string][] {
  const out: [string, string][] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) if (op.requestBody) out.push([method.toUpperCase(), path]);
  }
  return out;
}

describe('JSON request bodies', () => {
  it('every documented request body is required', () => {
    const routes = bodyRoutes();
    for (const p of ['/api/v1/forceenter', '/api/v1/forcebuy', '/api/v1/forceexit', '/api/v1/forcesell']) {
      expect(routes).toContainEqual(['POST', p]);
    }
    for (const p of ['/api/v1/blacklist', '/api/v1/locks', '/api/v1/locks/delete', '/api/v1/pair_candles']) {
      expect(routes).toContainEqual(['POST', p]);
    }
    for (const [method, path] of routes) {
      expect(doc.paths[path][method.toLowerCase()].requestBody?.required, `${method} ${path}`).toBe(true);
    }
  });

  it('an empty request to a body route is a 422 on the body, without Content-Type too, and changes nothing', async () => {
    const count = async () =>
      (
        (await (await server.fetch('/api/v1/count', { headers: { authorization: server.basic } })).json()) as {
          current: number;
        }
      ).current;
    const blacklist = async () =>
      (await (await server.fetch('/api/v1/blacklist', { headers: { authorization: server.basic } })).json()) as unknown;
    const before = [await count(), await blacklist()];
    for (const [method, path] of bodyRoutes()) {
      for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
        const r = await server.fetch(path, { method, headers: { authorization: server.basic, ...headers } });
        const where = `${method} ${path} ${JSON.stringify(headers)}`;
        if (path === '/api/v1/locks/delete' && !headers['content-type']) {
          // both fields optional: no body without Content-Type is validated as {} and releases
          // nothing (freqtrade: 422 "Field required")
          expect(r.status, where).toBe(200);
          expect(await r.json()).toEqual({ lock_count: 0, locks: [] });
          continue;
        }
        expect(r.status, where).toBe(422);
        const body = (await r.json()) as { detail: { loc: unknown[] }[] };
        expect(body.detail[0].loc[0]).toBe('body');
      }
    }
    expect([await count(), await blacklist()]).toEqual(before);
  });

  it('the control calls are documented without a body and work with none, and with {}', async () => {
    for (const path of BODYLESS) expect(doc.paths[path].post, path).toBeDefined();
    for (const path of BODYLESS) expect(doc.paths[path].post.requestBody, path).toBeUndefined();
    const url = (p: string) => p.replace('{tradeid}', '1');
    for (const path of BODYLESS) {
      for (const init of [
        { headers: { authorization: server.basic } },
        { headers: { authorization: server.basic, 'content-type': 'application/json' }, body: '{}' },
      ] as RequestInit[]) {
        const r = await server.fetch(url(path), { method: 'POST', ...init });
        const body = (await r.json()) as { status?: string; error?: string };
        if (path.includes('reload')) {
          // answered by the bot itself: no such trade / no config reload on this host
          expect(r.status, path).toBe(502);
          expect(body.error).toMatch(/^Error querying /);
        } else {
          expect(r.status, path).toBe(200);
          expect(typeof body.status).toBe('string');
        }
      }
    }
  });
});
