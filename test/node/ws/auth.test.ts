import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { handshake, startWsServer, TestClient, type WsTestServer } from './helpers.ts';

const LIST_TOKEN = 'second-ws-token-abcdef0123456789';
let server: WsTestServer;
let access: string;
let refresh: string;

beforeAll(async () => {
  server = await startWsServer({ api_server: { ws_token: [TEST_WS_TOKEN, LIST_TOKEN] } });
  const res = await fetch(`${server.url}/api/v1/token/login`, {
    method: 'POST',
    headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD) },
  });
  ({ access_token: access, refresh_token: refresh } = (await res.json()) as any);
});
afterAll(() => server.close());

async function acceptsAndServes(token: string) {
  const client = await TestClient.open(server.wsUrl(token));
  client.send({ type: 'whitelist' });
  await client.waitForCount(1);
  client.close();
  return client.messages[0];
}

describe('message websocket authentication', () => {
  it('accepts every ws_token of a list', async () => {
    expect(await acceptsAndServes(TEST_WS_TOKEN)).toEqual({
      type: 'whitelist',
      data: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    });
    expect((await acceptsAndServes(LIST_TOKEN)).type).toBe('whitelist');
  });

  it('accepts a JWT access token', async () => {
    expect((await acceptsAndServes(access)).type).toBe('whitelist');
  });

  it.each([
    ['a refresh token', () => refresh],
    ['a wrong token', () => 'not-the-token'],
    ['an empty token', () => ''],
    ['no token', () => undefined],
    ['a token prefix', () => TEST_WS_TOKEN.slice(0, -1)],
  ])('refuses the handshake with HTTP 403 for %s, before any data', async (_name, token) => {
    const { status, messages } = await handshake(server.wsUrl(token()));
    expect(status).toBe(403);
    expect(messages).toEqual([]);
  });

  it('answers a plain GET (no upgrade) with 404', async () => {
    const res = await fetch(`${server.url}/api/v1/message/ws?token=${TEST_WS_TOKEN}`);
    expect(res.status).toBe(404);
  });
});

describe('single ws_token string', () => {
  it('accepts the configured string and refuses others', async () => {
    const s = await startWsServer({ api_server: { ws_token: 'single-token-0123456789abcdef' } });
    try {
      expect((await handshake(s.wsUrl('single-token-0123456789abcdef'))).status).toBe('open');
      expect((await handshake(s.wsUrl(TEST_WS_TOKEN))).status).toBe(403);
    } finally {
      await s.close();
    }
  });
});
