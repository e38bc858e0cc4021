// The Worker refuses to serve, before reaching the bot's object, when TICKHUB_CONFIG holds a secret
// or the configuration is insecure: 503 with the reason, never with the secret value. Its answers,
// its own refusals included, carry the same security headers as the Node host's: the REST set on
// API answers, the browser set on pages.

import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/hosts/worker.ts';

async function get(path: string, overrides: Record<string, unknown> = {}): Promise<Response> {
  const request = new Request(`https://tickhub.test${path}`);
  return worker.fetch(request as any, { ...env, ...overrides } as any, createExecutionContext() as any);
}

const ping = (overrides: Record<string, unknown>) => get('/api/v1/ping', overrides);

/** OWASP's REST Security Cheat Sheet set: what every API answer carries, and no document-only header. */
const API_SET = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const TRANSPORT = new Set(['content-type', 'content-length', 'www-authenticate']);

function expectApiSet(r: Response, label: string) {
  for (const [name, value] of Object.entries(API_SET)) expect(r.headers.get(name), `${label} ${name}`).toBe(value);
  const others = [...r.headers.keys()].filter((n) => !(n in API_SET) && !TRANSPORT.has(n));
  expect(others, label).toEqual([]);
}

describe('edge config refusals through the Worker', () => {
  it('503 naming a secret found in TICKHUB_CONFIG', async () => {
    const leaked = 'a-leaked-password-0123456789';
    const r = await ping({ TICKHUB_CONFIG: `{ "api_server": { "password": "${leaked}" } }` });
    expect(r.status).toBe(503);
    const { detail } = (await r.json()) as { detail: string };
    expect(detail).toContain('api_server.password');
    expect(detail).toContain('npx wrangler secret put TICKHUB__API_SERVER__PASSWORD');
    expect(detail).not.toContain(leaked);
  });

  it('503 listing insecure findings without their values', async () => {
    const r = await ping({ TICKHUB__API_SERVER__PASSWORD: 'changeme' });
    expect(r.status).toBe(503);
    const { detail } = (await r.json()) as { detail: string };
    expect(detail).toContain('api_server.password is an example value');
    expect(detail).not.toContain('changeme');
    expectApiSet(r, '503');
  });
});

describe('security headers through the Worker', () => {
  it('API answers, errors included, carry exactly the REST set', async () => {
    for (const [path, status] of [
      ['/api/v1/ping', 200],
      ['/api/v1/show_config', 401],
      ['/api/v1/nope', 404],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(status);
      expectApiSet(r, `${status} ${path}`);
      await r.arrayBuffer();
    }
  });

  it('pages keep the browser set with the UI CSP', async () => {
    for (const path of ['/', '/openapi.json']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(r.headers.get('cache-control'), path).toBeNull();
      await r.arrayBuffer();
    }
  });
});
