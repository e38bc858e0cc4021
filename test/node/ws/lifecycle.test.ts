import { describe, expect, it } from 'vitest';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { entryFill } from './fixture.ts';
import { startWsServer, TestClient, until } from './helpers.ts';

describe('keep-alive', () => {
  it('drops a client that does not answer pings and keeps one that does', async () => {
    const logs: string[] = [];
    const s = await startWsServer(
      {},
      { wsHub: { pingIntervalMs: 50, pongTimeoutMs: 1000 }, onLog: (l) => logs.push(l) },
    );
    try {
      const url = s.wsUrl(TEST_WS_TOKEN);
      const silent = await TestClient.open(url, { autoPong: false });
      const alive = await TestClient.open(url);
      await until(() => s.hub.clientCount === 2);
      expect(await silent.closed).toBe(1006);
      await until(() => s.hub.clientCount === 1);
      expect(logs.some((l) => l.includes('did not answer a ping'))).toBe(true);
      // Several more ping rounds (50 ms each) later the answering client is still served.
      await new Promise((r) => setTimeout(r, 400));
      alive.send({ type: 'subscribe', data: ['entry_fill'] });
      alive.send({ type: 'whitelist' });
      await alive.waitForCount(1);
      s.hub.publish(entryFill(7));
      await alive.waitForCount(2);
      expect(alive.messages[1].trade_id).toBe(7);
      expect(s.hub.clientCount).toBe(1);
      alive.close();
    } finally {
      await s.close();
    }
  });
});

describe('shutdown', () => {
  it('closes every socket with 1001, then nothing listens any more', async () => {
    const s = await startWsServer({}, { wsHub: { pingIntervalMs: 0 } });
    const url = s.wsUrl(TEST_WS_TOKEN);
    const clients = await Promise.all([1, 2, 3].map(() => TestClient.open(url)));
    await until(() => s.hub.clientCount === 3);
    await s.close();
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual([1001, 1001, 1001]);
    expect(s.hub.clientCount).toBe(0);
    const late = new TestClient(url);
    await expect(late.opened).rejects.toThrow();
  });

  it('does not wait forever for a client that stops reading', async () => {
    const s = await startWsServer({}, { wsHub: { pingIntervalMs: 0, closeGraceMs: 200 } });
    const stuck = await TestClient.open(s.wsUrl(TEST_WS_TOKEN));
    await until(() => s.hub.clientCount === 1);
    (stuck.ws as any)._socket.pause();
    await s.close();
    (stuck.ws as any)._socket.resume();
    expect([1001, 1006]).toContain(await stuck.closed);
  });
});
