// The message websocket on the edge: upgrades accepted by the bot's Durable Object (ws token or
// JWT), subscribe/whitelist handled by the shared protocol, hub messages fanned out to subscribers,
// through the Worker exactly as a client would connect.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, entryMessage as entry, openSocket, publish, subscribe, WHITELIST } from './edge-helpers.ts';

describe('edge websocket hub (Durable Object, hibernation API)', () => {
  it('accepts the ws token, answers whitelist, delivers only subscribed messages', async () => {
    const sock = await openSocket();
    sock.send({ type: 'whitelist', data: '' });
    expect(await sock.next((m) => m.type === 'whitelist')).toEqual({ type: 'whitelist', data: WHITELIST });

    await publish(entry('entry', 1)); // not subscribed yet: not delivered
    await subscribe(sock, ['entry_fill', 'exit_fill']);
    await publish(entry('entry', 2)); // not in the set
    await publish(entry('entry_fill', 3));
    const fill = await sock.next((m) => m.type === 'entry_fill');
    expect(fill).toEqual(entry('entry_fill', 3));
    expect(sock.received.filter((m) => m.type === 'entry')).toEqual([]);
    sock.close();
  });

  it('accepts a JWT access token and refuses a bad token before upgrading (403)', async () => {
    const login = await api('/api/v1/token/login', { method: 'POST' });
    const { access_token } = (await login.json()) as { access_token: string };
    const sock = await openSocket(access_token);
    sock.send({ type: 'whitelist' });
    expect((await sock.next((m) => m.type === 'whitelist')).data).toEqual(WHITELIST);
    sock.close();

    for (const token of ['wrong-token', '']) {
      const res = await SELF.fetch(`https://tickhub.test/api/v1/message/ws?token=${token}`, {
        headers: { upgrade: 'websocket' },
      });
      expect(res.status).toBe(403);
      expect((res as unknown as { webSocket: unknown }).webSocket).toBeNull();
    }
  });

  it('an invalid subscribe leaves the set unchanged; a new subscribe replaces it', async () => {
    const sock = await openSocket();
    await subscribe(sock, ['entry']);
    await subscribe(sock, ['entry', 'not_a_type']); // ignored as a whole
    await publish(entry('entry', 10));
    await sock.next((m) => m.type === 'entry' && m.trade_id === 10);
    await subscribe(sock, ['exit_fill']);
    await publish(entry('entry', 11));
    await publish({ type: 'strategy_msg', msg: 'not subscribed either' });
    await subscribe(sock, ['strategy_msg']);
    await publish({ type: 'strategy_msg', msg: 'hello' });
    expect(await sock.next((m) => m.type === 'strategy_msg')).toEqual({ type: 'strategy_msg', msg: 'hello' });
    expect(sock.received.some((m) => m.trade_id === 11)).toBe(false);
    sock.close();
  });
});
