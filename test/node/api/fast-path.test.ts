// Issue 19 point 1 on a real server: /ping answers ahead of the middleware chain exactly as the
// chain does, and cached auth never outlives a token's exp or a config reload's new secret.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SECONDS } from '../../../src/api/auth/jwt.ts';
import { headerKey } from '../../../src/api/auth/verified-cache.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { Config, ConfigInput } from '../../../src/config/schema.ts';
import { withFastPing } from '../../../src/hosts/node/fast-ping.ts';
import { nodeApiHost, type RunningServer, startNodeServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

interface Running {
  server: RunningServer;
  clock: ManualClock;
  setConfig(overrides: ConfigInput): void;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function start(overrides: ConfigInput = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-fast-'));
  const build = (o: ConfigInput): Config =>
    validateConfig(testConfig({ user_data_dir: dir, ...o }) as Record<string, unknown>).config;
  let next = build(overrides);
  const clock = new ManualClock(T0);
  const server = await startNodeServer({
    config: next,
    configFiles: [],
    dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
    port: 0,
    clock,
    readConfig: () => next,
  });
  cleanups.push(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    server,
    clock,
    setConfig: (o) => {
      next = build(o);
    },
    get: (path, headers = {}) => fetch(server.url + path, { headers }),
  };
}

/** A raw GET (fetch cannot send Content-Length on a GET): status, headers and body. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The raw bytes of the answer to one request written as is (one connection, closed after). */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let bytes = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      bytes += d;
    });
    socket.on('end', () => resolve(bytes));
    socket.on('error', reject);
  });
}

const dateLine = /^Date: .*\r\n/m;

const withoutDate = (h: Record<string, unknown>) => {
  const { date: _date, ...rest } = h;
  return rest;
};

