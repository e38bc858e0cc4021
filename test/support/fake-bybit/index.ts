// A loopback fake of Bybit's v5 REST API for USDT linear perpetuals (a unified account), just
// enough for ccxt's bybit class in futures mode: instruments, risk limits, tickers, klines, order
// book, funding and mark-price history, account info, wallet balance, margin mode and leverage,
// orders (/v5/order/create, realtime, cancel). A stop is a conditional order ("Untriggered") that
// turns into an active order under the same orderId at its trigger. Private calls check Bybit's
// X-BAPI-SIGN: hex HMAC-SHA256 of timestamp + key + recvWindow + (query or JSON body).
// Positions are kept as the base held, at leverage 1 (what the bot run uses).
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

export const BYBIT_MARKETS: BookMarket[] = [
  { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', price: 50000, tick: 0.1, step: 0.001, minQty: 0.001 },
];

export interface FakeBybit extends Pick<FakeHttpServer, 'url' | 'requests' | 'close' | 'loseReplyOnce'> {
  readonly apiKey: string;
  readonly secret: string;
  book: ReturnType<typeof createBook>;
  /** Per symbol: the margin mode and leverage the bot set. */
  settings: { marginMode?: string; leverage: Record<string, string> };
  setPrice(symbol: string, price: number): void;
}

export async function startFakeBybit(opts: {
  now: () => number;
  balances?: Record<string, number>;
}): Promise<FakeBybit> {
  const apiKey = 'bybit-key';
  const secret = 'bybit-secret';
  const book = createBook({
    markets: BYBIT_MARKETS,
    balances: opts.balances ?? { USDT: 10_000 },
    now: opts.now,
    orderId: (n) => `b7f0c1a2-0000-4000-8000-${String(n).padStart(12, '0')}`,
    feeInQuote: true,
  });
  const settings: FakeBybit['settings'] = { leverage: {} };
  const ok = (result: unknown) => ({
    status: 200,
    body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: opts.now() },
  });
  const fail = (retCode: number, retMsg: string) => ({
    status: 200,
    body: { retCode, retMsg, result: {}, retExtInfo: {}, time: opts.now() },
  });

  const orderView = (o: BookOrder) => {
    const m = book.market(o.market);
    const stop = o.stop;
    const status =
      o.status === 'canceled'
        ? stop && !stop.triggered
          ? 'Deactivated'
          : 'Cancelled'
        : o.status === 'closed'
          ? 'Filled'
          : stop && !stop.triggered
            ? 'Untriggered'
            : 'New';
    return {
      orderId: o.id,
      orderLinkId: o.clientId ?? '',
      symbol: o.market,
      side: o.side === 'buy' ? 'Buy' : 'Sell',
      orderType: o.type === 'market' ? 'Market' : 'Limit',
      price: o.price === undefined ? '0' : onTickStr(o.price, m.tick),
      qty: String(o.amount),
      orderStatus: status,
      stopOrderType: stop ? 'Stop' : '',
      triggerPrice: stop ? onTickStr(stop.trigger, m.tick) : '0',
      triggerBy: stop?.priceType ?? '',
      triggerDirection: stop ? (o.side === 'sell' ? 2 : 1) : 0,
      cumExecQty: String(o.filled),
      cumExecValue: String(o.cost),
      cumExecFee: String(o.fee),
      cumFeeDetail: o.fee ? { USDT: String(o.fee) } : {},
      avgPrice: o.average === undefined ? '' : onTickStr(o.average, m.tick),
      leavesQty: String(o.status === 'open' ? o.amount - o.filled : 0),
      timeInForce: o.type === 'market' ? 'IOC' : 'GTC',
      reduceOnly: o.reduceOnly,
      positionIdx: Number(o.sent.positionIdx ?? 0),
      createdTime: String(o.created),
      updatedTime: String(o.updated),
    };
  };

  const verify = (req: FakeHttpRequest) => {
    const h = req.headers;
    if (h['x-bapi-api-key'] !== apiKey) return fail(10003, 'API key is invalid.');
    const payload = `${h['x-bapi-timestamp']}${apiKey}${h['x-bapi-recv-window']}${req.method === 'POST' ? req.rawBody : req.search.replace(/^\?/, '')}`;
    if (h['x-bapi-sign'] !== createHmac('sha256', secret).update(payload).digest('hex')) {
      return fail(10004, 'error sign! origin_string[...]');
    }
    return undefined;
  };

  const create = (b: Record<string, unknown>) => {
    if (b.category !== 'linear') return fail(10001, 'category only support linear');
    const trigger = b.triggerPrice === undefined ? undefined : Number(b.triggerPrice);
    const side = b.side === 'Buy' ? 'buy' : 'sell';
    if (trigger !== undefined) {
      // A sell stop falls to its trigger (direction 2), a buy stop rises to it (1).
      if (Number(b.triggerDirection) !== (side === 'sell' ? 2 : 1)) return fail(10001, 'triggerDirection invalid');
      if (b.reduceOnly !== true) return fail(10001, 'stop loss order must be reduceOnly');
    }
    const type = b.orderType === 'Market' ? 'market' : 'limit';
    const o = book.place({
      market: String(b.symbol),
      side,
      type,
      amount: Number(b.qty),
      price: type === 'limit' && trigger === undefined ? Number(b.price) : undefined,
      clientId: b.orderLinkId as string | undefined,
      reduceOnly: b.reduceOnly === true,
      stop:
        trigger === undefined
          ? undefined
          : {
              trigger,
              limit: type === 'limit' ? Number(b.price) : undefined,
              priceType: b.triggerBy as string | undefined,
              style: 'inplace',
            },
      sent: b,
    });
    return ok({ orderId: o.id, orderLinkId: o.clientId ?? '' });
  };

  const route = (req: FakeHttpRequest) => {
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    const m = () => book.market(q.symbol);
    if (key === 'GET /v5/market/time') return ok({ timeSecond: String(Math.floor(opts.now() / 1000)), timeNano: '0' });
    if (key === 'GET /v5/market/instruments-info') {
      if (q.category !== 'linear' || q.status === 'PreLaunch')
        return ok({ category: q.category, list: [], nextPageCursor: '' });
      return ok({
        category: 'linear',
        nextPageCursor: '',
        list: [...book.markets.values()].map((x) => ({
          symbol: x.id,
          contractType: 'LinearPerpetual',
          status: 'Trading',
          baseCoin: x.base,
          quoteCoin: x.quote,
          settleCoin: x.quote,
          launchTime: '1585526400000',
          deliveryTime: '0',
          priceScale: '1',
          leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
          priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: String(x.tick) },
          lotSizeFilter: {
            maxOrderQty: '1190',
            minOrderQty: String(x.minQty),
            qtyStep: String(x.step),
            minNotionalValue: '5',
          },
          fundingInterval: 480,
        })),
      });
    }
    if (key === 'GET /v5/market/risk-limit') {
      return ok({
        category: 'linear',
        list: [...book.markets.values()].map((x) => ({
          id: 1,
          symbol: x.id,
          riskLimitValue: '2000000',
          maintenanceMargin: '0.005',
          initialMargin: '0.01',
          isLowestRisk: 1,
          maxLeverage: '100.00',
          mmDeduction: '0',
        })),
      });
    }
    if (key === 'GET /v5/market/tickers') {
      const list = (q.symbol ? [m()] : [...book.markets.values()]).map((x) => ({
        symbol: x.id,
        lastPrice: onTickStr(x.price, x.tick),
        bid1Price: onTickStr(x.price - x.tick, x.tick),
        ask1Price: onTickStr(x.price + x.tick, x.tick),
        bid1Size: '2',
        ask1Size: '3',
        markPrice: onTickStr(x.price, x.tick),
        indexPrice: onTickStr(x.price, x.tick),
        highPrice24h: onTickStr(x.price * 1.02, x.tick),
        lowPrice24h: onTickStr(x.price * 0.97, x.tick),
        prevPrice24h: onTickStr(x.price * 0.98, x.tick),
        price24hPcnt: '0.02',
        volume24h: '1000',
        turnover24h: String(1000 * x.price),
        fundingRate: '0.0001',
        nextFundingTime: String(Math.ceil(opts.now() / 28_800_000) * 28_800_000),
      }));
      return ok({ category: 'linear', list });
    }
    if (key === 'GET /v5/market/kline' || key === 'GET /v5/market/mark-price-kline') {
      const interval = Number(q.interval) * 60_000;
      if (!(interval > 0)) return fail(10001, 'Invalid period!');
      const rows = bookCandles(m(), interval, opts.now(), {
        since: q.start ? Number(q.start) : undefined,
        until: q.end ? Number(q.end) : undefined,
        limit: Math.min(Number(q.limit ?? 200), 1000),
      });
      const list = rows
        .reverse()
        .map(([t, o, h, l, c, v]) => [String(t), String(o), String(h), String(l), String(c), String(v), String(v * c)]);
      return ok({ category: 'linear', symbol: q.symbol, list });
    }
    if (key === 'GET /v5/market/funding/history') {
      const end = q.endTime ? Number(q.endTime) : opts.now();
      const start = q.startTime ? Number(q.startTime) : end - 8 * 28_800_000;
      const list = [];
      for (let t = Math.floor(end / 28_800_000) * 28_800_000; t >= start && list.length < 200; t -= 28_800_000) {
        list.push({ symbol: q.symbol, fundingRate: '0.0001', fundingRateTimestamp: String(t) });
      }
      return ok({ category: 'linear', list });
    }
    if (key === 'GET /v5/market/orderbook') {
      const x = m();
      const n = Math.min(Number(q.limit ?? 25), 25);
      const side = (sign: number) =>
        Array.from({ length: n }, (_, i) => [onTickStr(x.price + sign * (i + 1) * x.tick, x.tick), String(i + 1)]);
      return ok({ s: x.id, b: side(-1), a: side(1), ts: opts.now(), u: 1 });
    }
    const denied = verify(req);
    if (denied) return denied;
    const b = req.body;
    switch (key) {
      case 'GET /v5/asset/coin/query-info':
        return ok({
          rows: ['BTC', 'USDT'].map((coin) => ({
            name: coin,
            coin,
            remainAmount: '1000000',
            chains: [
              {
                chain: coin,
                chainType: coin,
                confirmation: '1',
                withdrawFee: '0',
                depositMin: '0',
                withdrawMin: '0',
                minAccuracy: '8',
                chainDeposit: '1',
                chainWithdraw: '1',
              },
            ],
          })),
        });
      case 'GET /v5/user/query-api':
        return ok({ id: '1', apiKey, readOnly: 0, unified: 0, uta: 1, permissions: {} });
      case 'GET /v5/account/info':
        return ok({
          unifiedMarginStatus: 5,
          marginMode: settings.marginMode ?? 'REGULAR_MARGIN',
          updatedTime: String(opts.now()),
        });
      case 'GET /v5/account/wallet-balance': {
        const coin = book.balances().map(([c, w]) => ({
          coin: c,
          walletBalance: String(w.free + w.locked),
          equity: String(w.free + w.locked),
          locked: String(w.locked),
          totalOrderIM: '0',
          totalPositionIM: '0',
        }));
        return ok({ list: [{ accountType: 'UNIFIED', coin }] });
      }
      case 'POST /v5/account/set-margin-mode':
        settings.marginMode = String(b.setMarginMode);
        return ok({ reasons: [] });
      case 'POST /v5/position/set-leverage':
        if (settings.leverage[String(b.symbol)] === b.buyLeverage) return fail(110043, 'leverage not modified');
        settings.leverage[String(b.symbol)] = String(b.buyLeverage);
        return ok({});
      case 'POST /v5/order/create':
        return create(b);
      case 'POST /v5/order/cancel': {
        const o = b.orderId ? book.find({ id: String(b.orderId) }) : book.find({ clientId: String(b.orderLinkId) });
        if (o?.status !== 'open') return fail(110001, 'order not exists or too late to cancel');
        book.cancel({ id: o.id });
        return ok({ orderId: o.id, orderLinkId: o.clientId ?? '' });
      }
      case 'GET /v5/order/realtime': {
        // One order by id or link id (any status: a unified account's recent orders), else the open ones.
        if (q.orderId || q.orderLinkId) {
          const o = q.orderId ? book.find({ id: q.orderId }) : book.find({ clientId: q.orderLinkId });
          return ok({ category: 'linear', list: o ? [orderView(o)] : [], nextPageCursor: '' });
        }
        const open = book.orders.filter((o) => o.status === 'open' && (!q.symbol || o.market === q.symbol));
        return ok({ category: 'linear', list: open.map(orderView), nextPageCursor: '' });
      }
      case 'GET /v5/position/list':
        return ok({ category: 'linear', list: [], nextPageCursor: '' });
      case 'GET /v5/execution/list':
        return ok({ category: 'linear', list: [], nextPageCursor: '' });
      default:
        return { status: 404, body: { retCode: 10001, retMsg: `fake Bybit has no ${key}` } };
    }
  };

  const http = await startFakeHttp(route, (e) => {
    const codes: Record<BookError['reason'], [number, string]> = {
      not_found: [110001, 'order not exists or too late to cancel'],
      not_open: [110001, 'order not exists or too late to cancel'],
      funds: [110007, 'ab not enough for new order'],
      filter: [10001, 'Qty invalid'],
      immediate: [110092, 'expect Falling, but trigger_price[...] >= current[...]'],
      duplicate: [110072, 'OrderLinkedID is duplicate'],
      bad_param: [10001, e.message],
    };
    const [code, msg] = codes[e.reason];
    return fail(code, msg);
  });
  return {
    ...http,
    apiKey,
    secret,
    book,
    settings,
    setPrice: (symbol, price) => book.setPrice(symbol, price),
  };
}
