// The Durable Object's websocket hub: sockets accepted through the hibernation API, each one's
// subscription set kept in its attachment (so it survives hibernation), and the Hub port that
// fans RPC messages out to the subscribers with the same payloads as the Node host. The shared
// route (src/api/routes/ws.ts) checks the token; this only takes the socket over.
//
// Budgets as on Node (src/rpc/ws-limits.ts): a frame rate per client, a byte budget per client and
// a global one, the biggest backlogs dropped first. workerd does not tell how much a socket still
// holds (no bufferedAmount), so a client's backlog is what was sent to it minus what a client
// reading at WS_BUDGETS.assumedDrainBytesPerSecond has taken since. analyzed_df answers are encoded
// once per candle and shared. The budgets live in memory: they start afresh after hibernation.

import type { DurableObjectState, WebSocket } from '@cloudflare/workers-types';
import type { WsUpgrader } from '../../api/context.ts';
import type { Hub } from '../../rpc/hub.ts';
import type { RpcMessage } from '../../rpc/messages.ts';
import { EncodedAnswers } from '../../rpc/ws-answers.ts';
import { biggestOffenders, TokenBucket, WS_BUDGETS } from '../../rpc/ws-limits.ts';
import { shouldDeliver, type WsBotView, type WsProtocolLog } from '../../rpc/ws-protocol.ts';

/** What a socket carries through hibernation. */
export interface SocketAttachment {
  subscriptions: string[];
}

export function readAttachment(ws: WebSocket): SocketAttachment {
  const att = ws.deserializeAttachment() as Partial<SocketAttachment> | null;
  return { subscriptions: Array.isArray(att?.subscriptions) ? att.subscriptions : [] };
}

type WebSocketPairCtor = new () => Record<0 | 1, WebSocket>;

export interface EdgeWsBudgets {
  clientBytes: number;
  totalBytes: number;
  requestBurst: number;
  requestsPerSecond: number;
  assumedDrainBytesPerSecond: number;
}

interface SocketBudget {
  requests: TokenBucket;
  bytes: TokenBucket;
}

const CLOSE_POLICY_VIOLATION = 1008;

export class DurableObjectHub implements Hub, WsUpgrader {
  private readonly ctx: DurableObjectState;
  private readonly onError: (e: unknown) => void;
  private readonly onWarning: (msg: string) => void;
  readonly budgets: EdgeWsBudgets;
  /** Replies encoded once and shared by every client (analyzed_df per candle). */
  readonly answers = new EncodedAnswers<string>((text) => text);
  private readonly perSocket = new WeakMap<WebSocket, SocketBudget>();
  private readonly dropped = new WeakSet<WebSocket>();

  constructor(
    ctx: DurableObjectState,
    onError: (e: unknown) => void = () => {},
    budgets: Partial<EdgeWsBudgets> = {},
    onWarning: (msg: string) => void = () => {},
  ) {
    this.ctx = ctx;
    this.onError = onError;
    this.onWarning = onWarning;
    this.budgets = { ...WS_BUDGETS, ...budgets };
  }

  /** Takes an authorised upgrade over: the object holds the server end, with no subscriptions yet. */
  upgrade(): Response {
    const pair = new (globalThis as unknown as { WebSocketPair: WebSocketPairCtor }).WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment({ subscriptions: [] } satisfies SocketAttachment);
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  /** Open sockets that have not been dropped. */
  private sockets(): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => !this.dropped.has(ws));
  }

  get clientCount(): number {
    return this.sockets().length;
  }

  /** Estimated bytes waiting for all clients together. */
  get pendingBytes(): number {
    const now = Date.now();
    return this.sockets().reduce((sum, ws) => sum + this.budget(ws).bytes.used(now), 0);
  }

  hasSubscribers(type: string): boolean {
    return this.sockets().some((ws) => shouldDeliver(readAttachment(ws).subscriptions, { type }));
  }

  publish(message: RpcMessage): void {
    let text: string | undefined;
    for (const ws of this.sockets()) {
      try {
        if (!shouldDeliver(readAttachment(ws).subscriptions, message)) continue;
        text ??= JSON.stringify(message);
        this.sendTo(ws, text);
      } catch (e) {
        this.onError(e); // a closing socket must not stop the others, nor the bot
      }
    }
    if (text !== undefined) this.enforceMemoryBudget();
  }

  /** One client frame: subscribe (stored in the attachment), whitelist / analyzed_df (replied to). */
  receive(ws: WebSocket, frame: string | ArrayBuffer, view: WsBotView, log: WsProtocolLog): void {
    if (this.dropped.has(ws)) return;
    if (!this.budget(ws).requests.take(Date.now())) {
      this.drop(ws, 'Too many requests', 'sends requests faster than allowed');
      return;
    }
    const text = typeof frame === 'string' ? frame : new TextDecoder().decode(frame);
    const outcome = this.answers.answer(text, view, log);
    if (outcome.subscriptions) {
      ws.serializeAttachment({
        ...readAttachment(ws),
        subscriptions: outcome.subscriptions,
      } satisfies SocketAttachment);
    }
    for (const reply of outcome.replies) if (!this.sendTo(ws, reply)) break;
    if (outcome.replies.length > 0) this.enforceMemoryBudget();
  }

  private budget(ws: WebSocket): SocketBudget {
    let b = this.perSocket.get(ws);
    if (!b) {
      const now = Date.now();
      const o = this.budgets;
      b = {
        requests: new TokenBucket(o.requestBurst, o.requestsPerSecond, now),
        bytes: new TokenBucket(o.clientBytes, o.assumedDrainBytesPerSecond, now),
      };
      this.perSocket.set(ws, b);
    }
    return b;
  }

  private sendTo(ws: WebSocket, text: string): boolean {
    if (!this.budget(ws).bytes.take(Date.now(), text.length)) {
      this.drop(ws, 'Client too slow', 'is sent more than it can have read');
      return false;
    }
    ws.send(text);
    return true;
  }

  private enforceMemoryBudget(): void {
    const now = Date.now();
    const over = biggestOffenders(this.sockets(), (ws) => this.budget(ws).bytes.used(now), this.budgets.totalBytes);
    for (const ws of over) this.drop(ws, 'Client too slow', 'holds the largest backlog over the memory budget');
  }

  private drop(ws: WebSocket, reason: string, why: string): void {
    if (this.dropped.has(ws)) return;
    this.dropped.add(ws);
    this.onWarning(`Websocket client ${why}: closing it.`);
    try {
      ws.close(CLOSE_POLICY_VIOLATION, reason);
    } catch (e) {
      this.onError(e);
    }
  }
}
