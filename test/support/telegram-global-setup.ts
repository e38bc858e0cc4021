// Starts the loopback fake Telegram Bot API in Node for the workerd Telegram test: its URL is
// provided to the project's miniflare bindings (telegram.api_base_url) and to the test (inject).
// A loopback fake CoinGecko prices the project's fiat_display_currency (coingecko.api_url).

import type { TestProject } from 'vitest/node';
import { COINS, startFakeCoinGecko } from './fake-coingecko.ts';
import { startFakeTelegram } from './fake-telegram.ts';
import { EDGE_TELEGRAM } from './test-config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeTelegramUrl: string;
    fakeCoinGeckoUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fake = await startFakeTelegram(EDGE_TELEGRAM.token);
  const coingecko = await startFakeCoinGecko(COINS, { tether: { eur: EDGE_TELEGRAM.usdtEur } });
  project.provide('fakeTelegramUrl', fake.url);
  project.provide('fakeCoinGeckoUrl', coingecko.url);
  return async () => {
    await Promise.all([fake.close(), coingecko.close()]);
  };
}
