// The read-only user (Node): reads everything, changes nothing (403 with a clear detail), logs in
// for tokens that are read-only too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/util/clock.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { READONLY_CONFIG, RO_BASIC } from './support.ts';

const READ_ONLY_DETAIL = 'Read-only user: this request would change the bot and is not allowed.';
const NOT_IN_STATE = { detail: 'Bot is not in the correct state.' };
/** GET routes that answer freqtrade's error on a fresh bot, whoever asks (not an auth refusal). */
const FRESH_BOT_ANSWERS: Record<string, [number, unknown]> = {
  // freqtrade: 502 {"detail"} when there is no history for the pair
  '/api/v1/pair_history': [502, { detail: expect.any(String) }],
  '/api/v1/edge': [502, { error: 'Error querying /api/v1/edge: Edge is not enabled.' }],
};
/** Values for the GET routes' required query parameters. */
const QUERY_VALUES: Record<string, string> = {
  pair: 'BTC/USDT',
  timeframe: '5m',
  timerange: '20240101-20240102',
  strategy: 'MaCrossStrategy',
};
let server: TestServer;

beforeAll(async () => {
  // time stands still: the bot's own loop opens no trades, so only requests change it
  server = await startTestServer(READONLY_CONFIG, { clock: new ManualClock(Date.now()) });
});
afterAll(async () => {
  await server.close();
});

async function readOnlyToken(): Promise<string> {
  const r = await server.fetch('/api/v1/token/login', { method: 'POST', headers: { authorization: RO_BASIC } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { access_token: string }).access_token;
}

describe('read-only user (node)', () => {
  it('reads every GET route of the OpenAPI document', async () => {
    type Op = { parameters?: { name: string; in: string; required?: boolean }[] };
    const doc = (await (await server.fetch('/openapi.json')).json()) as { paths: Record<string, { get?: Op }> };
    const gets = Object.entries(doc.paths).filter(([p, ops]) => ops.get && !p.includes('{'));
    expect(gets.map(([p]) => p)).toContain('/api/v1/show_config');
    expect(gets.length).toBeGreaterThanOrEqual(30);
    for (const [path, { get }] of gets) {
      const query = (get?.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(QUERY_VALUES[p.name])}`)
        .join('&');
      const url = query ? `${path}?${query}` : path;
      const r = await server.fetch(url, { headers: { authorization: RO_BASIC } });
      const [status, body] = FRESH_BOT_ANSWERS[path] ?? [200, undefined];
      expect(r.status, path).toBe(status);
      if (body !== undefined) expect(await r.json(), path).toEqual(body);
      else await r.arrayBuffer();
      // the main user gets the very same answer: the read-only user is refused nothing it may read
      expect((await server.fetch(url, { headers: { authorization: server.basic } })).status, path).toBe(status);
    }
    // webserver-only reads (not in the OpenAPI document) answer freqtrade's 503 to the reader too
    for (const path of ['/api/v1/backtest', '/api/v1/pairlists/available', '/api/v1/background']) {
      const r = await server.fetch(path, { headers: { authorization: RO_BASIC } });
      expect(r.status, path).toBe(503);
      expect(await r.json()).toEqual(NOT_IN_STATE);
    }
    const head = await server.fetch('/api/v1/version', { method: 'HEAD', headers: { authorization: RO_BASIC } });
    expect(head.status).toBe(200);
  });

  it('POST, DELETE, PATCH: 403 with a clear detail, with Basic and with its token, before anything runs', async () => {
    const token = await readOnlyToken();
    const read = async (path: string) =>
      (await (await server.fetch(path, { headers: { authorization: RO_BASIC } })).json()) as Record<string, unknown>;
    const snapshot = async () => [
      (await read('/api/v1/show_config')).state,
      await read('/api/v1/count'),
      await read('/api/v1/blacklist'),
      await read('/api/v1/locks'),
    ];
    const before = await snapshot();
    const json = { 'content-type': 'application/json' };
    const calls: [string, string, string | undefined][] = [
      ['POST', '/api/v1/forceexit', JSON.stringify({ tradeid: 'all' })],
      ['POST', '/api/v1/forceenter', JSON.stringify({ pair: 'ETH/USDT' })],
      ['POST', '/api/v1/blacklist', JSON.stringify({ blacklist: ['XRP/USDT'] })],
      ['POST', '/api/v1/stop', undefined],
      ['POST', '/api/v1/forceexit', '{"tradeid":'], // refused before the body is even parsed
      ['DELETE', '/api/v1/locks/1', undefined],
      ['DELETE', '/api/v1/trades/1', undefined],
      ['PATCH', '/api/v1/backtest/history/x', undefined],
    ];
    for (const authorization of [RO_BASIC, `Bearer ${token}`]) {
      for (const [method, path, body] of calls) {
        const r = await server.fetch(path, { method, body, headers: { authorization, ...json } });
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(await r.json()).toEqual({ detail: READ_ONLY_DETAIL });
      }
    }
    // nothing changed: same state, trades and blacklist as before
    expect(await snapshot()).toEqual(before);

    // the main user passes the same routes and gets the bot's own answers
    const exit = await server.fetch('/api/v1/forceexit', {
      method: 'POST',
      body: JSON.stringify({ tradeid: 999 }),
      headers: { authorization: server.basic, ...json },
    });
    expect(exit.status).toBe(502);
    expect(((await exit.json()) as { error: string }).error).toMatch(/^Error querying \/api\/v1\/forceexit: /);
    const patch = await server.fetch('/api/v1/backtest/history/x', {
      method: 'PATCH',
      headers: { authorization: server.basic },
    });
    expect(patch.status).toBe(503);
    expect(await patch.json()).toEqual(NOT_IN_STATE);
    // PUT is no method of any route: 405 for everyone
    const put = await server.fetch('/api/v1/forceexit', { method: 'PUT', headers: { authorization: RO_BASIC } });
    expect(put.status).toBe(405);
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
    const r = await server.fetch('/api/v1/forceexit', {
      method: 'POST',
      headers: { authorization: `Bearer ${again}` },
    });
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
