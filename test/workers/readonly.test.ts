// The read-only user inside workerd, through the real Worker (its real routes, D1 and config):
// reads, logs in for read-only tokens, and is refused (403) on changing calls, which the audit
// trail records.

import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const RO = `Basic ${btoa('viewer:viewer-password-0123456789abcdef')}`;
const READ_ONLY_DETAIL = 'Read-only user: this request would change the bot and is not allowed.';
const get = (path: string, authorization: string) =>
  SELF.fetch(`https://tickhub.test${path}`, { headers: { authorization, 'cf-connecting-ip': '192.0.2.80' } });

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
    const login = await SELF.fetch('https://tickhub.test/api/v1/token/login', {
      method: 'POST',
      headers: { authorization: RO },
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const calls: [string, string, string | undefined][] = [
      ['POST', '/api/v1/stopentry', undefined],
      ['POST', '/api/v1/forceenter', JSON.stringify({ pair: 'BTC/USDT' })],
      ['DELETE', '/api/v1/trades/1', undefined],
      ['DELETE', '/api/v1/locks/1', undefined],
    ];
    for (const authorization of [RO, `Bearer ${access_token}`]) {
      for (const [method, path, body] of calls) {
        const r = await SELF.fetch(`https://tickhub.test${path}`, {
          method,
          body,
          headers: { authorization, 'cf-connecting-ip': '192.0.2.81', 'content-type': 'application/json' },
        });
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(await r.json()).toEqual({ detail: READ_ONLY_DETAIL });
      }
    }
    const rows = await env.DB.prepare(
      "SELECT username, client_ip, method, route, status FROM audit_log WHERE username = 'viewer' ORDER BY id",
    ).all();
    expect(rows.results).toHaveLength(2 * calls.length);
    expect(rows.results[0]).toEqual({
      username: 'viewer',
      client_ip: '192.0.2.81',
      method: 'POST',
      route: '/api/v1/stopentry',
      status: 403,
    });
    expect(rows.results.map((r) => r.route)).toEqual([...calls, ...calls].map(([, path]) => path));
    // nothing changed: the bot still answers its state to the reader
    const cfg = await get('/api/v1/show_config', RO);
    expect(cfg.status).toBe(200);
    expect(((await cfg.json()) as { state: string }).state).not.toBe('paused');
  });
});
