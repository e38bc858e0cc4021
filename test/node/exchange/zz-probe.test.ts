import { it } from 'vitest';
import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { startFakeHttp } from '../../support/fake-exchange/server.ts';

it('probe', async () => {
  const http = await startFakeHttp((req) => ({
    status: 200,
    body: { retCode: 0, retMsg: 'OK', result: { list: [] }, time: Date.now() },
  }));
  const ex = await createCcxtExchange({
    name: 'bybit',
    key: 'k',
    secret: 's',
    trading_mode: 'futures',
    margin_mode: 'isolated',
    urlOverride: http.url,
    ccxt_config: { enableRateLimit: false },
  });
  try {
    await ex.loadMarkets();
  } catch (e) {
    console.log(String(e));
  }
  try {
    await ex.fetchBalance();
  } catch (e) {
    console.log(String(e));
  }
  for (const r of http.requests()) console.log(r.method, r.path, r.search);
  await http.close();
});
