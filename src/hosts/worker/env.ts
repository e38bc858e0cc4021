// The Worker's bindings: the D1 database, the bot config as a variable, secrets as
// TICKHUB__SECTION__KEY variables (set with `wrangler secret put`).

import type { D1Database } from '@cloudflare/workers-types';

export interface WorkerEnv {
  DB: D1Database;
  /** The bot config (freqtrade JSON; comments allowed), without secrets. */
  TICKHUB_CONFIG?: string;
  [key: string]: unknown;
}

/** String bindings only: these feed the TICKHUB__… environment overrides. */
export function stringBindings(env: WorkerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
