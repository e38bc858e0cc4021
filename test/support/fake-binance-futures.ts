// A loopback fake of Binance USDⓈ-M futures (`/fapi`), beside the spot fake: enough for ccxt's binance
// class in swap mode, and a whole live bot, to load markets (with a contract size), leverage brackets
// (fetchLeverageTiers), candles, tickers and depth, the funding income history (fetchFundingHistory),
// premium index / funding rates, the account (fetchBalance: /fapi/v3/account, /fapi/v2/balance) and
// positions (fetchPositions: /fapi/v3/positionRisk, with Binance's liquidation price), to place, read
// and cancel orders (quantities in contracts) and stop orders (algo orders), to read the fills with their
// commission (fetchMyTrades: /fapi/v1/userTrades; order replies carry no fee), and to set a symbol's
// leverage and margin type (unchanged margin type: Binance's -4046 "No need to change margin type.").
// Real HTTP on 127.0.0.1, real ccxt.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignedRequest } from './fake-binance/auth.ts';
import { ApiError } from './fake-binance/format.ts';
import {
  type Bracket,
  createFuturesAccount,
  type FakeAlgoOrder,
  type FakeFuturesOrder,
  type FakeFuturesTrade,
  type FakePosition,
  type MarginType,
} from './fake-binance/futures-account.ts';
import { readBody, send } from './fake-binance/http.ts';
import { bookTicker, depth, type FakeMarketSpec, klines, ticker24hr } from './fake-binance/market-data.ts';

/** A futures market: the spot fake's fields (symbol is Binance's id, e.g. "ETHUSDT"), steps in contracts. */
export interface FakeFuturesMarket
  extends Pick<FakeMarketSpec, 'symbol' | 'base' | 'quote' | 'price' | 'tickSize' | 'minQty'> {
  /** Order quantity step, in contracts. */
  stepSize: string;
  /** Base units per contract (Binance's linear contracts are 1; other exchanges use 0.1, 10, ...). */
  contractSize: number;
  fundingRate: number;
  /** Binance leverage brackets (maintMarginRatio, cum as the API gives them). */
  brackets: Bracket[];
}

export interface FakeIncome {
  symbol: string;
  incomeType: 'FUNDING_FEE';
  income: number;
  time: number;
}

export type { FakeAlgoOrder, FakeFuturesOrder, FakeFuturesTrade, FakePosition, MarginType };

export const DEFAULT_FUTURES_MARKETS: FakeFuturesMarket[] = [
  {
    symbol: 'ETHUSDT',
    base: 'ETH',
    quote: 'USDT',
    price: 2000,
    tickSize: '0.01',
    stepSize: '1',
    minQty: '1',
    contractSize: 0.1,
    fundingRate: 0.0001,
    brackets: [
      { initialLeverage: 75, notionalFloor: 0, notionalCap: 10_000, maintMarginRatio: 0.005, cum: 0 },
      { initialLeverage: 50, notionalFloor: 10_000, notionalCap: 100_000, maintMarginRatio: 0.0065, cum: 15 },
    ],
  },
];

export interface FakeBinanceFutures {
  readonly url: string;
  readonly apiKey: string;
  readonly secret: string;
  /** Books a funding payment (negative = paid) into the income history and the wallet. */
  addFunding(symbol: string, income: number, time: number): void;
  /** Moves the last (and mark) price: triggers the stop orders and fills the limit orders it crosses. */
  setPrice(symbol: string, price: number): void;
  orders(): FakeFuturesOrder[];
  /** Conditional (stop) orders, Binance's algo orders. */
  algoOrders(): FakeAlgoOrder[];
  position(symbol: string): FakePosition;
  /** Binance's liquidation price of the symbol's open position, as positionRisk reports it. */
  liquidationPrice(symbol: string): number;
  /** The USDT wallet balance: realized PnL, funding and commissions booked. */
  wallet(): number;
  /** The commission of the next fills on `side`, a share of their USDT value (Binance charges it in USDT; 0 until set). */
  setCommission(side: 'BUY' | 'SELL', rate: number): void;
  /** Every fill with its commission, as /fapi/v1/userTrades serves them. */
  trades(): FakeFuturesTrade[];
  /** The account's per-symbol settings (Binance's defaults: 20x, cross). */
  settings(symbol: string): { leverage: number; marginType: MarginType };
  paths(): string[];
  /** The next `count` (1) requests to this route (e.g. "POST /fapi/v1/leverage") get their connection reset. */
  dropNext(route: string, count?: number): void;
  /** The next `count` requests to this route get this Binance error instead of an answer. */
  failNext(route: string, count: number, error: { status: number; code: number; msg: string }): void;
  close(): Promise<void>;
}

