// The fuzz harness itself: it reaches path parameters and bodies of documented routes, and it
// catches the faults it is meant to catch (a 500, a non-FastAPI error body, a write on a 4xx).

import { createRoute, z } from '@hono/zod-openapi';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.ts';
import { intParam, requiredJsonBody } from '../../../src/api/validation.ts';
import { setValue } from '../../../src/db/repo/kv.ts';
import { schema } from '../../../src/db/schema.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { type ServedApp, serveTestRoutes } from '../security/support.ts';
import { checkResponse, type FuzzTarget, fuzzApi, fuzzOperations, type OpenApiDocument } from './harness.ts';

const TABLES = Object.values(schema)
  .map((t) => getTableName(t))
  .filter((n) => n !== 'audit_log' && n !== 'login_failures');
const COUNT_ROWS = sql.raw(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`);

let server: TestServer;
let app: ServedApp;
const seenTradeIds = new Set<string>();

beforeAll(async () => {
  server = await startTestServer({ api_server: { max_body_bytes: 4096 } });
  app = await serveTestRoutes(server.deps, (a, auth) => {
    a.openapi(
      createRoute({
        method: 'get',
        path: '/api/v1/test_trade/{tradeid}',
        middleware: [auth],
        request: { params: z.object({ tradeid: intParam() }), query: z.object({ limit: intParam().optional() }) },
        responses: { 200: { description: 'x' } },
      }),
      (c) => {
        seenTradeIds.add(String(c.req.valid('param').tradeid));
        return c.json({ ok: true }, 200);
      },
    );
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/test_note',
        middleware: [auth],
        request: { body: requiredJsonBody(z.object({ key: z.string().max(20), n: z.number() })) },
        responses: { 200: { description: 'x' } },
      }),
      async (c) => {
        const { key, n } = c.req.valid('json');
        await setValue(server.deps.db, `fuzz:${key}`, n, server.deps.clock.now());
        return c.json({ ok: true }, 200);
      },
    );
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/test_loose',
        middleware: [auth],
        request: { body: { content: { 'application/json': { schema: z.object({ key: z.string() }) } } } },
        responses: { 200: { description: 'x' } },
      }),
      (c) => c.json({ seen: c.req.valid('json') }, 200),
    );
    // A deliberately broken route: writes first, then refuses. The harness must catch it.
    a.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/test_buggy_write',
        middleware: [auth],
        responses: { 200: { description: 'x' } },
      }),
      async () => {
        await setValue(server.deps.db, `buggy:${Math.random()}`, 1, 0);
        throw new ApiError(400, 'refused after writing');
      },
    );
  });
});
afterAll(async () => {
  await app.close();
  await server.close();
});

function target(): FuzzTarget {
  return {
    fetch: (path, init) => app.fetch(path, init),
    authorizations: [server.basic],
    maxBodyBytes: 4096,
    rowCounts: async () => (await server.deps.db.get(COUNT_ROWS)) as Record<string, number>,
  };
}

async function docWithout(paths: string[]): Promise<OpenApiDocument> {
  const doc = (await (await app.fetch('/openapi.json')).json()) as OpenApiDocument;
  for (const p of paths) delete doc.paths[p];
  return doc;
}

describe('fuzz harness', () => {
  it('lists documented operations with their path and query parameters', async () => {
    const ops = fuzzOperations(await docWithout([]));
    expect(ops).toContainEqual({
      method: 'GET',
      template: '/api/v1/test_trade/{tradeid}',
      pathParams: ['tradeid'],
      queryParams: ['limit'],
      hasBody: false,
    });
    expect(ops.find((o) => o.template === '/api/v1/test_note')?.hasBody).toBe(true);
  });

  it('passes routes that validate before writing, reaching path parameters and bodies', async () => {
    const doc = await docWithout(['/api/v1/test_buggy_write', '/api/v1/test_loose']);
    const report = await fuzzApi(target(), doc, { numRuns: 400, seed: 7 });
    expect(report.cases).toBe(400);
    expect(report.perOperation).toEqual({ 'GET /api/v1/test_trade/{tradeid}': 200, 'POST /api/v1/test_note': 200 });
    expect(report.statuses[422]).toBeGreaterThan(0);
    expect(report.statuses[200]).toBeGreaterThan(0);
    expect(seenTradeIds.size).toBeGreaterThan(0);
  });

  it('a JSON body route without required: true lets an empty POST through (why requiredJsonBody exists)', async () => {
    const r = await app.fetch('/api/v1/test_note', { method: 'POST', headers: { authorization: server.basic } });
    expect(r.status).toBe(422);
    const loose = await app.fetch('/api/v1/test_loose', { method: 'POST', headers: { authorization: server.basic } });
    expect(await loose.json()).toEqual({ seen: {} });
  });

  it('fails on a route that writes before refusing', async () => {
    const doc = await docWithout([]);
    for (const p of Object.keys(doc.paths)) if (p !== '/api/v1/test_buggy_write') delete doc.paths[p];
    await expect(fuzzApi(target(), doc, { numRuns: 20, seed: 1 })).rejects.toThrow(/400 changed kv/);
  });

  it('checkResponse: 500s, non-JSON and non-FastAPI error bodies are faults', () => {
    const json = 'application/json';
    expect(checkResponse(200, 'text/html', '<p>')).toBeUndefined();
    expect(checkResponse(404, json, '{"detail":"Not Found"}')).toBeUndefined();
    expect(checkResponse(422, json, '{"detail":[{"loc":["query","x"],"msg":"m","type":"t"}]}')).toBeUndefined();
    expect(checkResponse(502, json, '{"error":"Error querying /x: y"}')).toBeUndefined();
    expect(checkResponse(500, json, '{"detail":"Internal Server Error"}')).toMatch(/status 500/);
    expect(checkResponse(500, json, '{"detail":"base64 encoded strategies are not allowed."}')).toBeUndefined();
    expect(checkResponse(503, json, '{"detail":"Bot is not in the correct state."}')).toBeUndefined();
    expect(checkResponse(503, json, '{"error":"x"}')).toMatch(/503 without/);
    expect(checkResponse(504, json, '{"detail":"x"}')).toMatch(/status 504/);
    expect(checkResponse(400, 'text/plain', 'Bad')).toMatch(/content-type/);
    expect(checkResponse(400, json, '{"message":"x"}')).toMatch(/not FastAPI shaped/);
    expect(checkResponse(502, json, '{"detail":"Strategy not found"}')).toBeUndefined();
    expect(checkResponse(502, json, '{"message":"x"}')).toMatch(/502 without/);
  });
});
