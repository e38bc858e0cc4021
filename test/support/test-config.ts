// Configs for tests: valid, secure-enough credentials and a fast, quiet bot.

import type { ConfigInput } from '../../src/config/schema.ts';

export const TEST_USER = 'tester';
export const TEST_PASSWORD = 'test-password-0123456789abcdef';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
export const TEST_WS_TOKEN = 'test-ws-token-0123456789abcdef';

export function testConfig(overrides: ConfigInput = {}): ConfigInput {
  const base: ConfigInput = {
    bot_name: 'tickhub-test',
    strategy: 'MaCrossStrategy',
    dry_run: true,
    initial_state: 'running',
    force_entry_enable: true,
    stake_currency: 'USDT',
    exchange: { name: 'offline', pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
    api_server: {
      enabled: true,
      listen_ip_address: '127.0.0.1',
      listen_port: 8080,
      username: TEST_USER,
      password: TEST_PASSWORD,
      jwt_secret_key: TEST_JWT_SECRET,
      ws_token: TEST_WS_TOKEN,
      login_max_failures: 50,
    },
  };
  return {
    ...base,
    ...overrides,
    api_server: { ...base.api_server, ...(overrides.api_server ?? {}) },
    exchange: { ...base.exchange, ...(overrides.exchange ?? {}) },
  };
}

/** Telegram on the edge (vitest.config.ts project workers-telegram, test/workers/telegram-webhook.test.ts). */
export const EDGE_TELEGRAM = {
  token: '123456:edge-test-token',
  chatId: '7001',
  webhookSecret: 'edge-webhook-secret_0123456789abcdef',
  webhookUrl: 'https://tickhub.test/telegram/webhook',
  /** Tether's EUR price on the project's fake CoinGecko (fiat_display_currency EUR). */
  usdtEur: 0.92,
};
