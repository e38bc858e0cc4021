// Real ccxt (binance, swap mode, isolated margin) connected to a loopback fake futures exchange, markets loaded.

import { type CcxtExchange, createCcxtExchange } from '../../src/exchange/ccxt/adapter.ts';
import type { FakeBinanceFutures } from './fake-binance-futures.ts';

export async function connectFuturesCcxt(fake: FakeBinanceFutures): Promise<CcxtExchange> {
  const ex = await createCcxtExchange({
    name: 'binance',
    key: fake.apiKey,
    secret: fake.secret,
    trading_mode: 'futures',
    margin_mode: 'isolated',
    urlOverride: fake.url,
    retry: { tries: 1 },
  });
  await ex.loadMarkets();
  return ex;
}
