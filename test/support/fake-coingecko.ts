// A loopback fake of CoinGecko's API v3 for the fiat converter: /coins/list and /simple/price
// from the tables the test gives, every request recorded; `answer` switches it to failing
// (a status code) or to never answering ('hang'), as a dead CoinGecko would.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCoin {
  id: string;
  symbol: string;
  name: string;
}

export interface FakeCoinGecko {
  /** The API base (coingecko.api_url). */
  url: string;
  /** Path and query of every request, in order. */
  requests: string[];
  /** The request headers of every request, in order. */
  headers: Record<string, string | string[] | undefined>[];
  coins: FakeCoin[];
  /** id → fiat (lower case) → price. */
  prices: Record<string, Record<string, number>>;
  answer: 'ok' | 'hang' | number;
  close(): Promise<void>;
}

export async function startFakeCoinGecko(
  coins: FakeCoin[],
  prices: Record<string, Record<string, number>>,
): Promise<FakeCoinGecko> {
  const hanging = new Set<ServerResponse>();
  const fake: FakeCoinGecko = {
    url: '',
    requests: [],
    headers: [],
    coins,
    prices,
    answer: 'ok',
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(`${url.pathname}${url.search}`);
    fake.headers.push(req.headers);
    if (fake.answer === 'hang') {
      hanging.add(res);
      return;
    }
    if (typeof fake.answer === 'number') return json(res, fake.answer, { status: { error_code: fake.answer } });
    if (url.pathname === '/api/v3/coins/list') return json(res, 200, fake.coins);
    if (url.pathname === '/api/v3/simple/price') {
      const ids = (url.searchParams.get('ids') ?? '').split(',');
      const fiats = (url.searchParams.get('vs_currencies') ?? '').split(',');
      const out: Record<string, Record<string, number>> = {};
      for (const id of ids) {
        const known = fake.prices[id];
        if (!known) continue;
        out[id] = {};
        for (const f of fiats) if (known[f] !== undefined) out[id][f] = known[f];
      }
      return json(res, 200, out);
    }
    json(res, 404, { error: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  return fake;
}

/** CoinGecko's listing of the symbols the tests use, duplicates included (as the real list has them). */
export const COINS: FakeCoin[] = [
  { id: 'bitcoin', symbol: 'btc', name: 'Bitcoin' },
  { id: 'osmosis-allbtc', symbol: 'btc', name: 'Osmosis allBTC' },
  { id: 'ethereum', symbol: 'eth', name: 'Ethereum' },
  { id: 'ethereum-wormhole', symbol: 'eth', name: 'Ethereum (Wormhole)' },
  { id: 'tether', symbol: 'usdt', name: 'Tether' },
  { id: 'bridged-tether-fuse', symbol: 'usdt', name: 'Bridged Tether (Fuse)' },
  { id: 'cardano', symbol: 'ada', name: 'Cardano' },
  { id: 'doge-one', symbol: 'dup', name: 'Dup One' },
  { id: 'doge-two', symbol: 'dup', name: 'Dup Two' },
  { id: 'stasis-eurs', symbol: 'eur', name: 'Euro coin' },
];
