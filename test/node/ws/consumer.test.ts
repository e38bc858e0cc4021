import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { ExternalMessageConsumer } from '../../../src/bot/consumer/consumer.ts';
import { analyzedDfMessage } from '../../../src/rpc/ws-protocol.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { FixtureView, fixtureFrame } from './fixture.ts';
import { startWsServer, until, type WsTestServer } from './helpers.ts';

const FAST = { sleepMs: 100, maxSleepMs: 400 };
const started: WsTestServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function consumerOf(port: number, extra: Record<string, unknown> = {}, logs: string[] = []) {
  const s = await startWsServer(
    {
      external_message_consumer: {
        enabled: true,
        producers: [{ name: 'default', host: '127.0.0.1', port, ws_token: TEST_WS_TOKEN }],
        initial_candle_limit: 10,
        ...extra,
      },
    },
    { consumer: FAST, onLog: (l) => logs.push(l) },
  );
  started.push(s);
  return s;
}

describe('producer → consumer', () => {
  it('follows a producer through updates, a shutdown and a restart on the same port', async () => {
    const view = new FixtureView(['BTC/USDT', 'ETH/USDT'], 40);
    const producerDir = mkdtempSync(join(tmpdir(), 'tickhub-producer-'));
    dirs.push(producerDir);
    let producer = await startWsServer({}, { wsView: view, dir: producerDir });
    const port = producer.port;
    const logs: string[] = [];
    const consumerServer = await consumerOf(port, {}, logs);
    const consumer = consumerServer.consumer as ExternalMessageConsumer;
    expect(consumer).toBeDefined();

    // Initial sync: whitelist and the last 10 candles of every pair.
    await until(() => consumer.producerWhitelist().length === 2, 5000, 'the producer whitelist');
    expect(consumer.producerWhitelist()).toEqual(['BTC/USDT', 'ETH/USDT']);
    await until(() => consumer.producerFrame('ETH/USDT', '5m', 'spot') !== undefined, 5000, 'frames');
    const btc = consumer.producerFrame('BTC/USDT', '5m', 'spot')!;
    expect(btc.frame.date).toEqual(view.frames.get('BTC/USDT')!.frame.date.slice(-10));
    expect(btc.frame.columns.enter_long).toEqual(view.frames.get('BTC/USDT')!.frame.columns.enter_long.slice(-10));

    // Broadcasts: a new whitelist, then a candle after a gap of 4 → the consumer asks for the hole.
    producer.hub.publish({ type: 'whitelist', data: ['BTC/USDT', 'ETH/USDT', 'XRP/USDT'] });
    await until(() => consumer.producerWhitelist().length === 3, 5000, 'the new whitelist');
    const grown = fixtureFrame(45, 100);
    view.frames.get('BTC/USDT')!.frame = grown;
    // The engine broadcasts only the last analysed row.
    producer.hub.publish(analyzedDfMessage('BTC/USDT', view.frames.get('BTC/USDT')!, 1));
    await until(
      () => consumer.producerFrame('BTC/USDT', '5m', 'spot')!.frame.date.length === 15,
      5000,
      'the gap to be filled',
    );
    expect(consumer.producerFrame('BTC/USDT', '5m', 'spot')!.frame.date).toEqual(grown.date.slice(-15));
    expect(logs.some((l) => l.includes('4 candles missing for BTC/USDT'))).toBe(true);

    // The producer goes away: the consumer keeps running and says so.
    await producer.close();
    await until(() => !consumer.clients[0].connected, 5000, 'the disconnect');
    await until(() => logs.some((l) => l.includes('cannot connect')), 5000, 'a failed reconnect');
    expect(logs.some((l) => l.includes('closed the connection (code 1001'))).toBe(true);
    expect((await fetch(`${consumerServer.url}/api/v1/ping`)).status).toBe(200);

    // Restarted on the same port with a new whitelist: the consumer reconnects and resyncs.
    const view2 = new FixtureView(['SOL/USDT'], 12);
    producer = await startWsServer({}, { wsView: view2, dir: producerDir, port });
    started.push(producer);
    await until(() => consumer.clients[0].connections === 2, 10_000, 'the reconnect');
    await until(() => consumer.producerWhitelist().join() === 'SOL/USDT', 5000, 'the resync');
    await until(() => consumer.producerFrame('SOL/USDT', '5m', 'spot') !== undefined, 5000, 'new frames');
    expect(consumer.producerFrame('SOL/USDT', '5m', 'spot')!.frame.date).toHaveLength(10);
  });

  it('strips entry/exit signals when remove_entry_exit_signals is set', async () => {
    const view = new FixtureView(['BTC/USDT'], 20);
    const producer = await startWsServer({}, { wsView: view });
    started.push(producer);
    const consumer = (await consumerOf(producer.port, { remove_entry_exit_signals: true })).consumer!;
    await until(() => consumer.producerFrame('BTC/USDT', '5m', 'spot') !== undefined, 5000, 'frames');
    const f = consumer.producerFrame('BTC/USDT', '5m', 'spot')!.frame;
    expect(f.columns.enter_long).toEqual(new Array(10).fill(0));
    expect(f.tags.enter_tag).toEqual(new Array(10).fill(null));
    expect(f.columns.sma_fast).toEqual(view.frames.get('BTC/USDT')!.frame.columns.sma_fast.slice(-10));
  });

  it('survives a misbehaving producer: refused token, bad JSON, bad frames, abrupt closes', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let connections = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.send('{definitely not json');
      ws.send(JSON.stringify({ type: 'analyzed_df', data: { key: ['BTC/USDT'], df: {} } }));
      ws.send(
        JSON.stringify({ type: 'analyzed_df', data: { key: ['BTC/USDT', '5m', 'spot'], df: { __type__: 'x' } } }),
      );
      ws.send(JSON.stringify({ type: 'whitelist', data: 'BTC/USDT' }));
      ws.send(JSON.stringify({ type: 'whitelist', data: [`PAIR${connections}/USDT`] }));
      setTimeout(() => ws.terminate(), 50);
    });
    const logs: string[] = [];
    const consumer = (await consumerOf(port, {}, logs)).consumer!;
    await until(() => connections >= 2, 5000, 'a reconnect after an abrupt close');
    await until(() => consumer.producerWhitelist()[0] === 'PAIR2/USDT', 5000, 'the second whitelist');
    expect(logs.filter((l) => l.includes('ignoring a bad message')).length).toBeGreaterThanOrEqual(4);
    await new Promise<void>((r) => wss.close(() => r()));
    for (const c of wss.clients) c.terminate();

    const refusing = await startWsServer({ api_server: { ws_token: 'another-token-0123456789abcdef' } });
    started.push(refusing);
    const refusedLogs: string[] = [];
    await consumerOf(refusing.port, {}, refusedLogs);
    await until(() => refusedLogs.some((l) => l.includes('HTTP 403')), 5000, 'the refusal to be logged');
    await until(() => refusedLogs.filter((l) => l.includes('reconnecting in')).length >= 2, 5000, 'retries');
  });

  it('stops promptly while a handshake hangs', async () => {
    // A TCP server that never answers the HTTP upgrade.
    const sockets: Socket[] = [];
    const silent = createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const logs: string[] = [];
    const s = await startWsServer(
      {
        external_message_consumer: {
          enabled: true,
          producers: [{ name: 'default', host: '127.0.0.1', port, ws_token: TEST_WS_TOKEN }],
        },
      },
      // The handshake timeout is far beyond the test timeout: only the abort can end it.
      { consumer: { ...FAST, handshakeTimeoutMs: 10 * 60_000 }, onLog: (l) => logs.push(l) },
    );
    await until(() => sockets.length === 1, 5000, 'the consumer to connect');
    expect(s.consumer!.clients[0].connected).toBe(false);
    await s.close();
    expect(logs.some((l) => l.includes('Shut down cleanly'))).toBe(true);
    for (const sock of sockets) sock.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('pings a quiet producer and reconnects when it does not answer', async () => {
    // A producer that accepts, sends one whitelist, then neither answers pings nor sends anything.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: false });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let connections = 0;
    let pings = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.on('ping', () => pings++);
      ws.send(JSON.stringify({ type: 'whitelist', data: ['BTC/USDT'] }));
    });
    const logs: string[] = [];
    const s = await startWsServer(
      {
        external_message_consumer: {
          enabled: true,
          producers: [{ name: 'default', host: '127.0.0.1', port, ws_token: TEST_WS_TOKEN }],
        },
      },
      { consumer: { ...FAST, waitTimeoutMs: 150, pingTimeoutMs: 150 }, onLog: (l) => logs.push(l) },
    );
    started.push(s);
    await until(() => connections >= 2, 10_000, 'a reconnect after the unanswered ping');
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(logs.some((l) => l.includes('did not answer a ping'))).toBe(true);
    expect(s.consumer!.producerWhitelist()).toEqual(['BTC/USDT']);
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  it('keeps a quiet producer that answers pings', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let connections = 0;
    let pings = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.on('ping', () => pings++);
    });
    const s = await startWsServer(
      {
        external_message_consumer: {
          enabled: true,
          producers: [{ name: 'default', host: '127.0.0.1', port, ws_token: TEST_WS_TOKEN }],
        },
      },
      { consumer: { ...FAST, waitTimeoutMs: 50, pingTimeoutMs: 1000 } },
    );
    started.push(s);
    await until(() => pings >= 3, 10_000, 'three liveness pings');
    expect(connections).toBe(1);
    expect(s.consumer!.clients[0].connected).toBe(true);
    await s.close();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
});
