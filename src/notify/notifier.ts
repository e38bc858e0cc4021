// The Hub the notification channels hang on: every published message goes to each enabled
// channel; a channel that throws is logged and never stops the others or the bot.

import type { Hub } from '../rpc/hub.ts';
import type { RpcMessage } from '../rpc/messages.ts';
import type { ChannelContext, NotifyChannel } from './channel.ts';
import { DiscordChannel } from './discord.ts';
import { TelegramChannel } from './telegram/channel.ts';
import { WebhookChannel } from './webhook.ts';

export class NotifierHub implements Hub {
  readonly channels: NotifyChannel[];
  private readonly ctx: ChannelContext;

  constructor(ctx: ChannelContext, channels: NotifyChannel[]) {
    this.ctx = ctx;
    this.channels = channels;
  }

  publish(message: RpcMessage): void {
    for (const channel of this.channels) {
      try {
        channel.send(message);
      } catch (e) {
        this.ctx.log.error(`Exception occurred within RPC module ${channel.name}: ${(e as Error).message}`);
      }
    }
  }

  channel<T extends NotifyChannel>(name: string): T | undefined {
    return this.channels.find((c) => c.name === name) as T | undefined;
  }

  async idle(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.idle()));
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.close()));
  }
}

/** The channels the config enables (webhook, discord); undefined when none is. */
export function createNotifier(ctx: ChannelContext, extra: NotifyChannel[] = []): NotifierHub | undefined {
  const config = ctx.config();
  const channels: NotifyChannel[] = [];
  if (config.webhook?.enabled) {
    ctx.log.info('Enabling rpc.webhook ...');
    channels.push(new WebhookChannel(ctx));
  }
  if (config.discord?.enabled) {
    ctx.log.info('Enabling rpc.discord ...');
    channels.push(new DiscordChannel(ctx));
  }
  if (config.telegram?.enabled) {
    ctx.log.info('Enabling rpc.telegram ...');
    channels.push(new TelegramChannel(ctx));
  }
  channels.push(...extra);
  return channels.length > 0 ? new NotifierHub(ctx, channels) : undefined;
}
