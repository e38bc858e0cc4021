// Request hardening on every route: body-size limit (413), request timeout (503), security
// headers (the REST set on API answers, the browser set with its CSP on pages and /docs), Host-header check on loopback (DNS rebinding), bounded integers.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostName, isAllowedHost } from '../../../src/api/middleware/host-check.ts';
import { boundedInt } from '../../../src/api/validation.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { type ServedApp, serveWithBot } from './support.ts';

let server: TestServer;
/** The real routes over a bot whose balance and pause never answer until released. */
let slowApp: ServedApp;
let releaseSlow: () => void = () => undefined;
const slow = new Promise<void>((resolve) => {
  releaseSlow = resolve;
});

beforeAll(async () => {
  server = await startTestServer({
    api_server: {
      max_body_bytes: 2048,
      request_timeout_secs: 0.3,
      allowed_hosts: ['bot.lan', 'other.lan:9000'],
      enable_openapi: true,
    },
  });
  slowApp = await serveWithBot(server.deps, {
    balances: async () => {
      await slow;
      return server.deps.bot.balances();
    },
    pause: async () => {
      await slow;
      return 'paused';
    },
  });
});
afterAll(async () => {
  releaseSlow();
  await slowApp.close();
  await server.close();
});

/** A raw HTTP request with a chosen Host header (fetch does not let tests set it). */
function withHost(port: number, host: string | undefined, path = '/api/v1/ping') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = host === undefined ? {} : { host };
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: host === undefined ? false : undefined });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('body size limit', () => {
  it('answers 413 {"detail": "Request body too large"} past max_body_bytes, with or without Content-Length', async () => {
    const big = 'x'.repeat(4096);
    const r = await server.fetch('/api/v1/token/login', {
      method: 'POST',
      body: big,
      headers: { authorization: server.basic },
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ detail: 'Request body too large' });

    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode('y'.repeat(1024)));
        c.close();
      },
    });
    const r2 = await server.fetch('/api/v1/version', {
      method: 'POST',
      body: chunked,
      duplex: 'half',
      headers: { authorization: server.basic },
    } as RequestInit);
    expect(r2.status).toBe(413);
    expect(await r2.json()).toEqual({ detail: 'Request body too large' });

    const small = await server.fetch('/api/v1/token/login', {
      method: 'POST',
      body: 'x'.repeat(1000),
      headers: { authorization: server.basic },
    });
    expect(small.status).toBe(200);
  });
});

describe('request timeout', () => {
  it('answers 503 with a detail when a handler takes longer than request_timeout_secs', async () => {
    const r = await slowApp.fetch('/api/v1/balance', { headers: { authorization: server.basic } });
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ detail: 'Request timed out after 0.3 seconds' });
  });

  it('warns that a timed-out control call may still complete', async () => {
    const r = await slowApp.fetch('/api/v1/pause', { method: 'POST', headers: { authorization: server.basic } });
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({
      detail: 'Request timed out after 0.3 seconds; the action may still complete, check before retrying',
    });
  });
});

/** The security headers of API answers: OWASP's REST Security Cheat Sheet set, no more. */
const API_SET = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
/** Headers that only mean something for a document: pages send them, API answers do not. */
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'x-powered-by',
];
/** What an answer carries besides security headers (framing, its own type, auth challenge). */
const TRANSPORT = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'www-authenticate']);

function expectApiSet(headers: Headers, label: string) {
  for (const [name, value] of Object.entries(API_SET)) expect(headers.get(name), `${label} ${name}`).toBe(value);
  for (const name of DOCUMENT_ONLY) expect(headers.get(name), `${label} ${name}`).toBeNull();
  const others = [...headers.keys()].filter((n) => !(n in API_SET) && !TRANSPORT.has(n));
  expect(others, label).toEqual([]);
}

