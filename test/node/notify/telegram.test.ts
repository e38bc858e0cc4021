// Telegram against a loopback fake Bot API: commands from the configured chat are answered with
// the numbers the REST routes return; trade notifications arrive; another chat is refused.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.ts';
import { type RunningServer, startNodeServer } from '../../../src/hosts/node/server.ts';
import { DEFAULT_KEYBOARD } from '../../../src/notify/telegram/commands.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.ts';
import { basicAuth } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const TOKEN = '123456:test-telegram-token-abcdef';
const CHAT = '1001';
const auth = { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' };
let tg: FakeTelegram;
let server: RunningServer;
let dir: string;

async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(server.url + path, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

async function ask(text: string, match: (t: string) => boolean) {
  const before = tg.sent.length;
  tg.say(CHAT, text);
  return tg.waitForSent((m) => tg.sent.indexOf(m) >= before && match(m.text));
}

beforeAll(async () => {
  tg = await startFakeTelegram(TOKEN);
  dir = mkdtempSync(join(tmpdir(), 'tickhub-telegram-'));
  const { config } = validateConfig(
    testConfig({
      user_data_dir: dir,
      // Market orders fill at once, so /forcelong's trade is open when /forceexit lists it.
      order_types: { entry: 'market', exit: 'market' },
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      telegram: { enabled: true, token: TOKEN, chat_id: CHAT, api_base_url: tg.url },
    }) as Record<string, unknown>,
  );
  server = await startNodeServer({
    config,
    configFiles: [],
    dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
    port: 0,
    clock: new ManualClock(T0),
    autoTick: false,
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('telegram', () => {
  it('notifies a new trade and its exit (freqtrade defaults: entry on, entry_fill off, exit_fill on)', async () => {
    const entered = await rest('POST', '/api/v1/forceenter', {
      pair: 'BTC/USDT',
      ordertype: 'market',
      stakeamount: 100,
    });
    expect(entered.trade_id).toBe(1);
    const entry = await tg.waitForSent((m) => m.text.includes('New Trade (#1)'));
    expect(entry.chat_id).toBe(CHAT);
    expect(entry.text).toContain('*Pair:* `BTC/USDT`');
    expect(entry.reply_markup?.keyboard).toEqual(DEFAULT_KEYBOARD);
    expect(tg.sent.some((m) => m.text.includes('New Trade filled'))).toBe(false);
    await rest('POST', '/api/v1/forceexit', { tradeid: '1', ordertype: 'market' });
    const exit = await tg.waitForSent((m) => m.text.includes('Exited BTC/USDT (#1)'));
    const trade = await rest('GET', '/api/v1/trade/1');
    expect(exit.text).toContain(`${(trade.profit_ratio * 100).toFixed(2)}%`);
  });

  it('answers /count, /profit and /balance with the REST numbers', async () => {
    await rest('POST', '/api/v1/forceenter', { pair: 'ETH/USDT', ordertype: 'market', stakeamount: 50 });
    const count = await rest('GET', '/api/v1/count');
    const c = await ask('/count', (t) => t.startsWith('current:'));
    expect(c.text).toBe(
      `current: ${count.current}\nmax: ${count.max}\ntotal stake: ${Number(count.total_stake.toFixed(8))}`,
    );

    const p = await ask('/profit', (t) => t.includes('Total Trade Count'));
    const profit = await rest('GET', '/api/v1/profit');
    expect(p.text).toContain(`*Total Trade Count:* \`${profit.trade_count}\``);
    expect(p.text).toContain(`*Closed Trade Count:* \`${profit.closed_trade_count}\``);
    expect(p.text).toContain(`\`${Number(profit.profit_closed_coin.toFixed(8))} (`);

    const b = await ask('/balance', (t) => t.includes('*Total:*'));
    const balance = await rest('GET', '/api/v1/balance');
    expect(b.text).toContain(`*Total:* \`${Number(balance.total.toFixed(8))} ${balance.stake}\``);
  });

  it('/forcelong opens a trade; /forceexit shows the inline keyboard of open trades and a press exits', async () => {
    const opened = await ask('/forcelong SOL/USDT', (t) => t.startsWith('Force long'));
    const id = Number(/#(\d+)/.exec(opened.text)![1]);
    const trade = await rest('GET', `/api/v1/trade/${id}`);
    expect(trade).toMatchObject({ pair: 'SOL/USDT', is_open: true, is_short: false });

    const picker = await ask('/forceexit', (t) => t === 'Which trade?');
    const buttons = picker.reply_markup!.inline_keyboard!.flat();
    const button = buttons.find((b) => b.callback_data === `force_exit__${id}`);
    expect(button?.text).toMatch(new RegExp(`^${id} SOL/USDT -?\\d+\\.\\d\\d%$`));
    expect(buttons.at(-1)).toEqual({ text: 'Cancel', callback_data: 'force_exit__cancel' });

    const before = tg.sent.length;
    tg.press(CHAT, `force_exit__${id}`);
    await tg.waitForSent((m) => tg.sent.indexOf(m) >= before && m.text.startsWith('Created exit order'));
    expect((await rest('GET', `/api/v1/trade/${id}`)).is_open).toBe(false);
    expect(tg.answeredCallbacks.length).toBeGreaterThan(0);
    // A press from another chat does nothing.
    tg.press('2002', 'force_exit__1');
    await ask('/version', (t) => t.startsWith('*Version:*'));
    expect(
      server.deps.logs.recent().filter((r) => r[4] === 'Rejected unauthorized message from: 2002').length,
    ).toBeGreaterThan(0);
  });

  it('refuses commands from another chat (logged) and obeys the configured one', async () => {
    const before = tg.sent.length;
    tg.say('2002', '/stop');
    // The authorised /version after it is answered, so the poller has seen the refused update.
    await ask('/version', (t) => t.startsWith('*Version:*'));
    expect(tg.sent.slice(before).filter((m) => m.chat_id !== CHAT)).toEqual([]);
    expect(server.deps.bot.state).toBe('running');
    expect(server.deps.logs.recent().map((r) => r[4])).toContain('Rejected unauthorized message from: 2002');

    const stop = await ask('/stop', (t) => t.startsWith('Status:'));
    expect(stop.text).toBe('Status: `stopping trader ...`');
    expect(server.deps.bot.state).toBe('stopped');
  });
});
