import { TickhubConnectionError } from './errors.ts';
import type { RpcMessageType, WsMessage, WsRequest } from './schemas/ws.ts';

/** The WebSocket constructor to use: the global one (Node ≥ 22, browsers, Workers) or e.g. the `ws` package. */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Live messages of freqtrade's message websocket. Iterate with `for await`; `close()` ends the iteration. */
export interface MessageStream extends AsyncIterable<WsMessage> {
  /** Resolves once connected and subscribed; rejects if the connection could not be opened. */
  readonly opened: Promise<void>;
  /** Sends a request (`subscribe`, `whitelist`, `analyzed_df`). */
  send(request: WsRequest): void;
  close(code?: number, reason?: string): void;
}

/** `http(s)://host/...` → `ws(s)://host/api/v1/message/ws?token=...`. */
export function messageWebSocketUrl(serverUrl: string, token: string): string {
  const base = serverUrl.replace(/\/+$/, '').replace(/^http(s?):\/\//i, 'ws$1://');
  return `${base}/api/v1/message/ws?token=${encodeURIComponent(token)}`;
}

/** Opens the socket, subscribes to `types` once open, and queues incoming JSON messages. */
export function openMessageStream(
  url: string,
  types: readonly RpcMessageType[],
  Impl: WebSocketConstructor,
): MessageStream {
  const socket = new Impl(url);
  const queue: WsMessage[] = [];
  const waiting: { resolve: (r: IteratorResult<WsMessage>) => void; reject: (e: unknown) => void }[] = [];
  let connected = false;
  let ended = false;
  let failure: Error | undefined;
  let settleOpened: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    settleOpened = { resolve, reject };
  });
  opened.catch(() => {}); // callers may never await it; iteration reports the same failure

  // Ends the stream once; a socket that never opened fails it. (Node's WebSocket may fire only `error`
  // and never `close` when the handshake fails, so both events end the stream.)
  const end = () => {
    if (ended) return;
    ended = true;
    if (!connected) {
      failure = new TickhubConnectionError(url.replace(/token=[^&]*/, 'token=***'));
      settleOpened?.reject(failure);
    }
    for (const w of waiting.splice(0)) {
      if (failure) w.reject(failure);
      else w.resolve({ value: undefined, done: true });
    }
  };

  socket.addEventListener('open', () => {
    connected = true;
    if (types.length > 0) socket.send(JSON.stringify({ type: 'subscribe', data: types }));
    settleOpened?.resolve();
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    if (typeof event.data !== 'string') return;
    let message: WsMessage;
    try {
      message = JSON.parse(event.data) as WsMessage;
    } catch {
      return;
    }
    const waiter = waiting.shift();
    if (waiter) waiter.resolve({ value: message, done: false });
    else queue.push(message);
  });
  socket.addEventListener('close', end);
  socket.addEventListener('error', end);

  return {
    opened,
    send(request) {
      socket.send(JSON.stringify(request));
    },
    close(code, reason) {
      if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close(code, reason);
    },
    [Symbol.asyncIterator]() {
      return {
        next: () => {
          const value = queue.shift();
          if (value !== undefined) return Promise.resolve({ value, done: false });
          if (ended) return failure ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
        },
        return: () => {
          if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close(1000);
          queue.length = 0;
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
