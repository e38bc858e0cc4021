// The auth and info contract (shared/api/freqtrade-api.md §2, §3, §6.1, §6.2, §6.8), run against
// every host: a real Node server and the Worker inside workerd register the same suite.

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from '../support/test-config.ts';

export interface ContractTarget {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

const b64 = (s: string) => btoa(s);
const basic = (u: string, p: string) => `Basic ${b64(`${u}:${p}`)}`;
const GOOD = basic(TEST_USER, TEST_PASSWORD);

async function forge(claims: Record<string, unknown>, opts: { secret?: string; alg?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuedAt(now)
    .setExpirationTime(opts.exp ?? now + 600)
    .sign(new TextEncoder().encode(opts.secret ?? TEST_JWT_SECRET));
}

async function login(t: ContractTarget) {
  const r = await t.fetch('/api/v1/token/login', { method: 'POST', headers: { authorization: GOOD } });
  expect(r.status).toBe(200);
  return (await r.json()) as { access_token: string; refresh_token: string };
}

export function registerAuthContract(host: string, target: () => ContractTarget): void {
  describe(`auth and info contract (${host})`, () => {
    it('GET /ping is public and ignores a stale bearer token', async () => {
      const t = target();
      for (const headers of [{}, { authorization: 'Bearer expired.garbage.token' }] as Record<string, string>[]) {
        const r = await t.fetch('/api/v1/ping', { headers });
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await r.json()).toEqual({ status: 'pong' });
      }
    });

    it('private routes answer 401 Unauthorized without credentials, and never ask for Basic', async () => {
      const r = await target().fetch('/api/v1/show_config');
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ detail: 'Unauthorized' });
      expect(r.headers.get('www-authenticate') ?? '').not.toMatch(/basic/i);
    });

    it('wrong Basic credentials: 401 Unauthorized; malformed: Invalid authentication credentials', async () => {
      const t = target();
      const wrong = await t.fetch('/api/v1/version', { headers: { authorization: basic(TEST_USER, 'nope') } });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ detail: 'Unauthorized' });
      const malformed = await t.fetch('/api/v1/version', { headers: { authorization: 'Basic %%%not-base64' } });
      expect(malformed.status).toBe(401);
      expect(await malformed.json()).toEqual({ detail: 'Invalid authentication credentials' });
      expect(malformed.headers.get('www-authenticate') ?? '').not.toMatch(/basic/i);
    });

    it('token/login: tokens for Basic, freqtrade texts otherwise', async () => {
      const t = target();
      const tokens = await login(t);
      expect(typeof tokens.access_token).toBe('string');
      expect(typeof tokens.refresh_token).toBe('string');
      const payload = JSON.parse(atob(tokens.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      expect(payload.identity).toEqual({ u: TEST_USER });
      expect(payload.type).toBe('access');
      expect(payload.exp - payload.iat).toBe(15 * 60);
      const refresh = JSON.parse(atob(tokens.refresh_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      expect(refresh.type).toBe('refresh');
      expect(refresh.exp - refresh.iat).toBe(30 * 24 * 3600);

      const none = await t.fetch('/api/v1/token/login', { method: 'POST' });
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ detail: 'Not authenticated' });
      expect(none.headers.get('www-authenticate') ?? '').not.toMatch(/basic/i);
      const wrong = await t.fetch('/api/v1/token/login', {
        method: 'POST',
        headers: { authorization: basic(TEST_USER, 'wrong') },
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ detail: 'Incorrect username or password' });
    });

    it('access token works as Bearer; refresh token is refused as access token and vice versa', async () => {
      const t = target();
      const { access_token, refresh_token } = await login(t);
      const ok = await t.fetch('/api/v1/version', { headers: { authorization: `Bearer ${access_token}` } });
      expect(ok.status).toBe(200);

      const refreshAsAccess = await t.fetch('/api/v1/version', {
        headers: { authorization: `Bearer ${refresh_token}` },
      });
      expect(refreshAsAccess.status).toBe(401);
      expect(await refreshAsAccess.json()).toEqual({ detail: 'Could not validate credentials' });
      expect(refreshAsAccess.headers.get('www-authenticate')).toBe('Bearer');

      const accessAsRefresh = await t.fetch('/api/v1/token/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(accessAsRefresh.status).toBe(401);
      expect(await accessAsRefresh.json()).toEqual({ detail: 'Could not validate credentials' });

      const refreshed = await t.fetch('/api/v1/token/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${refresh_token}` },
      });
      expect(refreshed.status).toBe(200);
      const body = (await refreshed.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['access_token']);
      const again = await t.fetch('/api/v1/version', { headers: { authorization: `Bearer ${body.access_token}` } });
      expect(again.status).toBe(200);

      const noBearer = await t.fetch('/api/v1/token/refresh', { method: 'POST' });
      expect(noBearer.status).toBe(401);
    });

    it('refuses forged, expired, unsigned and wrong-secret tokens', async () => {
      const t = target();
      const now = Math.floor(Date.now() / 1000);
      const bad = [
        await forge({ identity: { u: TEST_USER }, type: 'access' }, { secret: 'another-secret-another-secret-xx' }),
        await forge({ identity: { u: TEST_USER }, type: 'access' }, { exp: now - 10 }),
        await forge({ identity: { u: TEST_USER }, type: 'access' }, { alg: 'HS512' }),
        await forge({ type: 'access' }),
        `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${btoa(JSON.stringify({ identity: { u: TEST_USER }, type: 'access', exp: now + 600 }))}.`,
      ];
      for (const token of bad) {
        const r = await t.fetch('/api/v1/version', { headers: { authorization: `Bearer ${token}` } });
        expect(r.status).toBe(401);
        expect(await r.json()).toEqual({ detail: 'Could not validate credentials' });
      }
    });

    it('version, show_config, health, sysinfo, logs with freqtrade field types', async () => {
      const t = target();
      const get = async (p: string) => {
        const r = await t.fetch(p, { headers: { authorization: GOOD } });
        expect(r.status, p).toBe(200);
        return (await r.json()) as Record<string, any>;
      };
      expect(typeof (await get('/api/v1/version')).version).toBe('string');

      const cfg = await get('/api/v1/show_config');
      expect(typeof cfg.api_version).toBe('number');
      expect(cfg.api_version).toBeGreaterThanOrEqual(2.34);
      for (const k of [
        'version',
        'stake_currency',
        'stake_amount',
        'exchange',
        'strategy',
        'bot_name',
        'state',
        'runmode',
        'trading_mode',
        'timeframe',
      ]) {
        expect(typeof cfg[k], k).toBe('string');
      }
      for (const k of [
        'dry_run',
        'short_allowed',
        'stoploss_on_exchange',
        'force_entry_enable',
        'position_adjustment_enable',
      ]) {
        expect(typeof cfg[k], k).toBe('boolean');
      }
      for (const k of [
        'stake_currency_decimals',
        'max_open_trades',
        'timeframe_ms',
        'timeframe_min',
        'max_entry_position_adjustment',
      ]) {
        expect(Number.isInteger(cfg[k]), k).toBe(true);
      }
      expect(cfg.dry_run).toBe(true);
      expect(cfg.runmode).toBe('dry_run');
      expect(['running', 'stopped', 'paused']).toContain(cfg.state);
      const text = JSON.stringify(cfg);
      for (const secret of [TEST_PASSWORD, TEST_JWT_SECRET, TEST_WS_TOKEN]) expect(text).not.toContain(secret);

      const health = await get('/api/v1/health');
      expect(Number.isInteger(health.bot_startup_ts)).toBe(true);
      expect(health.bot_startup_ts).toBeLessThan(1e11); // seconds, not ms
      expect(health.bot_startup).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

      const sys = await get('/api/v1/sysinfo');
      expect(Array.isArray(sys.cpu_pct)).toBe(true);
      expect(typeof sys.ram_pct).toBe('number');

      const logs = await get('/api/v1/logs?limit=1');
      expect(logs.log_count).toBe(logs.logs.length);
      expect(logs.logs.length).toBeLessThanOrEqual(1);
      if (logs.logs.length === 1) {
        const [time, ms, name, level, msg] = logs.logs[0];
        expect(typeof time).toBe('string');
        expect(typeof ms).toBe('number');
        expect(typeof name).toBe('string');
        expect(typeof level).toBe('string');
        expect(typeof msg).toBe('string');
      }
    });

    it('error shapes: 404 and 405 for unknown paths, FastAPI 422 for bad query values', async () => {
      const t = target();
      const unknown = await t.fetch('/api/v1/does_not_exist');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ detail: 'Not Found' });
      const post = await t.fetch('/api/v1/does_not_exist', { method: 'POST' });
      expect(post.status).toBe(405);
      expect(await post.json()).toEqual({ detail: 'Method Not Allowed' });
      const getOnPost = await t.fetch('/api/v1/token/login');
      expect(getOnPost.status).toBe(404);

      const bad = await t.fetch('/api/v1/logs?limit=abc', { headers: { authorization: GOOD } });
      expect(bad.status).toBe(422);
      const body = (await bad.json()) as { detail: { loc: unknown[]; msg: string; type: string }[] };
      expect(body.detail[0].loc).toEqual(['query', 'limit']);
      expect(body.detail[0].type).toBe('int_parsing');
      expect(typeof body.detail[0].msg).toBe('string');
    });
  });
}
