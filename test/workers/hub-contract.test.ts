// The Hub contract (test/contract/hub.contract.ts) on the Durable Object hub inside workerd: sockets
// opened through the Worker, publishing and hasSubscribers run inside the bot's object.

import { runInDurableObject } from 'cloudflare:test';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import type { DurableObjectHub } from '../../src/hosts/worker/ws-hub.ts';
import { hubContract } from '../contract/hub.contract.ts';
import { botStub, openSocket, publish, WHITELIST } from './edge-helpers.ts';

const hubOf = (instance: BotObject): DurableObjectHub => instance.hub;

hubContract('Durable Object hub (workerd)', () => ({
  whitelist: WHITELIST,
  publish,
  async open() {
    const sock = await openSocket();
    return { received: sock.received, send: sock.send, next: sock.next, close: sock.close };
  },
  hasSubscribers: (type) =>
    runInDurableObject(botStub(), (instance: BotObject) => hubOf(instance).hasSubscribers(type)),
}));
