// Shared helpers for the edge tests: the bot's Durable Object stub and websocket clients opened
// through the Worker (SELF), as a browser or freqtrade consumer would.

import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import type { WsEntryMessage } from '../../packages/client/src/schemas/ws.ts';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import type { RpcMessage } from '../../src/rpc/messages.ts';
import { entryMessageFixture } from '../support/messages.ts';
import { TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from '../support/test-config.ts';

export const BOT_NAME = 'tickhub-edge';
export const AUTH = { authorization: `Basic ${btoa(`${TEST_USER}:${TEST_PASSWORD}`)}` };

export function botStub() {
  return env.BOT.get(env.BOT.idFromName(BOT_NAME));
}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`https://tickhub.test${path}`, {
    ...init,
    headers: { ...AUTH, ...(init.headers ?? {}) },
  } as any) as any;
}

export interface TestSocket {
  ws: WebSocket;
  /** Every parsed message received so far. */
  received: Record<string, any>[];
  send(msg: unknown): void;
  /** Resolves with the first received message (from now on or already received) matching `pred`. */
  next(pred: (m: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  close(): void;
}

/** Opens the message websocket through the Worker (default) or straight at the bot's object. */
export async function openSocket(token = TEST_WS_TOKEN, via: 'worker' | 'object' = 'worker'): Promise<TestSocket> {
  const url = `https://tickhub.test/api/v1/message/ws?token=${encodeURIComponent(token)}`;
  const init = { headers: { upgrade: 'websocket' } };
  const res = (via === 'worker' ? await SELF.fetch(url, init) : await botStub().fetch(url, init)) as Response;
  expect(res.status).toBe(101);
  const ws = (res as unknown as { webSocket: WebSocket }).webSocket;
  expect(ws).toBeTruthy();
  (ws as any).accept();
  const received: Record<string, any>[] = [];
  const waiters: { pred: (m: Record<string, any>) => boolean; resolve: (m: Record<string, any>) => void }[] = [];
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data));
    received.push(msg);
    for (const w of [...waiters]) {
      if (w.pred(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  });
  return {
    ws,
    received,
    send: (msg) => ws.send(JSON.stringify(msg)),
    next: (pred, timeoutMs = 5000) => {
      const already = received.find(pred);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a websocket message')), timeoutMs);
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => ws.close(1000, 'done'),
  };
}

/** The whitelist in wrangler.toml's TICKHUB_CONFIG. */
export const WHITELIST = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT'];

export function entryMessage(type: WsEntryMessage['type'], tradeId: number): WsEntryMessage {
  return entryMessageFixture(type, tradeId, 'BTC/USDT', 'test');
}

/** Publishes through the Durable Object's hub, as the engine does from a tick. */
export function publish(message: RpcMessage): Promise<void> {
  return runInDurableObject(botStub(), (instance: BotObject) => instance.hub.publish(message));
}

/** Subscribes and waits until the object has processed it (frames are handled in order). */
export async function subscribe(sock: TestSocket, types: string[]): Promise<void> {
  const before = sock.received.length;
  sock.send({ type: 'subscribe', data: types });
  sock.send({ type: 'whitelist', data: '' });
  await sock.next((m) => m.type === 'whitelist' && sock.received.indexOf(m) >= before);
}
