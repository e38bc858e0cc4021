// Issue 19 point 1: kept private answers (/show_config, /status, /profit, /version) replayed at the node:http
// level (src/hosts/node/fast-kept.ts) are byte for byte the app's own answers, only after the
// app's own auth checks, and follow every change of the kept answer (reload, stop, trades).

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginGuard, MemoryLockoutStore } from '../../../src/api/auth/lockout.ts';
import { verifiedCacheFor } from '../../../src/api/auth/verified-cache.ts';
import type { ApiDeps } from '../../../src/api/context.ts';
import { replayableAnswers } from '../../../src/api/replayable.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { Config, ConfigInput } from '../../../src/config/schema.ts';
import { withKeptAnswers } from '../../../src/hosts/node/fast-kept.ts';
import { nodeApiHost, type RunningServer, startNodeServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const build = (dir: string, o: ConfigInput): Config =>
  validateConfig(testConfig({ user_data_dir: dir, initial_state: 'stopped', ...o }) as Record<string, unknown>).config;

async function start(overrides: ConfigInput = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-kept-'));
  let next = build(dir, overrides);
  const server: RunningServer = await startNodeServer({
    config: next,
    configFiles: [],
    dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
    port: 0,
    clock: new ManualClock(T0),
    autoTick: false,
    readConfig: () => next,
  });
  cleanups.push(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    server,
    setConfig: (o: ConfigInput) => {
      next = build(dir, o);
    },
    post: (path: string, authorization: string) =>
      fetch(server.url + path, { method: 'POST', headers: { authorization } }).then((r) => r.status),
  };
}

/** The raw bytes of the answer to one request written as is (one connection, closed after). */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket makes @hono/node-server drop an answer still being built.
    const socket = connect(Number(port), hostname, () => socket.write(head));
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
const noDate = (bytes: string) => bytes.replace(dateLine, '');

function get(url: string, path: string, extra = ''): Promise<string> {
  return rawExchange(url, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`).then(noDate);
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/token/login`, {
    method: 'POST',
    headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD) },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Asks three times (the third is replayed once learnt), then through the full chain (a Content-Length forces it). */
async function fastAndFull(url: string, path: string, auth: string) {
  const fast = [];
  for (let i = 0; i < 3; i++) fast.push(await get(url, path, `Authorization: ${auth}\r\n`));
  const full = await get(url, path, `Authorization: ${auth}\r\nContent-Length: 0\r\n`);
  return { fast, full };
}

const bodyOf = (bytes: string) =>
  JSON.parse(Buffer.from(bytes.slice(bytes.indexOf('\r\n\r\n') + 4), 'latin1').toString());

describe('kept answers at the node:http level', () => {
  it('answer 200 byte for byte as the app does, with Bearer and Basic, for show_config, status, profit and version', async () => {
    const r = await start();
    const url = r.server.url;
    const bearer = `Bearer ${await login(url)}`;
    const basic = basicAuth(TEST_USER, TEST_PASSWORD);
    for (const path of ['/api/v1/show_config', '/api/v1/status', '/api/v1/profit', '/api/v1/version']) {
      for (const auth of [bearer, basic]) {
        const { fast, full } = await fastAndFull(url, path, auth);
        expect(fast[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(fast[0]).toContain('\r\ncontent-type: application/json\r\n');
        expect(fast[0]).toContain("\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'\r\n");
        expect(fast[0]).toContain('\r\ncache-control: no-store\r\n');
        for (const bytes of [...fast.slice(1), full]) expect(bytes).toBe(fast[0]);
      }
    }
    expect(bodyOf(await get(url, '/api/v1/show_config', `Authorization: ${bearer}\r\n`)).state).toBe('stopped');
  });

  it("refuses what the app refuses, with the app's own 401 and 429 bytes", async () => {
    const r = await start({ api_server: { login_max_failures: 2 } });
    const url = r.server.url;
    const path = '/api/v1/show_config';
    const bearer = `Bearer ${await login(url)}`;
    const basic = basicAuth(TEST_USER, TEST_PASSWORD);
    await fastAndFull(url, path, bearer);
    await fastAndFull(url, path, basic);
    const refusals: [string, string, string][] = [
      ['', '401 Unauthorized', '{"detail":"Unauthorized"}'],
      ['Authorization: Bearer not.a.token\r\n', '401 Unauthorized', '{"detail":"Could not validate credentials"}'],
      [`Authorization: ${bearer}x\r\n`, '401 Unauthorized', '{"detail":"Could not validate credentials"}'],
      ['Authorization: Basic !!!\r\n', '401 Unauthorized', '{"detail":"Invalid authentication credentials"}'],
    ];
    for (const [header, status, body] of refusals) {
      const fast = await get(url, path, header);
      expect(fast).toMatch(new RegExp(`^HTTP/1\\.1 ${status}\\r\\n`));
      expect(fast.endsWith(`\r\n\r\n${body}`)).toBe(true);
      expect(fast).toBe(await get(url, path, `${header}Content-Length: 0\r\n`));
    }
    // Two wrong passwords lock this IP out: the cached right password gets the app's 429, not the answer.
    const wrong = basicAuth(TEST_USER, 'wrong-password-0123456789abcdef');
    for (let i = 0; i < 2; i++) expect(await get(url, path, `Authorization: ${wrong}\r\n`)).toMatch(/^HTTP\/1\.1 401 /);
    const locked = await get(url, path, `Authorization: ${basic}\r\n`);
    expect(locked).toMatch(/^HTTP\/1\.1 429 /);
    expect(locked).toContain('\r\nretry-after: ');
    expect(locked).toBe(await get(url, path, `Authorization: ${basic}\r\nContent-Length: 0\r\n`));
    // The Bearer token stays valid (the lockout is on Basic logins), and is still answered.
    expect(await get(url, path, `Authorization: ${bearer}\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('follows a state change and a config reload, and refuses old credentials after a password change', async () => {
    const r = await start();
    const url = r.server.url;
    const path = '/api/v1/show_config';
    const basic = basicAuth(TEST_USER, TEST_PASSWORD);
    const bearer = `Bearer ${await login(url)}`;
    const before = (await fastAndFull(url, path, bearer)).fast[2];
    expect(await r.post('/api/v1/start', basic)).toBe(200);
    const started = await fastAndFull(url, path, bearer);
    expect(bodyOf(started.fast[0]).state).toBe('running');
    for (const bytes of [...started.fast, started.full]) expect(bytes).toBe(started.fast[0]);
    expect(started.fast[0]).not.toBe(before);

    r.setConfig({ bot_name: 'renamed-bot', stake_amount: 42 });
    expect(await r.post('/api/v1/reload_config', basic)).toBe(200);
    const reloaded = await fastAndFull(url, path, bearer);
    expect(bodyOf(reloaded.fast[0]).bot_name).toBe('renamed-bot');
    for (const bytes of [...reloaded.fast, reloaded.full]) expect(bytes).toBe(reloaded.fast[0]);

    r.setConfig({
      bot_name: 'renamed-bot',
      stake_amount: 42,
      api_server: { password: 'changed-password-0123456789abcdef' },
    });
    expect(await r.post('/api/v1/reload_config', basic)).toBe(200);
    for (const auth of [basic, bearer]) {
      const refused = await get(url, path, `Authorization: ${auth}\r\n`);
      expect(refused).toMatch(/^HTTP\/1\.1 401 /);
      expect(refused).toBe(await get(url, path, `Authorization: ${auth}\r\nContent-Length: 0\r\n`));
    }
  });

  it('replays without calling the app only for verified credentials and the same kept answer', async () => {
    const config = validateConfig(testConfig({}) as Record<string, unknown>).config;
    const host = nodeApiHost(() => config);
    const deps = {
      config: () => config,
      clock: new ManualClock(T0),
      host,
      loginGuard: new LoginGuard(new MemoryLockoutStore(), () => ({ maxFailures: 5, lockoutMs: 60_000 })),
    } as unknown as ApiDeps;
    let identity: object | undefined = {};
    replayableAnswers(deps).add('/api/v1/show_config', () => identity);
    const token = 'Bearer some.verified.token';
    verifiedCacheFor(config).set(host.sha256HexSync!(token), { username: TEST_USER, readonly: false }, T0 + 60_000);
    let appCalls = 0;
    const server = createServer(
      withKeptAnswers(deps, (_req, res) => {
        appCalls++;
        res.writeHead(200, { 'content-type': 'application/json', 'x-seen': String(appCalls) });
        res.end('{"kept":true}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ask = (path = '/api/v1/show_config', auth = token, method = 'GET') =>
      rawExchange(
        url,
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: ${auth}\r\n\r\n`,
      );
    expect(await ask()).toContain('x-seen: 1'); // learnt
    expect(await ask()).toContain('x-seen: 1'); // replayed
    expect(appCalls).toBe(1);
    await ask('/api/v1/show_config?x=1');
    await ask('/api/v1/show_config', 'Bearer unknown.token');
    await ask('/api/v1/show_config', basicAuth(TEST_USER, TEST_PASSWORD)); // never verified: the app checks it
    await ask('/api/v1/show_config', token, 'HEAD');
    await ask('/api/v1/status');
    expect(appCalls).toBe(6);
    identity = {}; // the kept answer changed: asked again from the app, then replayed
    expect(await ask()).toContain('x-seen: 7');
    expect(await ask()).toContain('x-seen: 7');
    identity = undefined; // nothing kept: always the app
    expect(await ask()).toContain('x-seen: 8');
    expect(await ask()).toContain('x-seen: 9');
    (deps.clock as ManualClock).advance(60_000); // the token's cache entry ends at its exp
    identity = {};
    await ask();
    expect(await ask()).toContain('x-seen: 11');
  });
});
