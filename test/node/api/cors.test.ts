// CORS for a cross-origin FreqUI: exact origins, credentials, preflight, headers on errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

const UI = 'http://frequi.example:3000';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    initial_state: 'stopped',
    api_server: { CORS_origins: [`${UI}/`, 'https://other.example'] },
  });
});
afterAll(async () => {
  await server.close();
});

describe('CORS', () => {
  it('preflight from an allowed origin: Authorization and JSON allowed, with credentials', async () => {
    const r = await server.fetch('/api/v1/forcebuy', {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(r.status).toBeLessThan(300);
    expect(r.headers.get('access-control-allow-origin')).toBe(UI);
    expect(r.headers.get('access-control-allow-credentials')).toBe('true');
    expect(r.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect((r.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toMatch(/authorization/);
    expect((r.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toMatch(/content-type/);
    // answered by CORS itself, ahead of the chain: still an API answer with the API security headers
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('referrer-policy')).toBeNull();
  });

  it('preflight from another origin: 400 Disallowed CORS origin', async () => {
    const r = await server.fetch('/api/v1/status', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('Disallowed CORS origin');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('actual requests: allowed origin echoed (never *), also on 401, 404 and 502', async () => {
    const ok = await server.fetch('/api/v1/show_config', { headers: { origin: UI, authorization: server.basic } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    for (const [path, status, auth] of [
      ['/api/v1/status', 401, false],
      ['/api/v1/nope', 404, true],
      ['/api/v1/edge', 502, true],
    ] as const) {
      const headers: Record<string, string> = { origin: UI };
      if (auth) headers.authorization = server.basic;
      const r = await server.fetch(path, { headers });
      expect(r.status, path).toBe(status);
      expect(r.headers.get('access-control-allow-origin'), path).toBe(UI);
      expect(r.headers.get('access-control-allow-credentials'), path).toBe('true');
    }
  });

  it('other origins get no CORS headers on normal requests', async () => {
    const r = await server.fetch('/api/v1/ping', { headers: { origin: 'http://evil.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});
