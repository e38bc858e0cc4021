import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { configDefaults, defineConfig } from 'vitest/config';
import { EDGE_TELEGRAM, TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER, TEST_WS_TOKEN } from './test/support/test-config.ts';

// The read-only user of the workers tests (test/workers/readonly.test.ts).
const TEST_RO_USER = 'viewer';
const TEST_RO_PASSWORD = 'viewer-password-0123456789abcdef';

const migrations = await readD1Migrations('./migrations');

/** The bindings every workerd test project shares. */
const edgeBindings = {
  TEST_MIGRATIONS: migrations,
  TICKHUB__API_SERVER__USERNAME: TEST_USER,
  TICKHUB__API_SERVER__PASSWORD: TEST_PASSWORD,
  TICKHUB__API_SERVER__JWT_SECRET_KEY: TEST_JWT_SECRET,
  TICKHUB__API_SERVER__WS_TOKEN: TEST_WS_TOKEN,
  TICKHUB__API_SERVER__LOGIN_MAX_FAILURES: '50',
  TICKHUB__API_SERVER__READONLY_USERNAME: TEST_RO_USER,
  TICKHUB__API_SERVER__READONLY_PASSWORD: TEST_RO_PASSWORD,
  // Market entries fill at once in dry-run, whatever the offline price does between
  // two reads (edge-trade.test.ts); freqtrade wants price_side "other" with them.
  TICKHUB__ORDER_TYPES__ENTRY: 'market',
  TICKHUB__ENTRY_PRICING__PRICE_SIDE: 'other',
  TICKHUB__EXIT_PRICING__PRICE_SIDE: 'other',
  // The route contract's forcebuy case (test/workers/routes.test.ts), as the Node test config.
  TICKHUB__FORCE_ENTRY_ENABLE: 'true',
};

// As wrangler.toml's [alias] does for the deployed bundle (the plugin does not apply it): ccxt
// with binance only. All of ccxt makes the first /exchanges take 15-30 s under workerd.
const edgeResolve = { alias: [{ find: /^ccxt$/, replacement: './src/hosts/worker/ccxt-binance.ts' }] };

// Telegram on the edge has its own project: its own miniflare bindings switch Telegram on, with
// the Bot API base pointing at the loopback fake its global setup starts in Node.
const TELEGRAM_EDGE_TEST = 'test/workers/telegram-webhook.test.ts';

export default defineConfig({
  test: {
    // Many suites wait on child processes and sockets rather than the CPU: run more files at once
    // than the 2 cores of CI.
    maxWorkers: 4,
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts', 'src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          // Generous: several suites start real processes (bot, wrangler, nginx, chromium).
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: edgeBindings },
          }),
        ],
        resolve: edgeResolve,
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          exclude: [...configDefaults.exclude, TELEGRAM_EDGE_TEST],
          setupFiles: ['test/workers/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...edgeBindings,
                TICKHUB__TELEGRAM__ENABLED: 'true',
                TICKHUB__TELEGRAM__TOKEN: EDGE_TELEGRAM.token,
                TICKHUB__TELEGRAM__CHAT_ID: EDGE_TELEGRAM.chatId,
                TICKHUB__TELEGRAM__WEBHOOK_SECRET: EDGE_TELEGRAM.webhookSecret,
                TICKHUB__TELEGRAM__WEBHOOK_URL: EDGE_TELEGRAM.webhookUrl,
                TICKHUB__TELEGRAM__API_BASE_URL: inject('fakeTelegramUrl'),
                // fiat_display_currency on the edge: priced by the loopback fake CoinGecko.
                TICKHUB__FIAT_DISPLAY_CURRENCY: 'EUR',
                TICKHUB__COINGECKO__API_URL: inject('fakeCoinGeckoUrl'),
                // /forceexit from Telegram sends no order type: a market exit fills at once in dry-run,
                // where a limit exit could rest when the offline price moves between two reads.
                TICKHUB__ORDER_TYPES__EXIT: 'market',
              },
            },
          })),
        ],
        resolve: edgeResolve,
        test: {
          name: 'workers-telegram',
          include: [TELEGRAM_EDGE_TEST],
          globalSetup: ['test/support/telegram-global-setup.ts'],
          setupFiles: ['test/workers/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
