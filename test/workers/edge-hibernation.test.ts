// Hibernation-safe subscriptions: each socket's subscription set lives in its attachment, so
// after the bot's Durable Object is evicted (sockets hibernated, memory dropped) a fresh instance
// still delivers to the right clients. Its own file: sockets proxied through a Worker invocation
// keep the object referenced, so these connect straight to the object and nothing else runs here.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { botStub, entryMessage, openSocket, publish, subscribe, WHITELIST } from './edge-helpers.ts';

describe('edge websocket hibernation', () => {
  it('subscriptions live in the socket attachment and survive evicting the object', async () => {
    const a = await openSocket(undefined, 'object');
    const b = await openSocket(undefined, 'object');
    await subscribe(a, ['entry_fill']);
    await subscribe(b, ['exit_fill', 'whitelist']);

    const stub = botStub();
    const attachments = await runInDurableObject(stub, (_i: BotObject, state) =>
      state.getWebSockets().map((ws: { deserializeAttachment(): unknown }) => ws.deserializeAttachment()),
    );
    expect(attachments).toEqual(
      expect.arrayContaining([{ subscriptions: ['entry_fill'] }, { subscriptions: ['exit_fill', 'whitelist'] }]),
    );

    await runInDurableObject(stub, (i: BotObject) => {
      (i as unknown as { marker: string }).marker = 'before eviction';
    });
    await evictDurableObject(stub); // hibernates the sockets, drops the instance and its memory
    const marker = await runInDurableObject(stub, (i: BotObject) => (i as unknown as { marker?: string }).marker);
    expect(marker).toBeUndefined(); // a fresh instance, rebuilt from storage
    await publish(entryMessage('entry_fill', 21));
    await publish({ type: 'whitelist', data: ['BTC/USDT'] });
    expect(await a.next((m) => m.type === 'entry_fill')).toEqual(entryMessage('entry_fill', 21));
    expect(await b.next((m) => m.type === 'whitelist' && m.data.length === 1)).toEqual({
      type: 'whitelist',
      data: ['BTC/USDT'],
    });
    expect(a.received.some((m) => m.type === 'whitelist')).toBe(true); // only its own request's reply
    expect(a.received.filter((m) => m.type === 'whitelist' && m.data.length === 1)).toEqual([]);
    expect(b.received.some((m) => m.type === 'entry_fill')).toBe(false);

    // The revived object still answers requests on the old sockets.
    b.send({ type: 'whitelist' });
    await b.next((m) => m.type === 'whitelist' && m.data.length === WHITELIST.length && b.received.indexOf(m) > 1);
    a.close();
    b.close();
  });
});
