// The read-only user (Node): reads everything, changes nothing (403 with a clear detail), logs in
// for tokens that are read-only too.

import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { READONLY_CONFIG, RO_BASIC, type ServedApp, serveWithTestRoutes } from './support.ts';

const READ_ONLY_DETAIL = 'Read-only user: this request would change the bot and is not allowed.';
let server: TestServer;
let app: ServedApp;

beforeAll(async () => {
  server = await startTestServer(READONLY_CONFIG);
  app = await serveWithTestRoutes(server.deps, (a, auth) => {
    for (const [method, path] of [
      ['post', '/api/v1/forceexit'],
      ['delete', '/api/v1/locks/{lockid}'],
      ['put', '/api/v1/test_put'],
      ['patch', '/api/v1/test_patch'],
    ] as const) {
      a.openapi(
        createRoute({
          method,
          path,
          middleware: [auth],
          request: path.includes('{') ? { params: z.object({ lockid: z.string() }) } : {},
          responses: { 200: { description: 'ok' } },
        }),
        (c) => c.json({ done: true }, 200),
      );
    }
  });
});
afterAll(async () => {
  await app.close();
  await server.close();
});

async function readOnlyToken(): Promise<string> {
  const r = await server.fetch('/api/v1/token/login', { method: 'POST', headers: { authorization: RO_BASIC } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { access_token: string }).access_token;
}

describe('read-only user (node)', () => {
  it('reads every GET route of the OpenAPI document', async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as { paths: Record<string, object> };
    const gets = Object.entries(doc.paths)
      .filter(([p, ops]) => 'get' in ops && !p.includes('{'))
      .map(([p]) => p);
    expect(gets).toContain('/api/v1/show_config');
    for (const path of gets) {
      const r = await server.fetch(path, { headers: { authorization: RO_BASIC } });
      // Reads are allowed: anything but an auth refusal or a crash (some routes need query parameters).
      expect([401, 403, 500], path).not.toContain(r.status);
    }
    const head = await server.fetch('/api/v1/version', { method: 'HEAD', headers: { authorization: RO_BASIC } });
    expect(head.status).toBe(200);
  });

  it('POST, DELETE, PUT, PATCH: 403 with a clear detail, with Basic and with its token', async () => {
    const token = await readOnlyToken();
    for (const authorization of [RO_BASIC, `Bearer ${token}`]) {
      for (const [method, path] of [
        ['POST', '/api/v1/forceexit'],
        ['DELETE', '/api/v1/locks/1'],
        ['PUT', '/api/v1/test_put'],
        ['PATCH', '/api/v1/test_patch'],
      ]) {
        const r = await app.fetch(path, { method, headers: { authorization } });
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(await r.json()).toEqual({ detail: READ_ONLY_DETAIL });
      }
    }
    // the main user passes the same routes
    expect(
      (await app.fetch('/api/v1/forceexit', { method: 'POST', headers: { authorization: server.basic } })).status,
    ).toBe(200);
  });

  it('its token reads, and refreshes into a token that is still read-only', async () => {
    const login = await server.fetch('/api/v1/token/login', { method: 'POST', headers: { authorization: RO_BASIC } });
    const { access_token, refresh_token } = (await login.json()) as { access_token: string; refresh_token: string };
    expect(
      (await server.fetch('/api/v1/show_config', { headers: { authorization: `Bearer ${access_token}` } })).status,
    ).toBe(200);
    const refreshed = await server.fetch('/api/v1/token/refresh', {
      method: 'POST',
      headers: { authorization: `Bearer ${refresh_token}` },
    });
    expect(refreshed.status).toBe(200);
    const again = ((await refreshed.json()) as { access_token: string }).access_token;
    expect(JSON.parse(Buffer.from(again.split('.')[1], 'base64url').toString()).ro).toBe(true);
    const r = await app.fetch('/api/v1/forceexit', { method: 'POST', headers: { authorization: `Bearer ${again}` } });
    expect(r.status).toBe(403);
  });

  it('its wrong password counts as a failure like any other', async () => {
    const r = await server.fetch('/api/v1/version', {
      headers: { authorization: `Basic ${Buffer.from('viewer:nope').toString('base64')}` },
    });
    expect(r.status).toBe(401);
    expect(server.deps.logs.recent().some((l) => l[4].includes('user="viewer"'))).toBe(true);
  });
});
