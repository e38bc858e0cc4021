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
  ];
  return [...new Set(values.filter((v) => v.length >= 4))];
}

/** Replaces any occurrence of a secret in `text` by "***". */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
