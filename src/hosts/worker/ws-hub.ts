// The Durable Object's websocket hub: sockets accepted through the hibernation API, each one's
// subscription set kept in its attachment (so it survives hibernation), and the Hub port that
// fans RPC messages out to the subscribers with the same payloads as the Node host. The shared
// route (src/api/routes/ws.ts) checks the token; this only takes the socket over.

import type { DurableObjectState, WebSocket } from '@cloudflare/workers-types';
import type { WsUpgrader } from '../../api/context.ts';
import type { Hub } from '../../rpc/hub.ts';
import type { RpcMessage } from '../../rpc/messages.ts';
import { handleClientFrame, shouldDeliver, type WsBotView, type WsProtocolLog } from '../../rpc/ws-protocol.ts';

/** What a socket carries through hibernation. */
export interface SocketAttachment {
  subscriptions: string[];
}

export function readAttachment(ws: WebSocket): SocketAttachment {
  const att = ws.deserializeAttachment() as Partial<SocketAttachment> | null;
  return { subscriptions: Array.isArray(att?.subscriptions) ? att.subscriptions : [] };
}

type WebSocketPairCtor = new () => Record<0 | 1, WebSocket>;

export class DurableObjectHub implements Hub, WsUpgrader {
  private readonly ctx: DurableObjectState;
  private readonly onError: (e: unknown) => void;

  constructor(ctx: DurableObjectState, onError: (e: unknown) => void = () => {}) {
    this.ctx = ctx;
    this.onError = onError;
  }

  /** Takes an authorised upgrade over: the object holds the server end, with no subscriptions yet. */
  upgrade(): Response {
    const pair = new (globalThis as unknown as { WebSocketPair: WebSocketPairCtor }).WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment({ subscriptions: [] } satisfies SocketAttachment);
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  hasSubscribers(type: string): boolean {
    return this.ctx.getWebSockets().some((ws) => readAttachment(ws).subscriptions.includes(type));
  }

  publish(message: RpcMessage): void {
    let text: string | undefined;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        if (!shouldDeliver(readAttachment(ws).subscriptions, message)) continue;
        text ??= JSON.stringify(message);
        ws.send(text);
      } catch (e) {
        this.onError(e); // a closing socket must not stop the others, nor the bot
      }
    }
  }

  /** One client frame: subscribe (stored in the attachment), whitelist / analyzed_df (replied to). */
  receive(ws: WebSocket, frame: string | ArrayBuffer, view: WsBotView, log: WsProtocolLog): void {
    const text = typeof frame === 'string' ? frame : new TextDecoder().decode(frame);
    const outcome = handleClientFrame(text, view, log);
    if (outcome.subscriptions) {
      ws.serializeAttachment({
        ...readAttachment(ws),
        subscriptions: outcome.subscriptions,
      } satisfies SocketAttachment);
    }
    for (const reply of outcome.replies) ws.send(JSON.stringify(reply));
  }
}
