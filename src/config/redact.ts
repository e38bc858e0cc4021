// Secrets never leave the process: not in logs, not in error bodies, not in show_config.

import type { Config } from './schema.ts';

/** Every secret value the config holds (for scrubbing text and for tests that scan responses). */
export function secretValues(config: Config): string[] {
  const api = config.api_server;
  const tokens = Array.isArray(api.ws_token) ? api.ws_token : [api.ws_token];
  const values = [
    api.password,
    api.jwt_secret_key,
    ...tokens,
    api.readonly_password ?? '',
    config.exchange.key,
    config.exchange.secret,
    config.exchange.password,
    ...config.external_message_consumer.producers.map((p) => p.ws_token),
    config.telegram?.token ?? '',
    config.telegram?.webhook_secret ?? '',
    config.coingecko?.api_key ?? '',
    ...urlSecrets(config.webhook?.url),
    ...urlSecrets(config.discord?.webhook_url),
  ];
  return [...new Set(values.filter((v) => v.length >= 4))];
}

/**
 * A notification URL carries its key in the path or query (IFTTT, Slack, Discord webhooks):
 * the whole URL is secret, and so is everything after the host, in case a message quotes only that.
 */
function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const out = [url];
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/is.exec(url);
  const rest = m?.[1] ?? '';
  if (rest.length >= 8) out.push(rest);
  return out;
}

/** Replaces any occurrence of a secret in `text` by "***". */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

/** freqtrade's _SENSITIVE_KEYS, plus the secrets only tickhub's config has. */
const SENSITIVE_KEYS = [
  'exchange.key',
  'exchange.api_key',
  'exchange.apiKey',
  'exchange.secret',
  'exchange.password',
  'exchange.uid',
  'exchange.account_id',
  'exchange.accountId',
  'exchange.wallet_address',
  'exchange.walletAddress',
  'exchange.private_key',
  'exchange.privateKey',
  'telegram.token',
  'telegram.chat_id',
  'telegram.webhook_secret',
  'discord.webhook_url',
  'api_server.password',
  'api_server.jwt_secret_key',
  'api_server.ws_token',
  'api_server.readonly_password',
  'webhook.url',
];

const REDACTED = 'REDACTED';

/**
 * A config as freqtrade's sanitize_config leaves it for the backtest result zip: each sensitive
 * key that is present becomes "REDACTED"; then any other string holding one of `config`'s secret
 * values (a producer's ws_token, a URL quoting a key) is replaced too. `shown` is what gets
 * stored: the config files as read (freqtrade's original_config), or `config` itself.
 */
export function sanitizeConfig(config: Config, shown: Record<string, unknown> = config): Record<string, unknown> {
  const copy = structuredClone(shown);
  for (const key of SENSITIVE_KEYS) {
    const [section, name] = key.split('.');
    const holder = copy[section];
    if (holder && typeof holder === 'object' && name in holder) (holder as Record<string, unknown>)[name] = REDACTED;
  }
  const secrets = secretValues(config);
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return secrets.some((s) => value.includes(s)) ? REDACTED : value;
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    }
    return value;
  };
  return scrub(copy) as Record<string, unknown>;
}
