// The Exchange contract (test/contract/exchange.contract.ts) on every implementation of the port:
// the offline market, the dry-run broker over it, the dry-run broker over ccxt, and real ccxt
// (binance) against the loopback fake Binance.

import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { DryRunBroker, MemoryDryRunStore } from '../../../src/exchange/dry-run/index.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { exchangeContract } from '../../contract/exchange.contract.ts';
import { startFakeBinance } from '../../support/fake-binance.ts';

/** Mid-hour, so the forming 1h candle is partial. */
const T0 = Date.UTC(2026, 0, 15, 12, 34, 56, 789);
const SYMBOLS: [string, string] = ['BTC/USDT', 'SOL/USDT'];

function offline(clock: ManualClock) {
  return new OfflineExchange({ clock, seed: 42 });
}

exchangeContract('offline', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: false,
  async make() {
    const clock = new ManualClock(T0);
    return { exchange: offline(clock), now: () => clock.now() };
  },
});

exchangeContract('dry-run broker over offline', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: { cancelAgain: 'returns-canceled' },
  async make() {
    const clock = new ManualClock(T0);
    const exchange = new DryRunBroker({
      exchange: offline(clock),
      clock,
      store: new MemoryDryRunStore(),
      dryRunWallet: 1000,
    });
    return { exchange, now: () => clock.now() };
  },
});

async function ccxtAgainstFake() {
  const fake = await startFakeBinance({ now: () => T0, balances: { USDT: 10_000 } });
  const exchange = await createCcxtExchange({
    name: 'binance',
    key: fake.apiKey,
    secret: fake.secret,
    trading_mode: 'spot',
    margin_mode: '',
    urlOverride: fake.url,
    ccxt_config: { enableRateLimit: false },
    retry: { tries: 2, baseDelayMs: 1 },
  });
  return { fake, exchange };
}

exchangeContract('ccxt binance against the fake Binance', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: { cancelAgain: 'order_not_found' },
  async make() {
    const { fake, exchange } = await ccxtAgainstFake();
    return { exchange, now: () => T0, close: () => fake.close() };
  },
});

exchangeContract('dry-run broker over ccxt', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: { cancelAgain: 'returns-canceled' },
  async make() {
    const { fake, exchange: ccxt } = await ccxtAgainstFake();
    const clock = new ManualClock(T0);
    const exchange = new DryRunBroker({ exchange: ccxt, clock, store: new MemoryDryRunStore(), dryRunWallet: 1000 });
    return { exchange, now: () => T0, close: () => fake.close() };
  },
});
