// The in-process websocket hub on Node: fans RPC messages out to subscribed clients, answers their
// requests (src/rpc/ws-protocol.ts), and protects the bot from its clients: publish() is synchronous
// and never waits on a socket; every client has a byte budget (its queue plus what its socket holds)
// and a frame rate; all clients together have a memory budget, over which the biggest backlogs are
// dropped first; analyzed_df answers are encoded once per candle and the same buffer goes to every
// client; a silent client is dropped by keep-alive pings; incoming frames are size-limited.

import { upgradeWebSocket } from '@hono/node-server';
import type { Context } from 'hono';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppEnv, WsUpgrader } from '../../api/context.ts';
import type { Hub } from '../../rpc/hub.ts';
import type { RpcMessage, RpcMessageType } from '../../rpc/messages.ts';
import { EncodedAnswers } from '../../rpc/ws-answers.ts';
import { biggestOffenders, TokenBucket, WS_BUDGETS } from '../../rpc/ws-limits.ts';
import { shouldDeliver, type WsBotView } from '../../rpc/ws-protocol.ts';
import type { Logger } from '../../util/logger.ts';

export interface WsHubOptions {
  /** Messages waiting for one client beyond what its socket holds; more closes the client. */
  maxQueuedMessages: number;
  /** Bytes waiting for one client, its queue plus what its socket holds unsent; more drops the client. */
  maxQueuedBytes: number;
  /** Bytes waiting for all clients together; over it, the clients with the biggest backlogs are dropped first. */
  maxTotalBytes: number;
  /** Frames a client may send at once (subscribe, whitelist, analyzed_df ...); beyond the rate it is closed with 1008. */
  requestBurst: number;
  /** Frames per second a client's allowance refills at. */
  requestsPerSecond: number;
  /** Bytes the socket may hold unsent before new messages wait in the client's queue. */
  maxBufferedBytes: number;
  /** Server → client ping period (0 disables keep-alive). */
  pingIntervalMs: number;
  /** A client that has not answered a ping within this is dropped. */
  pongTimeoutMs: number;
  /** Largest incoming frame; bigger ones close the connection with 1009. */
  maxPayloadBytes: number;
  /** After a close frame, how long a peer has to complete the close before the socket is destroyed. */
  closeGraceMs: number;
}

export const DEFAULT_WS_HUB_OPTIONS: WsHubOptions = {
  maxQueuedMessages: 1000,
  maxQueuedBytes: WS_BUDGETS.clientBytes,
  maxTotalBytes: WS_BUDGETS.totalBytes,
  requestBurst: WS_BUDGETS.requestBurst,
  requestsPerSecond: WS_BUDGETS.requestsPerSecond,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 20_000,
  maxPayloadBytes: 1024 * 1024,
  closeGraceMs: 5_000,
};

export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY_VIOLATION = 1008;

class WsClient {
  readonly id: number;
  readonly ws: WebSocket;
  readonly peer: string;
  subscriptions = new Set<RpcMessageType>();
  readonly requests: TokenBucket;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly hub: NodeWsHub;
  private readonly pumpAfterWrite = (err?: Error | null) => {
    if (!err) this.pump();
  };

  constructor(id: number, ws: WebSocket, peer: string, hub: NodeWsHub) {
    this.id = id;
    this.ws = ws;
    this.peer = peer;
    this.hub = hub;
    this.requests = new TokenBucket(hub.options.requestBurst, hub.options.requestsPerSecond, Date.now());
  }

  /** Bytes waiting for this client: its queue and what its socket has not sent yet. */
  get pendingBytes(): number {
    return this.queuedBytes + this.ws.bufferedAmount;
  }

  /**
   * Sends now if the socket has room, else queues; false when the client is over its bounds.
   * A client with nothing pending always takes one message, however big.
   */
  deliver(data: Buffer): boolean {
    const o = this.hub.options;
    const pending = this.pendingBytes;
    if (pending > 0 && pending + data.length > o.maxQueuedBytes) return false;
    if (this.queue.length === 0 && this.ws.readyState === this.ws.OPEN && this.ws.bufferedAmount < o.maxBufferedBytes) {
      this.ws.send(data, { binary: false }, this.pumpAfterWrite);
      return true;
    }
    if (this.queue.length >= o.maxQueuedMessages) return false;
    this.queue.push(data);
    this.queuedBytes += data.length;
    return true;
  }

