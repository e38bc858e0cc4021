// fiat_display_currency end to end: a bot priced through a loopback fake CoinGecko
// (coingecko.api_url) fills freqtrade's fiat fields in /status, /trade, /profit, /balance and
// /daily, prints the same numbers in Telegram's /profit, /daily and /status table against the
// loopback fake Bot API, adds " / x.xxx EUR" to entry and exit notifications and passes
// `fiat_currency` to webhook templates. With CoinGecko not answering, every fiat figure is 0 and
// neither the API nor the bot waits for it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { fmtCoin, py } from '../../../src/notify/telegram/format.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { COINS, type FakeCoinGecko, startFakeCoinGecko } from '../../support/fake-coingecko.ts';
import { type FakeTelegram, type SentMessage, startFakeTelegram } from '../../support/fake-telegram.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const TOKEN = '888888:fiat-telegram-token';
const CHAT = '6006';
/** Tether in EUR on the fake: the stake currency USDT is priced as CoinGecko's "tether". */
const USDT_EUR = 0.92;

interface Bot {
  server: RunningServer;
  dir: string;
}

async function startBot(cg: FakeCoinGecko, tg: FakeTelegram, hook?: WebhookReceiver): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-fiat-'));
  const server = await startTestServer(
    {
      dry_run_wallet: 1000,
      fiat_display_currency: 'EUR',
      coingecko: { api_url: cg.url },
      order_types: { entry: 'market', exit: 'market' },
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      telegram: { enabled: true, token: TOKEN, chat_id: CHAT, api_base_url: tg.url },
      ...(hook
        ? { webhook: { enabled: true, url: `${hook.url}/hook`, format: 'json', entry: { fiat: '{fiat_currency}' } } }
        : {}),
    },
    { dir, clock: new ManualClock(T0), autoTick: false },
  );
  return { server, dir };
}

