// A loopback fake of Kucoin's spot REST API (classic account, not HF, not unified), just enough
// for ccxt's kucoin class: symbols, currencies, tickers, candles, order book, trade accounts,
// orders (/api/v1/orders) and stop orders (/api/v1/stop-order, `stop` loss/entry + stopPrice).
// A stop keeps its id when it triggers and turns into a limit or market order ('inplace'); the
// order endpoints (/api/v1/orders/{id}) also show stop orders with their stop fields, which is
// how freqtrade's Kucoin class fetches and cancels them (no stop flag). Private calls check
// KC-API-SIGN (base64 HMAC-SHA256 of timestamp + method + path with query + body) and the
// version-2 KC-API-PASSPHRASE (base64 HMAC-SHA256 of the passphrase).
import { createHmac } from 'node:crypto';
import {
  type BookError,
  type BookMarket,
  type BookOrder,
  bookCandles,
  createBook,
  onTickStr,
} from '../fake-exchange/book.ts';
import { type FakeHttpRequest, type FakeHttpServer, startFakeHttp } from '../fake-exchange/server.ts';

export const KUCOIN_MARKETS: BookMarket[] = [
  { id: 'BTC-USDT', base: 'BTC', quote: 'USDT', price: 50000, tick: 0.1, step: 0.00000001, minQty: 0.00001 },
  { id: 'ETH-USDT', base: 'ETH', quote: 'USDT', price: 3000, tick: 0.01, step: 0.0000001, minQty: 0.0001 },
];

const INTERVALS: Record<string, number> = {
  '1min': 60_000,
  '5min': 300_000,
  '15min': 900_000,
  '1hour': 3_600_000,
  '1day': 86_400_000,
};

export interface FakeKucoin extends Pick<FakeHttpServer, 'url' | 'requests' | 'close' | 'loseReplyOnce'> {
  readonly apiKey: string;
  readonly secret: string;
  readonly password: string;
  book: ReturnType<typeof createBook>;
  setPrice(pair: string, price: number): void;
}

const ok = (data: unknown) => ({ status: 200, body: { code: '200000', data } });
const fail = (status: number, code: string, msg: string) => ({ status, body: { code, msg } });
const b64hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');
const page = (items: unknown[]) => ({ currentPage: 1, pageSize: 50, totalNum: items.length, totalPage: 1, items });

