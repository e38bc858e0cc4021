// The tickhub configuration the benchmarks run with: a dry-run futures bot on the offline market,
// loopback only, with fixed bench credentials.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'bench-password-0123456789abcdef';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789abcdef0123456789';
export const BENCH_WS_TOKEN = 'bench-ws-token-0123456789abcdef';

export function benchConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bot_name: 'tickhub-bench',
    strategy: 'MaCrossStrategy',
    dry_run: true,
    // The API is measured on its own: a stopped bot does not tick in the background.
    initial_state: 'stopped',
    stake_currency: 'USDT',
    stake_amount: 100,
    max_open_trades: 200,
    timeframe: '5m',
    trading_mode: 'futures',
    margin_mode: 'isolated',
    exchange: { name: 'offline', pair_whitelist: ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT', 'XRP/USDT:USDT'] },
    api_server: {
      enabled: true,
      listen_ip_address: '127.0.0.1',
      listen_port: 8080,
      username: BENCH_USER,
      password: BENCH_PASSWORD,
      jwt_secret_key: BENCH_JWT_SECRET,
      ws_token: BENCH_WS_TOKEN,
      login_max_failures: 1000,
    },
    ...overrides,
  };
}

/** Writes the bench config into `dir` and returns its path. */
export function writeBenchConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(benchConfig(overrides), null, 2), { mode: 0o600 });
  return file;
}

export function basicAuth(): string {
  return `Basic ${Buffer.from(`${BENCH_USER}:${BENCH_PASSWORD}`).toString('base64')}`;
}

/** Logs in with Basic credentials and returns `Bearer <access token>`. */
export async function bearerAuth(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/token/login`, { method: 'POST', headers: { authorization: basicAuth() } });
  if (!res.ok) throw new Error(`token/login answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { access_token: string };
  return `Bearer ${body.access_token}`;
}
