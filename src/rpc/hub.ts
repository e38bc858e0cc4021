// The Hub port: the engine publishes RPC messages; a host's hub (in-process on Node, a Durable
// Object on the edge) fans them out to websocket subscribers. Publishing never blocks the bot.

import type { RpcMessage } from './messages.ts';

export interface Hub {
  publish(message: RpcMessage): void;
}

/** Collects messages in memory (and forwards them): for tests and for hosts without sockets. */
export class RecordingHub implements Hub {
  readonly messages: RpcMessage[] = [];
  private readonly next?: Hub;
  constructor(next?: Hub) {
    this.next = next;
  }
  publish(message: RpcMessage): void {
    this.messages.push(message);
    this.next?.publish(message);
  }
}

/** Fans one publish out to several hubs (e.g. websocket hub + log notifier). */
export class FanoutHub implements Hub {
  private readonly hubs: Hub[] = [];
  add(hub: Hub): void {
    this.hubs.push(hub);
  }
  publish(message: RpcMessage): void {
    for (const h of this.hubs) h.publish(message);
  }
}