export async function startFakeKucoin(opts: {
  now: () => number;
  balances?: Record<string, number>;
}): Promise<FakeKucoin> {
  const apiKey = 'kucoin-key';
  const secret = 'kucoin-secret';
  const password = 'kucoin-pass';
  const book = createBook({
    markets: KUCOIN_MARKETS,
    balances: opts.balances ?? { USDT: 10_000 },
    now: opts.now,
    // Kucoin ids are 24 hex digits.
    orderId: (n) => `65a1b2c3d4e5f6a7b8c9${n.toString(16).padStart(4, '0')}`,
  });

  const orderView = (o: BookOrder) => {
    const m = book.market(o.market);
    const stop = o.stop;
    return {
      id: o.id,
      symbol: o.market,
      opType: 'DEAL',
      type: o.type,
      side: o.side,
      price: o.price === undefined ? '0' : onTickStr(o.price, m.tick),
      size: String(o.amount),
      funds: '0',
      // Kucoin sends exact decimals; ccxt's average is dealFunds / dealSize (the classic order has no average).
      dealFunds: String(Number(o.cost.toPrecision(12))),
      dealSize: String(o.filled),
      fee: String(Number(o.fee.toPrecision(12))),
      feeCurrency: o.feeCurrency ?? m.quote,
      stp: '',
      // Plain orders carry no stop fields (ccxt reads any `stop` as a stop order).
      ...(stop && {
        stop: o.side === 'sell' ? 'loss' : 'entry',
        stopTriggered: stop.triggered,
        stopPrice: onTickStr(stop.trigger, m.tick),
      }),
      timeInForce: 'GTC',
      postOnly: false,
      hidden: false,
      iceberg: false,
      visibleSize: '0',
      cancelAfter: 0,
      channel: 'API',
      clientOid: o.clientId ?? '',
      remark: null,
      tags: null,
      isActive: o.status === 'open',
      cancelExist: o.status === 'canceled',
      createdAt: o.created,
      tradeType: 'TRADE',
    };
  };

  /** The stop-order endpoints' view: status NEW until triggered, TRIGGERED after. */
  const stopView = (o: BookOrder) => ({
    ...orderView(o),
    status: o.status === 'open' && !o.stop?.triggered ? 'NEW' : 'TRIGGERED',
    orderTime: o.created * 1_000_000,
  });

  const verify = (req: FakeHttpRequest) => {
    const h = req.headers;
    if (h['kc-api-key'] !== apiKey) return fail(401, '400003', 'KC-API-KEY not exists');
    if (h['kc-api-key-version'] !== '2') return fail(401, '400004', 'Invalid KC-API-KEY-VERSION');
    if (h['kc-api-passphrase'] !== b64hmac(secret, password)) return fail(401, '400004', 'Invalid KC-API-PASSPHRASE');
    const ts = String(h['kc-api-timestamp'] ?? '');
    if (!/^\d{13}$/.test(ts)) return fail(401, '400002', 'KC-API-TIMESTAMP Invalid');
    if (h['kc-api-sign'] !== b64hmac(secret, `${ts}${req.method}${req.path}${req.search}${req.rawBody}`)) {
      return fail(401, '400005', 'Signature verification failed');
    }
    return undefined;
  };

  const newOrder = (b: Record<string, unknown>, stop: boolean) => {
    if (typeof b.clientOid !== 'string' || !/^[0-9A-Za-z_-]{1,40}$/.test(b.clientOid)) {
      return fail(400, '400100', 'clientOid invalid');
    }
    const side = b.side === 'buy' ? 'buy' : 'sell';
    const type = b.type === 'market' ? 'market' : 'limit';
    if (stop) {
      // stop "loss" fires when the last price falls to stopPrice, "entry" when it rises to it.
      if (b.stop !== (side === 'sell' ? 'loss' : 'entry') || b.stopPrice === undefined) {
        return fail(400, '400100', `stop ${String(b.stop)} with stopPrice ${String(b.stopPrice)} for a ${side}`);
      }
    }
    const o = book.place({
      market: String(b.symbol),
      side,
      type,
      amount: Number(b.size),
      price: type === 'market' || stop ? undefined : Number(b.price),
      clientId: b.clientOid,
      stop: stop
        ? { trigger: Number(b.stopPrice), limit: type === 'market' ? undefined : Number(b.price), style: 'inplace' }
        : undefined,
      sent: b,
    });
    return ok({ orderId: o.id });
  };

  const cancel = (o: BookOrder | undefined) => {
    if (o?.status !== 'open') return fail(400, '400100', 'order_not_exist_or_not_allow_to_cancel');
    book.cancel({ id: o.id });
    return ok({ cancelledOrderIds: [o.id] });
  };

  const tickerView = (m: BookMarket) => ({
    symbol: m.id,
    symbolName: m.id,
    buy: onTickStr(m.price - m.tick, m.tick),
    sell: onTickStr(m.price + m.tick, m.tick),
    changeRate: '0.02',
    changePrice: onTickStr(m.price * 0.02, m.tick),
    high: onTickStr(m.price * 1.02, m.tick),
    low: onTickStr(m.price * 0.97, m.tick),
    vol: '1000',
    volValue: String(1000 * m.price),
    last: onTickStr(m.price, m.tick),
    averagePrice: onTickStr(m.price, m.tick),
    takerFeeRate: '0.001',
    makerFeeRate: '0.001',
    takerCoefficient: '1',
    makerCoefficient: '1',
  });

  const publicRoute = (req: FakeHttpRequest) => {
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /api/v2/symbols') {
      return ok(
        [...book.markets.values()].map((m) => ({
          symbol: m.id,
          name: m.id,
          baseCurrency: m.base,
          quoteCurrency: m.quote,
          feeCurrency: m.quote,
          market: 'USDS',
          baseMinSize: String(m.minQty),
          quoteMinSize: '0.1',
          baseMaxSize: '10000000000',
          quoteMaxSize: '99999999',
          baseIncrement: String(m.step),
          quoteIncrement: '0.000001',
          priceIncrement: String(m.tick),
          priceLimitRate: '0.1',
          minFunds: '0.1',
          isMarginEnabled: false,
          enableTrading: true,
        })),
      );
    }
    if (key === 'GET /api/v3/currencies') {
      return ok(
        ['BTC', 'ETH', 'USDT'].map((currency) => ({
          currency,
          name: currency,
          fullName: currency,
          precision: 8,
          confirms: null,
          contractAddress: null,
          isMarginEnabled: false,
          isDebitEnabled: false,
          chains: [],
        })),
      );
    }
    // ccxt also loads the futures contracts: this fake trades spot only.
    if (key === 'GET /api/v1/contracts/active') return ok([]);
    if (key === 'GET /api/v1/timestamp') return ok(opts.now());
    if (key === 'GET /api/v1/status') return ok({ status: 'open', msg: '' });
    if (key === 'GET /api/v1/market/allTickers') {
      return ok({
        time: opts.now(),
        ticker: [...book.markets.values()].map(tickerView),
      });
    }
    if (key === 'GET /api/v1/market/stats') return ok({ time: opts.now(), ...tickerView(book.market(q.symbol)) });
    if (key === 'GET /api/v1/market/candles') {
      const m = book.market(q.symbol);
      const interval = INTERVALS[q.type];
      if (!interval) return fail(400, '400100', 'type invalid');
      const rows = bookCandles(m, interval, opts.now(), {
        since: q.startAt ? Number(q.startAt) * 1000 : undefined,
        until: q.endAt ? Number(q.endAt) * 1000 : undefined,
        limit: 1500,
      });
      // Kucoin answers newest first: [time (s), open, close, high, low, volume, turnover].
      return ok(
        rows
          .reverse()
          .map(([t, o, h, l, c, v]) => [
            String(t / 1000),
            String(o),
            String(c),
            String(h),
            String(l),
            String(v),
            String(v * c),
          ]),
      );
    }
    const level = /^\/api\/v[13]\/market\/orderbook\/level2(?:_(20|100))?$/.exec(req.path);
    if (req.method === 'GET' && level) {
      const m = book.market(q.symbol);
      const n = Number(level[1] ?? 20);
      const side = (sign: number) =>
        Array.from({ length: n }, (_, i) => [onTickStr(m.price + sign * (i + 1) * m.tick, m.tick), String(i + 1)]);
      return ok({ time: opts.now(), sequence: '1', asks: side(1), bids: side(-1) });
    }
    return undefined;
  };

  const route = (req: FakeHttpRequest) => {
    const pub = publicRoute(req);
    if (pub) return pub;
    const denied = verify(req);
    if (denied) return denied;
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    // A classic (not unified, not HF) account with no margin markets.
    if (key === 'GET /api/ua/v1/account/mode') return ok({ selfAccountMode: 'CLASSIC' });
    if (key === 'GET /api/v1/hf/accounts/opened') return ok(false);
    if (key === 'GET /api/v3/margin/symbols') return ok({ timestamp: opts.now(), items: [] });
    if (key === 'GET /api/v1/isolated/symbols') return ok([]);
    if (key === 'GET /api/v1/accounts') {
      if (q.type !== undefined && q.type !== 'trade') return ok([]);
      return ok(
        book.balances().map(([currency, w], i) => ({
          id: String(i + 1),
          currency,
          type: 'trade',
          balance: String(w.free + w.locked),
          available: String(w.free),
          holds: String(w.locked),
        })),
      );
    }
    if (key === 'POST /api/v1/orders') return newOrder(req.body, false);
    if (key === 'POST /api/v1/stop-order') return newOrder(req.body, true);
    if (key === 'GET /api/v1/orders') {
      const want = q.status === 'active' ? ['open'] : ['closed', 'canceled'];
      return ok(
        page(
          book.orders
            .filter((o) => want.includes(o.status) && (q.symbol === undefined || o.market === q.symbol))
            .map(orderView),
        ),
      );
    }
    if (key === 'GET /api/v1/stop-order') {
      return ok(
        page(
          book.orders
            .filter((o) => o.stop && !o.stop.triggered && o.status === 'open')
            .filter((o) => q.symbol === undefined || o.market === q.symbol)
            .map(stopView),
        ),
      );
    }
    if (key === 'GET /api/v1/stop-order/queryOrderByClientOid') {
      const o = book.find({ clientId: q.clientOid });
      return ok(o?.stop ? [stopView(o)] : []);
    }
    if (key === 'DELETE /api/v1/stop-order/cancelOrderByClientOid') {
      const o = book.find({ clientId: q.clientOid });
      return cancel(o?.stop ? o : undefined);
    }
    const byClient = /^\/api\/v1\/order\/client-order\/([^/]+)$/.exec(req.path);
    if (byClient) {
      const o = book.find({ clientId: decodeURIComponent(byClient[1]) });
      if (req.method === 'DELETE') return cancel(o);
      return o ? ok(orderView(o)) : fail(404, '400100', 'order_not_exist');
    }
    const one = /^\/api\/v1\/(orders|stop-order)\/([0-9a-f]{24})$/.exec(req.path);
    if (one) {
      const stopPath = one[1] === 'stop-order';
      const found = book.find({ id: one[2] });
      // The stop-order endpoints know stop orders only; the order endpoints know both.
      const o = stopPath && !found?.stop ? undefined : found;
      if (req.method === 'DELETE') return cancel(o);
      if (!o) return fail(404, '400100', 'order_not_exist');
      return ok(stopPath ? stopView(o) : orderView(o));
    }
    return fail(404, '404000', `fake Kucoin has no ${key}`);
  };

  const http = await startFakeHttp(route, (e) => {
    const errors: Record<BookError['reason'], [number, string]> = {
      not_found: [404, '400100'],
      not_open: [400, '400100'],
      funds: [400, '200004'],
      filter: [400, '400100'],
      immediate: [400, '400100'],
      duplicate: [400, '400100'],
      bad_param: [400, '400100'],
    };
    const [status, code] = errors[e.reason];
    return fail(status, code, e.message);
  });
  return {
    ...http,
    apiKey,
    secret,
    password,
    book,
    setPrice: (pair, price) => book.setPrice(pair, price),
  };
}