async function rest(bot: Bot, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(bot.server.url + path, {
    method,
    headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function ask(tg: FakeTelegram, bot: Bot, text: string, match: (t: string) => boolean): Promise<SentMessage> {
  const before = tg.sent.length;
  tg.say(CHAT, text);
  const reply = await tg.waitForSent((m) => tg.sent.indexOf(m) >= before && match(m.text), 20_000);
  await bot.server.notifier?.idle();
  return reply;
}

describe('fiat_display_currency with CoinGecko answering', () => {
  let cg: FakeCoinGecko;
  let tg: FakeTelegram;
  let hook: WebhookReceiver;
  let bot: Bot;
  let closedId: number;
  let openId: number;

  beforeAll(async () => {
    cg = await startFakeCoinGecko(COINS, { tether: { eur: USDT_EUR, usd: 0.9998 } });
    tg = await startFakeTelegram(TOKEN);
    hook = await startWebhookReceiver();
    bot = await startBot(cg, tg, hook);
    closedId = (await rest(bot, 'POST', '/api/v1/forceenter', { pair: 'BTC/USDT', stakeamount: 100 })).trade_id;
    await rest(bot, 'POST', '/api/v1/forceexit', { tradeid: String(closedId), ordertype: 'market' });
    openId = (await rest(bot, 'POST', '/api/v1/forceenter', { pair: 'ETH/USDT', stakeamount: 50 })).trade_id;
    await bot.server.notifier?.idle();
  }, 90_000);
  afterAll(async () => {
    await bot?.server.close();
    await Promise.all([tg?.close(), cg?.close(), hook?.close()]);
    if (bot) rmSync(bot.dir, { recursive: true, force: true });
  });

  it('loads the coin list and the tether price once, at start', () => {
    expect(cg.requests).toEqual(['/api/v3/coins/list', '/api/v3/simple/price?ids=tether&vs_currencies=eur']);
  });

  it('/balance: starting capital 1000 USDT is 920 EUR; value and ratios at 0.92', async () => {
    const b = await rest(bot, 'GET', '/api/v1/balance');
    expect(b.symbol).toBe('EUR');
    expect(b.starting_capital).toBe(1000);
    expect(b.starting_capital_fiat).toBe(920);
    expect(b.value).toBe(b.total * USDT_EUR);
    expect(b.value_bot).toBe(b.total_bot * USDT_EUR);
    expect(b.starting_capital_fiat_ratio).toBe(b.value_bot / 920 - 1);
    expect(b.starting_capital_fiat_pct).toBe(Math.round(b.starting_capital_fiat_ratio * 10_000) / 100);
    expect(b.value).toBeGreaterThan(0);
  });

  it('/profit and /daily: the stake figures times 0.92', async () => {
    const p = await rest(bot, 'GET', '/api/v1/profit');
    expect(p.profit_closed_coin).not.toBe(0);
    expect(p.profit_closed_fiat).toBe(p.profit_closed_coin * USDT_EUR);
    expect(p.profit_all_fiat).toBe(p.profit_all_coin * USDT_EUR);
    const d = await rest(bot, 'GET', '/api/v1/daily?timescale=2');
    expect(d.fiat_display_currency).toBe('EUR');
    expect(d.data[0].abs_profit).toBe(p.profit_closed_coin);
    expect(d.data.map((r: any) => r.fiat_value)).toEqual(d.data.map((r: any) => r.abs_profit * USDT_EUR));
  });

  it('/status and /trade/{id}: profit_fiat and total_profit_fiat', async () => {
    const [open] = await rest(bot, 'GET', '/api/v1/status');
    expect(open.trade_id).toBe(openId);
    expect(open.profit_fiat).toBe(open.profit_abs * USDT_EUR);
    expect(open.total_profit_fiat).toBe(open.total_profit_abs * USDT_EUR);
    const closed = await rest(bot, 'GET', `/api/v1/trade/${closedId}`);
    expect(closed.profit_fiat).toBe(closed.profit_abs * USDT_EUR);
    expect(closed.total_profit_fiat).toBe(closed.total_profit_abs * USDT_EUR);
  });

  it('Telegram /profit, /daily, /balance and /status table print the REST fiat numbers', async () => {
    const p = await rest(bot, 'GET', '/api/v1/profit');
    const profit = await ask(tg, bot, '/profit', (t) => t.startsWith('*ROI:*'));
    expect(profit.text).toContain(`∙ \`${fmtCoin(p.profit_closed_fiat, 'EUR')}\`\n*ROI:* All trades`);
    expect(profit.text).toContain(`∙ \`${fmtCoin(p.profit_all_fiat, 'EUR')}\`\n*Total Trade Count:*`);
    const d = await rest(bot, 'GET', '/api/v1/daily?timescale=2');
    const daily = await ask(tg, bot, '/daily 2', (t) => t.includes('Daily Profit over the last 2 days'));
    expect(daily.text).toMatch(/Day \(count\) +USDT +EUR +Profit %/);
    expect(daily.text).toContain(`${py(d.data[0].fiat_value, '.2f')} EUR`);
    const b = await rest(bot, 'GET', '/api/v1/balance');
    const balance = await ask(tg, bot, '/balance', (t) => t.includes('Starting capital'));
    expect(balance.text).toContain(`Starting capital: \`${fmtCoin(1000, 'USDT')}\` \`, ${fmtCoin(920, 'EUR')}\`.\n`);
    expect(balance.text).toContain(
      `\t\`EUR: ${fmtCoin(b.value_bot, 'EUR', false)}\` \`(${py(b.starting_capital_fiat_ratio, '.2%')})\`\n`,
    );
    const [open] = await rest(bot, 'GET', '/api/v1/status');
    const table = await ask(tg, bot, '/status table', (t) => t.startsWith('<pre>'));
    expect(table.text).toContain('Profit (EUR)');
    expect(table.text).toContain(`${py(open.profit_ratio, '.2%')} (${py(open.profit_fiat, '.2f')})`);
  });

  it('entry and exit notifications carry freqtrade’s fiat parts; webhooks get fiat_currency', async () => {
    const closed = await rest(bot, 'GET', `/api/v1/trade/${closedId}`);
    const entry = tg.sent.find((m) => m.text.includes(`New Trade (#${closedId})`));
    expect(entry?.text).toContain(
      `*Total:* \`${fmtCoin(closed.stake_amount, 'USDT')} / ${py(closed.stake_amount * USDT_EUR, '.3f')} EUR\``,
    );
    const exit = tg.sent.find((m) => m.text.includes(`Exited BTC/USDT (#${closedId})`));
    expect(exit?.text).toContain(
      `(${closed.profit_abs > 0 ? 'profit' : 'loss'}: ${fmtCoin(closed.profit_abs, 'USDT')} / ${py(closed.profit_abs * USDT_EUR, '.3f')} EUR)`,
    );
    const posts = await hook.waitFor(2);
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([{ fiat: 'EUR' }, { fiat: 'EUR' }]);
  });
});

describe('fiat_display_currency with CoinGecko not answering', () => {
  let cg: FakeCoinGecko;
  let tg: FakeTelegram;
  let bot: Bot;

  beforeAll(async () => {
    cg = await startFakeCoinGecko(COINS, { tether: { eur: USDT_EUR } });
    cg.answer = 'hang';
    tg = await startFakeTelegram(TOKEN);
    bot = await startBot(cg, tg);
  }, 90_000);
  afterAll(async () => {
    await bot?.server.close();
    await Promise.all([tg?.close(), cg?.close()]);
    if (bot) rmSync(bot.dir, { recursive: true, force: true });
  });

  it('answers with fiat figures 0 without waiting long, and the bot keeps ticking and notifying', async () => {
    const tradeId = (await rest(bot, 'POST', '/api/v1/forceenter', { pair: 'SOL/USDT', stakeamount: 40 })).trade_id;
    const started = performance.now();
    const [p, b, d, [open]] = await Promise.all([
      rest(bot, 'GET', '/api/v1/profit'),
      rest(bot, 'GET', '/api/v1/balance'),
      rest(bot, 'GET', '/api/v1/daily'),
      rest(bot, 'GET', '/api/v1/status'),
    ]);
    // Each answer waits at most the converter's 1.5 s for a price it does not have.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect([p.profit_all_fiat, b.value, b.value_bot, b.starting_capital_fiat, d.data[0].fiat_value]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(open.profit_fiat).toBe(0);
    const tickStart = performance.now();
    await bot.server.deps.bot.tick();
    await bot.server.deps.bot.tick();
    expect(performance.now() - tickStart).toBeLessThan(10_000);
    // freqtrade prints the failed conversion as 0.0.
    const entry = await tg.waitForSent((m) => m.text.includes(`New Trade (#${tradeId})`), 20_000);
    expect(entry.text).toContain(' / 0.000 EUR`');
    expect(cg.requests).toEqual(['/api/v3/coins/list']);
  });
});