describe('security headers', () => {
  it('API answers, errors included, carry exactly the REST set (OWASP REST Security Cheat Sheet)', async () => {
    const auth = { authorization: server.basic };
    for (const [path, init, status] of [
      ['/api/v1/ping', {}, 200],
      ['/api/v1/show_config', {}, 401],
      ['/api/v1/show_config', { headers: auth }, 200],
      ['/api/v1/nope', {}, 404],
      ['/api/v1/trades?limit=abc', { headers: auth }, 422],
      ['/api/v1/nope', { method: 'POST' }, 405],
      ['/api/v1/token/login', { method: 'POST', body: 'x'.repeat(4096), headers: auth }, 413],
    ] as const) {
      const r = await server.fetch(path, init);
      expect(r.status, path).toBe(status);
      expect(r.headers.get('content-type'), path).toBe('application/json');
      expectApiSet(r.headers, `${status} ${path}`);
      await r.arrayBuffer();
    }
  });

  it('pages keep the full browser set: the CSP FreqUI and Swagger UI need, nosniff, frame and referrer policies', async () => {
    for (const path of ['/', '/fallback_file.html', '/favicon.ico', '/openapi.json', '/docs', '/docs/init.js']) {
      const r = await server.fetch(path);
      expect(r.status, path).toBe(200);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("img-src 'self' data:");
      expect(csp, path).toContain("connect-src 'self' http: https: ws: wss:");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(r.headers.get('strict-transport-security'), path).toBe(API_SET['strict-transport-security']);
      expect(r.headers.get('cache-control'), path).not.toBe('no-store');
      expect(r.headers.get('x-powered-by'), path).toBeNull();
      await r.arrayBuffer();
    }
  });

  it('keeps the CSP on /docs: Swagger UI boots from a separate script, no inline code', async () => {
    const r = await server.fetch('/docs');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await r.text();
    expect(page).toContain('<script src="/docs/init.js"></script>');
    // every <script> loads a file: nothing for an inline-script CSP exception to allow
    expect(
      [...page.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)].every(
        ([, attrs, code]) => /src=/.test(attrs) && code === '',
      ),
    ).toBe(true);
    const init = await server.fetch('/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('Host header check on loopback', () => {
  it('accepts loopback names with any port and configured hosts', async () => {
    for (const host of [
      'localhost',
      'LOCALHOST:8080',
      '127.0.0.1',
      `127.0.0.1:${server.port}`,
      '[::1]:1',
      'bot.lan:8443',
      'other.lan:9000',
    ]) {
      const r = await withHost(server.port, host);
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses any other Host with 400 {"detail": "Invalid host header"}, on every route', async () => {
    for (const host of [
      'evil.example',
      'localhost.evil.example',
      'bot.lan.evil',
      '127.0.0.1.nip.io:80',
      'other.lan:9001',
    ]) {
      for (const path of ['/api/v1/ping', '/api/v1/show_config', '/api/v1/token/login', '/nope']) {
        const r = await withHost(server.port, host, path);
        expect(r.status, `${host} ${path}`).toBe(400);
        expect(JSON.parse(r.body)).toEqual({ detail: 'Invalid host header' });
      }
    }
  });

  it('isAllowedHost: ports, IPv6 brackets, listen address, no Host at all', () => {
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('Example.COM:1')).toBe('example.com');
    expect(isAllowedHost('127.0.0.2:80', '127.0.0.2', [])).toBe(true);
    expect(isAllowedHost('[::1]', '::1', [])).toBe(true);
    expect(isAllowedHost(undefined, '127.0.0.1', [])).toBe(false);
    expect(isAllowedHost('', '127.0.0.1', [])).toBe(false);
    expect(isAllowedHost('127.0.0.2', '127.0.0.1', [])).toBe(false);
  });
});

describe('boundedInt', () => {
  it('parses numeric strings and refuses values out of range or not integers', () => {
    const schema = boundedInt(1000, 1);
    expect(schema.parse('5')).toBe(5);
    expect(schema.parse(1000)).toBe(1000);
    for (const bad of ['0', '1001', '1e3', '1.5', 'abc', '', '99999999999999999999999', -1, Number.NaN]) {
      expect(schema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe('requests refused by the HTTP parser', () => {
  it('oversized headers get a JSON 431 with the API security headers, not an empty body', async () => {
    const r = await server.fetch('/api/v1/ping', { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(r.status).toBe(431);
    expectApiSet(r.headers, '431');
    expect(await r.json()).toEqual({ detail: 'Request header fields too large' });
  });
});