const fix = (x: number, places = 8) => x.toFixed(places);

export async function startFakeBinanceFutures(
  options: {
    markets?: FakeFuturesMarket[];
    now?: () => number;
    /** The USDT wallet (10 000). */
    balance?: number;
    /** Every symbol's margin type before any change (Binance's default: CROSSED). */
    marginType?: MarginType;
  } = {},
): Promise<FakeBinanceFutures> {
  const apiKey = 'fake-futures-key';
  const secret = 'fake-futures-secret';
  const now = options.now ?? Date.now;
  const specs = new Map((options.markets ?? DEFAULT_FUTURES_MARKETS).map((m) => [m.symbol, { ...m }]));
  const income: FakeIncome[] = [];
  const paths: string[] = [];
  const drops = new Map<string, number>();
  const failures = new Map<string, { count: number; error: { status: number; code: number; msg: string } }>();
  const settings = new Map<string, { leverage: number; marginType: MarginType }>();
  const settingsOf = (symbol: string) => {
    const known = settings.get(symbol);
    if (known) return known;
    const fresh = { leverage: 20, marginType: options.marginType ?? ('CROSSED' as MarginType) };
    settings.set(symbol, fresh);
    return fresh;
  };
  const market = (id: string | undefined) => {
    const m = id ? specs.get(id) : undefined;
    if (!m) throw new ApiError(400, -1121, 'Invalid symbol.');
    return m;
  };
  const account = createFuturesAccount(market, now, settingsOf, options.balance ?? 10_000);
  /** The spot fake's market-data helpers take its market type; futures markets have no minNotional. */
  const spotView = (m: FakeFuturesMarket): FakeMarketSpec => ({ ...m, minNotional: '5' });

  const symbolInfo = (m: FakeFuturesMarket) => ({
    symbol: m.symbol,
    pair: m.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    baseAsset: m.base,
    quoteAsset: m.quote,
    marginAsset: m.quote,
    pricePrecision: 2,
    quantityPrecision: 0,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    contractSize: m.contractSize,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: m.tickSize },
      { filterType: 'LOT_SIZE', minQty: m.minQty, maxQty: '100000', stepSize: m.stepSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: m.minQty, maxQty: '10000', stepSize: m.stepSize },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  });
  const premium = (m: FakeFuturesMarket) => ({
    symbol: m.symbol,
    markPrice: fix(m.price),
    indexPrice: fix(m.price),
    estimatedSettlePrice: fix(m.price),
    lastFundingRate: fix(m.fundingRate),
    interestRate: '0.00010000',
    nextFundingTime: Math.ceil(now() / 28_800_000) * 28_800_000,
    time: now(),
  });
  const orderView = (o: FakeFuturesOrder) => {
    const filled = o.status === 'FILLED' ? o.origQty : 0;
    return {
      orderId: o.orderId,
      symbol: o.symbol,
      status: o.status,
      clientOrderId: o.clientOrderId,
      price: fix(o.price),
      avgPrice: fix(o.avgPrice),
      origQty: String(o.origQty),
      executedQty: String(filled),
      cumQuote: fix(filled * market(o.symbol).contractSize * o.avgPrice),
      timeInForce: o.timeInForce,
      type: o.type,
      reduceOnly: o.reduceOnly,
      closePosition: false,
      side: o.side,
      positionSide: 'BOTH',
      stopPrice: '0',
      workingType: 'CONTRACT_PRICE',
      origType: o.type,
      time: o.time,
      updateTime: o.updateTime,
    };
  };
  const algoView = (a: FakeAlgoOrder) => ({
    algoId: a.algoId,
    clientAlgoId: a.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: a.orderType,
    symbol: a.symbol,
    side: a.side,
    positionSide: 'BOTH',
    timeInForce: 'GTC',
    quantity: String(a.quantity),
    algoStatus: a.algoStatus,
    actualOrderId: a.actualOrderId === undefined ? '' : String(a.actualOrderId),
    triggerPrice: fix(a.triggerPrice),
    price: fix(a.price),
    workingType: a.workingType,
    closePosition: false,
    priceProtect: false,
    reduceOnly: a.reduceOnly,
    createTime: a.createTime,
    updateTime: a.updateTime,
  });

  type Handler = (p: Record<string, string>) => unknown;
  const publicRoutes: Record<string, Handler> = {
    'GET /fapi/v1/klines': (p) => klines(spotView(market(p.symbol)), p, now()),
    'GET /fapi/v1/ticker/24hr': (p) =>
      p.symbol
        ? ticker24hr(spotView(market(p.symbol)), now())
        : [...specs.values()].map((m) => ticker24hr(spotView(m), now())),
    'GET /fapi/v1/ticker/bookTicker': (p) =>
      p.symbol ? bookTicker(spotView(market(p.symbol))) : [...specs.values()].map((m) => bookTicker(spotView(m))),
    'GET /fapi/v1/depth': (p) => depth(spotView(market(p.symbol)), p, now()),
    'GET /fapi/v1/ping': () => ({}),
    'GET /fapi/v1/time': () => ({ serverTime: now() }),
    'GET /fapi/v1/exchangeInfo': () => ({
      timezone: 'UTC',
      serverTime: now(),
      rateLimits: [],
      assets: [],
      symbols: [...specs.values()].map(symbolInfo),
    }),
    'GET /fapi/v1/premiumIndex': (p) => (p.symbol ? premium(market(p.symbol)) : [...specs.values()].map(premium)),
    'GET /fapi/v1/markPriceKlines': (p) => {
      const m = market(p.symbol);
      const hour = 3_600_000;
      const end = Math.floor(now() / hour) * hour;
      const start = p.startTime ? Math.ceil(Number(p.startTime) / hour) * hour : end - 10 * hour;
      const rows = [];
      for (let t = start; t <= end && rows.length < Number(p.limit ?? 500); t += hour) {
        const px = fix(m.price);
        rows.push([t, px, px, px, px, '0', t + hour - 1, '0', 0, '0', '0', '0']);
      }
      return rows;
    },
    'GET /fapi/v1/fundingRate': (p) => {
      const m = market(p.symbol);
      const step = 28_800_000;
      const end = Math.floor(now() / step) * step;
      const from = p.startTime ? Math.ceil(Number(p.startTime) / step) * step : end - 10 * step;
      const out = [];
      for (let t = from; t <= end; t += step) {
        out.push({ symbol: m.symbol, fundingTime: t, fundingRate: fix(m.fundingRate), markPrice: fix(m.price) });
      }
      return out;
    },
  };
  const signedRoutes: Record<string, Handler> = {
    'GET /fapi/v1/leverageBracket': (p) =>
      [...specs.values()]
        .filter((m) => !p.symbol || m.symbol === p.symbol)
        .map((m) => ({
          symbol: m.symbol,
          brackets: m.brackets.map((b, i) => ({ bracket: i + 1, ...b })),
        })),
    'GET /fapi/v1/income': (p) =>
      income
        .filter((r) => (!p.symbol || r.symbol === p.symbol) && (!p.incomeType || r.incomeType === p.incomeType))
        .filter((r) => !p.startTime || r.time >= Number(p.startTime))
        .map((r, i) => ({
          symbol: r.symbol,
          incomeType: r.incomeType,
          income: fix(r.income),
          asset: 'USDT',
          info: 'FUNDING_FEE',
          time: r.time,
          tranId: 9000 + i,
          tradeId: '',
        })),
    'POST /fapi/v1/leverage': (p) => {
      const m = market(p.symbol);
      const leverage = Number(p.leverage);
      const max = Math.max(...m.brackets.map((b) => b.initialLeverage));
      if (!Number.isInteger(leverage) || leverage < 1 || leverage > max) {
        throw new ApiError(400, -4028, `Leverage ${p.leverage} is not valid`);
      }
      settingsOf(m.symbol).leverage = leverage;
      const cap = m.brackets.find((b) => b.initialLeverage >= leverage)?.notionalCap ?? 0;
      return { leverage, maxNotionalValue: String(cap), symbol: m.symbol };
    },
    'POST /fapi/v1/marginType': (p) => {
      const m = market(p.symbol);
      if (p.marginType !== 'ISOLATED' && p.marginType !== 'CROSSED') {
        throw new ApiError(400, -1102, "Mandatory parameter 'marginType' was not sent, was empty/null, or malformed.");
      }
      const current = settingsOf(m.symbol);
      if (current.marginType === p.marginType) throw new ApiError(400, -4046, 'No need to change margin type.');
      current.marginType = p.marginType;
      return { code: 200, msg: 'success' };
    },
    'GET /fapi/v3/account': () => ({ ...account.usdt(), assets: [account.usdt()], positions: [] }),
    'GET /fapi/v2/account': () => ({ ...account.usdt(), assets: [account.usdt()], positions: [] }),
    'GET /fapi/v2/balance': () => [account.usdt()],
    'GET /fapi/v3/positionRisk': (p) => account.positionRisk(p.symbol),
    'GET /fapi/v2/positionRisk': (p) => account.positionRisk(p.symbol),
    'POST /fapi/v1/order': (p) => orderView(account.placeOrder(p)),
    'GET /fapi/v1/order': (p) => orderView(account.findOrder(p)),
    'DELETE /fapi/v1/order': (p) => orderView(account.cancelOrder(p)),
    'GET /fapi/v1/openOrders': (p) => account.openOrders(p.symbol).map(orderView),
    'GET /fapi/v1/userTrades': (p) => account.userTrades(p),
    'POST /fapi/v1/algoOrder': (p) => algoView(account.placeAlgo(p)),
    'GET /fapi/v1/algoOrder': (p) => algoView(account.findAlgo(p)),
    'DELETE /fapi/v1/algoOrder': (p) => algoView(account.cancelAlgo(p)),
    'GET /fapi/v1/openAlgoOrders': (p) => account.openAlgos(p.symbol).map(algoView),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const route = `${method} ${url.pathname}`;
    paths.push(route);
    const dropping = drops.get(route) ?? 0;
    if (dropping > 0) {
      drops.set(route, dropping - 1);
      req.socket.destroy();
      return;
    }
    const failure = failures.get(route);
    if (failure && failure.count > 0) {
      failure.count--;
      send(res, failure.error.status, { code: failure.error.code, msg: failure.error.msg });
      return;
    }
    try {
      let result: unknown;
      if (publicRoutes[route]) result = publicRoutes[route](Object.fromEntries(url.searchParams));
      else if (signedRoutes[route]) {
        const payload = method === 'GET' || method === 'DELETE' ? url.search.slice(1) : body;
        result = signedRoutes[route](verifySignedRequest(req.headers['x-mbx-apikey'], payload, { apiKey, secret }));
      } else throw new ApiError(404, -1000, `No route ${route}`);
      send(res, 200, result);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      send(res, err.status, { code: err.code, msg: err.message });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { code: -1000, msg: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    secret,
    addFunding: (symbol, amount, time) => {
      income.push({ symbol, incomeType: 'FUNDING_FEE', income: amount, time });
      account.addToWallet(amount);
    },
    setPrice: (symbol, price) => account.setPrice(symbol, price),
    orders: () => account.orders(),
    algoOrders: () => account.algoOrders(),
    position: (symbol) => account.position(symbol),
    liquidationPrice: (symbol) => account.liquidationPrice(symbol),
    wallet: () => account.wallet(),
    setCommission: (side, rate) => account.setCommission(side, rate),
    trades: () => account.trades(),
    settings: (symbol) => ({ ...settingsOf(symbol) }),
    paths: () => [...paths],
    dropNext: (route, count = 1) => {
      drops.set(route, count);
    },
    failNext: (route, count, error) => {
      failures.set(route, { count, error });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
