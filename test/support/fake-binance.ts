// A loopback fake of the Binance spot REST API, just enough for ccxt's binance class to load
// markets, read prices and trade. Real HTTP (node:http) on 127.0.0.1 so the real ccxt code path runs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMarketSpec {
  symbol: string; // exchange id, e.g. "BTCUSDT"
  base: string;
  quote: string;
  price: number;
  tickSize: string;
  stepSize: string;
  minQty: string;
  minNotional: string;
}

export const DEFAULT_MARKETS: FakeMarketSpec[] = [
  {
    symbol: 'BTCUSDT',
    base: 'BTC',
    quote: 'USDT',
    price: 50000,
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    minNotional: '5',
  },
  {
    symbol: 'ETHUSDT',
    base: 'ETH',
    quote: 'USDT',
    price: 3000,
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    minNotional: '5',
  },
  {
    symbol: 'SOLUSDT',
    base: 'SOL',
    quote: 'USDT',
    price: 150,
    tickSize: '0.01',
    stepSize: '0.001',
    minQty: '0.001',
    minNotional: '5',
  },
  {
    symbol: 'XRPUSDT',
    base: 'XRP',
    quote: 'USDT',
    price: 0.5,
    tickSize: '0.0001',
    stepSize: '0.1',
    minQty: '0.1',
    minNotional: '5',
  },
];

export const FEE_RATE = 0.001;

export type FakeOrderStatus = 'NEW' | 'FILLED' | 'CANCELED';

export interface FakeFill {
  price: number;
  qty: number;
  commission: number;
  commissionAsset: string;
  tradeId: number;
}

export interface FakeOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  price: number; // 0 for market orders, as Binance reports
  origQty: number;
  executedQty: number;
  cummulativeQuoteQty: number;
  status: FakeOrderStatus;
  time: number;
  updateTime: number;
  fills: FakeFill[];
}

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
  orders(): FakeOrder[];
  requests(): FakeRequest[];
  /** The next `count` requests fail: 503 responses or sockets closed without a reply. */
  failNext(count: number, mode: FailureMode): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, msg: string) {
    super(msg);
    this.status = status;
    this.code = code;
  }
}

const INTERVALS: Record<string, number> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
  '1w': 604_800_000,
};

const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

