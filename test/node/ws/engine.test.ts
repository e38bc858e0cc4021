import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDataFrame } from '../../../src/rpc/ws-protocol.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { startWsServer, TestClient, until, type WsTestServer } from './helpers.ts';

// The real engine on the offline market behind the websocket: its broadcasts and its analysed frames.
let server: WsTestServer;
beforeAll(async () => {
  server = await startWsServer();
});
afterAll(() => server.close());

describe('engine → websocket', () => {
  it('broadcasts the last analysed row per pair (analyzed_df) and new_candle after a tick', async () => {
    const c = await TestClient.open(server.wsUrl(TEST_WS_TOKEN));
    c.send({ type: 'subscribe', data: ['analyzed_df', 'new_candle'] });
    c.send({ type: 'whitelist' });
    await c.waitForCount(1);
    const pairs = c.messages[0].data as string[];
    expect(pairs.length).toBeGreaterThan(0);

    await server.deps.bot.tick();
    await c.waitFor((m) => m.filter((x) => x.type === 'new_candle').length === pairs.length, 10_000, 'new_candle');
    const dfs = c.messages.filter((x) => x.type === 'analyzed_df');
    expect(dfs.map((x) => x.data.key[0]).sort()).toEqual([...pairs].sort());
    for (const m of dfs) {
      const frame = decodeDataFrame(m.data.df);
      expect(frame.date).toHaveLength(1);
      expect(m.data.la).toMatch(/\+00:00$/);
      const [pair, timeframe, candleType] = m.data.key;
      const analysed = server.deps.bot.analyzed(pair)!;
      expect([timeframe, candleType]).toEqual([analysed.timeframe, analysed.candleType]);
      expect(frame.date[0]).toBe(analysed.frame.date.at(-1));
    }
    // analyzed_df comes before new_candle for a pair, as in freqtrade.
    const first = c.messages.findIndex((x) => x.type === 'analyzed_df');
    const firstCandle = c.messages.findIndex((x) => x.type === 'new_candle');
    expect(first).toBeLessThan(firstCandle);
    c.close();
  });

  it('answers analyzed_df requests from the engine frames', async () => {
    const c = await TestClient.open(server.wsUrl(TEST_WS_TOKEN));
    const whitelist = server.deps.bot.whitelist();
    c.send({ type: 'analyzed_df', data: { limit: 5 } });
    await c.waitForCount(whitelist.length);
    for (const m of c.messages) {
      expect(m.type).toBe('analyzed_df');
      const pair = m.data.key[0];
      const frame = decodeDataFrame(m.data.df);
      expect(frame.date).toEqual(server.deps.bot.analyzed(pair)!.frame.date.slice(-5));
    }
    c.send({ type: 'analyzed_df', data: {} });
    await c.waitForCount(2 * whitelist.length);
    const whole = decodeDataFrame(c.messages[whitelist.length].data.df);
    expect(whole.date.length).toBeGreaterThan(5);
    expect(whole.date.length).toBe(
      server.deps.bot.analyzed(c.messages[whitelist.length].data.key[0])!.frame.date.length,
    );
    c.close();
  });

  it('feeds a consumer bot: whitelist and analysed frames of the real engine', async () => {
    const consumer = await startWsServer({
      external_message_consumer: {
        enabled: true,
        producers: [{ name: 'default', host: '127.0.0.1', port: server.port, ws_token: TEST_WS_TOKEN }],
        initial_candle_limit: 50,
      },
    });
    try {
      const store = consumer.consumer!;
      await until(() => store.producerWhitelist().length > 0, 5000, 'the whitelist');
      expect(store.producerWhitelist()).toEqual(server.deps.bot.whitelist());
      const pair = store.producerWhitelist()[0];
      const analysed = server.deps.bot.analyzed(pair)!;
      await until(
        () => store.producerFrame(pair, analysed.timeframe, analysed.candleType) !== undefined,
        5000,
        'frames',
      );
      const got = store.producerFrame(pair, analysed.timeframe, analysed.candleType)!;
      expect(got.frame.date).toEqual(analysed.frame.date.slice(-50));
      expect(Object.keys(got.frame.columns).sort()).toEqual(Object.keys(analysed.frame.columns).sort());
      expect(got.frame.close).toEqual(analysed.frame.close.slice(-50));
    } finally {
      await consumer.close();
    }
  });
});
