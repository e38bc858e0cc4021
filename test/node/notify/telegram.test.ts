// Telegram against a loopback fake Bot API: commands from the configured chat are answered with
// the numbers the REST routes return; trade notifications arrive; another chat is refused.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { DEFAULT_KEYBOARD } from '../../../src/notify/telegram/commands.ts';
import { fmtCoin, py, pythonTimedelta, roundValue, tabulate } from '../../../src/notify/telegram/format.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

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

async function waitFor<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  tg = await startFakeTelegram(TOKEN);
  dir = mkdtempSync(join(tmpdir(), 'tickhub-telegram-'));
  server = await startTestServer(
    {
      // Market orders fill at once, so /forcelong's trade is open when /forceexit lists it.
      order_types: { entry: 'market', exit: 'market' },
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      telegram: { enabled: true, token: TOKEN, chat_id: CHAT, api_base_url: tg.url },
    },
    { dir, clock: new ManualClock(T0), autoTick: false },
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tdelta = (s: number) => pythonTimedelta(s);

describe('telegram', () => {
  it("notifies a new trade and its exit with freqtrade's texts (entry on, entry_fill off, exit_fill on)", async () => {
    const entered = await rest('POST', '/api/v1/forceenter', {
      pair: 'BTC/USDT',
      ordertype: 'market',
      stakeamount: 100,
    });
    expect(entered.trade_id).toBe(1);
    const entry = await tg.waitForSent((m) => m.text.includes('New Trade (#1)'));
    const opened = await rest('GET', '/api/v1/trade/1');
    expect(entry.chat_id).toBe(CHAT);
    expect(entry.parse_mode).toBe('Markdown');
    // The entry message is built when the order is placed: the order's amount and price.
    const o = opened.orders[0];
    expect(entry.text).toBe(
      '\u{1F535} *Offline (dry):* New Trade (#1)\n*Pair:* `BTC/USDT`\n*Enter Tag:* `force_entry`\n' +
        `*Amount:* \`${roundValue(o.amount, 8)}\`\n*Direction:* \`Long\`\n` +
        `*Open Rate:* \`${roundValue(o.safe_price, 8)} USDT\`\n*Total:* \`${fmtCoin(opened.stake_amount, 'USDT')}\``,
    );
    expect(entry.reply_markup?.keyboard).toEqual(DEFAULT_KEYBOARD);
    expect(tg.sent.some((m) => m.text.includes('New Trade filled'))).toBe(false);
    await rest('POST', '/api/v1/forceexit', { tradeid: '1', ordertype: 'market' });
    const exit = await tg.waitForSent((m) => m.text.includes('Exited BTC/USDT (#1)'));
    const t = await rest('GET', '/api/v1/trade/1');
    const emoji = t.profit_ratio >= 0.05 ? '\u{1F680}' : t.profit_ratio >= 0 ? '\u2733' : '\u274C';
    const seconds = Math.floor(t.close_timestamp / 1000) - Math.floor(t.open_timestamp / 1000);
    expect(exit.text).toBe(
      `${emoji} *Offline (dry):* Exited BTC/USDT (#1)\n` +
        `*Profit:* \`${py(t.profit_ratio, '.2%')} (${t.profit_abs > 0 ? 'profit' : 'loss'}: ${fmtCoin(t.profit_abs, 'USDT')})\`\n` +
        '*Enter Tag:* `force_entry`\n*Exit Reason:* `force_exit`\n*Direction:* `Long`\n' +
        `*Amount:* \`${roundValue(t.amount, 8)}\`\n` +
        `*Open Rate:* \`${fmtCoin(t.open_rate, 'USDT')}\`\n` +
        `*Exit Rate:* \`${fmtCoin(t.close_rate, 'USDT')}\`\n` +
        `*Duration:* \`${tdelta(seconds)} (${py(seconds / 60, '.1f')} min)\``,
    );
  });

  it('answers /count, /profit and /balance with the REST numbers, each with a Refresh button that edits it', async () => {
    await rest('POST', '/api/v1/forceenter', { pair: 'ETH/USDT', ordertype: 'market', stakeamount: 50 });
    const count = await rest('GET', '/api/v1/count');
    const c = await ask('/count', (t) => t.startsWith('<pre>'));
    expect(c.parse_mode).toBe('HTML');
    expect(c.text).toBe(
      `<pre>${tabulate([[count.current, count.max, count.total_stake]], ['current', 'max', 'total stake'])}</pre>`,
    );
    expect(c.reply_markup?.inline_keyboard).toEqual([[{ text: 'Refresh', callback_data: 'update_count' }]]);

    const p = await ask('/profit', (t) => t.includes('Total Trade Count'));
    const profit = await rest('GET', '/api/v1/profit');
    expect(p.text).toContain(
      `*ROI:* Closed trades\n∙ \`${fmtCoin(profit.profit_closed_coin, 'USDT')} (${py(profit.profit_closed_ratio_mean, '.2%')}) (${profit.profit_closed_percent} \u03A3%)\`\n∙ \`0 \`\n`,
    );
    expect(p.text).toContain(
      `*Total Trade Count:* \`${profit.trade_count}\`\n*Bot started:* \`${profit.bot_start_date}\`\n`,
    );
    expect(p.text).toContain(
      `*Win / Loss:* \`${profit.winning_trades} / ${profit.losing_trades}\`\n*Winrate:* \`${py(profit.winrate, '.2%')}\``,
    );
    expect(p.text).toContain(`*Trading volume:* \`${fmtCoin(profit.trading_volume, 'USDT')}\`\n`);
    expect(p.reply_markup?.inline_keyboard).toEqual([[{ text: 'Refresh', callback_data: 'update_profit' }]]);

    const b = await ask('/balance', (t) => t.includes('*Estimated Value'));
    const balance = await rest('GET', '/api/v1/balance');
    expect(
      b.text.startsWith(
        `*Warning:* Simulated balances in Dry Mode.\nStarting capital: \`${fmtCoin(balance.starting_capital, 'USDT')}\`.\n`,
      ),
    ).toBe(true);
    expect(b.text).toContain(
      `\n*Estimated Value (Bot managed assets only)*:\n\t\`USDT: ${fmtCoin(balance.total_bot, 'USDT', false)}\` \`(${py(balance.starting_capital_ratio, '.2%')})\`\n`,
    );
    for (const cur of balance.currencies.filter((x: any) => x.is_bot_managed && x.est_stake > 1)) {
      expect(b.text).toContain(
        `*${cur.currency}:*\n\t\`Available: ${py(cur.free, '.8f')}\`\n\t\`Balance: ${py(cur.balance, '.8f')}\`\n`,
      );
    }

    // Refresh: the pressed message is edited with the report again and "Updated: <ctime>" under it.
    const before = tg.edits.length;
    tg.press(CHAT, 'update_count', 42, 77);
    const edited = await waitFor(() => tg.edits.slice(before).find((e) => e.message_id === 77));
    expect(edited.text).toMatch(/^<pre>[\s\S]+<\/pre>\nUpdated: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    expect(edited.parse_mode).toBe('HTML');
    expect(edited.reply_markup?.inline_keyboard).toEqual([[{ text: 'Refresh', callback_data: 'update_count' }]]);
    tg.press(CHAT, 'update_profit', 42, 78);
    const profitEdit = await waitFor(() => tg.edits.find((e) => e.message_id === 78));
    expect(profitEdit.text).toContain(`*Total Trade Count:* \`${profit.trade_count}\``);
  });

  it('/forcelong opens a trade; /forceexit shows the inline keyboard of open trades and a press exits', async () => {
    const before = tg.sent.length;
    tg.say(CHAT, '/forcelong SOL/USDT');
    const notified = await tg.waitForSent((m) => tg.sent.indexOf(m) >= before && /New Trade \(#\d+\)/.test(m.text));
    expect(notified.text).toContain('*Pair:* `SOL/USDT`');
    const id = Number(/#(\d+)/.exec(notified.text)![1]);
    const trade = await rest('GET', `/api/v1/trade/${id}`);
    expect(trade).toMatchObject({ pair: 'SOL/USDT', is_open: true, is_short: false });

    const picker = await ask('/forceexit', (t) => t === 'Which trade?');
    const buttons = picker.reply_markup!.inline_keyboard!.flat();
    const button = buttons.find((b) => b.callback_data === `force_exit__${id}`);
    expect(button?.text).toMatch(
      new RegExp(`^${id}  SOL/USDT (now|\\d+ sec ago|1 sec ago) -?\\d+\\.\\d\\d% \\(-?\\d+\\.\\d\\d\\)$`),
    );
    expect(buttons.at(-1)).toEqual({ text: 'Cancel', callback_data: 'force_exit__cancel' });

    const sentBefore = tg.sent.length;
    tg.press(CHAT, `force_exit__${id}`, 42, 91);
    const edit = await waitFor(() => tg.edits.find((e) => e.message_id === 91));
    expect(edit.text).toBe(`Manually exiting Trade #${id}, SOL/USDT`);
    await tg.waitForSent((m) => tg.sent.indexOf(m) >= sentBefore && m.text.includes(`Exited SOL/USDT (#${id})`));
    expect((await rest('GET', `/api/v1/trade/${id}`)).is_open).toBe(false);
    expect(tg.answeredCallbacks.length).toBeGreaterThan(0);
    // A press from another chat does nothing.
    tg.press('2002', 'force_exit__1');
    await ask('/version', (t) => t.startsWith('*Version:*'));
    expect(
      server.deps.logs.recent().filter((r) => r[4] === 'Rejected unauthorized message from: 2002').length,
    ).toBeGreaterThan(0);
    tg.press(CHAT, 'force_exit__cancel', 42, 92);
    expect((await waitFor(() => tg.edits.find((e) => e.message_id === 92))).text).toBe('Force exit canceled.');
  });

  it("sends freqtrade's startup messages (Python reprs of the config values)", async () => {
    const cfg = await rest('GET', '/api/v1/show_config');
    const roi = `{${Object.entries(cfg.minimal_roi as Record<string, number>)
      .map(([k, v]) => `'${k}': ${Number.isInteger(v) ? v : String(v)}`)
      .join(', ')}}`;
    expect(tg.sent.map((m) => m.text)).toContain(
      `*Exchange:* \`offline\`\n*Stake per trade:* \`unlimited USDT\`\n*Minimum ROI:* \`${roi}\`\n` +
        `*Stoploss:* \`${cfg.stoploss}\`\n*Position adjustment:* \`Off\`\n*Timeframe:* \`${cfg.timeframe}\`\n` +
        `*Strategy:* \`${cfg.strategy}\``,
    );
    expect(tg.sent.map((m) => m.text)).toContain('\u26A0 *Warning:* `Dry run is enabled. All trades are simulated.`');
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
