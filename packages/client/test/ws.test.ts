import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { TickhubClient, TickhubConnectionError } from '../src/index.ts';
import { messageWebSocketUrl } from '../src/ws.ts';
import { cli, closedPort } from './helpers.ts';

let http: Server | undefined;
let wss: WebSocketServer | undefined;

afterEach(async () => {
  wss?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
  wss = undefined;
});

/** A real websocket server that accepts `token=good`, records requests and replies to subscribe. */
async function startWsServer(onRequest: (message: unknown, send: (m: unknown) => void) => void) {
  http = createServer();
  wss = new WebSocketServer({ noServer: true });
  const urls: string[] = [];
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    urls.push(url.pathname + url.search);
    if (url.pathname !== '/api/v1/message/ws' || url.searchParams.get('token') !== 'good') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss!.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => onRequest(JSON.parse(String(data)), (m) => ws.send(JSON.stringify(m))));
    });
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, urls };
}

describe('subscribe', () => {
  it('subscribes, yields the messages in order and stops on close()', async () => {
    const requests: unknown[] = [];
    const server = await startWsServer((message, send) => {
      requests.push(message);
      send({ type: 'whitelist', data: ['ETH/BTC'] });
      send({ type: 'new_candle', data: ['ETH/BTC', '5m', 'spot'] });
    });
    const client = new TickhubClient(server.url);
    const stream = client.subscribe(['whitelist', 'new_candle'], { token: 'good' });
    await stream.opened;
    const received: unknown[] = [];
    for await (const message of stream) {
      received.push(message);
      if (received.length === 2) stream.close();
    }
    expect(requests).toEqual([{ type: 'subscribe', data: ['whitelist', 'new_candle'] }]);
    expect(received).toEqual([
      { type: 'whitelist', data: ['ETH/BTC'] },
      { type: 'new_candle', data: ['ETH/BTC', '5m', 'spot'] },
    ]);
    expect(server.urls).toEqual(['/api/v1/message/ws?token=good']);
  });

  it('send() forwards requests; break ends the iteration', async () => {
    const server = await startWsServer((message, send) => {
      if ((message as { type: string }).type === 'whitelist') send({ type: 'whitelist', data: ['A/B'] });
    });
    const stream = new TickhubClient(server.url).subscribe([], { token: 'good' });
    await stream.opened;
    stream.send({ type: 'whitelist', data: '' });
    for await (const message of stream) {
      expect(message).toEqual({ type: 'whitelist', data: ['A/B'] });
      break;
    }
  });

  it('uses the access token from login() by default', async () => {
    const server = await startWsServer(() => {});
    const client = new TickhubClient(server.url);
    client.setTokens('good', 'refresh');
    const stream = client.subscribe(['status']);
    await stream.opened;
    stream.close();
    expect(server.urls).toEqual(['/api/v1/message/ws?token=good']);
    expect(messageWebSocketUrl('https://bot.example/', 'a b')).toBe('wss://bot.example/api/v1/message/ws?token=a%20b');
    expect(() => new TickhubClient('http://x').subscribe(['status'])).toThrow(/needs a token/);
  });

  it('rejects a bad token: opened rejects and iteration throws', async () => {
    const server = await startWsServer(() => {});
    const stream = new TickhubClient(server.url).subscribe(['status'], { token: 'bad' });
    await expect(stream.opened).rejects.toBeInstanceOf(TickhubConnectionError);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/could not connect/);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const stream = new TickhubClient(`http://127.0.0.1:${port}`).subscribe(['status'], { token: 'good' });
    await expect(stream.opened).rejects.toThrow(
      `could not connect to ws://127.0.0.1:${port}/api/v1/message/ws?token=***`,
    );
  });

  it('CLI subscribe prints one JSON line per message and stops after count', async () => {
    const requests: unknown[] = [];
    const server = await startWsServer((message, send) => {
      requests.push(message);
      send({ type: 'whitelist', data: ['ETH/BTC'] });
      send({ type: 'status', status: 'running' });
      send({ type: 'status', status: 'never printed' });
    });
    const dir = mkdtempSync(join(tmpdir(), 'tickhub-client-ws-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, '{"api_server": {"ws_token": ["good", "other"]}}');
    const result = await cli(['--config', config, '--url', server.url, 'subscribe', 'whitelist', 'status', 'count=2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"type":"whitelist","data":["ETH/BTC"]}\n{"type":"status","status":"running"}\n');
    expect(requests).toEqual([{ type: 'subscribe', data: ['whitelist', 'status'] }]);
  });

  it('CLI subscribe with a rejected token fails with exit 1', async () => {
    const server = await startWsServer(() => {});
    const result = await cli(['--url', server.url, 'subscribe', 'token=bad', 'count=1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: could not connect to /);
  });
});
