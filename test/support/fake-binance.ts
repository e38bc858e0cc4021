// A loopback fake of the Binance spot REST API, just enough for ccxt's binance class to load
// markets, read prices and trade. Real HTTP (node:http) on 127.0.0.1 so the real ccxt code path runs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CommissionSpec, createAccount, type FakeOrder } from './fake-binance/account.ts';
import { verifySignedRequest } from './fake-binance/auth.ts';
import { ApiError, decimals, fmt } from './fake-binance/format.ts';
import { readBody, send } from './fake-binance/http.ts';
import {
  bookTicker,
  DEFAULT_MARKETS,
  depth,
  exchangeInfo,
  type FakeMarketSpec,
  klines,
  ticker24hr,
} from './fake-binance/market-data.ts';

export {
  type CommissionSpec,
  type FakeFill,
  type FakeOrder,
  type FakeOrderStatus,
  FEE_RATE,
} from './fake-binance/account.ts';
export { DEFAULT_MARKETS, type FakeMarketSpec } from './fake-binance/market-data.ts';

export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  signed: boolean;
  status: number;
}

/**
 * http503: answer 503 without handling; reset: close the socket without handling;
 * reset-after: handle the request (an order is placed) and then close the socket, losing the reply.
 */
export type FailureMode = 'http503' | 'reset' | 'reset-after';

export interface FakeBinanceOptions {
  apiKey?: string;
  secret?: string;
  markets?: FakeMarketSpec[];
  balances?: Record<string, number>;
  now?: () => number;
}

export interface FakeBinance {
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly secret: string;
  /** Moves the last price of a market and fills the limit orders it crosses. */
  setPrice(symbol: string, price: number): void;
  price(symbol: string): number;
  setBalance(asset: string, free: number, locked?: number): void;
  balance(asset: string): { free: number; locked: number };
  /** How the next fills on `side` pay commission (default: in the asset received, 0.1 %). */
  setCommission(side: 'BUY' | 'SELL', spec: CommissionSpec): void;
  orders(): FakeOrder[];
  requests(): FakeRequest[];
  /** The next `count` requests fail: 503 responses or sockets closed without a reply. */
  failNext(count: number, mode: FailureMode): void;
  /** Like failNext, but only requests whose path (e.g. "/api/v3/order") and method match count. */
  failNextOn(method: string, path: string, count: number, mode: FailureMode): void;
  close(): Promise<void>;
}

export async function startFakeBinance(options: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const apiKey = options.apiKey ?? 'fake-api-key';
  const secret = options.secret ?? 'fake-api-secret';
  const now = options.now ?? Date.now;
  const specs = new Map((options.markets ?? DEFAULT_MARKETS).map((m) => [m.symbol, { ...m }]));
  const log: FakeRequest[] = [];
  let failures = { count: 0, mode: 'http503' as FailureMode, method: '', path: '' };

  const market = (symbol: string | undefined) => {
    const spec = symbol === undefined ? undefined : specs.get(symbol);
    if (!spec) throw new ApiError(400, -1121, 'Invalid symbol.');
    return spec;
  };
  const acct = createAccount(market, now, options.balances ?? { USDT: 10_000, BTC: 1, ETH: 10 });

  const selectMarkets = (params: Record<string, string>) => {
    if (params.symbol !== undefined) return market(params.symbol);
    if (params.symbols !== undefined) {
      const ids = JSON.parse(params.symbols) as string[];
      return ids.map((id) => market(id));
    }
    return [...specs.values()];
  };

  // --- routing -----------------------------------------------------------------------------

  type Handler = (params: Record<string, string>) => unknown;
  const publicRoutes: Record<string, Handler> = {
    'GET /api/v3/ping': () => ({}),
    'GET /api/v3/time': () => ({ serverTime: now() }),
    'GET /api/v3/exchangeInfo': () => exchangeInfo(specs.values(), now()),
    'GET /api/v3/ticker/24hr': (p) => {
      const selected = selectMarkets(p);
      return Array.isArray(selected) ? selected.map((m) => ticker24hr(m, now())) : ticker24hr(selected, now());
    },
    'GET /api/v3/ticker/bookTicker': (p) => {
      const selected = selectMarkets(p);
      return Array.isArray(selected) ? selected.map(bookTicker) : bookTicker(selected);
    },
    'GET /api/v3/ticker/price': (p) => {
      const view = (m: FakeMarketSpec) => ({ symbol: m.symbol, price: fmt(m.price, decimals(m.tickSize)) });
      const selected = selectMarkets(p);
      return Array.isArray(selected) ? selected.map(view) : view(selected);
    },
    'GET /api/v3/klines': (p) => klines(market(p.symbol), p, now()),
    'GET /api/v3/depth': (p) => depth(market(p.symbol), p, now()),
  };
  const signedRoutes: Record<string, Handler> = {
    'GET /api/v3/account': acct.account,
    'POST /api/v3/order': acct.placeOrder,
    'GET /api/v3/order': acct.getOrder,
    'DELETE /api/v3/order': acct.cancelOrder,
    'GET /api/v3/openOrders': acct.openOrders,
    'GET /api/v3/myTrades': acct.myTrades,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const entry: FakeRequest = {
      method,
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      signed: false,
      status: 200,
    };
    log.push(entry);
    let failure: FailureMode | undefined;
    const targeted = failures.path === '' || (failures.path === url.pathname && failures.method === method);
    if (failures.count > 0 && targeted) {
      failures.count--;
      failure = failures.mode;
    }
    if (failure === 'reset') {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (failure === 'http503') {
      entry.status = 503;
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    const route = `${method} ${url.pathname}`;
    try {
      let result: unknown;
      if (publicRoutes[route]) {
        result = publicRoutes[route](entry.params);
      } else if (signedRoutes[route]) {
        entry.signed = true;
        const payload = method === 'GET' || method === 'DELETE' ? url.search.slice(1) : body;
        entry.params = verifySignedRequest(req.headers['x-mbx-apikey'], payload, { apiKey, secret });
        result = signedRoutes[route](entry.params);
      } else {
        throw new ApiError(400, -1121, 'Invalid symbol.');
      }
      if (failure === 'reset-after') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      send(res, 200, result);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      entry.status = err.status;
      send(res, err.status, { code: err.code, msg: err.message });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { code: -1000, msg: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    secret,
    setPrice(symbol, price) {
      market(symbol).price = price;
      acct.priceMoved(symbol, price);
    },
    price: (symbol) => market(symbol).price,
    setBalance(asset, free, locked = 0) {
      acct.balances.set(asset, { free, locked });
    },
    balance: (asset) => ({ ...acct.wallet(asset) }),
    setCommission: acct.setCommission,
    orders: () => acct.orders.map((o) => ({ ...o, fills: [...o.fills] })),
    requests: () => [...log],
    failNextOn(method, path, count, mode) {
      failures = { count, mode, method, path };
    },
    failNext(count, mode) {
      failures = { count, mode, method: '', path: '' };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