  private pump(): void {
    const o = this.hub.options;
    while (
      this.queue.length > 0 &&
      this.ws.readyState === this.ws.OPEN &&
      this.ws.bufferedAmount < o.maxBufferedBytes
    ) {
      const data = this.queue.shift()!;
      this.queuedBytes -= data.length;
      this.ws.send(data, { binary: false }, this.pumpAfterWrite);
    }
  }

  ping(timeoutMs: number, onTimeout: () => void): void {
    if (this.pongTimer || this.ws.readyState !== this.ws.OPEN) return;
    this.pongTimer = setTimeout(onTimeout, timeoutMs);
    this.pongTimer.unref?.();
    this.ws.ping();
  }

  pong(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  /** Sends a close frame, then destroys the socket if the peer does not finish the close in time. */
  close(code: number, reason: string, graceMs: number): void {
    this.queue = [];
    this.queuedBytes = 0;
    this.pong();
    if (this.closeTimer) return;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.closeTimer = setTimeout(() => this.ws.terminate(), graceMs);
    this.closeTimer.unref?.();
  }

  dispose(): void {
    this.pong();
    clearTimeout(this.closeTimer);
    this.queue = [];
    this.queuedBytes = 0;
  }
}

export class NodeWsHub implements Hub, WsUpgrader {
  readonly options: WsHubOptions;
  /** Give this to `serve({ websocket: { server } })`. */
  readonly wss: WebSocketServer;
  private readonly clients = new Set<WsClient>();
  private readonly log: Logger;
  private view: WsBotView;
  /** Replies encoded once and shared by every client (analyzed_df per candle). */
  readonly answers = new EncodedAnswers<Buffer>((text) => Buffer.from(text));
  private nextId = 1;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(view: WsBotView, log: Logger, options: Partial<WsHubOptions> = {}) {
    this.view = view;
    this.log = log;
    this.options = { ...DEFAULT_WS_HUB_OPTIONS, ...options };
    // A zero bound would queue forever: the queue drains from write callbacks of sent data.
    this.options.maxBufferedBytes = Math.max(1, this.options.maxBufferedBytes);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    if (this.options.pingIntervalMs > 0) {
      this.pinger = setInterval(() => this.pingAll(), this.options.pingIntervalMs);
      this.pinger.unref?.();
    }
  }

