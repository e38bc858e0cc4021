// The embedded default a first run writes to user_data/config.json: dry-run on the offline
// market with a built-in strategy, and freshly generated credentials.

import type { Config, ConfigInput } from './schema.ts';

/** The database a config points at: db_url, else user_data_dir's tradesv3.sqlite (as freqtrade). */
export function defaultDbUrl(config: Config): string {
  return config.db_url ?? `file:${config.user_data_dir}/tradesv3.sqlite`;
}

function randomToken(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let s = '';
  for (const b of buf) s += b.toString(16).padStart(2, '0');
  return s;
}

export const DEFAULT_PAIRS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT'];

export function defaultConfig(): ConfigInput {
  return {
    bot_name: 'tickhub',
    strategy: 'MaCrossStrategy',
    dry_run: true,
    dry_run_wallet: 1000,
    stake_currency: 'USDT',
    stake_amount: 'unlimited',
    tradable_balance_ratio: 0.99,
    max_open_trades: 3,
    trading_mode: 'spot',
    initial_state: 'running',
    force_entry_enable: true,
    exchange: { name: 'offline', key: '', secret: '', pair_whitelist: DEFAULT_PAIRS, pair_blacklist: [] },
    pairlists: [{ method: 'StaticPairList' }],
    internals: { process_throttle_secs: 5 },
    api_server: {
      enabled: true,
      listen_ip_address: '127.0.0.1',
      listen_port: 8080,
      username: 'tickhub',
      password: randomToken(16),
      jwt_secret_key: randomToken(32),
      ws_token: randomToken(24),
      CORS_origins: [],
      enable_openapi: true,
    },
  };
}

export function defaultConfigText(): string {
  const header =
    '// tickhub configuration (freqtrade format: comments and trailing commas are allowed).\n' +
    '// Generated on first run with random credentials. Keep this file private.\n';
  return header + JSON.stringify(defaultConfig(), null, 2) + '\n';
}
