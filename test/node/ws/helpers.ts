// Servers and websocket clients for the websocket tests: a real tickhub server (like
// startTestServer, plus hub tuning and a fixed port for restarts) and `ws` clients that record
// everything they receive.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ProducerClientSettings } from '../../../src/bot/consumer/producer-client.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { type RunningServer, startNodeServer } from '../../../src/hosts/node/server.ts';
import type { WsHubOptions } from '../../../src/hosts/node/ws-hub.ts';
import type { WsBotView } from '../../../src/rpc/ws-protocol.ts';
import { testConfig } from '../../support/test-config.ts';

export interface WsTestServer extends RunningServer {
  dir: string;
  wsUrl(token?: string): string;
}

export async function startWsServer(
  overrides: ConfigInput = {},
  opts: {
    wsHub?: Partial<WsHubOptions>;
    wsView?: WsBotView;
    consumer?: Partial<ProducerClientSettings>;
    port?: number;
    dir?: string;
    /** The engine's own ticker (off by default: these tests publish through the hub themselves). */
    autoTick?: boolean;
    onLog?: (line: string) => void;
  } = {},
): Promise<WsTestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tickhub-ws-'));
  const { config } = validateConfig(testConfig({ user_data_dir: dir, ...overrides }) as Record<string, unknown>);
  const server = await startNodeServer({
    config,
    configFiles: [],
    dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
    port: opts.port ?? 0,
    wsHub: opts.wsHub,
    wsView: opts.wsView,
    consumer: opts.consumer,
    autoTick: opts.autoTick ?? false,
    onLog: opts.onLog,
  });
  return {
    ...server,
    dir,
    wsUrl: (token) =>
      `ws://127.0.0.1:${server.port}/api/v1/message/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    async close() {
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A `ws` client that records every message and how it closed. */
export class TestClient {
  readonly ws: WebSocket;
  readonly messages: any[] = [];
  closeCode: number | undefined;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code) => {
        this.closeCode = code;
        resolve(code);
        for (const w of this.waiters.splice(0)) w();
      });
    });
    this.ws.on('error', () => {});
  }

  static async open(url: string, options?: WebSocket.ClientOptions): Promise<TestClient> {
    const c = new TestClient(url, options);
    await c.opened;
    return c;
  }

  send(o: unknown): void {
    this.ws.send(typeof o === 'string' ? o : JSON.stringify(o));
  }

  /** Waits until `pred` holds on the received messages (or fails after timeoutMs). */
  async waitFor(pred: (messages: any[]) => boolean, timeoutMs = 5000, what = 'messages'): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.messages)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.messages;
  }

  async waitForCount(n: number, timeoutMs = 5000): Promise<any[]> {
    return this.waitFor((m) => m.length >= n, timeoutMs, `${n} messages`);
  }

  close(): void {
    this.ws.close();
  }
}

/** Resolves with the HTTP status of a refused handshake, or 'open' if the server accepted it. */
export function handshake(url: string): Promise<{ status: number | 'open'; messages: unknown[] }> {
  return new Promise((resolve) => {
    const messages: unknown[] = [];
    const ws = new WebSocket(url);
    ws.on('message', (d) => messages.push(d.toString()));
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, messages });
      ws.terminate();
    });
    ws.on('open', () => {
      // Give the server a moment to send anything it would send unprompted.
      setTimeout(() => {
        resolve({ status: 'open', messages });
        ws.close();
      }, 200);
    });
    ws.on('error', () => {});
  });
}

export async function until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
