// freqtrade's Telegram commands one by one, against the loopback fake Bot API, each compared with
// the REST route serving the same data on the same bot (the texts rebuilt here from the REST
// answer the way freqtrade's telegram.py prints them). The bot's chat is a forum topic (topic_id).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customData } from '../../../src/db/schema.ts';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { floatRepr } from '../../../src/notify/py-format.ts';
import { COMMANDS } from '../../../src/notify/telegram/commands.ts';
import {
  fmtCoin,
  formatDate,
  naturalTime,
  py,
  pyRepr,
  roundValue,
  shortenDate,
  tabulate,
} from '../../../src/notify/telegram/format.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { type FakeTelegram, type SentMessage, startFakeTelegram } from '../../support/fake-telegram.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const TOKEN = '777777:commands-telegram-token';
const CHAT = '5005';
const TOPIC = 7;
const DAY = 86_400_000;
let tg: FakeTelegram;
let server: RunningServer;
let dir: string;
const clock = new ManualClock(T0);

async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const get = async (path: string) => (await rest('GET', path)).body;

/** Sends a command in the bot's topic; resolves with the replies once `count` arrived and the queue is idle. */
async function ask(text: string, count = 1): Promise<SentMessage[]> {
  const before = tg.sent.length;
  tg.say(CHAT, text, 42, TOPIC);
  await tg.waitForSent(() => tg.sent.length >= before + count, 20_000);
  await server.notifier?.idle();
  return tg.sent.slice(before);
}

/** Sends a command; resolves with the first message after it that `match` accepts (notifications may come between). */
async function askFor(text: string, match: (t: string) => boolean): Promise<SentMessage> {
  const before = tg.sent.length;
  tg.say(CHAT, text, 42, TOPIC);
  return tg.waitForSent((m) => tg.sent.indexOf(m) >= before && match(m.text), 20_000);
}

async function openTrade(pair: string): Promise<number> {
  const r = await rest('POST', '/api/v1/forceenter', { pair, ordertype: 'market', stakeamount: 100 });
  expect(r.status).toBe(200);
  await server.notifier?.idle();
  return r.body.trade_id;
}