function decimals(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

function fmt(value: number, places = 8): string {
  return value.toFixed(places);
}

/** True when value is a whole multiple of step (within float noise). */
function onStep(value: number, step: string): boolean {
  const ratio = value / Number(step);
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

function roundTo(value: number, step: string): number {
  return Number((Math.round(value / Number(step)) * Number(step)).toFixed(decimals(step)));
}

export async function startFakeBinance(options: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const apiKey = options.apiKey ?? 'fake-api-key';
  const secret = options.secret ?? 'fake-api-secret';
  const now = options.now ?? Date.now;
  const specs = new Map((options.markets ?? DEFAULT_MARKETS).map((m) => [m.symbol, { ...m }]));
  const balances = new Map<string, { free: number; locked: number }>();
  for (const [asset, free] of Object.entries(options.balances ?? { USDT: 10_000, BTC: 1, ETH: 10 })) {
    balances.set(asset, { free, locked: 0 });
  }
  const orders: FakeOrder[] = [];
  const log: FakeRequest[] = [];
  let failures = { count: 0, mode: 'http503' as FailureMode };
  let nextOrderId = 1000;
  let nextTradeId = 5000;

  const wallet = (asset: string) => {
    let entry = balances.get(asset);
    if (!entry) {
      entry = { free: 0, locked: 0 };
      balances.set(asset, entry);
    }
    return entry;
  };

  const market = (symbol: string | undefined) => {
    const spec = symbol === undefined ? undefined : specs.get(symbol);
    if (!spec) throw new ApiError(400, -1121, 'Invalid symbol.');
    return spec;
  };

  // --- market data -------------------------------------------------------------------------

  const exchangeInfo = () => ({
    timezone: 'UTC',
    serverTime: now(),
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: [...specs.values()].map((m) => ({
      symbol: m.symbol,
      status: 'TRADING',
      baseAsset: m.base,
      baseAssetPrecision: 8,
      quoteAsset: m.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      otoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: m.tickSize, maxPrice: '1000000.00000000', tickSize: m.tickSize },
        { filterType: 'LOT_SIZE', minQty: m.minQty, maxQty: '9000000.00000000', stepSize: m.stepSize },
        { filterType: 'ICEBERG_PARTS', limit: 10 },
        { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100000.00000000', stepSize: '0.00000000' },
        {
          filterType: 'NOTIONAL',
          minNotional: m.minNotional,
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
        { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  });

  const ticker24hr = (m: FakeMarketSpec) => {
    const t = now();
    const tick = Number(m.tickSize);
    const places = decimals(m.tickSize);
    const open = roundTo(m.price * 0.98, m.tickSize);
    return {
      symbol: m.symbol,
      priceChange: fmt(m.price - open, places),
      priceChangePercent: (((m.price - open) / open) * 100).toFixed(3),
      weightedAvgPrice: fmt(m.price, places),
      prevClosePrice: fmt(open, places),
      lastPrice: fmt(m.price, places),
      lastQty: '1.00000000',
      bidPrice: fmt(m.price - tick, places),
      bidQty: '2.00000000',
      askPrice: fmt(m.price + tick, places),
      askQty: '3.00000000',
      openPrice: fmt(open, places),
      highPrice: fmt(m.price * 1.02, places),
      lowPrice: fmt(open * 0.99, places),
      volume: '1000.00000000',
      quoteVolume: fmt(1000 * m.price, 8),
      openTime: t - 86_400_000,
      closeTime: t,
      firstId: 1,
      lastId: 1000,
      count: 1000,
    };
  };

  const bookTicker = (m: FakeMarketSpec) => {
    const tick = Number(m.tickSize);
    const places = decimals(m.tickSize);
    return {
      symbol: m.symbol,
      bidPrice: fmt(m.price - tick, places),
      bidQty: '2.00000000',
      askPrice: fmt(m.price + tick, places),
      askQty: '3.00000000',
    };
  };

  const selectMarkets = (params: Record<string, string>) => {
    if (params.symbol !== undefined) return market(params.symbol);
    if (params.symbols !== undefined) {
      const ids = JSON.parse(params.symbols) as string[];
      return ids.map((id) => market(id));
    }
    return [...specs.values()];
  };

  // Deterministic candles: a smooth wave around the market's price, a function of open time only.
  const candle = (m: FakeMarketSpec, openTime: number, intervalMs: number) => {
    const places = decimals(m.tickSize);
    const step = openTime / intervalMs;
    const wave = (x: number) => m.price * (1 + 0.01 * Math.sin(x / 7));
    const open = wave(step);
    const close = wave(step + 1);
    const high = Math.max(open, close) * 1.002;
    const low = Math.min(open, close) * 0.998;
    const volume = 10 + (Math.abs(Math.round(step)) % 13);
    return [
      openTime,
      fmt(open, places),
      fmt(high, places),
      fmt(low, places),
      fmt(close, places),
      fmt(volume),
      openTime + intervalMs - 1,
      fmt(volume * close),
      100,
      fmt(volume / 2),
      fmt((volume / 2) * close),
      '0',
    ];
  };

  const klines = (params: Record<string, string>) => {
    const m = market(params.symbol);
    const intervalMs = INTERVALS[params.interval];
    if (!intervalMs) throw new ApiError(400, -1120, 'Invalid interval.');
    const limit = Math.min(Number(params.limit ?? 500), 1000);
    const current = Math.floor(now() / intervalMs) * intervalMs;
    const end = Math.min(
      params.endTime ? Math.floor(Number(params.endTime) / intervalMs) * intervalMs : current,
      current,
    );
    let start: number;
    if (params.startTime) start = Math.ceil(Number(params.startTime) / intervalMs) * intervalMs;
    else start = end - (limit - 1) * intervalMs;
    const rows = [];
    for (let t = start; t <= end && rows.length < limit; t += intervalMs) rows.push(candle(m, t, intervalMs));
    return rows;
  };

  const depth = (params: Record<string, string>) => {
    const m = market(params.symbol);
    const levels = Math.min(Number(params.limit ?? 100), 20);
    const tick = Number(m.tickSize);
    const places = decimals(m.tickSize);
    const bids = [];
    const asks = [];
    for (let i = 1; i <= levels; i++) {
      bids.push([fmt(m.price - i * tick, places), fmt(i)]);
      asks.push([fmt(m.price + i * tick, places), fmt(i)]);
    }
    return { lastUpdateId: 1_000_000 + Math.round(now() / 1000), bids, asks };
  };

  // --- account and orders ------------------------------------------------------------------

  const account = () => ({
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: fmt(FEE_RATE), taker: fmt(FEE_RATE), buyer: fmt(0), seller: fmt(0) },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now(),
    accountType: 'SPOT',
    balances: [...balances.entries()].map(([asset, b]) => ({ asset, free: fmt(b.free), locked: fmt(b.locked) })),
    permissions: ['SPOT'],
    uid: 4242,
  });

  const orderView = (o: FakeOrder) => ({
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: fmt(o.price),
    origQty: fmt(o.origQty),
    executedQty: fmt(o.executedQty),
    cummulativeQuoteQty: fmt(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: 'GTC',
    type: o.type,
    side: o.side,
    stopPrice: fmt(0),
    icebergQty: fmt(0),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: true,
    workingTime: o.time,
    origQuoteOrderQty: fmt(0),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  });

  const newOrderView = (o: FakeOrder, respType: string) => {
    const ack = { symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId };
    if (respType === 'ACK') return { ...ack, transactTime: o.updateTime };
    const {
      time: _time,
      updateTime: _update,
      isWorking: _working,
      stopPrice: _stop,
      icebergQty: _ice,
      ...rest
    } = orderView(o);
    const result = { ...rest, transactTime: o.updateTime };
    if (respType === 'RESULT') return result;
    return {
      ...result,
      fills: o.fills.map((f) => ({
        price: fmt(f.price),
        qty: fmt(f.qty),
        commission: fmt(f.commission),
        commissionAsset: f.commissionAsset,
        tradeId: f.tradeId,
      })),
    };
  };

  /** Fills the whole order at `price`: moves balances (locked funds for resting orders) and records a fill. */
  const fill = (o: FakeOrder, price: number, fromLocked: boolean) => {
    const m = market(o.symbol);
    const cost = o.origQty * price;
    const base = wallet(m.base);
    const quote = wallet(m.quote);
    let commission: number;
    let commissionAsset: string;
    if (o.side === 'BUY') {
      if (fromLocked) {
        quote.locked -= o.origQty * o.price;
        quote.free += o.origQty * o.price - cost; // a better fill price returns the difference
      } else quote.free -= cost;
      commission = o.origQty * FEE_RATE;
      commissionAsset = m.base;
      base.free += o.origQty - commission;
    } else {
      if (fromLocked) base.locked -= o.origQty;
      else base.free -= o.origQty;
      commission = cost * FEE_RATE;
      commissionAsset = m.quote;
      quote.free += cost - commission;
    }
    o.executedQty = o.origQty;
    o.cummulativeQuoteQty = cost;
    o.status = 'FILLED';
    o.updateTime = now();
    o.fills.push({ price, qty: o.origQty, commission, commissionAsset, tradeId: nextTradeId++ });
  };

  const placeOrder = (params: Record<string, string>) => {
    const m = market(params.symbol);
    const side = params.side;
    const type = params.type;
    if (side !== 'BUY' && side !== 'SELL') throw new ApiError(400, -1117, 'Invalid side.');
    if (type !== 'MARKET' && type !== 'LIMIT') throw new ApiError(400, -1116, 'Invalid orderType.');
    const clientOrderId = params.newClientOrderId ?? `fake-${nextOrderId}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId)) {
      throw new ApiError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'.");
    }
    if (orders.some((o) => o.clientOrderId === clientOrderId)) throw new ApiError(400, -2010, 'Duplicate order sent.');

    let qty: number;
    let limitPrice = 0;
    if (type === 'LIMIT') {
      if (params.price === undefined || params.quantity === undefined) {
        throw new ApiError(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
      }
      if (params.timeInForce === undefined) {
        throw new ApiError(400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
      }
      limitPrice = Number(params.price);
      if (!(limitPrice > 0) || !onStep(limitPrice, m.tickSize)) {
        throw new ApiError(400, -1013, 'Filter failure: PRICE_FILTER');
      }
      qty = Number(params.quantity);
    } else if (params.quoteOrderQty !== undefined) {
      qty = roundTo(
        Math.floor(Number(params.quoteOrderQty) / m.price / Number(m.stepSize)) * Number(m.stepSize),
        m.stepSize,
      );
    } else {
      if (params.quantity === undefined) {
        throw new ApiError(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
      }
      qty = Number(params.quantity);
    }
    if (!(qty >= Number(m.minQty)) || !onStep(qty, m.stepSize))
      throw new ApiError(400, -1013, 'Filter failure: LOT_SIZE');
    const refPrice = type === 'LIMIT' ? limitPrice : m.price;
    if (qty * refPrice < Number(m.minNotional)) throw new ApiError(400, -1013, 'Filter failure: NOTIONAL');

    const crosses = type === 'MARKET' || (side === 'BUY' ? limitPrice >= m.price : limitPrice <= m.price);
    const needAsset = side === 'BUY' ? m.quote : m.base;
    const needAmount = side === 'BUY' ? qty * (crosses ? m.price : limitPrice) : qty;
    if (wallet(needAsset).free + 1e-9 < needAmount) {
      throw new ApiError(400, -2010, 'Account has insufficient balance for requested action.');
    }

    const t = now();
    const order: FakeOrder = {
      orderId: nextOrderId++,
      clientOrderId,
      symbol: m.symbol,
      side,
      type,
      price: limitPrice,
      origQty: qty,
      executedQty: 0,
      cummulativeQuoteQty: 0,
      status: 'NEW',
      time: t,
      updateTime: t,
      fills: [],
    };
    orders.push(order);
    if (crosses) fill(order, m.price, false);
    else {
      const w = wallet(needAsset);
      w.free -= needAmount;
      w.locked += needAmount;
    }
    return newOrderView(order, params.newOrderRespType ?? (type === 'MARKET' ? 'FULL' : 'ACK'));
  };

  const findOrder = (params: Record<string, string>) => {
    market(params.symbol);
    let order: FakeOrder | undefined;
    if (params.orderId !== undefined) {
      order = orders.find((o) => o.symbol === params.symbol && String(o.orderId) === params.orderId);
    } else if (params.origClientOrderId !== undefined) {
      order = orders.find((o) => o.symbol === params.symbol && o.clientOrderId === params.origClientOrderId);
    } else {
      throw new ApiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    }
    return order;
  };

  const getOrder = (params: Record<string, string>) => {
    const order = findOrder(params);
    if (!order) throw new ApiError(400, -2013, 'Order does not exist.');
    return orderView(order);
  };

  const cancelOrder = (params: Record<string, string>) => {
    const order = findOrder(params);
    if (order?.status !== 'NEW') throw new ApiError(400, -2011, 'Unknown order sent.');
    const m = market(order.symbol);
    if (order.side === 'BUY') {
      const w = wallet(m.quote);
      w.locked -= order.origQty * order.price;
      w.free += order.origQty * order.price;
    } else {
      const w = wallet(m.base);
      w.locked -= order.origQty;
      w.free += order.origQty;
    }
    order.status = 'CANCELED';
    order.updateTime = now();
    const {
      time: _time,
      updateTime: _update,
      isWorking: _w,
      stopPrice: _s,
      icebergQty: _i,
      workingTime: _wt,
      ...rest
    } = orderView(order);
    return {
      ...rest,
      origClientOrderId: order.clientOrderId,
      clientOrderId: params.newClientOrderId ?? `cancel-${order.orderId}`,
      transactTime: order.updateTime,
    };
  };

  const openOrders = (params: Record<string, string>) => {
    if (params.symbol !== undefined) market(params.symbol);
    return orders
      .filter((o) => o.status === 'NEW' && (params.symbol === undefined || o.symbol === params.symbol))
      .map(orderView);
  };

  // --- auth --------------------------------------------------------------------------------

  const verifySignature = (req: IncomingMessage, payload: string) => {
    const key = req.headers['x-mbx-apikey'];
    if (typeof key !== 'string' || key.length === 0) throw new ApiError(401, -2014, 'API-key format invalid.');
    if (key !== apiKey) throw new ApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const match = /^(.*)&signature=([0-9a-fA-F]+)$/.exec(payload);
    if (!match) throw new ApiError(401, -1022, 'Signature for this request is not valid.');
    const expected = createHmac('sha256', secret).update(match[1]).digest();
    const given = Buffer.from(match[2], 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, -1022, 'Signature for this request is not valid.');
    }
    const params = Object.fromEntries(new URLSearchParams(match[1]));
    if (params.timestamp === undefined) {
      throw new ApiError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    }
    return params;
  };

  // --- routing -----------------------------------------------------------------------------

  type Handler = (params: Record<string, string>) => unknown;
  const publicRoutes: Record<string, Handler> = {
    'GET /api/v3/ping': () => ({}),
    'GET /api/v3/time': () => ({ serverTime: now() }),
    'GET /api/v3/exchangeInfo': exchangeInfo,
    'GET /api/v3/ticker/24hr': (p) => {
      const selected = selectMarkets(p);
      return Array.isArray(selected) ? selected.map(ticker24hr) : ticker24hr(selected);
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
    'GET /api/v3/klines': klines,
    'GET /api/v3/depth': depth,
  };
  const signedRoutes: Record<string, Handler> = {
    'GET /api/v3/account': account,
    'POST /api/v3/order': placeOrder,
    'GET /api/v3/order': getOrder,
    'DELETE /api/v3/order': cancelOrder,
    'GET /api/v3/openOrders': openOrders,
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json;charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
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
    if (failures.count > 0) {
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
        entry.params = verifySignature(req, payload);
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
      const m = market(symbol);
      m.price = price;
      for (const o of orders) {
        if (o.symbol !== symbol || o.status !== 'NEW') continue;
        if ((o.side === 'BUY' && price <= o.price) || (o.side === 'SELL' && price >= o.price)) fill(o, o.price, true);
      }
    },
    price: (symbol) => market(symbol).price,
    setBalance(asset, free, locked = 0) {
      balances.set(asset, { free, locked });
    },
    balance: (asset) => ({ ...wallet(asset) }),
    orders: () => orders.map((o) => ({ ...o, fills: [...o.fills] })),
    requests: () => [...log],
    failNext(count, mode) {
      failures = { count, mode };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
