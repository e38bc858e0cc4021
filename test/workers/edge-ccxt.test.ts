// The one-exchange ccxt module the edge bundles (wrangler.toml aliases `ccxt` to it), inside
// workerd: the exchange loads its markets through the runtime's fetch (fetchImplementation).

import { describe, expect, it } from 'vitest';
import ccxt from '../../src/hosts/worker/ccxt-binance.ts';

const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 1_700_000_000_000,
  rateLimits: [],
  exchangeFilters: [],
  symbols: [
    {
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      baseAssetPrecision: 8,
      quoteAsset: 'USDT',
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'],
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      permissions: ['SPOT'],
      permissionSets: [['SPOT']],
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000.00', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000.00', stepSize: '0.00001' },
      ],
    },
  ],
};

describe('ccxt on the edge', () => {
  it('exposes one exchange and the error classes the adapter maps', () => {
    expect(ccxt.exchanges).toEqual(['binance']);
    expect(typeof ccxt.binance).toBe('function');
    expect(new ccxt.NetworkError('x')).toBeInstanceOf(ccxt.BaseError);
  });

  it('binance loads its markets through the runtime fetch', async () => {
    const urls: string[] = [];
    const client = new ccxt.binance({
      options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    });
    (client as unknown as { fetchImplementation: unknown }).fetchImplementation = async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(EXCHANGE_INFO), { headers: { 'content-type': 'application/json' } });
    };
    const markets = await client.loadMarkets();
    expect(Object.keys(markets)).toEqual(['BTC/USDT']);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain('/api/v3/exchangeInfo');
  }, 15_000);
});
