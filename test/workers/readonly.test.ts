// The read-only user inside workerd: reads through the real Worker, logs in for read-only tokens,
// and is refused (403) on changing calls — shown on an app built like the Worker's (same D1,
// same config) with test-only POST/DELETE routes, until the real control routes exist.

import { env, SELF } from 'cloudflare:test';
import { createRoute, z } from '@hono/zod-openapi';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { DbLockoutStore, LoginGuard } from '../../src/api/auth/lockout.ts';
import { requireAuth } from '../../src/api/auth/middleware.ts';
import type { ApiDeps } from '../../src/api/context.ts';
import { Bot } from '../../src/bot/bot.ts';
import { createMarket, loadStrategy, orderExchange } from '../../src/bot/factory.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Db } from '../../src/db/client.ts';
import { schema } from '../../src/db/schema.ts';
import { stringBindings } from '../../src/hosts/worker/env.ts';
import { RecordingHub } from '../../src/rpc/hub.ts';
import { systemClock } from '../../src/util/clock.ts';
import { LogHub } from '../../src/util/logger.ts';

const RO = `Basic ${btoa('viewer:viewer-password-0123456789abcdef')}`;
const READ_ONLY_DETAIL = 'Read-only user: this request would change the bot and is not allowed.';
const get = (path: string, authorization: string) =>
  SELF.fetch(`https://tickhub.test${path}`, { headers: { authorization, 'cf-connecting-ip': '192.0.2.80' } });

async function appWithControlRoutes() {
  const bindings = env as unknown as Record<string, unknown>;
  const { config } = loadConfig(
    [{ path: 'TICKHUB_CONFIG', text: String(bindings.TICKHUB_CONFIG ?? '{}') }],
    stringBindings(bindings as any),
  );
  const db = drizzle(env.DB as any, { schema }) as unknown as Db;
  const logs = new LogHub();
  const log = logs.logger('bot');
  const market = await createMarket(config, { clock: systemClock, log, fetchImplementation: (u, i) => fetch(u, i) });
  const bot = new Bot({
    config,
    db,
    clock: systemClock,
    log,
    hub: new RecordingHub(),
    exchange: orderExchange(config, market, db, systemClock),
    strategy: await loadStrategy(config),
  });
  await bot.init();
  const deps: ApiDeps = {
    config: () => config,
    db,
    bot,
    clock: systemClock,
    logs,
    log: logs.logger('tickhub.api'),
    host: {
      runtime: 'workers',
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
      sysinfo: async () => ({ cpu_pct: [], ram_pct: 0 }),
    },
    loginGuard: new LoginGuard(new DbLockoutStore(db), () => ({ maxFailures: 50, lockoutMs: 60_000 })),
    version: 'test',
  };
  const app = createApp(deps);
  const auth = requireAuth(deps);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/stopentry',
      middleware: [auth],
      responses: { 200: { description: 'ok' } },
    }),
    (c) => c.json({ status: 'ok' }, 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/trades/{tradeid}',
      middleware: [auth],
      request: { params: z.object({ tradeid: z.string() }) },
      responses: { 200: { description: 'ok' } },
    }),
    (c) => c.json({ status: 'ok' }, 200),
  );
  return app;
}

describe('read-only user (workers)', () => {
  it('reads the GET routes through the Worker', async () => {
    for (const path of [
      '/api/v1/version',
      '/api/v1/show_config',
      '/api/v1/health',
      '/api/v1/logs',
      '/api/v1/audit_log',
    ]) {
      const r = await get(path, RO);
      expect(r.status, path).toBe(200);
      await r.arrayBuffer();
    }
  });

  it('token/login works and issues read-only tokens', async () => {
    const r = await SELF.fetch('https://tickhub.test/api/v1/token/login', {
      method: 'POST',
      headers: { authorization: RO },
    });
    expect(r.status).toBe(200);
    const { access_token } = (await r.json()) as { access_token: string };
    const payload = JSON.parse(atob(access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    expect(payload).toMatchObject({ identity: { u: 'viewer' }, type: 'access', ro: true });
    const read = await get('/api/v1/show_config', `Bearer ${access_token}`);
    expect(read.status).toBe(200);
    await read.arrayBuffer();
  });

  it('POST and DELETE answer 403 with a clear detail (Basic and token); the audit trail records it', async () => {
    const app = await appWithControlRoutes();
    const login = await app.request('/api/v1/token/login', { method: 'POST', headers: { authorization: RO } });
    const { access_token } = (await login.json()) as { access_token: string };
    for (const authorization of [RO, `Bearer ${access_token}`]) {
      for (const [method, path] of [
        ['POST', '/api/v1/stopentry'],
        ['DELETE', '/api/v1/trades/1'],
      ]) {
        const r = await app.request(path, { method, headers: { authorization, 'cf-connecting-ip': '192.0.2.81' } });
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(await r.json()).toEqual({ detail: READ_ONLY_DETAIL });
      }
    }
    const rows = await env.DB.prepare(
      "SELECT username, client_ip, status FROM audit_log WHERE username = 'viewer'",
    ).all();
    expect(rows.results).toHaveLength(4);
    expect(rows.results[0]).toEqual({ username: 'viewer', client_ip: '192.0.2.81', status: 403 });
  });
});
