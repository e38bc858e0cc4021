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
