// The Hub port's contract (src/rpc/hub.ts) as a websocket client sees it: what every host's hub
// promises. Registered by the Node hub over a real server on 127.0.0.1 (test/node/ws/hub-contract.test.ts)
// and by the Durable Object hub inside workerd, through the Worker (test/workers/hub-contract.test.ts).

import { describe, expect, it } from 'vitest';
import type { RpcMessage, RpcMessageType } from '../../src/rpc/messages.ts';
import { entryMessageFixture } from '../support/messages.ts';

export type WireMessage = Record<string, any>;

export interface HubClient {
  /** Every parsed message received so far, in order. */
  readonly received: WireMessage[];
  send(frame: unknown): void;
  /** The first received message (already or later) matching `pred`. */
  next(pred: (m: WireMessage) => boolean, timeoutMs?: number): Promise<WireMessage>;
  close(): void;
}

export interface HubTarget {
  /** Opens an authorised message websocket as FreqUI would. */
  open(): Promise<HubClient>;
  /** Publishes through the hub as the engine does. */
  publish(message: RpcMessage): Promise<void>;
  hasSubscribers(type: RpcMessageType): Promise<boolean>;
  /** The whitelist the host's bot view answers with. */
  whitelist: string[];
}

const entry = (type: 'entry' | 'entry_fill', id: number) => entryMessageFixture(type, id, 'BTC/USDT', 'contract');
const note = (msg: string): RpcMessage => ({ type: 'strategy_msg', msg });

/** Sends a request and waits for its reply: frames are handled in order, so everything sent before was too. */
async function roundTrip(client: HubClient): Promise<void> {
  const before = client.received.length;
  client.send({ type: 'whitelist', data: '' });
  await client.next((m) => m.type === 'whitelist' && client.received.indexOf(m) >= before);
}

async function subscribe(client: HubClient, types: string[]): Promise<void> {
  client.send({ type: 'subscribe', data: types });
  await roundTrip(client);
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function hubContract(name: string, target: () => HubTarget): void {
  describe(`Hub contract: ${name}`, () => {
    it('answers whitelist requests and delivers nothing before a subscribe', async () => {
      const t = target();
      const c = await t.open();
      await t.publish(note('nobody asked'));
      await t.publish(entry('entry_fill', 1));
      await roundTrip(c);
      expect(c.received).toEqual([{ type: 'whitelist', data: t.whitelist }]);
      c.close();
    });

    it('delivers each published message, unchanged, to the subscribers of its type only', async () => {
      const t = target();
      const fills = await t.open();
      const notes = await t.open();
      await subscribe(fills, ['entry_fill', 'exit_fill']);
      await subscribe(notes, ['strategy_msg']);
      await t.publish(entry('entry', 2));
      await t.publish(entry('entry_fill', 3));
      await t.publish(note('hello'));
      expect(await fills.next((m) => m.type === 'entry_fill')).toEqual(entry('entry_fill', 3));
      expect(await notes.next((m) => m.type === 'strategy_msg')).toEqual(note('hello'));
      await roundTrip(fills);
      await roundTrip(notes);
      expect(fills.received.map((m) => m.type)).toEqual(['whitelist', 'entry_fill', 'whitelist']);
      expect(notes.received.map((m) => m.type)).toEqual(['whitelist', 'strategy_msg', 'whitelist']);
      fills.close();
      notes.close();
    });

    it('replaces the subscriptions on a new subscribe and ignores an invalid one as a whole', async () => {
      const t = target();
      const c = await t.open();
      await subscribe(c, ['strategy_msg']);
      await subscribe(c, ['strategy_msg', 'entry_fill', 'not_a_type']);
      await t.publish(entry('entry_fill', 4)); // the invalid list was ignored: not subscribed
      await t.publish(note('kept'));
      await c.next((m) => m.type === 'strategy_msg' && m.msg === 'kept');
      await subscribe(c, ['entry_fill']);
      await t.publish(note('dropped'));
      await t.publish(entry('entry_fill', 5));
      expect(await c.next((m) => m.type === 'entry_fill')).toEqual(entry('entry_fill', 5));
      await roundTrip(c);
      expect(c.received.filter((m) => m.type !== 'whitelist')).toEqual([note('kept'), entry('entry_fill', 5)]);
      c.close();
    });

    it('keeps the publish order and sends every message once to each subscriber', async () => {
      const t = target();
      const clients = [await t.open(), await t.open(), await t.open()];
      for (const c of clients) await subscribe(c, ['strategy_msg']);
      const sent = Array.from({ length: 25 }, (_, i) => note(`n${i}`));
      for (const m of sent) await t.publish(m);
      for (const c of clients) {
        await c.next((m) => m.type === 'strategy_msg' && m.msg === 'n24');
        await roundTrip(c);
        expect(c.received.filter((m) => m.type === 'strategy_msg')).toEqual(sent);
        c.close();
      }
    });

    it('knows whether anyone subscribes to a type, and forgets a closed client', async () => {
      const t = target();
      const type = 'protection_trigger_global';
      await eventually(async () => !(await t.hasSubscribers(type)), 'no subscriber at the start');
      const c = await t.open();
      expect(await t.hasSubscribers(type)).toBe(false);
      await subscribe(c, [type]);
      expect(await t.hasSubscribers(type)).toBe(true);
      expect(await t.hasSubscribers('new_candle')).toBe(false);
      c.close();
      await eventually(async () => !(await t.hasSubscribers(type)), 'the closed client to be forgotten');
      await t.publish(note('after close')); // publishing past a closed socket never throws
    });

    it('answers a failing request with the exception reply and keeps serving the client', async () => {
      const t = target();
      const c = await t.open();
      c.send('{oops');
      c.send({ type: 'analyzed_df', data: { limit: 'many' } });
      expect(await c.next((m) => m.type === 'exception')).toEqual({
        type: 'exception',
        data: 'Error processing request',
      });
      await subscribe(c, ['strategy_msg']);
      await t.publish(note('still here'));
      expect(await c.next((m) => m.type === 'strategy_msg')).toEqual(note('still here'));
      c.close();
    });
  });
}
