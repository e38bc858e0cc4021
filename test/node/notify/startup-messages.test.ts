// freqtrade's startup messages (RPCManager.startup_messages) as a bot with a filter chain and
// protections sends them to the loopback fake Telegram and to a webhook receiver: the pairlist
// handlers' short_desc list and "Using Protections:" with each protection's short_desc.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.ts';
import { startTestServer } from '../../support/node-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const TOKEN = '999999:startup-telegram-token';
const CHAT = '7007';
let tg: FakeTelegram;
let hook: WebhookReceiver;
let server: RunningServer;
let dir: string;

const SEARCHING =
  "Searching for USDT pairs to buy and sell based on [{'StaticPairList': 'StaticPairList'}, " +
  "{'PrecisionFilter': 'PrecisionFilter - Filtering untradable pairs.'}, " +
  "{'SpreadFilter': 'SpreadFilter - Filtering pairs with ask/bid diff above 1.00%.'}, " +
  "{'ShuffleFilter': 'ShuffleFilter - Shuffling pairs every candle.'}]";
const PROTECTIONS =
  'Using Protections: \n' +
  'CooldownPeriod - Cooldown period for 2 candles.\n' +
  'StoplossGuard - Frequent Stoploss Guard, 4 stoplosses with profit < 1.00% within 1440 minutes.\n' +
  'MaxDrawdown - Max drawdown protection, stop trading if drawdown is > 0.2 within 48 candles.\n' +
  'LowProfitPairs - Low Profit Protection, locks pairs with profit < 0.02 within 360 minutes.';

beforeAll(async () => {
  tg = await startFakeTelegram(TOKEN);
  hook = await startWebhookReceiver();
  dir = mkdtempSync(join(tmpdir(), 'tickhub-startup-'));
  server = await startTestServer(
    {
      pairlists: [
        { method: 'StaticPairList' },
        { method: 'PrecisionFilter' },
        { method: 'SpreadFilter', max_spread_ratio: 0.01 },
        { method: 'ShuffleFilter', seed: 42 },
      ],
      protections: [
        { method: 'CooldownPeriod', stop_duration_candles: 2 },
        { method: 'StoplossGuard', lookback_period: 1440, trade_limit: 4, required_profit: 0.01 },
        { method: 'MaxDrawdown', lookback_period_candles: 48, max_allowed_drawdown: 0.2 },
        { method: 'LowProfitPairs', lookback_period: 360, required_profit: 0.02 },
      ],
      telegram: { enabled: true, token: TOKEN, chat_id: CHAT, api_base_url: tg.url },
      webhook: { enabled: true, url: `${hook.url}/hook`, format: 'json', startup: { text: '{status}' } },
    },
    { dir, clock: new ManualClock(T0), autoTick: false },
  );
  await server.notifier?.idle();
}, 60_000);
afterAll(async () => {
  await server?.close();
  await Promise.all([tg?.close(), hook?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('startup messages', () => {
  it('Telegram gets the pairlist descriptions and "Using Protections", in freqtrade’s order', () => {
    const texts = tg.sent.map((m) => m.text);
    const summary = texts.findIndex((t) => t.startsWith('*Exchange:* `offline`'));
    expect(summary).toBeGreaterThan(0);
    expect(texts.slice(summary + 1, summary + 3)).toEqual([SEARCHING, PROTECTIONS]);
  });

  it('the webhook startup template receives the same texts', async () => {
    const posts = await hook.waitFor(3);
    const statuses = posts.map((p) => JSON.parse(p.body).text as string);
    expect(statuses.slice(1, 3)).toEqual([SEARCHING, PROTECTIONS]);
    expect(statuses[0].startsWith('*Exchange:* `offline`')).toBe(true);
  });
});
