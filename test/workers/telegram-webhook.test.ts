// Telegram on the edge in webhook mode (project workers-telegram in vitest.config.ts: its own
// bindings switch Telegram on; the Bot API is the loopback fake started in Node by
// test/support/telegram-global-setup.ts). Updates are POSTed to the Worker as Telegram does; the
// bot's Durable Object answers through the same command code as Node's long polling and replies
// with sendMessage at telegram.api_base_url.

import { env, listDurableObjectIds, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { TelegramWebhook } from '../../src/hosts/worker/telegram-webhook.ts';
import { floatRepr } from '../../src/notify/py-format.ts';
import { fmtCoin, roundValue, tabulate } from '../../src/notify/telegram/format.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { Frame } from '../../src/strategy/types.ts';
import { EDGE_TELEGRAM } from '../support/test-config.ts';
import { api, botStub } from './edge-helpers.ts';

const FAKE = env.TICKHUB__TELEGRAM__API_BASE_URL as string;
const OTHER_CHAT = 9999;
let nextUpdateId = 100;

interface Sent {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

async function sent(): Promise<Sent[]> {
  return (await (await fetch(`${FAKE}/__test/sent`)).json()) as Sent[];
}

/** The fake's record at `url` once it is non-empty (or empty after 10 s). */
async function eventually(url: string): Promise<unknown[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const items = (await (await fetch(url)).json()) as unknown[];
    if (items.length > 0 || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function update(chatId: number | string, text: string, updateId = nextUpdateId++) {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId }, from: { id: 42 }, text },
  };
}

function postUpdate(body: unknown, secret: string | null = EDGE_TELEGRAM.webhookSecret): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
  return SELF.fetch('https://tickhub.test/telegram/webhook', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  }) as unknown as Promise<Response>;
}

