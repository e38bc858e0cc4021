import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NginxProxy, startNginxProxy } from '../../support/nginx.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { entryFill } from './fixture.ts';
import { TestClient } from './helpers.ts';

// Behind nginx with freqtrade's documented proxy block (proxy_http_version 1.1, Upgrade and
// Connection from a map, Host): REST and the message websocket must both work.
let server: TestServer;
let proxy: NginxProxy;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startNginxProxy(server.port);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.close();
});

const wsUrl = (token: string) => `ws://127.0.0.1:${proxy.port}/api/v1/message/ws?token=${encodeURIComponent(token)}`;

describe('behind nginx', () => {
  it('answers ping', async () => {
    const res = await fetch(`${proxy.url}/api/v1/ping`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'pong' });
  });

  it('logs in with Basic; a JWT websocket gets a published entry_fill and one from a forced entry', async () => {
    const login = await fetch(`${proxy.url}/api/v1/token/login`, {
      method: 'POST',
      headers: { authorization: server.basic },
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    expect(typeof access_token).toBe('string');

    // What FreqUI does on open.
    const ui = await TestClient.open(wsUrl(access_token));
    ui.send({ type: 'subscribe', data: ['whitelist', 'entry_fill', 'exit_fill', 'entry_cancel', 'exit_cancel'] });
    ui.send({ type: 'whitelist', data: '' });
    // The running engine may broadcast too, so look messages up rather than by position.
    await ui.waitFor((m) => m.some((x) => x.type === 'whitelist'));
    expect(ui.messages.find((x) => x.type === 'whitelist').data).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);

    server.hub.publish(entryFill(42, 'ETH/USDT'));
    await ui.waitFor((m) => m.some((x) => x.trade_id === 42));
    expect(ui.messages.find((x) => x.trade_id === 42)).toEqual(entryFill(42, 'ETH/USDT'));

    // A real one from the engine: a forced market entry in dry-run fills at once.
    const trade = await server.deps.bot.forceEnter({ pair: 'XRP/USDT', side: 'long', ordertype: 'market' });
    expect(trade).not.toBeNull();
    await ui.waitFor((m) => m.some((x) => x.type === 'entry_fill' && x.pair === 'XRP/USDT'), 10_000, 'entry_fill');
    const fill = ui.messages.find((x) => x.type === 'entry_fill' && x.pair === 'XRP/USDT');
    expect(fill).toMatchObject({ direction: 'Long', stake_currency: 'USDT', sub_trade: false });
    expect(fill.open_rate).toBeGreaterThan(0);
    ui.close();
    expect(await ui.closed).toBe(1005);
  });

  it('passes the ws_token handshake and refuses a bad token with 403 through the proxy', async () => {
    const c = await TestClient.open(wsUrl(TEST_WS_TOKEN));
    c.send({ type: 'whitelist' });
    await c.waitForCount(1);
    c.close();
    const refused = new TestClient(wsUrl('wrong-token'));
    await expect(refused.opened).rejects.toThrow(/403/);
    expect(refused.messages).toEqual([]);
  });
});