describe('/api/v1/ping fast path', () => {
  it('answers unauthenticated with the same status, body and headers as the full middleware chain', async () => {
    const { server } = await start();
    const fast = await rawGet(`${server.url}/api/v1/ping`, {});
    // A Content-Length makes the request take the full chain (the body limit must see it).
    const full = await rawGet(`${server.url}/api/v1/ping`, { 'content-length': '0' });
    expect(fast.status).toBe(200);
    expect(JSON.parse(fast.body)).toEqual({ status: 'pong' });
    expect(fast.body).toBe(full.body);
    expect(withoutDate(fast.headers)).toEqual(withoutDate(full.headers));
    expect(fast.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(fast.headers['cache-control']).toBe('no-store');
    expect(fast.headers['referrer-policy']).toBeUndefined();
  });

  it('answers byte for byte as the app does, also at the node:http level and after a config reload', async () => {
    const r = await start();
    const ping = (extra = '') =>
      rawExchange(r.server.url, `GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`);
    // First ping: learnt from the app; second: replayed ahead of it; Content-Length: the full chain.
    const learnt = await ping();
    const replayed = await ping();
    const full = await ping('Content-Length: 0\r\n');
    expect(learnt).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(learnt.endsWith('\r\n\r\n{"status":"pong"}')).toBe(true);
    expect(replayed.replace(dateLine, '')).toBe(learnt.replace(dateLine, ''));
    expect(full.replace(dateLine, '')).toBe(learnt.replace(dateLine, ''));
    const basic = { authorization: basicAuth(TEST_USER, TEST_PASSWORD) };
    r.setConfig({ api_server: { verbosity: 'error' } });
    expect((await fetch(`${r.server.url}/api/v1/reload_config`, { method: 'POST', headers: basic })).status).toBe(200);
    const afterReload = await ping();
    expect(afterReload.replace(dateLine, '')).toBe(learnt.replace(dateLine, ''));
    // A query string or a trailing slash is not the fast path's: the app answers them as before.
    const query = await rawExchange(
      r.server.url,
      'GET /api/v1/ping?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(query.replace(dateLine, '')).toBe(learnt.replace(dateLine, ''));
  });

  it('replays the learnt answer without calling the app, and re-learns after a config change', async () => {
    let config = validateConfig(testConfig({}) as Record<string, unknown>).config;
    let appCalls = 0;
    const server = createServer(
      withFastPing(
        () => config,
        (_req, res) => {
          appCalls++;
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': '17',
            'x-seen': String(appCalls),
          });
          res.end('{"status":"pong"}');
        },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ping = () => rawExchange(url, 'GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    const first = await ping();
    expect((await ping()).replace(dateLine, '')).toBe(first.replace(dateLine, ''));
    expect(appCalls).toBe(1);
    // Pings a middleware acts on, and other paths, reach the app.
    await rawExchange(url, 'GET /api/v1/ping HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
    await rawExchange(url, 'GET /api/v1/version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(appCalls).toBe(3);
    config = validateConfig(testConfig({}) as Record<string, unknown>).config;
    expect(await ping()).toContain('x-seen: 4');
    expect(await ping()).toContain('x-seen: 4');
    expect(appCalls).toBe(4);
  });

  it('keeps the Host check and CORS', async () => {
    const { server } = await start({ api_server: { CORS_origins: ['http://ui.example:3000'] } });
    const evil = await rawGet(`${server.url}/api/v1/ping`, { host: 'evil.example' });
    expect(evil.status).toBe(400);
    expect(JSON.parse(evil.body)).toEqual({ detail: 'Invalid host header' });
    const cors = await rawGet(`${server.url}/api/v1/ping`, { origin: 'http://ui.example:3000' });
    expect(cors.status).toBe(200);
    expect(cors.headers['access-control-allow-origin']).toBe('http://ui.example:3000');
    expect(cors.headers['access-control-allow-credentials']).toBe('true');
    const preflight = await fetch(`${server.url}/api/v1/ping`, {
      method: 'OPTIONS',
      headers: { origin: 'http://other.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(400);
    expect(await preflight.text()).toBe('Disallowed CORS origin');
  });

  it('other methods still get the chain: POST /ping is 405', async () => {
    const { server } = await start();
    const res = await fetch(`${server.url}/api/v1/ping`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('cached auth verification', () => {
  it("keys the cache with the Node host's synchronous SHA-256 exactly as WebCrypto does", async () => {
    const sync = nodeApiHost(() => validateConfig(testConfig({}) as Record<string, unknown>).config).sha256HexSync;
    expect(sync).toBeDefined();
    for (const text of [
      'Bearer abc.def.ghi',
      `basic\u0000${TEST_USER}\u0000${TEST_PASSWORD}`,
      'ünïcødé \ud800 €',
      '',
    ]) {
      expect(headerKey(text, sync)).toBe(await headerKey(text));
    }
  });

  async function login(r: Running): Promise<string> {
    const res = await fetch(`${r.server.url}/api/v1/token/login`, {
      method: 'POST',
      headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD) },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  it('refuses a cached access token from its exp on', async () => {
    const r = await start();
    const bearer = { authorization: `Bearer ${await login(r)}` };
    expect((await r.get('/api/v1/version', bearer)).status).toBe(200);
    r.clock.advance(ACCESS_TOKEN_SECONDS * 1000 - 1);
    expect((await r.get('/api/v1/version', bearer)).status).toBe(200);
    r.clock.advance(1);
    const expired = await r.get('/api/v1/version', bearer);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ detail: 'Could not validate credentials' });
  });

  it('refuses a cached token after a reload changed the secret, and cached Basic after a password change', async () => {
    const r = await start();
    const bearer = { authorization: `Bearer ${await login(r)}` };
    const basic = { authorization: basicAuth(TEST_USER, TEST_PASSWORD) };
    expect((await r.get('/api/v1/version', bearer)).status).toBe(200);
    expect((await r.get('/api/v1/version', basic)).status).toBe(200);

    r.setConfig({ api_server: { jwt_secret_key: 'rotated-jwt-secret-0123456789abcdef0123456789' } });
    const reload = await fetch(`${r.server.url}/api/v1/reload_config`, { method: 'POST', headers: basic });
    expect(reload.status).toBe(200);
    expect((await r.get('/api/v1/version', bearer)).status).toBe(401);
    const fresh = { authorization: `Bearer ${await login(r)}` };
    expect((await r.get('/api/v1/version', fresh)).status).toBe(200);

    const newPassword = 'changed-password-0123456789abcdef';
    r.setConfig({
      api_server: { jwt_secret_key: 'rotated-jwt-secret-0123456789abcdef0123456789', password: newPassword },
    });
    expect((await fetch(`${r.server.url}/api/v1/reload_config`, { method: 'POST', headers: basic })).status).toBe(200);
    const stale = await r.get('/api/v1/version', basic);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ detail: 'Unauthorized' });
    expect((await r.get('/api/v1/version', fresh)).status).toBe(401); // password change voids tokens too
    expect((await r.get('/api/v1/version', { authorization: basicAuth(TEST_USER, newPassword) })).status).toBe(200);
  });
});
