// The Durable Object's websocket hub: sockets accepted through the hibernation API, each one's
// subscription set kept in its attachment (so it survives hibernation), and the Hub port that
// fans RPC messages out to the subscribers, with the same payloads as the Node host.

import type { DurableObjectState, WebSocket } from '@cloudflare/workers-types';
import type { Bot } from '../../bot/bot.ts';
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

export class DurableObjectHub implements Hub {
  private readonly ctx: DurableObjectState;
  private readonly onError: (e: unknown) => void;

  constructor(ctx: DurableObjectState, onError: (e: unknown) => void = () => {}) {
    this.ctx = ctx;
    this.onError = onError;
  }

  /** Accepts a new (already authorised) socket with no subscriptions: it hears nothing until it subscribes. */
  accept(server: WebSocket): void {
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ subscriptions: [] } satisfies SocketAttachment);
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

/**
 * The bot as the websocket sees it. Uses the engine's whitelist()/analyzed() when the Bot has
 * them; until then the configured whitelist and no analysed frames.
 */
export function botWsView(bot: Bot): WsBotView {
  const engine = bot as unknown as Partial<WsBotView>;
  return {
    whitelist: () =>
      typeof engine.whitelist === 'function' ? engine.whitelist.call(bot) : [...bot.config.exchange.pair_whitelist],
    analyzed: (pair) => (typeof engine.analyzed === 'function' ? engine.analyzed.call(bot, pair) : undefined),
  };
}
