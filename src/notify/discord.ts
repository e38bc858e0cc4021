// freqtrade's `discord`: a webhook posting one embed per message, its fields templated per
// message type (entry_fill and exit_fill by default), coloured by the exit's profit.

import type { DiscordConfig } from '../config/notify-schema.ts';
import type { RpcMessage } from '../rpc/messages.ts';
import type { ChannelContext, NotifyChannel } from './channel.ts';
import { messageFields } from './channel.ts';
import { DeliveryQueue } from './delivery.ts';
import { pyFormat, TemplateKeyError } from './py-format.ts';

export interface DiscordEmbed {
  title: string;
  color: number;
  fields: { name: string; value: string; inline: true }[];
}

const BLUE = 0x0000ff;
const GREEN = 0x00ff00;
const RED = 0xff0000;

/** The embed freqtrade posts for a message, or undefined when its type has no fields configured. */
export function discordEmbed(
  cfg: DiscordConfig,
  message: RpcMessage,
  extra: { strategy: string; timeframe: string; bot_name: string },
): DiscordEmbed | undefined {
  const fields = (cfg as unknown as Record<string, Record<string, string>[] | undefined>)[message.type];
  if (!Array.isArray(fields) || fields.length === 0) return undefined;
  const values = { ...messageFields(message), ...extra };
  let color = BLUE;
  if (message.type === 'exit' || message.type === 'exit_fill') color = message.profit_ratio > 0 ? GREEN : RED;
  const title = 'pair' in message ? `Trade: ${message.pair} ${message.type}` : message.type;
  const embed: DiscordEmbed = { title, color, fields: [] };
  for (const field of fields) {
    for (const [name, template] of Object.entries(field)) {
      embed.fields.push({ name, value: pyFormat(template, values), inline: true });
    }
  }
  return embed;
}

export class DiscordChannel implements NotifyChannel {
  readonly name = 'discord';
  private readonly queue: DeliveryQueue;
  private readonly ctx: ChannelContext;

  constructor(ctx: ChannelContext) {
    this.ctx = ctx;
    const cfg = ctx.config().discord;
    if (!cfg) throw new Error('discord section missing');
    // freqtrade's Discord handler: JSON, one retry after 0.1 s.
    this.queue = new DeliveryQueue({
      name: 'discord',
      maxBytes: cfg.queue_max_bytes,
      retries: 1,
      retryDelayMs: 100,
      timeoutMs: cfg.timeout * 1000,
      log: ctx.log,
      fetch: ctx.fetch,
    });
  }

  send(message: RpcMessage): void {
    const config = this.ctx.config();
    const cfg = config.discord;
    if (!cfg?.enabled) return;
    if (message.type === 'strategy_msg' && !cfg.allow_custom_messages) return;
    try {
      const strategy = this.ctx.strategy();
      const embed = discordEmbed(cfg, message, {
        strategy: strategy.name,
        timeframe: strategy.timeframe,
        bot_name: config.bot_name,
      });
      if (!embed) return;
      this.queue.enqueue({
        label: message.type,
        url: cfg.webhook_url,
        body: JSON.stringify({ embeds: [embed] }),
        contentType: 'application/json',
      });
    } catch (e) {
      const what = e instanceof TemplateKeyError ? `missing field ${e.message}` : (e as Error).message;
      this.ctx.log.error(`Problem calling Discord. Please check your discord configuration. Exception: ${what}`);
    }
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  get stats() {
    return this.queue.stats;
  }
}
