// The edge host as a developer runs it: `npm run dev:edge` (scripts/dev-edge.ts → local D1
// migrations + a real `wrangler dev`, offline, state in a temp dir), driven over HTTP and the
// message websocket with the tickhub-client library.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TickhubClient, TickhubConnectionError } from '../../../packages/client/src/index.ts';
import type { WsMessage } from '../../../packages/client/src/schemas/ws.ts';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { type DevEdge, startDevEdge } from './dev-edge-process.ts';

const USER = 'tickhub'; // wrangler.toml's TICKHUB_CONFIG
const WHITELIST = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT'];

let edge: DevEdge;
let base: string;

/** A request as freqtrade-client sends it: every call, GET included, carries the JSON body `null`. */
function withNullBody(
  method: string,
  path: string,
  authorization = basicAuth(USER, TEST_PASSWORD),
  payload = 'null',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request(url, {
      method,
      headers: {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function next(stream: AsyncIterator<WsMessage>, type: string): Promise<WsMessage> {
  for (;;) {
    const r = await stream.next();
    if (r.done) throw new Error(`stream ended before a ${type} message`);
    if (r.value.type === type) return r.value;
  }
}

beforeAll(async () => {
  edge = await startDevEdge({
    TICKHUB__API_SERVER__PASSWORD: TEST_PASSWORD,
    TICKHUB__API_SERVER__JWT_SECRET_KEY: TEST_JWT_SECRET,
    TICKHUB__API_SERVER__WS_TOKEN: TEST_WS_TOKEN,
  });
  base = edge.base;
}, 120_000);

afterAll(async () => {
  await edge?.stop();
});

describe('npm run dev:edge (real wrangler dev, local D1)', () => {
  it('applied the D1 migrations, then serves ping, login and show_config', async () => {
    expect(edge.output()).toContain('0000_init.sql');
    const client = new TickhubClient(base, USER, TEST_PASSWORD);
    expect(await client.ping()).toEqual({ status: 'pong' });
    const tokens = await client.login();
    expect(tokens.access_token.split('.')).toHaveLength(3);
    const config = await client.show_config();
    expect(config.bot_name).toBe('tickhub-edge');
    expect(config.dry_run).toBe(true);
    expect(config.state).toBe('running');
    expect(JSON.stringify(config)).not.toContain(TEST_PASSWORD);
  });

  it('the websocket answers a whitelist request (ws token and JWT); a bad token is refused', async () => {
    const client = new TickhubClient(base, USER, TEST_PASSWORD);
    await client.login();
    for (const token of [TEST_WS_TOKEN, undefined]) {
      const stream = client.subscribe(['whitelist', 'entry_fill'], token ? { token } : {});
      await stream.opened;
      stream.send({ type: 'whitelist', data: '' });
      const reply = await next(stream[Symbol.asyncIterator](), 'whitelist');
      expect(reply).toEqual({ type: 'whitelist', data: WHITELIST });
      stream.close();
    }
    const refused = client.subscribe(['whitelist'], { token: 'not-the-token' });
    await expect(refused.opened).rejects.toBeInstanceOf(TickhubConnectionError);
  });

  it('bodies the bot does not read (GET null bodies of freqtrade-client, refused uploads) log no uncaught stream error (issue 18 point 7)', async () => {
    const before = edge.output().length;
    for (const path of ['/api/v1/ping', '/api/v1/status', '/api/v1/count', '/api/v1/show_config', '/api/v1/trades']) {
      const r = await withNullBody('GET', path);
      expect(r.status, `${path}: ${r.body}`).toBe(200);
      JSON.parse(r.body);
    }
    // a control call as freqtrade-client sends it (the bot already runs: nothing changes)
    const start = await withNullBody('POST', '/api/v1/start');
    expect(start.status).toBe(200);
    expect(JSON.parse(start.body)).toEqual({ status: 'already running' });
    // bodies the bot refuses to read: no credentials (401 before the body) and an oversized one (413)
    const upload = JSON.stringify({ pair: 'BTC/USDT', pad: 'u'.repeat(64 * 1024) });
    expect((await withNullBody('POST', '/api/v1/forceenter', 'Basic bm9ib2R5Om5vcGU=', upload)).status).toBe(401);
    expect((await withNullBody('POST', '/api/v1/forceenter', '', upload)).status).toBe(401);
    const huge = JSON.stringify({ pair: 'BTC/USDT', pad: 'h'.repeat(2 * 1024 * 1024) });
    expect((await withNullBody('POST', '/api/v1/forceenter', basicAuth(USER, TEST_PASSWORD), huge)).status).toBe(413);
    // workerd logs the error after the response went out: give it the time to show up.
    await new Promise((r) => setTimeout(r, 1500));
    const log = edge.output().slice(before);
    expect(log).not.toContain("Can't read from request stream");
    expect(log).not.toContain('Uncaught');
  });

  it('a cron trigger (/__scheduled) ticks the bot: health last_process is set', async () => {
    const r = await fetch(`${base}/__scheduled?cron=*+*+*+*+*`);
    expect(r.status).toBe(200);
    await r.text();
    const client = new TickhubClient(base, USER, TEST_PASSWORD);
    const deadline = Date.now() + 20_000;
    let health = await client.health();
    while (health.last_process_ts === null && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      health = await client.health();
    }
    expect(health.last_process_ts).toEqual(expect.any(Number));
  });
});