  /** Replaces what requests are answered from (tests feed fixture frames through this). */
  useView(view: WsBotView): void {
    this.view = view;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Whether any client would receive a message of this type (lets callers skip costly encoding). */
  hasSubscribers(type: RpcMessageType): boolean {
    for (const client of this.clients) if (shouldDeliver(client.subscriptions, { type })) return true;
    return false;
  }

  /** Encodes once, hands the bytes to each subscriber's socket or queue, and returns: never waits, never throws. */
  publish(message: RpcMessage): void {
    let data: Buffer | undefined;
    for (const client of this.clients) {
      if (!shouldDeliver(client.subscriptions, message)) continue;
      if (!data) {
        try {
          data = Buffer.from(JSON.stringify(message));
        } catch (e) {
          this.log.error(`Websocket: cannot encode a ${message.type} message: ${(e as Error)?.message ?? e}`);
          return;
        }
      }
      if (!client.deliver(data)) this.dropSlow(client);
    }
    if (data) this.enforceMemoryBudget();
  }

  /** Bytes waiting for all clients together. */
  get pendingBytes(): number {
    let total = 0;
    for (const client of this.clients) total += client.pendingBytes;
    return total;
  }

  upgrade(c: Context<AppEnv>): Promise<Response> | Response {
    if (this.closed) return new Response(null, { status: 503 });
    const peer: string = (c.env as any)?.incoming?.socket?.remoteAddress ?? 'unknown';
    let client: WsClient | undefined;
    return upgradeWebSocket(c, {
      onOpen: (_event, ctx) => {
        client = this.attach(ctx.raw as WebSocket, peer);
      },
      onMessage: (event) => {
        if (client) this.receive(client, event.data);
      },
      onClose: (event) => {
        if (client) this.detach(client, event.code);
      },
      onError: (event) => {
        this.log.debug(`Websocket client ${client?.id ?? '?'} error: ${String((event as any).error ?? event.type)}`);
      },
    });
  }

  /** Closes every socket with 1001 and waits (at most closeGraceMs) for them to go. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    const open = [...this.clients];
    const gone = open.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === c.ws.CLOSED) resolve();
          else c.ws.once('close', () => resolve());
        }),
    );
    for (const c of open) c.close(CLOSE_GOING_AWAY, 'Server shutting down', this.options.closeGraceMs);
    await Promise.all(gone);
    this.wss.close();
  }

  private attach(ws: WebSocket, peer: string): WsClient {
    const client = new WsClient(this.nextId++, ws, peer, this);
    if (this.closed) {
      client.close(CLOSE_GOING_AWAY, 'Server shutting down', this.options.closeGraceMs);
      return client;
    }
    ws.on('pong', () => client.pong());
    this.clients.add(client);
    this.log.info(`Websocket client ${client.id} connected from ${peer} (${this.clients.size} connected).`);
    return client;
  }

  private detach(client: WsClient, code: number): void {
    client.dispose();
    if (this.clients.delete(client)) {
      this.log.info(`Websocket client ${client.id} disconnected (code ${code}, ${this.clients.size} connected).`);
    }
  }

  private receive(client: WsClient, data: unknown): void {
    if (!this.clients.has(client)) return;
    if (!client.requests.take(Date.now())) {
      const reading = client.pendingBytes === 0;
      this.drop(client, CLOSE_POLICY_VIOLATION, 'Too many requests', 'sends requests faster than allowed', !reading);
      return;
    }
    if (typeof data !== 'string') {
      this.log.warning(`Websocket client ${client.id}: ignoring a binary frame.`);
      return;
    }
    const outcome = this.answers.answer(data, this.view, this.log);
    if (outcome.subscriptions) client.subscriptions = new Set(outcome.subscriptions);
    for (const reply of outcome.replies) {
      if (!client.deliver(reply)) {
        this.dropSlow(client);
        break;
      }
    }
    if (outcome.replies.length > 0) this.enforceMemoryBudget();
  }

  private dropSlow(client: WsClient): void {
    this.drop(client, CLOSE_POLICY_VIOLATION, 'Client too slow', 'is not reading its messages', true);
  }

  /** Over the global budget: the biggest backlogs go first, until the rest fit. */
  private enforceMemoryBudget(): void {
    const budget = this.options.maxTotalBytes;
    if (this.pendingBytes <= budget) return; // the common case, without allocating
    for (const client of biggestOffenders([...this.clients], (c) => c.pendingBytes, budget)) {
      this.drop(
        client,
        CLOSE_POLICY_VIOLATION,
        'Client too slow',
        'holds the largest backlog over the memory budget',
        true,
      );
    }
  }

  /**
   * Removes a client. A client that does not read would never see a close frame: its socket is
   * destroyed at once, which also frees what the socket held.
   */
  private drop(client: WsClient, code: number, reason: string, why: string, notReading = false): void {
    if (!this.clients.delete(client)) return;
    this.log.warning(`Websocket client ${client.id} (${client.peer}) ${why}: closing it (${this.clients.size} left).`);
    if (notReading) {
      client.dispose();
      client.ws.terminate();
    } else {
      client.close(code, reason, this.options.closeGraceMs);
    }
  }

  private pingAll(): void {
    for (const client of this.clients) {
      client.ping(this.options.pongTimeoutMs, () => {
        if (!this.clients.delete(client)) return;
        this.log.warning(`Websocket client ${client.id} (${client.peer}) did not answer a ping: dropping it.`);
        client.dispose();
        client.ws.terminate();
      });
    }
  }
}
