// A consumer bot trades from its producer: ProducerPairList takes the producer's whitelist and the
// strategy reads the producer's analysed frames through dp.getProducerDf (two real servers).

import { afterAll, describe, expect, it } from 'vitest';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { startWsServer, until, type WsTestServer } from './helpers.ts';

const servers: WsTestServer[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.close();
});

describe('consumer bot', () => {
  it('uses the producer whitelist and exposes producer frames to its strategy', async () => {
    const producer = await startWsServer({ exchange: { pair_whitelist: ['ETH/USDT', 'SOL/USDT'] } });
    servers.push(producer);
    await producer.deps.bot.tick(); // analyse, so analyzed_df has frames to send
    const consumer = await startWsServer(
      {
        exchange: { pair_whitelist: [] },
        pairlists: [{ method: 'ProducerPairList' }],
        external_message_consumer: {
          enabled: true,
          producers: [{ name: 'default', host: '127.0.0.1', port: producer.port, ws_token: TEST_WS_TOKEN }],
          initial_candle_limit: 50,
        },
      },
      { consumer: { sleepMs: 100, maxSleepMs: 400 } },
    );
    servers.push(consumer);
    const bot = consumer.deps.bot;
    await until(() => consumer.consumer!.producerWhitelist().length === 2, 10_000, 'the producer whitelist');
    await bot.tick();
    expect(bot.whitelist()).toEqual(['ETH/USDT', 'SOL/USDT']);
    // The data provider the strategy gets sees the producer's frame (dp.get_producer_df).
    const ctx = (bot as any).ctx;
    await until(() => ctx.producers.producerFrame('ETH/USDT', '5m', 'spot') !== undefined, 10_000, 'producer frames');
    const frame = ctx.producers.producerFrame('ETH/USDT', '5m', 'spot').frame;
    const own = producer.deps.bot.analyzed('ETH/USDT')!.frame;
    expect(frame.date.at(-1)).toBe(own.date.at(-1));
    expect(frame.columns.enter_long).toBeDefined();
  });
});
