// The Hub contract (test/contract/hub.contract.ts) on the Node hub: a real tickhub server on
// 127.0.0.1, real `ws` clients, publishing through the server's hub as the engine does.

import { afterAll, beforeAll } from 'vitest';
import type { NodeWsHub } from '../../../src/hosts/node/ws-hub.ts';
import { type HubClient, hubContract } from '../../contract/hub.contract.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { FixtureView } from './fixture.ts';
import { startWsServer, TestClient, type WsTestServer } from './helpers.ts';

const WHITELIST = ['BTC/USDT', 'ETH/USDT'];
let server: WsTestServer;

beforeAll(async () => {
  server = await startWsServer({}, { wsHub: { pingIntervalMs: 0 } });
  server.hub.useView(new FixtureView(WHITELIST, 20));
});
afterAll(() => server.close());

const hub = (): NodeWsHub => server.hub;

async function open(): Promise<HubClient> {
  const c = await TestClient.open(server.wsUrl(TEST_WS_TOKEN));
  return {
    received: c.messages,
    send: (frame) => c.send(frame),
    async next(pred, timeoutMs = 10_000) {
      const messages = await c.waitFor((all) => all.some(pred), timeoutMs, 'a matching message');
      return messages.find(pred);
    },
    close: () => c.close(),
  };
}

hubContract('Node hub (ws on 127.0.0.1)', () => ({
  open,
  whitelist: WHITELIST,
  async publish(message) {
    hub().publish(message);
  },
  async hasSubscribers(type) {
    return hub().hasSubscribers(type);
  },
}));
