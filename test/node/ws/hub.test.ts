import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcMessage } from '../../../src/rpc/messages.ts';
import { analyzedDfMessage, decodeDataFrame } from '../../../src/rpc/ws-protocol.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { entryFill, FixtureView, fixtureFrame } from './fixture.ts';
import { startWsServer, TestClient, until, type WsTestServer } from './helpers.ts';

let server: WsTestServer;
const view = new FixtureView(['BTC/USDT', 'ETH/USDT'], 40);

beforeAll(async () => {
  server = await startWsServer({}, { wsHub: { pingIntervalMs: 0 } });
  server.hub.useView(view);
});
afterAll(() => server.close());

const open = () => TestClient.open(server.wsUrl(TEST_WS_TOKEN));

describe('requests', () => {
  it('whitelist request replies with the view whitelist', async () => {
    const c = await open();
    c.send({ type: 'whitelist', data: '' });
    expect(await c.waitForCount(1)).toEqual([{ type: 'whitelist', data: ['BTC/USDT', 'ETH/USDT'] }]);
    c.close();
  });

  it('analyzed_df with a limit: one decoded frame per whitelist pair', async () => {
    const c = await open();
    c.send({ type: 'analyzed_df', data: { limit: 3 } });
    const [a, b] = await c.waitForCount(2);
    expect(a.data.key).toEqual(['BTC/USDT', '5m', 'spot']);
    expect(b.data.key).toEqual(['ETH/USDT', '5m', 'spot']);
    expect(decodeDataFrame(a.data.df).date).toEqual(view.frames.get('BTC/USDT')!.frame.date.slice(-3));
    expect(a.data.la).toMatch(/^2026-01-01T01:40:00\+00:00$/);
    c.close();
  });

  it('analyzed_df with {} sends the whole frame; a pair filter sends one pair', async () => {
    const c = await open();
    c.send({ type: 'analyzed_df', data: {} });
    await c.waitForCount(2);
    expect(decodeDataFrame(c.messages[0].data.df).date).toHaveLength(40);
    c.send({ type: 'analyzed_df', data: { pair: 'ETH/USDT', limit: 5 } });
    await c.waitForCount(3);
    expect(c.messages[2].data.key[0]).toBe('ETH/USDT');
    expect(decodeDataFrame(c.messages[2].data.df).close).toHaveLength(5);
    c.close();
  });

  it('a failing request gets the exception reply; malformed frames are ignored', async () => {
    const c = await open();
    c.send('{oops');
    c.send({ type: 'no_such_request' });
    c.send({ type: 'analyzed_df', data: { limit: 'many' } });
    expect(await c.waitForCount(1)).toEqual([{ type: 'exception', data: 'Error processing request' }]);
    c.send({ type: 'whitelist' });
    await c.waitForCount(2);
    expect(c.messages[1].type).toBe('whitelist');
    c.close();
  });
});

describe('broadcasts and subscriptions', () => {
  it('reach only subscribers of the message type; resubscribe replaces; invalid lists are ignored', async () => {
    const fills = await open();
    const lists = await open();
    const none = await open();
    fills.send({ type: 'subscribe', data: ['entry_fill', 'exit_fill'] });
    lists.send({ type: 'subscribe', data: ['whitelist'] });
    // A request/reply round trip proves the subscribe frames were processed.
    for (const c of [fills, lists]) {
      c.send({ type: 'whitelist' });
      await c.waitForCount(1);
    }
    server.hub.publish(entryFill(1));
    server.hub.publish({ type: 'whitelist', data: ['X/USDT'] });
    await fills.waitForCount(2);
    await lists.waitForCount(2);
    expect(fills.messages[1]).toEqual(entryFill(1));
    expect(lists.messages[1]).toEqual({ type: 'whitelist', data: ['X/USDT'] });

    // Invalid entry: whole request ignored, entry_fill subscription kept.
    fills.send({ type: 'subscribe', data: ['whitelist', 'bogus'] });
    fills.send({ type: 'subscribe', data: 'whitelist' });
    // Replacement: lists now only gets entry_fill.
    lists.send({ type: 'subscribe', data: ['entry_fill'] });
    for (const c of [fills, lists]) {
      c.send({ type: 'whitelist' });
      await c.waitForCount(3);
    }
    server.hub.publish({ type: 'whitelist', data: ['Y/USDT'] });
    server.hub.publish(entryFill(2));
    await fills.waitForCount(4);
    await lists.waitForCount(4);
    expect(fills.messages[3]).toEqual(entryFill(2));
    expect(lists.messages[3]).toEqual(entryFill(2));

    none.send({ type: 'whitelist' });
    await none.waitForCount(1);
    expect(none.messages.map((m) => m.type)).toEqual(['whitelist']);
    for (const c of [fills, lists, none]) c.close();
  });

  it('a message that cannot be encoded is logged, not thrown at the bot', async () => {
    const c = await open();
    c.send({ type: 'subscribe', data: ['strategy_msg'] });
    c.send({ type: 'whitelist' });
    await c.waitForCount(1);
    const bad = { type: 'strategy_msg', msg: 'x', big: 1n } as unknown as RpcMessage;
    expect(() => server.hub.publish(bad)).not.toThrow();
    server.hub.publish({ type: 'strategy_msg', msg: 'fine' });
    await c.waitForCount(2);
    expect(c.messages[1]).toEqual({ type: 'strategy_msg', msg: 'fine' });
    c.close();
  });

  it('publish with no clients is a no-op', () => {
    const before = server.hub.clientCount;
    expect(() => server.hub.publish({ type: 'status', status: 'running' } as RpcMessage)).not.toThrow();
    expect(server.hub.clientCount).toBe(before);
  });

  it('a frame over the incoming size limit closes that connection with 1009', async () => {
    const s = await startWsServer({}, { wsHub: { maxPayloadBytes: 1024, pingIntervalMs: 0 } });
    try {
      const c = await TestClient.open(s.wsUrl(TEST_WS_TOKEN));
      c.send({ type: 'whitelist', data: 'x'.repeat(2000) });
      expect(await c.closed).toBe(1009);
      expect(c.messages).toEqual([]);
      await until(() => s.hub.clientCount === 0);
    } finally {
      await s.close();
    }
  });
});

