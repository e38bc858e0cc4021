// Real ccxt (binance, swap mode, isolated margin) connected to a loopback fake futures exchange, markets loaded.

import { type CcxtExchange, type CcxtExchangeOptions, createCcxtExchange } from '../../src/exchange/ccxt/adapter.ts';
import type { FakeBinanceFutures } from './fake-binance-futures.ts';

export async function connectFuturesCcxt(
  fake: FakeBinanceFutures,
  extra: Partial<CcxtExchangeOptions> = {},
): Promise<CcxtExchange> {
  const ex = await createCcxtExchange({
    name: 'binance',
    key: fake.apiKey,
    secret: fake.secret,
    trading_mode: 'futures',
    margin_mode: 'isolated',
    urlOverride: fake.url,
    retry: { tries: 1 },
    ...extra,
  });
  await ex.loadMarkets();
  return ex;
}
