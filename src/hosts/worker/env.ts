// The Worker's bindings: the D1 database, the bot's Durable Object, the bot config as a variable,
// secrets as TICKHUB__SECTION__KEY variables (set with `wrangler secret put`), and optionally a
// libSQL server (LIBSQL_URL + LIBSQL_AUTH_TOKEN secrets) that replaces D1.

import type { D1Database, DurableObjectNamespace } from '@cloudflare/workers-types';

export interface WorkerEnv {
  DB: D1Database;
  /** One BotObject per bot (id from the bot name): the single writer. */
  BOT: DurableObjectNamespace;
  /** The bot config (freqtrade JSON; comments allowed), without secrets. */
  TICKHUB_CONFIG?: string;
  /** libSQL over HTTP (Turso / sqld) instead of D1 when set. */
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  [key: string]: unknown;
}

/** String bindings only: these feed the TICKHUB__… environment overrides. */
export function stringBindings(env: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
