// /exchanges on Node lists ccxt's exchanges in a worker thread when the bot has not loaded ccxt:
// the event loop stays free (it used to be held 1-7 s) and ccxt never enters the main heap.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { isCcxtLoaded } from '../../../src/exchange/ccxt/loader.ts';
import { nodeExchangeList } from '../../../src/hosts/node/exchange-list.ts';

describe('exchange list off the main thread', () => {
  it('lists every ccxt exchange without loading ccxt here or holding the event loop', async () => {
    expect(isCcxtLoaded()).toBe(false);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const list = await nodeExchangeList();
    delay.disable();
    expect(list.length).toBeGreaterThan(100);
    expect(list.find((e) => e.name === 'binance')).toMatchObject({ valid: true, supported: true });
    expect(isCcxtLoaded()).toBe(false);
    // ccxt's import alone is 1-3 s of synchronous work; generous for a loaded machine
    expect(delay.max / 1e6).toBeLessThan(500);
    expect(await nodeExchangeList()).toBe(list); // made once per process
  });
});
