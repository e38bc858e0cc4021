// The strategy's send_msg (issue 15 point 3): strategy_msg RPC messages ({type, msg}, freqtrade's
// shape) reach a real websocket subscriber and a webhook notifier; without always_send a message
// goes out once per candle, as freqtrade's PeriodicCache does.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { startTestServer } from '../../support/node-server.ts';
import { TEST_WS_TOKEN } from '../../support/test-config.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { TestClient } from './helpers.ts';

const TALKER = `
export class Talker {
  timeframe = '5m';
  stoploss = -0.5;
  botLoopStart() {
    this.sendMsg('once per candle');
    this.sendMsg('every loop', { alwaysSend: true });
  }
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { return frame; }
  populateExitTrend(frame) { return frame; }
}
`;

let dir: string;
let server: RunningServer;
let hook: WebhookReceiver;
const clock = new ManualClock(T0 + 60_000);

beforeAll(async () => {
  hook = await startWebhookReceiver();
  dir = mkdtempSync(join(tmpdir(), 'tickhub-strategy-msg-'));
  mkdirSync(join(dir, 'strategies'), { recursive: true });
  writeFileSync(join(dir, 'strategies', 'talker.js'), TALKER);
  server = await startTestServer(
    {
      strategy: 'Talker',
      webhook: {
        enabled: true,
        url: `${hook.url}/hook`,
        format: 'json',
        allow_custom_messages: true,
        strategy_msg: { text: '{msg}' },
      },
    },
    { dir, clock, autoTick: false },
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('strategy send_msg → strategy_msg', () => {
  it('reaches a websocket subscriber and the webhook; deduplicated per candle unless always_send', async () => {
    const c = await TestClient.open(`ws://127.0.0.1:${server.port}/api/v1/message/ws?token=${TEST_WS_TOKEN}`);
    c.send({ type: 'subscribe', data: ['strategy_msg'] });
    // Frames are handled in order: once the whitelist request is answered, the subscription holds.
    c.send({ type: 'whitelist' });
    await c.waitForCount(1);
    await server.deps.bot.tick();
    await server.deps.bot.tick(); // same candle
    clock.advance(5 * 60_000); // next candle
    await server.deps.bot.tick();
    const expected = ['once per candle', 'every loop', 'every loop', 'once per candle', 'every loop'].map((msg) => ({
      type: 'strategy_msg',
      msg,
    }));
    await c.waitForCount(1 + expected.length, 10_000);
    expect(c.messages.slice(1)).toEqual(expected);
    c.close();
    const posts = await hook.waitFor(expected.length, 10_000);
    expect(posts.map((p) => JSON.parse(p.body))).toEqual(expected.map((m) => ({ text: m.msg })));
  });
});
