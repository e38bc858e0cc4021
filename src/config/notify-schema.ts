// Config sections of the notification channels, with freqtrade's names and defaults:
// `webhook`, `discord` and `telegram`. Templates are validated as string maps up front so a
// wrong type is a config error at start, not a failed delivery later.

import { z } from 'zod';

/** Per-message payload template: payload key -> Python format string. */
const template = z.record(z.string(), z.string());

/** Largest number of message bytes a channel holds while its target is slow or down. */
export const DEFAULT_NOTIFY_QUEUE_BYTES = 1_048_576;

const queueBytes = z
  .number()
  .int()
  .min(1024)
  .max(64 * 1_048_576)
  .default(DEFAULT_NOTIFY_QUEUE_BYTES);

/** freqtrade's RPC message types (the keys a webhook or Discord section may template). */
export const NOTIFY_MESSAGE_TYPES = [
  'status',
  'warning',
  'exception',
  'startup',
  'entry',
  'entry_fill',
  'entry_cancel',
  'exit',
  'exit_fill',
  'exit_cancel',
  'protection_trigger',
  'protection_trigger_global',
  'strategy_msg',
  'whitelist',
  'analyzed_df',
  'new_candle',
] as const;

/** Deprecated (2022.10) webhook keys freqtrade still reads when the explicit type is absent. */
export const DEPRECATED_WEBHOOK_KEYS = [
  'webhookentry',
  'webhookentrycancel',
  'webhookentryfill',
  'webhookexit',
  'webhookexitfill',
  'webhookexitcancel',
  'webhookstatus',
] as const;

const templates = Object.fromEntries(
  [...NOTIFY_MESSAGE_TYPES, ...DEPRECATED_WEBHOOK_KEYS].map((k) => [k, template.optional()]),
) as Record<
  (typeof NOTIFY_MESSAGE_TYPES)[number] | (typeof DEPRECATED_WEBHOOK_KEYS)[number],
  z.ZodOptional<typeof template>
>;

const httpUrl = (u: string) => /^https?:\/\/[^\s]+$/i.test(u);

export const webhookSchema = z
  .looseObject({
    enabled: z.boolean().default(false),
    url: z.string().default(''),
    format: z.enum(['form', 'json', 'raw']).default('form'),
    retries: z.number().int().min(0).max(100).default(0),
    retry_delay: z.number().min(0).max(3600).default(0.1),
    timeout: z.number().positive().max(3600).default(10),
    allow_custom_messages: z.boolean().default(false),
    /** tickhub: bytes of pending messages kept while the target is slow; beyond, messages are dropped and logged. */
    queue_max_bytes: queueBytes,
    ...templates,
  })
  .refine((w) => !w.enabled || httpUrl(w.url), {
    path: ['url'],
    message: 'must be an http(s) URL when the webhook is enabled',
  });

export type WebhookConfig = z.infer<typeof webhookSchema>;

const embedFields = z.array(z.record(z.string(), z.string()));

export const DISCORD_EXIT_FILL: Record<string, string>[] = [
  { 'Trade ID': '{trade_id}' },
  { Exchange: '{exchange}' },
  { Pair: '{pair}' },
  { Direction: '{direction}' },
  { 'Open rate': '{open_rate}' },
  { 'Close rate': '{close_rate}' },
  { Amount: '{amount}' },
  { 'Open date': '{open_date:%Y-%m-%d %H:%M:%S}' },
  { 'Close date': '{close_date:%Y-%m-%d %H:%M:%S}' },
  { Profit: '{profit_amount} {stake_currency}' },
  { Profitability: '{profit_ratio:.2%}' },
  { 'Enter tag': '{enter_tag}' },
  { 'Exit Reason': '{exit_reason}' },
  { Strategy: '{strategy}' },
  { Timeframe: '{timeframe}' },
];

export const DISCORD_ENTRY_FILL: Record<string, string>[] = [
  { 'Trade ID': '{trade_id}' },
  { Exchange: '{exchange}' },
  { Pair: '{pair}' },
  { Direction: '{direction}' },
  { 'Open rate': '{open_rate}' },
  { Amount: '{amount}' },
  { 'Open date': '{open_date:%Y-%m-%d %H:%M:%S}' },
  { 'Enter tag': '{enter_tag}' },
  { Strategy: '{strategy} {timeframe}' },
];

export const discordSchema = z
  .looseObject({
    enabled: z.boolean().default(false),
    webhook_url: z.string().default(''),
    timeout: z.number().positive().max(3600).default(10),
    allow_custom_messages: z.boolean().default(false),
    exit_fill: embedFields.default(() => DISCORD_EXIT_FILL.map((f) => ({ ...f }))),
    entry_fill: embedFields.default(() => DISCORD_ENTRY_FILL.map((f) => ({ ...f }))),
    queue_max_bytes: queueBytes,
  })
  .refine((d) => !d.enabled || httpUrl(d.webhook_url), {
    path: ['webhook_url'],
    message: 'must be an http(s) URL when discord is enabled',
  });

export type DiscordConfig = z.infer<typeof discordSchema>;

const setting = z.enum(['on', 'off', 'silent']);

export const telegramSchema = z.looseObject({
  enabled: z.boolean().default(false),
  token: z.string().default(''),
  chat_id: z.union([z.string(), z.number().int()]).transform(String).default(''),
  topic_id: z.union([z.string(), z.number().int()]).transform(String).optional(),
  authorized_users: z.array(z.string()).optional(),
  allow_custom_messages: z.boolean().default(true),
  balance_dust_level: z.number().min(0).default(0),
  reload: z.boolean().default(true),
  keyboard: z.array(z.array(z.string())).optional(),
  notification_settings: z
    .looseObject({
      status: setting.optional(),
      warning: setting.optional(),
      startup: setting.optional(),
      entry: setting.optional(),
      entry_fill: setting.default('off'),
      entry_cancel: setting.optional(),
      exit: z.union([setting, z.record(z.string(), setting)]).optional(),
      exit_fill: setting.default('on'),
      exit_cancel: setting.optional(),
      protection_trigger: setting.default('on'),
      protection_trigger_global: setting.default('on'),
      strategy_msg: setting.optional(),
      show_candle: z.enum(['off', 'ohlc']).optional(),
    })
    .default({ entry_fill: 'off', exit_fill: 'on', protection_trigger: 'on', protection_trigger_global: 'on' }),
  /** tickhub: the Bot API base (tests point it at a loopback fake). */
  api_base_url: z.string().default('https://api.telegram.org'),
  /**
   * tickhub, edge host: the secret_token Telegram sends with every webhook update (its header
   * X-Telegram-Bot-Api-Secret-Token); Telegram allows 1-256 of A-Z a-z 0-9 _ -. Empty: no commands on the edge.
   */
  webhook_secret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
    .default(''),
  /** tickhub, edge host: the public URL of the Worker's /telegram/webhook route, registered with setWebhook at start. */
  webhook_url: z.url({ protocol: /^https?$/ }).optional(),
});

export type TelegramConfig = z.infer<typeof telegramSchema>;
