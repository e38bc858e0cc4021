// freqtrade's Telegram handler: notifications per notification_settings (on / off / silent) go
// through the byte-bounded delivery queue; commands arrive by long polling (getUpdates) and are
// answered only for the configured chat_id (and authorized_users when set): everything else is
// ignored and logged. The keyboard is freqtrade's default or the configured one.

import type { TelegramConfig } from '../../config/notify-schema.ts';
import type { RpcMessage } from '../../rpc/messages.ts';
import type { Logger } from '../../util/logger.ts';
import type { ChannelContext, NotifyChannel } from '../channel.ts';
import { DeliveryQueue } from '../delivery.ts';
import { TelegramClient, type TelegramUpdate } from './client.ts';
import type { ApiCaller, CommandContext, Reply } from './command-context.ts';
import {
  answerCallback,
  answerCommand,
  commandOf,
  DEFAULT_KEYBOARD,
  invalidKeyboardKeys,
  KEYBOARD_KEYS_PRINT,
} from './commands.ts';
import { pyRepr } from './format.ts';
import { notificationText } from './notifications.ts';

const POLL_TIMEOUT_SECS = 20;
const MAX_TEXT = 4096;

/** Python's datetime.ctime(): "Mon Dec  7 15:45:39 2026" (UTC here). */
function ctime(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(d);
  const time = d.toISOString().slice(11, 19);
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}`;
}

/** freqtrade's notification_settings: "on", "off" or "silent" for a message (exit per reason). */
export function notificationSetting(cfg: TelegramConfig, m: RpcMessage): 'on' | 'off' | 'silent' {
  const s = cfg.notification_settings as Record<string, unknown>;
  const value = s[m.type];
  if (m.type === 'exit' && value && typeof value === 'object') {
    const byReason = value as Record<string, 'on' | 'off' | 'silent'>;
    return byReason[m.exit_reason ?? ''] ?? byReason['*'] ?? 'on';
  }
  return value === 'off' || value === 'silent' ? value : 'on';
}

export class TelegramChannel implements NotifyChannel {
  readonly name = 'telegram';
  private readonly ctx: ChannelContext;
  private readonly client: TelegramClient;
  private readonly queue: DeliveryQueue;
  private readonly log: Logger;
  private readonly keyboard: string[][];
  private api: ApiCaller | undefined;
  private readonly abort = new AbortController();
  private polling: Promise<void> | undefined;
  private offset = 0;
  /** The last notification still waiting for a fiat price, if any. */
  private ordered: Promise<void> | undefined;

  constructor(ctx: ChannelContext) {
    this.ctx = ctx;
    this.log = ctx.log;
    const cfg = this.settings();
    this.client = new TelegramClient(cfg.api_base_url, cfg.token, ctx.fetch);
    this.queue = new DeliveryQueue({
      name: 'telegram',
      maxBytes: 1_048_576,
      retries: 2,
      retryDelayMs: 500,
      timeoutMs: 30_000,
      log: ctx.log,
      fetch: ctx.fetch,
    });
    const custom = cfg.keyboard;
    const invalid = custom ? invalidKeyboardKeys(custom) : [];
    if (invalid.length > 0) {
      throw new Error(
        `config.telegram.keyboard: Invalid commands for custom Telegram keyboard: ${pyRepr(invalid)}` +
          `\nvalid commands are: ${pyRepr(KEYBOARD_KEYS_PRINT)}`,
      );
    }
    this.keyboard = custom ?? DEFAULT_KEYBOARD;
  }

  private settings(): TelegramConfig {
    const cfg = this.ctx.config().telegram;
    if (!cfg) throw new Error('telegram section missing');
    return cfg;
  }

  send(message: RpcMessage): void {
    const cfg = this.settings();
    if (!cfg.enabled) return;
    if (message.type === 'strategy_msg' && !cfg.allow_custom_messages) return;
    const setting = notificationSetting(cfg, message);
    if (setting === 'off') {
      this.log.info(`Notification '${message.type}' not sent.`);
      return;
    }
    const candles = cfg.notification_settings.show_candle === 'ohlc' ? this.ctx.lastCandle : undefined;
    const compose = (fiatRate?: number) => {
      const text = notificationText(message, this.ctx.config().dry_run !== false, candles, fiatRate);
      if (text !== undefined) this.post({ text }, setting === 'silent');
    };
    const fiat = this.fiatRate(message);
    // Messages leave in the order the bot sent them: while a fiat price is awaited, later ones wait too.
    if (!fiat && this.ordered === undefined) {
      compose();
      return;
    }
    const previous = this.ordered ?? Promise.resolve();
    const next = previous
      .then(async () => compose(await fiat))
      .catch((e: unknown) => this.log.error(`Exception occurred within RPC module telegram: ${(e as Error).message}`));
    this.ordered = next;
    void next.finally(() => {
      if (this.ordered === next) this.ordered = undefined;
    });
  }

  /** The stake currency's fiat price for a message freqtrade prints fiat parts in (undefined: none). */
  private fiatRate(message: RpcMessage): Promise<number> | undefined {
    const converter = this.ctx.fiat;
    if (!converter || !this.ctx.config().fiat_display_currency) return undefined;
    if (!['entry', 'entry_fill', 'exit', 'exit_fill'].includes(message.type)) return undefined;
    const m = message as { stake_currency: string; fiat_currency: string | null };
    if (!m.fiat_currency) return undefined;
    return converter.rate(m.stake_currency, m.fiat_currency).catch((e: unknown) => {
      this.log.error(`Fiat conversion failed: ${(e as Error).message}`);
      return 0;
    });
  }

  /** freqtrade's _send_msg: a "Refresh" button on reload_able messages (telegram.reload), else the inline or reply keyboard. */
  private post(reply: Reply, silent = false): void {
    const cfg = this.settings();
    const refresh = reply.refresh !== undefined && cfg.reload !== false;
    const body = this.client.messageBody(cfg.chat_id, reply.text.slice(0, MAX_TEXT), {
      silent,
      keyboard: this.keyboard,
      inline: refresh ? [[{ text: 'Refresh', callback_data: reply.refresh as string }]] : reply.inline,
      parseMode: reply.parseMode,
      topicId: cfg.topic_id,
    });
    this.enqueue(this.client.sendMessageUrl, body);
  }

  /** freqtrade's _update_msg / edit_message_text: a pressed message gets the new text ("Updated: …" under refreshed reports). */
  private edit(messageId: number, reply: Reply): void {
    const cfg = this.settings();
    const body =
      reply.refresh === undefined
        ? this.client.editBody(cfg.chat_id, messageId, reply.text.slice(0, MAX_TEXT), { parseMode: reply.parseMode })
        : this.client.editBody(
            cfg.chat_id,
            messageId,
            `${reply.text}\nUpdated: ${ctime(this.now())}`.slice(0, MAX_TEXT),
            {
              parseMode: reply.parseMode ?? 'Markdown',
              inline: [[{ text: 'Refresh', callback_data: reply.refresh }]],
            },
          );
    this.enqueue(this.client.editMessageTextUrl, body);
  }

  private enqueue(url: string, body: Record<string, unknown>): void {
    this.queue.enqueue({ label: 'telegram', url, body: JSON.stringify(body), contentType: 'application/json' });
  }

  private now(): number {
    return this.ctx.now?.() ?? Date.now();
  }

  /** Commands are answered through `api` (the in-process REST caller) from now on. */
  answerWith(api: ApiCaller): void {
    this.api = api;
  }

  /** Starts answering commands by long polling (Node host), with the in-process API caller. */
  startPolling(api: ApiCaller): void {
    this.answerWith(api);
    this.polling ??= this.poll();
  }

  /** Webhook mode (edge host): asks Telegram to POST updates to telegram.webhook_url; logs the outcome. */
  async registerWebhook(): Promise<void> {
    const cfg = this.settings();
    if (!cfg.webhook_url || !cfg.webhook_secret) return;
    try {
      await this.client.setWebhook(cfg.webhook_url, cfg.webhook_secret);
      this.log.info('Telegram webhook registered (setWebhook).');
    } catch (e) {
      this.log.warning(`Telegram setWebhook failed: ${(e as Error).message}`);
    }
  }

  /** freqtrade's authorized_only: the chat, then the topic (topic_id), then the user (authorized_users). */
  private authorized(chatId: unknown, topicId: unknown, fromId: unknown): boolean {
    const cfg = this.settings();
    if (String(chatId ?? '') !== cfg.chat_id) {
      this.log.info(`Rejected unauthorized message from: ${chatId}`);
      return false;
    }
    if (cfg.topic_id !== undefined && String(topicId ?? 'None') !== cfg.topic_id) {
      this.log.debug(`Rejected message from wrong channel: ${chatId}, ${topicId ?? 'None'}`);
      return false;
    }
    const users = cfg.authorized_users;
    if (users && !users.includes(String(fromId ?? ''))) {
      this.log.info(`Unauthorized user tried to control the bot: ${fromId ?? ''}`);
      return false;
    }
    return true;
  }

  private commandContext(api: ApiCaller): CommandContext {
    return {
      api,
      config: () => this.ctx.config(),
      now: () => this.now(),
      marketDirection: this.ctx.marketDirection,
    };
  }

  /** Handles one update (long polling or the edge's webhook mode). */
  async handleUpdate(update: TelegramUpdate): Promise<void> {
    const query = update.callback_query;
    if (query) {
      const message = query.message;
      if (!this.authorized(message?.chat.id, message?.message_thread_id, query.from?.id)) return;
      if (!this.api || !query.data) return;
      this.client.answerCallbackQuery(query.id).catch(() => undefined);
      try {
        const answer = await answerCallback(query.data.slice(0, 200), this.commandContext(this.api));
        if (answer.edit && message?.message_id !== undefined) this.edit(message.message_id, answer.edit);
        for (const reply of answer.send) this.post(reply);
      } catch (e) {
        this.log.error(`Exception occurred within Telegram module: ${(e as Error).message}`);
      }
      return;
    }
    const message = update.message;
    const text = message?.text;
    if (!message || !text || !commandOf(text)) return;
    if (!this.authorized(message.chat.id, message.message_thread_id, message.from?.id)) return;
    if (!this.api) return;
    try {
      for (const reply of await answerCommand(text.slice(0, 200), this.commandContext(this.api))) this.post(reply);
    } catch (e) {
      this.log.error(`Exception occurred within Telegram module: ${(e as Error).message}`);
    }
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const updates = await this.client.getUpdates(this.offset, POLL_TIMEOUT_SECS, this.abort.signal);
        failures = 0;
        for (const u of updates) {
          this.offset = Math.max(this.offset, u.update_id + 1);
          await this.handleUpdate(u);
        }
      } catch (e) {
        if (this.abort.signal.aborted) return;
        failures++;
        this.log.warning(`Telegram getUpdates failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** Math.min(failures, 6), 60_000)));
      }
    }
  }

  async idle(): Promise<void> {
    while (this.ordered) await this.ordered;
    return this.queue.idle();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.polling?.catch(() => undefined);
    await this.queue.close();
  }
}
