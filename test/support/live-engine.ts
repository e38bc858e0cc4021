// Live-mode bot through real ccxt (binance) against the loopback fake exchange: the config every
// live engine test starts from, with the test's own settings laid over it.

import type { ConfigInput } from '../../src/config/schema.ts';
import type { Strategy } from '../../src/strategy/types.ts';
import { type EngineHarness, startEngine } from './engine.ts';
import type { FakeBinance } from './fake-binance.ts';

export function startLiveEngine(
  fake: FakeBinance,
  strategy: Strategy,
  settings: ConfigInput,
  start: number,
): Promise<EngineHarness> {
  return startEngine(
    {
      dry_run: false,
      max_open_trades: 1,
      exchange: {
        name: 'binance',
        key: fake.apiKey,
        secret: fake.secret,
        pair_whitelist: ['BTC/USDT'],
        ccxt_config: { enableRateLimit: false },
      },
      ...settings,
    },
    strategy,
    { ccxtUrlOverride: fake.url, start },
  );
}
