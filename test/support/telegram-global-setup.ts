// Starts the loopback fake Telegram Bot API in Node for the workerd Telegram test: its URL is
// provided to the project's miniflare bindings (telegram.api_base_url) and to the test (inject).

import type { TestProject } from 'vitest/node';
import { startFakeTelegram } from './fake-telegram.ts';
import { EDGE_TELEGRAM } from './test-config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeTelegramUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fake = await startFakeTelegram(EDGE_TELEGRAM.token);
  project.provide('fakeTelegramUrl', fake.url);
  return () => fake.close();
}
