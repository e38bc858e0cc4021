// The Worker refuses to serve, before reaching the bot's object, when TICKHUB_CONFIG holds a secret
// or the configuration is insecure: 503 with the reason, never with the secret value.

import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/hosts/worker.ts';

async function ping(overrides: Record<string, unknown>): Promise<Response> {
  const request = new Request('https://tickhub.test/api/v1/ping');
  return worker.fetch(request as any, { ...env, ...overrides } as any, createExecutionContext() as any);
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
  });
});