describe('slow clients', () => {
  it('a client that stops reading is closed while 100 others receive every message', async () => {
    const s = await startWsServer(
      {},
      { wsHub: { maxQueuedMessages: 20, maxQueuedBytes: 1 << 20, maxBufferedBytes: 64 * 1024, pingIntervalMs: 0 } },
    );
    try {
      const url = s.wsUrl(TEST_WS_TOKEN);
      const clients = await Promise.all(Array.from({ length: 101 }, () => TestClient.open(url)));
      const [stuck, ...healthy] = clients;
      // The stuck client also takes big analyzed_df broadcasts, so it overflows loopback socket
      // buffers (several MB) without pushing gigabytes through the 100 healthy clients.
      stuck.send({ type: 'subscribe', data: ['entry_fill', 'analyzed_df'] });
      for (const c of healthy) c.send({ type: 'subscribe', data: ['entry_fill'] });
      for (const c of clients) c.send({ type: 'whitelist' });
      await Promise.all(clients.map((c) => c.waitForCount(1)));
      (stuck.ws as any)._socket.pause();

      const big = { ...(view.analyzed('BTC/USDT') as any), frame: fixtureFrame(1000) };
      const bigMessage = analyzedDfMessage('BTC/USDT', big);
      expect(JSON.stringify(bigMessage).length).toBeGreaterThan(50_000);
      const total = 300;
      for (let i = 1; i <= total; i++) {
        s.hub.publish(entryFill(i));
        s.hub.publish(bigMessage); // ≈ 300 × 60 kB ≈ 18 MB towards the stuck client
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      await until(() => s.hub.clientCount <= 100, 10_000, 'the stuck client to be dropped');
      await Promise.all(healthy.map((c) => c.waitForCount(1 + total, 20_000)));
      expect(s.hub.clientCount).toBe(100);
      for (const c of healthy) {
        expect(c.messages.slice(1).map((m) => m.trade_id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      }
      (stuck.ws as any)._socket.resume();
      expect([1008, 1006]).toContain(await stuck.closed);
      expect(stuck.messages.length).toBeLessThan(1 + 2 * total);
      for (const c of healthy) c.close();
    } finally {
      await s.close();
    }
  });

  it('a client that pauses gets its backlog from the queue, in order, once it reads again', async () => {
    const s = await startWsServer(
      {},
      { wsHub: { maxQueuedMessages: 1000, maxQueuedBytes: 64 << 20, maxBufferedBytes: 64 * 1024, pingIntervalMs: 0 } },
    );
    try {
      const c = await TestClient.open(s.wsUrl(TEST_WS_TOKEN));
      c.send({ type: 'subscribe', data: ['entry_fill'] });
      c.send({ type: 'whitelist' });
      await c.waitForCount(1);
      (c.ws as any)._socket.pause();
      const padding = 'q'.repeat(16 * 1024);
      const total = 600; // ≈ 10 MB: more than the socket buffers take, so most of it waits in the queue
      for (let i = 1; i <= total; i++) s.hub.publish({ ...entryFill(i), enter_tag: padding });
      expect(s.hub.clientCount).toBe(1);
      (c.ws as any)._socket.resume();
      await c.waitForCount(1 + total, 20_000);
      expect(c.messages.slice(1).map((m) => m.trade_id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      c.close();
    } finally {
      await s.close();
    }
  });
});
