// freqtrade's `webhook`: per message type a template (payload key -> Python format string),
// posted as form, JSON or raw text to `url`, with `retries`, `retry_delay` and `timeout`.

import type { WebhookConfig } from '../config/notify-schema.ts';
import type { RpcMessage } from '../rpc/messages.ts';
import type { ChannelContext, NotifyChannel } from './channel.ts';
import { messageFields } from './channel.ts';
import { DeliveryQueue, type HttpPost } from './delivery.ts';
import { pyFormat, TemplateKeyError } from './py-format.ts';

type Payload = Record<string, string>;

/** The template for a message: the explicit type first, then freqtrade's deprecated keys. */
export function webhookTemplate(cfg: WebhookConfig, type: RpcMessage['type']): Payload | undefined {
  const byType = cfg as unknown as Record<string, Payload | undefined>;
  if (type in cfg && byType[type] !== undefined) return byType[type];
  switch (type) {
    case 'entry':
      return cfg.webhookentry;
    case 'entry_cancel':
      return cfg.webhookentrycancel;
    case 'entry_fill':
      return cfg.webhookentryfill;
    case 'exit':
      return cfg.webhookexit;
    case 'exit_fill':
      return cfg.webhookexitfill;
    case 'exit_cancel':
      return cfg.webhookexitcancel;
    case 'status':
    case 'startup':
    case 'exception':
    case 'warning':
      return cfg.webhookstatus;
    default:
      return undefined;
  }
}

/** The POST for a payload in the configured format (raw sends the `data` value alone). */
export function encodePayload(
  format: WebhookConfig['format'],
  payload: Payload,
): { body: string; contentType: string } {
  switch (format) {
    case 'json':
      return { body: JSON.stringify(payload), contentType: 'application/json' };
    case 'raw':
      if (!Object.hasOwn(payload, 'data')) throw new TemplateKeyError('data');
      return { body: payload.data, contentType: 'text/plain' };
    default:
      return { body: new URLSearchParams(payload).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
}

export function formatPayload(template: Payload, fields: Record<string, unknown>): Payload {
  const out: Payload = {};
  for (const [key, value] of Object.entries(template)) out[key] = pyFormat(value, fields);
  return out;
}

export class WebhookChannel implements NotifyChannel {
  readonly name = 'webhook';
  private readonly queue: DeliveryQueue;
  private readonly ctx: ChannelContext;

  constructor(ctx: ChannelContext) {
    this.ctx = ctx;
    const cfg = this.settings();
    this.queue = new DeliveryQueue({
      name: 'webhook',
      maxBytes: cfg.queue_max_bytes,
      retries: cfg.retries,
      retryDelayMs: cfg.retry_delay * 1000,
      timeoutMs: cfg.timeout * 1000,
      log: ctx.log,
      fetch: ctx.fetch,
    });
  }

  private settings(): WebhookConfig {
    const cfg = this.ctx.config().webhook;
    if (!cfg) throw new Error('webhook section missing');
    return cfg;
  }

  send(message: RpcMessage): void {
    const cfg = this.ctx.config().webhook;
    if (!cfg?.enabled) return;
    if (message.type === 'strategy_msg' && !cfg.allow_custom_messages) return;
    const template = webhookTemplate(cfg, message.type);
    if (!template || Object.keys(template).length === 0) {
      this.ctx.log.debug(`Message type '${message.type}' not configured for webhooks`);
      return;
    }
    try {
      const { body, contentType } = encodePayload(cfg.format, formatPayload(template, messageFields(message)));
      const post: HttpPost = { label: message.type, url: cfg.url, body, contentType };
      this.queue.enqueue(post);
    } catch (e) {
      if (e instanceof TemplateKeyError) {
        this.ctx.log.error(`Problem calling Webhook. Please check your webhook configuration. Exception: ${e.message}`);
      } else {
        this.ctx.log.error(`Exception occurred within RPC module webhook: ${(e as Error).message}`);
      }
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