describe('Telegram webhook mode on the edge', () => {
  it('refuses a wrong or missing secret token in the Worker, before reading the body or reaching the object', async () => {
    const wrong = await postUpdate(update(EDGE_TELEGRAM.chatId, '/stop'), 'edge-webhook-secret_0123456789abcdeX');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: 'Unauthorized' });
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/stop'), null)).status).toBe(401);
    // A body that never ends: answered all the same, so the Worker did not wait for it.
    const endless = new ReadableStream({ pull: () => new Promise<void>(() => undefined) });
    const streamed = (await SELF.fetch('https://tickhub.test/telegram/webhook', {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': 'nope' },
      body: endless,
    } as RequestInit)) as unknown as Response;
    expect(streamed.status).toBe(401);
    // The first requests of this file: the bot's Durable Object has not been created by them.
    expect(await listDurableObjectIds(env.BOT)).toHaveLength(0);
    expect(await sent()).toEqual([]);
  });

  it('registers the webhook with setWebhook at start', async () => {
    expect((await api('/api/v1/ping')).status).toBe(200);
    expect(await listDurableObjectIds(env.BOT)).toHaveLength(1);
    // setWebhook is not awaited by the start-up: polled.
    expect(await eventually(`${FAKE}/__test/webhooks`)).toEqual([
      {
        url: EDGE_TELEGRAM.webhookUrl,
        secret_token: EDGE_TELEGRAM.webhookSecret,
        allowed_updates: ['message', 'callback_query'],
      },
    ]);
  });

  it('answers /status and /count from the configured chat with the REST numbers', async () => {
    // The offline market follows the wall clock: the bot's alarm ticks must not open trades of
    // their own next to the forced one, whatever the default strategy signals at test time.
    await runInDurableObject(botStub(), async (instance: BotObject) => {
      const { bot } = await instance.ready();
      const never = (frame: Frame) => frame.date.map(() => false);
      bot.strategy.populateEntryTrend = (frame: Frame) => markSignal(frame, 'enter_long', never(frame));
      bot.strategy.populateExitTrend = (frame: Frame) => markSignal(frame, 'exit_long', never(frame));
    });
    const entered = await api('/api/v1/forceenter', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pair: 'ETH/USDT' }),
    });
    expect(entered.status).toBe(200);
    const before = (await (await api('/api/v1/status')).json()) as Record<string, any>[];
    expect(before).toHaveLength(1);

    const res = await postUpdate(update(EDGE_TELEGRAM.chatId, '/status'));
    expect(res.status).toBe(200);
    // The answer waits for the reply to leave (bounded), so it is there now.
    const replies = (await sent()).filter((m) => m.text.includes('*Trade ID:*'));
    expect(replies).toHaveLength(1);
    const reply = replies[0];
    expect(reply.chat_id).toBe(EDGE_TELEGRAM.chatId);
    const after = (await (await api('/api/v1/status')).json()) as Record<string, any>[];
    const t = before[0];
    const field = (name: string) => new RegExp(`\\*${name}:\\* \`([^\`]+)\``).exec(reply.text)?.[1];
    expect(field('Trade ID')).toBe(String(t.trade_id));
    expect(reply.text).toContain(`*Current Pair:* ${t.pair}\n`);
    expect(field('Amount')).toBe(`${floatRepr(t.amount)} (${fmtCoin(t.stake_amount, 'USDT')})`);
    expect(field('Open Rate')).toBe(roundValue(t.open_rate, 8));
    expect(field('Open Date')).toBe(t.open_date);
    // The offline price may move between two reads: the reply's rate is one of the REST reads.
    expect([t.current_rate, after[0].current_rate].map((r: number) => roundValue(r, 8))).toContain(
      field('Current Rate'),
    );

    const count = (await (await api('/api/v1/count')).json()) as Record<string, number>;
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count'))).status).toBe(200);
    const countReply = (await sent()).at(-1) as Sent;
    expect(countReply.chat_id).toBe(EDGE_TELEGRAM.chatId);
    expect(countReply.text).toBe(
      `<pre>${tabulate([[count.current, count.max, count.total_stake]], ['current', 'max', 'total stake'])}</pre>`,
    );
    expect(count.current).toBe(1);
  });

  it('answers an update Telegram retries only once', async () => {
    const id = nextUpdateId++;
    const before = (await sent()).length;
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count', id))).status).toBe(200);
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count', id))).status).toBe(200);
    expect((await sent()).length).toBe(before + 1);
  });

  it('remembers answered update ids in storage: a retry after the object lost its memory is not answered again', async () => {
    const id = nextUpdateId++;
    const before = (await sent()).length;
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count', id))).status).toBe(200);
    expect((await sent()).length).toBe(before + 1);
    // As after an eviction: the object's in-memory state is gone, its storage is kept.
    const [objectId] = await listDurableObjectIds(env.BOT);
    await runInDurableObject(env.BOT.get(objectId), async (instance: any, state) => {
      instance.telegramWebhook = new TelegramWebhook(state.storage);
      expect(await state.storage.get('telegram:recent_update_ids')).toContain(id);
    });
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count', id))).status).toBe(200);
    expect((await sent()).length).toBe(before + 1);
    // A new update is answered as usual.
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/count'))).status).toBe(200);
    expect((await sent()).length).toBe(before + 2);
  });

  it('ignores and logs a command from another chat; the bot keeps running', async () => {
    const before = (await sent()).length;
    expect((await postUpdate(update(OTHER_CHAT, '/stop'))).status).toBe(200);
    expect((await sent()).length).toBe(before);
    const config = (await (await api('/api/v1/show_config')).json()) as { state: string };
    expect(config.state).toBe('running');
    const logs = (await (await api('/api/v1/logs')).json()) as { logs: unknown[][] };
    expect(logs.logs.some((l) => l[4] === `Rejected unauthorized message from: ${OTHER_CHAT}`)).toBe(true);
  });

  it('/forceexit shows the inline keyboard of open trades; a button press (callback query) exits the trade', async () => {
    const [open] = (await (await api('/api/v1/status')).json()) as Record<string, any>[];
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/forceexit'))).status).toBe(200);
    const picker = (await sent()).at(-1) as Sent;
    expect(picker.text).toBe('Which trade?');
    const buttons = picker.reply_markup?.inline_keyboard?.flat() ?? [];
    expect(buttons.map((b) => b.callback_data)).toEqual([`force_exit__${open.trade_id}`, 'force_exit__cancel']);

    const press = (chatId: number | string, updateId = nextUpdateId++) => ({
      update_id: updateId,
      callback_query: {
        id: `cb${updateId}`,
        data: `force_exit__${open.trade_id}`,
        from: { id: 42 },
        message: { message_id: 1, chat: { id: chatId } },
      },
    });
    const before = (await sent()).length;
    expect((await postUpdate(press(OTHER_CHAT))).status).toBe(200);
    expect((await sent()).length).toBe(before);
    const isOpen = async () =>
      ((await (await api(`/api/v1/trade/${open.trade_id}`)).json()) as { is_open: boolean }).is_open;
    expect(await isOpen()).toBe(true);

    expect((await postUpdate(press(EDGE_TELEGRAM.chatId))).status).toBe(200);
    const edits = (await (await fetch(`${FAKE}/__test/edits`)).json()) as (Sent & { message_id: number })[];
    expect(edits.at(-1)).toMatchObject({
      message_id: 1,
      text: `Manually exiting Trade #${open.trade_id}, ${open.pair}`,
    });
    // freqtrade answers a force exit with its exit notifications (exit_fill: on by default).
    expect((await sent()).some((m) => m.text.includes(`Exited ${open.pair} (#${open.trade_id})`))).toBe(true);
    expect(await isOpen()).toBe(false);
    // answerCallbackQuery is not awaited by the channel: polled.
    expect(await eventually(`${FAKE}/__test/callbacks`)).toHaveLength(1);
  });

  it('fills the fiat figures on the edge too (Workers fetch to coingecko.api_url)', async () => {
    const rate = EDGE_TELEGRAM.usdtEur;
    const b = (await (await api('/api/v1/balance')).json()) as Record<string, any>;
    expect(b.symbol).toBe('EUR');
    expect(b.starting_capital).toBeGreaterThan(0);
    expect(b.starting_capital_fiat).toBe(b.starting_capital * rate);
    expect(b.value_bot).toBe(b.total_bot * rate);
    const p = (await (await api('/api/v1/profit')).json()) as Record<string, any>;
    expect(p.closed_trade_count).toBeGreaterThan(0);
    expect(p.profit_closed_fiat).toBe(p.profit_closed_coin * rate);
    expect((await postUpdate(update(EDGE_TELEGRAM.chatId, '/profit'))).status).toBe(200);
    const reply = (await sent()).find((m) => m.text.startsWith('*ROI:* Closed trades'));
    expect(reply?.text).toContain(`∙ \`${fmtCoin(p.profit_closed_fiat, 'EUR')}\`\n*ROI:* All trades`);
    // The exit notification of the trade closed above carries freqtrade's " / x.xxx EUR" part.
    const exit = (await sent()).find((m) => /Exited \S+ \(#\d+\)/.test(m.text));
    expect(exit?.text).toMatch(/: -?[\d.]+ USDT \/ -?\d+\.\d{3} EUR\)`/);
  });

  it('answers a malformed update with 400', async () => {
    expect((await postUpdate({ message: {} })).status).toBe(400);
  });
});
