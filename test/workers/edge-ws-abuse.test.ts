// Websocket abuse on the edge (issue 18 point 3): the Durable Object hub limits each client's frame
// rate and the bytes sent to it, drops the biggest backlogs when all clients together exceed the
// memory budget, and encodes an analyzed_df answer once per candle for every client that asks.

import { runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { WS_BUDGETS } from '../../src/rpc/ws-limits.ts';
import { botStub, openSocket, subscribe, type TestSocket, WHITELIST } from './edge-helpers.ts';

function closed(sock: TestSocket, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket not closed')), timeoutMs);
    sock.ws.addEventListener('close', (ev) => {
      clearTimeout(timer);
      resolve({ code: ev.code, reason: ev.reason });
    });
  });
}

const inObject = <T>(fn: (o: BotObject) => T | Promise<T>) => runInDurableObject(botStub(), fn);

afterEach(async () => {
  await inObject((o) => Object.assign(o.hub.budgets, WS_BUDGETS));
});

describe('edge websocket budgets', () => {
  it('a request flood closes that client with 1008 after the burst; other clients are unaffected', async () => {
    const flood = await openSocket();
    const other = await openSocket();
    const gone = closed(flood);
    for (let i = 0; i < 60; i++) flood.send({ type: 'whitelist' });
    expect(await gone).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(flood.received.length).toBeLessThanOrEqual(WS_BUDGETS.requestBurst);
    other.send({ type: 'whitelist' });
    expect((await other.next((m) => m.type === 'whitelist')).data).toEqual(WHITELIST);
    other.close();
  });

  it('analyzed_df answers are encoded once per candle and shared by every client', async () => {
    await inObject((o) => o.tick());
    const before = await inObject((o) => o.hub.answers.encodings);
    const socks = await Promise.all([openSocket(), openSocket(), openSocket()]);
    for (const s of socks) for (let i = 0; i < 5; i++) s.send({ type: 'analyzed_df', data: { limit: 100 } });
    const analysed = WHITELIST.length;
    for (const s of socks) {
      await s.next(() => s.received.filter((m) => m.type === 'analyzed_df').length === 5 * analysed, 10_000);
    }
    expect((await inObject((o) => o.hub.answers.encodings)) - before).toBe(analysed);
    const first = socks[0].received.find((m) => m.type === 'analyzed_df')!;
    expect(first.data.df.__type__).toBe('dataframe');
    for (const s of socks) s.close();
  });

  it('a client sent more than its byte budget is closed with 1008 "Client too slow"', async () => {
    await inObject((o) => Object.assign(o.hub.budgets, { clientBytes: 1 << 20 }));
    const sock = await openSocket();
    await subscribe(sock, ['strategy_msg']);
    const gone = closed(sock);
    const pad = 'x'.repeat(100 * 1024);
    const delivered = await inObject((o) => {
      let n = 0;
      while (o.hub.clientCount > 0 && n < 50) o.hub.publish({ type: 'strategy_msg', msg: `${++n}${pad}` });
      return n;
    });
    expect(delivered).toBeLessThanOrEqual(12); // 1 MB of budget, 100 kB each
    expect(await gone).toEqual({ code: 1008, reason: 'Client too slow' });
  });

  it('over the global budget the client with the biggest backlog is dropped first', async () => {
    await inObject((o) => Object.assign(o.hub.budgets, { clientBytes: 8 << 20, totalBytes: 3 << 20 }));
    const big = await openSocket();
    const small = await openSocket();
    await subscribe(big, ['strategy_msg', 'entry']);
    await subscribe(small, ['strategy_msg']);
    const gone = closed(big);
    const pad = 'y'.repeat(256 * 1024);
    await inObject((o) => {
      for (let i = 0; i < 5; i++) o.hub.publish({ type: 'strategy_msg', msg: pad }); // 1.25 MB each
      for (let i = 0; i < 4; i++) o.hub.publish({ type: 'entry', pad } as never); // big: +1 MB → 3.25 MB in all
    });
    expect(await gone).toEqual({ code: 1008, reason: 'Client too slow' });
    expect(await inObject((o) => o.hub.clientCount)).toBe(1);
    small.send({ type: 'whitelist' });
    expect((await small.next((m) => m.type === 'whitelist')).data).toEqual(WHITELIST);
    small.close();
  });
});
