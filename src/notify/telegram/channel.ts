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
import {
  type ApiCaller,
  answerCallback,
  answerCommand,
  DEFAULT_KEYBOARD,
  type InlineButton,
  invalidKeyboardKeys,
} from './commands.ts';

const POLL_TIMEOUT_SECS = 20;
const MAX_TEXT = 4096;

const n = (v: unknown) => (typeof v === 'number' ? Number(v.toFixed(8)).toString() : String(v));

/** The notification text for a message, or undefined for types Telegram does not show. */
export function notificationText(m: RpcMessage): string | undefined {
  switch (m.type) {
    case 'entry':
    case 'entry_fill':
    case 'entry_cancel': {
      const head = { entry: 'New Trade', entry_fill: 'New Trade filled', entry_cancel: 'Cancelling enter Order' }[
        m.type
      ];
      return [
        `*${m.exchange}:* ${head} (#${m.trade_id})`,
        `*Pair:* \`${m.pair}\``,
        `*Direction:* ${m.direction}`,
        `*Amount:* \`${n(m.amount)}\``,
        `*Open Rate:* \`${n(m.open_rate)} ${m.quote_currency}\``,
        `*Total:* \`${n(m.stake_amount)} ${m.stake_currency}\``,
        ...('reason' in m && m.reason ? [`*Reason:* ${m.reason}`] : []),
      ].join('\n');
    }
    case 'exit':
    case 'exit_fill':
    case 'exit_cancel': {
      const head = { exit: 'Exiting', exit_fill: 'Exited', exit_cancel: 'Cancelling exit Order' }[m.type];
      return [
        `*${m.exchange}:* ${head} ${m.pair} (#${m.trade_id})`,
        `*${m.gain === 'profit' ? 'Profit' : 'Loss'}:* \`${(m.profit_ratio * 100).toFixed(2)}% (${n(m.profit_amount)} ${m.stake_currency})\``,
        `*Exit Reason:* \`${m.exit_reason ?? ''}\``,
        `*Direction:* ${m.direction}`,
        `*Amount:* \`${n(m.amount)}\``,
        `*Open Rate:* \`${n(m.open_rate)}\``,
        `*Exit Rate:* \`${n('close_rate' in m ? m.close_rate : m.limit)}\``,
      ].join('\n');
    }
    case 'startup':
      return m.status;
    case 'status':
    case 'warning':
    case 'exception':
      return m.type === 'warning' ? `⚠ *Warning:* \`${m.status}\`` : `*Status:* \`${m.status}\``;
    case 'protection_trigger':
    case 'protection_trigger_global':
      return `*Protection* triggered due to ${m.reason}. \`${m.pair}\` will be locked until \`${m.lock_end_time}\`.`;
    case 'strategy_msg':
      return m.msg;
    default:
      return undefined;
  }
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
        `config.telegram.keyboard: Invalid commands for custom Telegram keyboard: ${JSON.stringify(invalid)}`,
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
    if (setting === 'off') return;
    const text = notificationText(message);
    if (text === undefined) return;
    this.post(text, setting === 'silent');
  }

  private post(text: string, silent = false, inline?: InlineButton[][]): void {
    const cfg = this.settings();
    const body = this.client.messageBody(cfg.chat_id, text.slice(0, MAX_TEXT), {
      silent,
      keyboard: this.keyboard,
      inline,
    });
    this.queue.enqueue({
      label: 'telegram',
      url: this.client.sendMessageUrl,
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
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

  private authorized(chatId: unknown, fromId: unknown): boolean {
    const cfg = this.settings();
    if (String(chatId ?? '') !== cfg.chat_id) return false;
    const users = cfg.authorized_users;
    if (users && users.length > 0) return users.includes(String(fromId ?? ''));
    return true;
  }

  /** Handles one update (long polling or the edge's webhook mode). */
  async handleUpdate(update: TelegramUpdate): Promise<void> {
    const query = update.callback_query;
    if (query) {
      const chat = query.message?.chat.id;
      if (!this.authorized(chat, query.from?.id)) {
        this.log.info(`Rejected unauthorized message from: ${chat}`);
        return;
      }
      if (!this.api || !query.data) return;
      this.client.answerCallbackQuery(query.id).catch(() => undefined);
      try {
        this.post(await answerCallback(query.data.slice(0, 200), this.api));
      } catch (e) {
        this.log.error(`Telegram action ${query.data.slice(0, 40)} failed: ${(e as Error).message}`);
      }
      return;
    }
    const text = update.message?.text;
    if (!update.message || !text?.startsWith('/')) return;
    if (!this.authorized(update.message.chat.id, update.message.from?.id)) {
      this.log.info(`Rejected unauthorized message from: ${update.message.chat.id}`);
      return;
    }
    if (!this.api) return;
    try {
      const reply = await answerCommand(text.slice(0, 200), this.api);
      this.post(reply.text, false, reply.inline);
    } catch (e) {
      this.log.error(`Telegram command ${text.split(/\s/)[0]} failed: ${(e as Error).message}`);
      this.post('Error: the command failed; see the logs.');
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

  idle(): Promise<void> {
    return this.queue.idle();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.polling?.catch(() => undefined);
    await this.queue.close();
  }
}
