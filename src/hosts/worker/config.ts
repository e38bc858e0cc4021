// The edge bot config: TICKHUB_CONFIG (JSON with comments) plus TICKHUB__… bindings. Secrets are
// accepted only from bindings (wrangler secrets), never from the plain-text variable, and the
// insecure-config refusal always applies: a Worker is reachable from the internet.

import { ConfigError, loadConfig, parseConfigText } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { checkSecurity } from '../../config/security.ts';
import { stringBindings } from './env.ts';

/** Config keys that hold secrets: only `wrangler secret put TICKHUB__…` may set them. */
export const SECRET_KEYS = [
  'api_server.password',
  'api_server.jwt_secret_key',
  'api_server.ws_token',
  'api_server.readonly_password',
  'exchange.key',
  'exchange.secret',
  'exchange.password',
  'telegram.token',
  'telegram.webhook_secret',
  'coingecko.api_key',
] as const;

/** The edge refuses to serve: the message says why (never with a secret value in it). */
export class EdgeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EdgeConfigError';
  }
}

export function secretBindingName(key: string): string {
  return `TICKHUB__${key.split('.').join('__').toUpperCase()}`;
}

function valueAt(root: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = root;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function holdsValue(v: unknown): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null;
}

/** Secret keys set (non-empty) in the TICKHUB_CONFIG text itself. */
export function secretsInConfigText(text: string): string[] {
  const raw = parseConfigText({ path: 'TICKHUB_CONFIG', text });
  return SECRET_KEYS.filter((k) => holdsValue(valueAt(raw, k)));
}

export function loadEdgeConfig(env: Record<string, unknown>): Config {
  const text = typeof env.TICKHUB_CONFIG === 'string' ? env.TICKHUB_CONFIG : '{}';
  let config: Config;
  try {
    const leaked = secretsInConfigText(text);
    if (leaked.length > 0) {
      throw new EdgeConfigError(
        'Refusing to start: TICKHUB_CONFIG is a plain-text variable and must not hold secrets. ' +
          `Remove ${leaked.join(', ')} from it and set them as Worker secrets instead: ` +
          leaked.map((k) => `npx wrangler secret put ${secretBindingName(k)}`).join('; '),
      );
    }
    config = loadConfig([{ path: 'TICKHUB_CONFIG', text }], stringBindings(env)).config;
  } catch (e) {
    if (e instanceof ConfigError) throw new EdgeConfigError(e.message);
    throw e;
  }
  // On the edge the API is always reachable beyond loopback, whatever listen_ip_address says.
  const exposed = { ...config, api_server: { ...config.api_server, listen_ip_address: '0.0.0.0' } };
  const { fatal } = checkSecurity(exposed);
  if (fatal.length > 0) {
    throw new EdgeConfigError(
      'Refusing to serve with an insecure configuration (a Worker is reachable from the internet):\n' +
        fatal
          .map((f) => `  - ${f.key} ${f.message} (set it with: npx wrangler secret put ${secretBindingName(f.key)})`)
          .join('\n'),
    );
  }
  return config;
}