beforeAll(async () => {
  tg = await startFakeTelegram(TOKEN);
  dir = mkdtempSync(join(tmpdir(), 'tickhub-telegram-commands-'));
  server = await startTestServer(
    {
      force_entry_enable: true,
      order_types: { entry: 'market', exit: 'market' },
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      telegram: {
        enabled: true,
        token: TOKEN,
        chat_id: CHAT,
        topic_id: String(TOPIC),
        balance_dust_level: 500,
        api_base_url: tg.url,
        notification_settings: { entry: 'off', exit: 'off', exit_fill: 'off' },
      },
    },
    { dir, clock, autoTick: false },
  );
  // A trade closed two days ago, one closed today, one open.
  const old = await openTrade('BTC/USDT');
  clock.advance(3_600_000);
  await rest('POST', '/api/v1/forceexit', { tradeid: String(old), ordertype: 'market' });
  clock.advance(2 * DAY);
  const today = await openTrade('ETH/USDT');
  clock.advance(600_000);
  await rest('POST', '/api/v1/forceexit', { tradeid: String(today), ordertype: 'market' });
  await openTrade('SOL/USDT');
  clock.advance(300_000);
}, 90_000);
afterAll(async () => {
  await server?.close();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('telegram commands as freqtrade answers them, with the REST numbers', () => {
  it('answers only in its topic (message_thread_id), and replies there', async () => {
    const before = tg.sent.length;
    tg.say(CHAT, '/version'); // no topic
    const [reply] = await ask('/version');
    expect(tg.sent.length).toBe(before + 1);
    expect(reply.message_thread_id).toBe(TOPIC);
    const version = await get('/api/v1/version');
    const cfg = await get('/api/v1/show_config');
    expect(reply.text).toBe(
      `*Version:* \`${version.version}\`${cfg.strategy_version === null ? '' : `\n*Strategy version: * \`${cfg.strategy_version}\``}`,
    );
  });

  it('/status <id> of a closed and an open trade, line for line', async () => {
    const [closed, open] = await ask('/status 2 3', 2);
    const t2 = await get('/api/v1/trade/2');
    expect(closed.text).toBe(
      [
        '*Trade ID:* `2`',
        '*Current Pair:* ETH/USDT',
        `*Direction:* \`Long\` \` (${floatRepr(t2.leverage)}x)\``,
        `*Amount:* \`${floatRepr(t2.amount)} (${fmtCoin(t2.stake_amount, 'USDT')})\``,
        '*Enter Tag:* `force_entry`',
        '*Exit Reason:* `force_exit`',
        `*Open Rate:* \`${roundValue(t2.open_rate, 8)}\``,
        `*Close Rate:* \`${roundValue(t2.close_rate, 8)}\``,
        `*Open Date:* \`${t2.open_date}\``,
        `*Close Date:* \`${t2.close_date}\``,
        `*Close Profit: *\`${py(t2.profit_ratio, '.2%')}\` \`(${fmtCoin(t2.profit_abs, 'USDT')})\``,
        '',
      ].join('\n'),
    );
    const [t3] = (await get('/api/v1/status')) as any[];
    expect(open.text).toContain(`*Trade ID:* \`3\` \`(since ${t3.open_date})\`\n*Current Pair:* SOL/USDT\n`);
    expect(open.text).toContain(
      ` \n*Current Rate:* \`${roundValue(t3.current_rate, 8)}\`\n*Unrealized Profit:* \`${py(t3.profit_ratio, '.2%')}\` \`(${fmtCoin(t3.profit_abs, 'USDT')})\`\n \n`,
    );
    expect(open.text).toContain(
      `*Stoploss:* \`${roundValue(t3.stop_loss_abs, 8)}\` \`(${py(t3.stop_loss_ratio, '.2%')})\`\n*Stoploss distance:* \`${roundValue(t3.stoploss_current_dist, 8)}\` \`(${py(t3.stoploss_current_dist_ratio, '.2%')})\`\n`,
    );
  });

  it('/status table, /count with Refresh; /order; /trades', async () => {
    const [table] = await ask('/status table');
    const open = (await get('/api/v1/status')) as any[];
    const rows = open.map((t) => [
      `${t.trade_id} `,
      t.pair,
      shortenDate(naturalTime(t.open_timestamp, clock.now())),
      `${py(t.profit_ratio, '.2%')} (${py(t.profit_abs, '.2f')})`,
    ]);
    expect(table.text).toBe(`<pre>${tabulate(rows, ['ID', 'Pair', 'Since', 'Profit (USDT)'])}</pre>`);
    expect(table.text).toContain('5 min ago');
    expect(table.reply_markup?.inline_keyboard).toEqual([[{ text: 'Refresh', callback_data: 'update_status_table' }]]);

    const [order] = await ask('/order 2');
    const t2 = await get('/api/v1/trade/2');
    const [entry, exit] = t2.orders;
    expect(order.text).toBe(
      [
        '*Order List for Trade #*`2`',
        '  ',
        '*Entry #1:*',
        `*Amount:* ${roundValue(entry.filled, 8)} (${fmtCoin(entry.cost, 'USDT')})`,
        `*Average Price:* ${roundValue(entry.safe_price, 8)}`,
        '  ',
        '*Exit #2:*',
        `*Amount:* ${roundValue(exit.filled, 8)} (${fmtCoin(exit.cost, 'USDT')})`,
        `*Average Exit Price:* ${roundValue(exit.safe_price, 8)} (${py((exit.safe_price - entry.safe_price) / entry.safe_price, '.2%')} from 1st entry rate)`,
        `*Order Filled:* ${formatDate(exit.order_filled_timestamp)}`,
        '',
      ].join('\n'),
    );

    const [trades] = await ask('/trades');
    const closed = ((await get('/api/v1/trades')).trades as any[]).filter((t) => !t.is_open).reverse();
    const tab = tabulate(
      closed.map((t) => [
        naturalTime(t.close_timestamp, clock.now()),
        `${t.pair} (#${t.trade_id})`,
        `${py(t.close_profit, '.2%')} (${floatRepr(t.close_profit_abs)})`,
      ]),
      ['Close Date', 'Pair (ID)', 'Profit (USDT)'],
    );
    expect(trades.text).toBe(`<b>2 recent trades</b>:\n<pre>${tab}</pre>`);
    expect(trades.parse_mode).toBe('HTML');
  });

  it('/daily 3, /weekly, /monthly: the REST periods in freqtrade tables', async () => {
    const [daily] = await ask('/daily 3');
    const d = await get('/api/v1/daily?timescale=3');
    const rows = (d.data as any[]).map((p) => [
      `${p.date} (${p.trade_count})`,
      fmtCoin(p.abs_profit, 'USDT'),
      `${py(p.fiat_value, '.2f')} ${d.fiat_display_currency}`,
      py(p.rel_profit, '.2%'),
    ]);
    expect(daily.text).toBe(
      `<b>Daily Profit over the last 3 days</b>:\n<pre>${tabulate(rows, ['Day (count)', 'USDT', '', 'Profit %', 'Trades'])}</pre>`,
    );
    expect(d.data.filter((p: any) => p.trade_count > 0)).toHaveLength(2);
    const [weekly] = await ask('/weekly');
    expect(
      weekly.text.startsWith('<b>Weekly Profit over the last 8 weeks (starting from Monday)</b>:\n<pre>Monday (count)'),
    ).toBe(true);
    const [monthly] = await ask('/monthly 2');
    const m = await get('/api/v1/monthly?timescale=2');
    expect(monthly.text).toContain(`${String(m.data[0].date).slice(0, 7)} (${m.data[0].trade_count})`);
    expect(monthly.reply_markup?.inline_keyboard).toEqual([[{ text: 'Refresh', callback_data: 'update_monthly' }]]);
  });

  it('/profit equals REST /profit; /profit 2 counts only what closed since yesterday (freqtrade start_date)', async () => {
    const [all] = await ask('/profit');
    const p = await get('/api/v1/profit');
    expect(all.text).toContain(`*Total Trade Count:* \`${p.trade_count}\``);
    expect(all.text).toContain(`*First Trade opened:* \`${p.first_trade_humanized} (${p.first_trade_date})\``);
    expect(all.text).toContain(`*Best Performing:* \`${p.best_pair}: ${py(p.best_pair_profit_ratio, '.2%')}\``);
    expect(all.text).toContain(
      `*Max Drawdown:* \`${py(p.max_drawdown, '.2%')} (${fmtCoin(p.max_drawdown_abs, 'USDT')})\``,
    );
    const closed = ((await get('/api/v1/trades')).trades as any[]).filter((t) => !t.is_open);
    expect(all.text).toContain(`(${floatRepr(p.profit_closed_percent)} \u03A3%)`);

    // /profit 1 starts today: freqtrade's timescale is then 0, so the label stays "First Trade opened".
    expect((await ask('/profit 1'))[0].text).toContain('*First Trade opened:* `');
    const [today] = await ask('/profit 2');
    const t2 = closed.find((t) => t.trade_id === 2);
    // Only trade 2 closed since yesterday 00:00: its profit is the closed ROI; the open trade still counts in "All trades".
    expect(today.text).toContain(
      `*ROI:* Closed trades\n∙ \`${fmtCoin(t2.close_profit_abs, 'USDT')} (${py(t2.close_profit, '.2%')}) (`,
    );
    expect(today.text).toContain('*Total Trade Count:* `2`');
    expect(today.text).toContain('*Showing Profit since:* `');
    expect(today.text).toContain(`*Best Performing:* \`ETH/USDT: ${py(t2.close_profit, '.2%')}\``);
  });

  it('/balance: dust below balance_dust_level summed as "Other Currencies"', async () => {
    const [b] = await ask('/balance');
    const r = await get('/api/v1/balance');
    const dust = (r.currencies as any[]).filter((c) => !c.is_position && c.est_stake <= 500);
    expect(dust.length).toBeGreaterThan(0);
    const dustSum = dust.reduce((a, c) => a + c.est_stake, 0);
    expect(b.text).toContain(
      `*${dust.length} Other ${dust.length === 1 ? 'Currency' : 'Currencies'} (< 500 USDT):*\n\t\`Est. USDT: ${fmtCoin(dustSum, 'USDT', false)}\`\n`,
    );
    expect(b.text).toContain(
      `*USDT:*\n\t\`Available: ${py(r.currencies.find((c: any) => c.currency === 'USDT').free, '.8f')}\``,
    );
  });

  it('/performance, /locks and /unlock, /show_config, /health, /edge', async () => {
    const [perf] = await ask('/performance');
    const rows = (await get('/api/v1/performance')) as any[];
    expect(perf.text).toBe(
      `<b>Performance:</b>\n${rows
        .map(
          (p, i) =>
            `${i + 1}.\t <code>${p.pair}\t${fmtCoin(p.profit_abs, 'USDT')} (${py(p.profit_ratio, '.2%')}) (${p.count})</code>\n`,
        )
        .join('')}`,
    );

    expect((await ask('/locks'))[0].text).toBe('No active locks.');
    const until = new Date(clock.now() + DAY).toISOString().replace('Z', '+00:00');
    expect((await rest('POST', '/api/v1/locks', [{ pair: 'XRP/USDT', until, reason: 'a <test>' }])).status).toBe(200);
    const [locks] = await ask('/locks');
    const l = (await get('/api/v1/locks')).locks as any[];
    const table = tabulate(
      l.map((x) => [x.id, x.pair, x.lock_end_time, x.reason]),
      ['ID', 'Pair', 'Until', 'Reason'],
    );
    expect(locks.text).toBe(`<pre>${table.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre>`);
    expect((await ask(`/unlock ${l[0].id}`))[0].text).toBe('No active locks.');
    expect((await get('/api/v1/locks')).lock_count).toBe(0);

    const [cfg] = await ask('/show_config');
    const c = await get('/api/v1/show_config');
    expect(cfg.text).toBe(
      `*Mode:* \`Dry-run\`\n*Exchange:* \`${c.exchange}\`\n*Market: * \`spot\`\n` +
        `*Stake per trade:* \`${c.stake_amount} USDT\`\n*Max open Trades:* \`${c.max_open_trades}\`\n` +
        `*Minimum ROI:* \`${pyRepr(c.minimal_roi)}\`\n` +
        `*Entry strategy:* \`\`\`\n${JSON.stringify(c.entry_pricing).replace(/,"/g, ', "').replace(/":/g, '": ')}\`\`\`\n` +
        `*Exit strategy:* \`\`\`\n${JSON.stringify(c.exit_pricing).replace(/,"/g, ', "').replace(/":/g, '": ')}\`\`\`\n` +
        `*Stoploss:* \`${floatRepr(c.stoploss)}\`\n*Position adjustment:* Off\n` +
        `*Timeframe:* \`${c.timeframe}\`\n*Strategy:* \`${c.strategy}\`\n*Current state:* \`running\``,
    );

    // freqtrade prints the *_loc times: the server's local zone (Asia/Kolkata here: UTC+05:30, no DST).
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    let health: SentMessage;
    try {
      [health] = await ask('/health');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const h = await get('/api/v1/health');
    const kolkata = (ts: number | null) => (ts === null ? 'None' : formatDate(ts * 1000 + 5.5 * 3_600_000));
    expect(h.last_process_ts).toBeNull();
    expect(health.text).toBe(
      `Last process: \`None\`\nInitial bot start: \`${kolkata(h.bot_start_ts)}\`\nLast bot restart: \`${kolkata(h.bot_startup_ts)}\``,
    );

    const edge = await rest('GET', '/api/v1/edge');
    expect(edge.status).toBe(502);
    expect(edge.body.error).toBe('Error querying /api/v1/edge: Edge is not enabled.');
    expect((await ask('/edge'))[0].text).toBe('Edge is not enabled.');
  });

  it('/marketdir reads and sets the strategy market_direction', async () => {
    expect((await ask('/marketdir'))[0].text).toBe('Currently set market direction: *none*');
    expect((await ask('/marketdir long'))[0].text).toBe('Successfully updated market direction from *none* to *long*.');
    expect(server.deps.bot.strategy.market_direction).toBe('long');
    expect((await ask('/marketdir sideways'))[0].text).toBe(
      'Invalid market direction provided. \nValid market directions: *long, short, even, none*',
    );
    expect((await ask('/marketdir long short'))[0].text).toBe(
      'Invalid usage of command /marketdir. \nUsage: */marketdir [short |  long | even | none]*',
    );
  });

  it('/list_custom_data, /cancel_open_order, /reload_trade, /forcelong without a pair', async () => {
    expect((await ask('/list_custom_data 3'))[0].text).toBe("Didn't find any custom-data entries for Trade ID: `3`");
    const [{ id }] = await server.deps.db
      .insert(customData)
      .values({ ftTradeId: 3, cdKey: 'note', cdType: 'str', cdValue: 'watch', createdAt: clock.now(), updatedAt: null })
      .returning({ id: customData.id });
    const [found, entry] = await ask('/list_custom_data 3 note', 2);
    const rest3 = (await get('/api/v1/trades/3/custom-data?key=note'))[0].custom_data[0];
    // The REST model has no entry id; freqtrade's Telegram prints it (and the stored text as the value).
    expect(rest3.id).toBeUndefined();
    expect(found.text).toBe('Found custom-data entry: ');
    expect(entry.text).toBe(
      `*Key:* \`note\`\n*ID:* \`${id}\`\n*Trade ID:* \`3\`\n*Type:* \`str\`\n*Value:* \`watch\`\n*Create Date:* \`${formatDate(clock.now())}\`\n*Update Date:* \`\``,
    );

    const coo = await rest('DELETE', '/api/v1/trades/3/open-order');
    expect((await ask('/cancel_open_order 3'))[0].text).toBe(
      coo.status === 200 ? 'Open order canceled.' : String(coo.body.error).replace(/^Error querying \S+: /, ''),
    );
    expect((await ask('/coo'))[0].text).toBe('Trade-id not set.');
    expect((await ask('/reload_trade 3'))[0].text).toBe('Status: `Reloaded from orders from exchange`');

    const [picker] = await ask('/forcelong');
    const white = ((await get('/api/v1/whitelist')).whitelist as string[]).slice().sort();
    expect(picker.text).toBe('Which pair?');
    const rows = picker.reply_markup?.inline_keyboard ?? [];
    expect(
      rows
        .slice(0, -1)
        .flat()
        .map((b) => b.text),
    ).toEqual(white);
    expect(rows[0].length).toBe(Math.min(3, white.length));
    expect(rows.at(-1)).toEqual([{ text: 'Cancel', callback_data: 'force_enter__cancel' }]);
    tg.press(CHAT, 'force_enter__cancel', 42, 55, TOPIC);
    await tg.waitForSent(() => tg.edits.some((e) => e.message_id === 55));
    expect(tg.edits.find((e) => e.message_id === 55)?.text).toBe('Force enter canceled.');
  });

  it('/logs (MarkdownV2-escaped REST log rows), /stopentry and /start, /whitelist, /blacklist errors', async () => {
    const [logs] = await ask('/logs 3');
    expect(logs.parse_mode).toBe('MarkdownV2');
    const rows = ((await get('/api/v1/logs?limit=20')).logs as string[][]).map((l) => {
      const e = (v: string) => v.replace(/[\\_*[\]()~`>#+\-=|{}.!]/g, (c) => `\\${c}`);
      return `*${e(l[0])}* ${e(l[2])}: ${e(l[3])} \\- \`${e(l[4])}\``;
    });
    const lines = logs.text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(rows).toContain(line);

    const stopentry = await askFor('/stopentry', (t) => t.startsWith('Status: `'));
    const again = await rest('POST', '/api/v1/stopentry');
    expect(stopentry.text).toBe(`Status: \`${again.body.status}\``);
    const start = await askFor('/start', (t) => t.startsWith('Status: `'));
    // freqtrade's _rpc_start from paused: the trader starts again; REST then finds it running.
    expect(start.text).toBe('Status: `starting trader ...`');
    expect((await rest('POST', '/api/v1/start')).body.status).toBe('already running');

    const white = await get('/api/v1/whitelist');
    expect((await askFor('/whitelist', (t) => t.startsWith('Using whitelist')))?.text).toBe(
      `Using whitelist \`${pyRepr(white.method)}\` with ${white.length} pairs\n\`${white.whitelist.join(', ')}\``,
    );
    await askFor('/blacklist NOPE/XYZ', (t) => t.startsWith('Blacklist contains'));
    // Added twice: freqtrade's error line first, then the list.
    const error = await askFor('/blacklist NOPE/XYZ', (t) => t.startsWith('Error: '));
    expect(error.text).toBe('Error: Pair NOPE/XYZ already in pairlist.');
    const list = await tg.waitForSent(
      (m) => tg.sent.indexOf(m) > tg.sent.indexOf(error) && m.text.startsWith('Blacklist'),
    );
    const bl = await get('/api/v1/blacklist');
    expect(list.text).toBe(`Blacklist contains ${bl.length} pairs\n\`${bl.blacklist.join(', ')}\``);
  });

  it('/help lists freqtrade 2024.10 commands, each one answered here', async () => {
    const help = await askFor('/help', (t) => t.startsWith('_Bot Control_'));
    const listed = [...help.text.matchAll(/\*\/([a-z_]+)/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(30);
    for (const command of listed) expect(COMMANDS).toContain(command);
    expect(listed).toContain('forcelong'); // force_entry_enable
    expect(listed).not.toContain('forceshort'); // spot
    expect(help.text.startsWith('_Bot Control_\n------------\n*/start:* `Starts the trader`\n')).toBe(true);
  });
  it('/trades n: the n latest closes, not the n highest ids (a trade opened later closed earlier)', async () => {
    // #4 opens after #3 (SOL, open since the start) and closes first; #3 closes last.
    const later = await openTrade('BTC/USDT');
    clock.advance(60_000);
    await rest('POST', '/api/v1/forceexit', { tradeid: String(later), ordertype: 'market' });
    clock.advance(60_000);
    await rest('POST', '/api/v1/forceexit', { tradeid: '3', ordertype: 'market' });
    await server.notifier?.idle();
    const byClose = ((await get('/api/v1/trades')).trades as any[])
      .filter((t) => !t.is_open)
      .sort((a, b) => b.close_timestamp - a.close_timestamp);
    expect(byClose.map((t) => t.trade_id)).toEqual([3, later, 2, 1]);
    const rows = (n: number) =>
      tabulate(
        byClose
          .slice(0, n)
          .map((t) => [
            naturalTime(t.close_timestamp, clock.now()),
            `${t.pair} (#${t.trade_id})`,
            `${py(t.close_profit, '.2%')} (${floatRepr(t.close_profit_abs)})`,
          ]),
        ['Close Date', 'Pair (ID)', 'Profit (USDT)'],
      );
    const [one] = await ask('/trades 1');
    expect(one.text).toBe(`<b>1 recent trades</b>:\n<pre>${rows(1)}</pre>`);
    const [three] = await ask('/trades 3');
    expect(three.text).toBe(`<b>3 recent trades</b>:\n<pre>${rows(3)}</pre>`);
  });
});
