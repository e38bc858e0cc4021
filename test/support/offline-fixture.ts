// A small deterministic sample of the offline market, checked by both the Node and the workerd
// test: the expected numbers were generated once from the Node implementation, so any engine
// difference (or an accidental change of the price model) shows up as a mismatch.

import { OfflineExchange } from '../../src/exchange/offline/index.ts';
import type { Candle } from '../../src/exchange/port.ts';
import { ManualClock } from '../../src/util/clock.ts';

export const FIXTURE_SEED = 7;
/** 2026-03-01T10:17:23.456Z: mid-minute, so the forming candles are partial. */
export const FIXTURE_TIME = Date.UTC(2026, 2, 1, 10, 17, 23, 456);

const QUERIES: [symbol: string, timeframe: string, limit: number][] = [
  ['BTC/USDT', '1m', 3],
  ['ETH/USDT', '1h', 2],
  ['DOGE/USDT', '1d', 2],
  ['SOL/USDT:USDT', '5m', 2],
];

export interface OfflineFixture {
  candles: Record<string, Candle[]>;
  btcTickerLast: number;
  btcQuoteVolume: number;
}

export async function computeOfflineFixture(): Promise<OfflineFixture> {
  const exchange = new OfflineExchange({ seed: FIXTURE_SEED, clock: new ManualClock(FIXTURE_TIME) });
  const candles: Record<string, Candle[]> = {};
  for (const [symbol, timeframe, limit] of QUERIES) {
    candles[`${symbol} ${timeframe}`] = await exchange.fetchOHLCV(symbol, timeframe, undefined, limit);
  }
  const ticker = await exchange.fetchTicker('BTC/USDT');
  return { candles, btcTickerLast: ticker.last, btcQuoteVolume: ticker.quoteVolume! };
}

export const EXPECTED_OFFLINE_FIXTURE: OfflineFixture = {
  candles: {
    'BTC/USDT 1m': [
      [1772360100000, 59117.74, 59117.74, 59085.89, 59085.89, 11.490234375],
      [1772360160000, 59085.89, 59096.36, 59080, 59096.36, 18.1416015625],
      [1772360220000, 59096.36, 59117.4, 59096.36, 59117.4, 2.830078125],
    ],
    'ETH/USDT 1h': [
      [1772355600000, 3013.14, 3013.14, 2984.21, 3010.05, 14224.5625],
      [1772359200000, 3010.05, 3015.16, 3010.05, 3015.16, 2836.8583984375],
    ],
    'DOGE/USDT 1d': [
      [1772236800000, 0.14045, 0.15403, 0.13992, 0.15073, 2116375717.2636719],
      [1772323200000, 0.15073, 0.15603, 0.14828, 0.15235, 1187199165.9853516],
    ],
    'SOL/USDT:USDT 5m': [
      [1772359800000, 151.5, 151.91, 151.5, 151.91, 18109.2890625],
      [1772360100000, 151.91, 151.91, 151.36, 151.36, 6053.6689453125],
    ],
  },
  btcTickerLast: 59117.4,
  btcQuoteVolume: 1013105564.1896485,
};
