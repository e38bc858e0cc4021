// The Exchange contract (test/contract/exchange.contract.ts) inside workerd: the offline market and
// the dry-run broker over it, as the Worker composes them (ccxt runs in test/node and edge-ccxt).

import { DryRunBroker, MemoryDryRunStore } from '../../src/exchange/dry-run/index.ts';
import { OfflineExchange } from '../../src/exchange/offline/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { exchangeContract } from '../contract/exchange.contract.ts';

const T0 = Date.UTC(2026, 0, 15, 12, 34, 56, 789);
const SYMBOLS: [string, string] = ['BTC/USDT', 'SOL/USDT'];

exchangeContract('offline (workerd)', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: false,
  async make() {
    const clock = new ManualClock(T0);
    return { exchange: new OfflineExchange({ clock, seed: 42 }), now: () => clock.now() };
  },
});

exchangeContract('dry-run broker over offline (workerd)', {
  symbols: SYMBOLS,
  quote: 'USDT',
  orders: { cancelAgain: 'returns-canceled' },
  async make() {
    const clock = new ManualClock(T0);
    const offline = new OfflineExchange({ clock, seed: 42 });
    const exchange = new DryRunBroker({ exchange: offline, clock, store: new MemoryDryRunStore(), dryRunWallet: 1000 });
    return { exchange, now: () => clock.now() };
  },
});
