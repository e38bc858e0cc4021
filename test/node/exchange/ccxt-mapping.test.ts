import { describe, expect, it } from 'vitest';
import { ccxtConstructorOptions, listCcxtExchanges, rewriteApiUrls } from '../../../src/exchange/ccxt/adapter.ts';
import { SUPPORTED_EXCHANGES } from '../../../src/exchange/ccxt/exchange-list.ts';
import {
  DECIMAL_PLACES,
  precisionToStep,
  SIGNIFICANT_DIGITS,
  TICK_SIZE,
  toBalances,
  toOrder,
} from '../../../src/exchange/ccxt/mapping.ts';

describe('ccxt mapping', () => {
  it('turns every precision mode into a tick size', () => {
    expect(precisionToStep(0.001, TICK_SIZE)).toBe(0.001);
    expect(precisionToStep(2, DECIMAL_PLACES)).toBe(0.01);
    expect(precisionToStep(0, DECIMAL_PLACES)).toBe(1);
    expect(precisionToStep(8, DECIMAL_PLACES)).toBe(1e-8);
    expect(precisionToStep(4, SIGNIFICANT_DIGITS)).toBe(0.0001);
    expect(precisionToStep(undefined, TICK_SIZE)).toBe(1e-8);
  });

  it('rewrites the origin of nested api urls and keeps their paths', () => {
    const api = {
      public: 'https://api.binance.com/api/v3',
      sapi: 'https://api.binance.com/sapi/v1',
      nested: { rest: 'https://api.{hostname}/v5', port: 443 },
    };
    expect(rewriteApiUrls(api, 'http://127.0.0.1:1234/')).toEqual({
      public: 'http://127.0.0.1:1234/api/v3',
      sapi: 'http://127.0.0.1:1234/sapi/v1',
      nested: { rest: 'http://127.0.0.1:1234/v5', port: 443 },
    });
  });

  it('builds ccxt constructor options per trading mode, with ccxt_config on top', () => {
    expect(ccxtConstructorOptions({ name: 'binance', key: 'k', secret: 's', margin_mode: 'cross' })).toEqual({
      enableRateLimit: true,
      apiKey: 'k',
      secret: 's',
      options: {
        defaultType: 'spot',
        fetchMargins: false,
        fetchCurrencies: false,
        fetchOpenOrders: { warnWithoutSymbol: false },
        fetchMarkets: { types: ['spot'] },
      },
    });
    const futures = ccxtConstructorOptions({
      name: 'binance',
      trading_mode: 'futures',
      margin_mode: 'isolated',
      ccxt_config: {
        enableRateLimit: false,
        options: { recvWindow: 5000, fetchMarkets: { types: ['linear', 'inverse'] } },
      },
    });
    expect(futures).toMatchObject({
      enableRateLimit: false,
      options: {
        defaultType: 'swap',
        fetchMarkets: { types: ['linear', 'inverse'] },
        recvWindow: 5000,
      },
    });
    // Binance's futures balance is read from the USDⓈ-M account only without a default margin mode.
    expect(futures.options).not.toHaveProperty('defaultMarginMode');
    expect(
      ccxtConstructorOptions({ name: 'okx', trading_mode: 'futures', margin_mode: 'isolated' }).options,
    ).toMatchObject({ defaultMarginMode: 'isolated' });
    expect(ccxtConstructorOptions({ name: 'binanceusdm', trading_mode: 'futures' }).options).not.toHaveProperty(
      'fetchMarkets',
    );
    expect(ccxtConstructorOptions({ name: 'kraken', password: 'p' })).toEqual({
      enableRateLimit: true,
      password: 'p',
      options: { defaultType: 'spot' },
    });
  });

  it('maps balances and orders with missing optional fields', () => {
    const balances = toBalances({
      info: {},
      USDT: { free: 5, used: 2, total: 7 },
      BTC: { free: 1, used: undefined, total: undefined },
      free: {},
      used: {},
      total: { USDT: 7, BTC: 1 },
    } as never);
    expect(balances).toEqual({ USDT: { free: 5, used: 2, total: 7 }, BTC: { free: 1, used: 0, total: 1 } });

    const order = toOrder(
      {
        id: 7,
        symbol: undefined,
        type: 'stop_loss_limit',
        side: 'sell',
        status: 'canceling',
        price: 10,
        amount: 3,
        filled: 1,
      } as never,
      'ETH/USDT',
      1234,
    );
    expect(order).toMatchObject({
      id: '7',
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'sell',
      status: 'open',
      timestamp: 1234,
      remaining: 2,
      cost: 0,
    });
  });
});

describe('listCcxtExchanges', () => {
  it('lists every ccxt exchange with the freqtrade fields', async () => {
    const list = await listCcxtExchanges();
    expect(list.length).toBeGreaterThan(50);
    const byName = new Map(list.map((e) => [e.name, e]));
    expect(byName.get('binance')).toEqual({
      name: 'binance',
      classname: 'binance',
      valid: true,
      supported: true,
      comment: '',
      dex: false,
      is_alias: false,
      alias_for: null,
      // freqtrade 2026.3's _supported_trading_mode_margin_pairs (cross futures since 2024.12).
      trade_modes: [
        { trading_mode: 'spot', margin_mode: '' },
        { trading_mode: 'futures', margin_mode: 'cross' },
        { trading_mode: 'futures', margin_mode: 'isolated' },
      ],
    });
    expect(byName.get('okx')?.trade_modes).toEqual([
      { trading_mode: 'spot', margin_mode: '' },
      { trading_mode: 'futures', margin_mode: 'isolated' },
    ]);
    expect(byName.get('hyperliquid')).toMatchObject({ dex: true, supported: true });
    expect(byName.get('bitstamp')).toMatchObject({ supported: false, dex: false });
    // Every exchange claimed as supported exists in this ccxt version.
    expect(
      list
        .filter((e) => e.supported)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...SUPPORTED_EXCHANGES].sort());
    for (const entry of list) {
      expect(entry.valid).toBe(entry.comment === '');
      expect(entry.trade_modes.length).toBeGreaterThan(0);
    }
    expect(await listCcxtExchanges()).toBe(list);
  });
});
