// A loopback fake of OKX's v5 REST API (spot), just enough for ccxt's okx class: instruments,
// tickers, candles, books, the trading balance, orders (batch-orders, order, cancel-order,
// orders-pending) and algo orders — OKX's stop orders (order-algo, cancel-algos,
// orders-algo-pending / -history). Private calls check OKX's signature: base64 HMAC-SHA256 of
// timestamp + method + path (+ query or body) with the passphrase header.
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

export const OKX_MARKETS: BookMarket[] = [
  { id: 'BTC-USDT', base: 'BTC', quote: 'USDT', price: 50000, tick: 0.1, step: 0.00001, minQty: 0.00001 },
  { id: 'ETH-USDT', base: 'ETH', quote: 'USDT', price: 3000, tick: 0.01, step: 0.0001, minQty: 0.0001 },
];

const BARS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1H': 3_600_000, '1D': 86_400_000 };

export interface FakeOkx extends Pick<FakeHttpServer, 'url' | 'requests' | 'close' | 'loseReplyOnce'> {
  readonly apiKey: string;
  readonly secret: string;
  readonly password: string;
  book: ReturnType<typeof createBook>;
  setPrice(instId: string, price: number): void;
}

const ok = (data: unknown[]) => ({ status: 200, body: { code: '0', msg: '', data } });
const fail = (code: string, msg: string, status = 200) => ({ status, body: { code, msg, data: [] } });

export async function startFakeOkx(opts: { now: () => number; balances?: Record<string, number> }): Promise<FakeOkx> {
  const apiKey = 'okx-key';
  const secret = 'okx-secret';
  const password = 'okx-pass';
  const book = createBook({
    markets: OKX_MARKETS,
    balances: opts.balances ?? { USDT: 10_000 },
    now: opts.now,
    orderId: (n) => String(600_000_000 + n),
  });
  const num = (v: number | undefined, m?: BookMarket) => (v === undefined ? '' : m ? onTickStr(v, m.tick) : String(v));

  const orderView = (o: BookOrder) => {
    const m = book.market(o.market);
    return {
      instType: 'SPOT',
      instId: o.market,
      ordId: o.id,
      clOrdId: o.clientId ?? '',
      ordType: o.type,
      side: o.side,
      px: num(o.price, m),
      sz: String(o.amount),
      accFillSz: String(o.filled),
      avgPx: o.average === undefined ? '' : num(o.average, m),
      fee: o.fee ? String(-o.fee) : '0',
      feeCcy: o.feeCurrency ?? m.quote,
      state: o.status === 'open' ? 'live' : o.status === 'closed' ? 'filled' : 'canceled',
      tdMode: 'cash',
      cTime: String(o.created),
      uTime: String(o.updated),
      fillTime: o.filled ? String(o.updated) : '',
      reduceOnly: String(o.reduceOnly),
      tgtCcy: '',
    };
  };

  // OKX algo order: a triggered conditional order is "effective" and names the order it placed (ordId).
  const algoView = (o: BookOrder) => {
    const m = book.market(o.market);
    const stop = o.stop!;
    return {
      instType: 'SPOT',
      instId: o.market,
      algoId: o.id,
      algoClOrdId: o.clientId ?? '',
      clOrdId: String(o.sent.clOrdId ?? ''),
      ordType: 'conditional',
      side: o.side,
      sz: String(o.amount),
      slTriggerPx: num(stop.trigger, m),
      slOrdPx: stop.limit === undefined ? '-1' : num(stop.limit, m),
      slTriggerPxType: stop.priceType ?? 'last',
      tdMode: String(o.sent.tdMode ?? 'cash'),
      state: o.status === 'open' ? 'live' : o.status === 'closed' ? 'effective' : 'canceled',
      ordId: stop.firedId ?? '',
      actualSz: stop.firedId ? String(o.amount) : '',
      actualPx: '',
      reduceOnly: String(o.reduceOnly),
      cTime: String(o.created),
      uTime: String(o.updated),
    };
  };

  const verify = (req: FakeHttpRequest) => {
    const h = req.headers;
    if (h['ok-access-key'] !== apiKey) return fail('50111', 'Invalid OK-ACCESS-KEY.', 401);
    if (h['ok-access-passphrase'] !== password) return fail('50105', 'OK-ACCESS-PASSPHRASE incorrect.', 401);
    const ts = String(h['ok-access-timestamp'] ?? '');
    const payload = ts + req.method + req.path + (req.method === 'GET' ? req.search : req.rawBody);
    const expected = createHmac('sha256', secret).update(payload).digest('base64');
    if (h['ok-access-sign'] !== expected) return fail('50113', 'Invalid Sign.', 401);
    return undefined;
  };

  const bookError = (e: BookError) => {
    const codes: Record<BookError['reason'], [string, string]> = {
      not_found: ['51603', 'Order does not exist'],
      not_open: ['51402', 'Cancellation failed as the order has been filled, canceled or does not exist.'],
      funds: ['51008', 'Order failed. Insufficient balance.'],
      filter: ['51121', 'Order quantity must be a multiple of the lot size.'],
      immediate: ['51278', 'SL trigger price cannot be lower than the last price'],
      duplicate: ['51016', 'Duplicated clOrdId'],
      bad_param: ['51000', `Parameter error: ${e.message}`],
    };
    const [code, msg] = codes[e.reason];
    return fail(code, msg);
  };

  const placeAlgo = (b: Record<string, unknown>) => {
    if (b.ordType !== 'conditional') return fail('51000', 'Parameter ordType error');
    if (b.slTriggerPx === undefined) return fail('51000', 'Parameter slTriggerPx error');
    const limit = b.slOrdPx === undefined || b.slOrdPx === '-1' ? undefined : Number(b.slOrdPx);
    const o = book.place({
      market: String(b.instId),
      side: b.side === 'buy' ? 'buy' : 'sell',
      type: limit === undefined ? 'market' : 'limit',
      amount: Number(b.sz),
      clientId: (b.algoClOrdId as string | undefined) ?? undefined,
      reduceOnly: b.reduceOnly === true || b.reduceOnly === 'true',
      stop: {
        trigger: Number(b.slTriggerPx),
        limit,
        priceType: b.slTriggerPxType as string | undefined,
        style: 'separate',
      },
      sent: b,
    });
    return ok([
      { algoId: o.id, algoClOrdId: o.clientId ?? '', clOrdId: String(b.clOrdId ?? ''), sCode: '0', sMsg: '' },
    ]);
  };

  const placePlain = (b: Record<string, unknown>) => {
    if (b.ordType !== 'limit' && b.ordType !== 'market') return fail('51000', 'Parameter ordType error');
    const o = book.place({
      market: String(b.instId),
      side: b.side === 'buy' ? 'buy' : 'sell',
      type: b.ordType,
      amount: Number(b.sz),
      price: b.px === undefined ? undefined : Number(b.px),
      clientId: (b.clOrdId as string | undefined) ?? undefined,
      sent: b,
    });
    return ok([{ ordId: o.id, clOrdId: o.clientId ?? '', tag: '', sCode: '0', sMsg: 'Order placed' }]);
  };

  const findPlain = (q: Record<string, string>) => {
    const o = q.ordId ? book.find({ id: q.ordId }) : book.find({ clientId: q.clOrdId });
    return o && !o.stop ? o : undefined;
  };
  const findAlgo = (q: Record<string, string>) => {
    const o = q.algoId ? book.find({ id: q.algoId }) : book.find({ clientId: q.algoClOrdId });
    return o?.stop ? o : undefined;
  };

  const route = (req: FakeHttpRequest) => {
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /api/v5/public/time') return ok([{ ts: String(opts.now()) }]);
    if (key === 'GET /api/v5/public/instruments') {
      if (q.instType !== 'SPOT') return ok([]);
      return ok(
        [...book.markets.values()].map((m) => ({
          instType: 'SPOT',
          instId: m.id,
          baseCcy: m.base,
          quoteCcy: m.quote,
          settleCcy: '',
          tickSz: String(m.tick),
          lotSz: String(m.step),
          minSz: String(m.minQty),
          maxMktSz: '1000000',
          lever: '',
          state: 'live',
          listTime: '1600000000000',
        })),
      );
    }
    if (key === 'GET /api/v5/market/ticker' || key === 'GET /api/v5/market/tickers') {
      const ms = key.endsWith('ticker') ? [book.market(q.instId)] : [...book.markets.values()];
      return ok(
        ms.map((m) => ({
          instType: 'SPOT',
          instId: m.id,
          last: num(m.price, m),
          bidPx: num(m.price - m.tick, m),
          askPx: num(m.price + m.tick, m),
          bidSz: '2',
          askSz: '3',
          open24h: num(m.price * 0.98, m),
          high24h: num(m.price * 1.02, m),
          low24h: num(m.price * 0.97, m),
          vol24h: '1000',
          volCcy24h: String(1000 * m.price),
          ts: String(opts.now()),
        })),
      );
    }
    if (key === 'GET /api/v5/market/candles' || key === 'GET /api/v5/market/history-candles') {
      const m = book.market(q.instId);
      const interval = BARS[q.bar ?? '1m'];
      if (!interval) return fail('51000', 'Parameter bar error');
      // OKX pages backwards: `after` = older than, `before` = newer than; newest first.
      const rows = bookCandles(m, interval, opts.now(), {
        until: q.after ? Number(q.after) - 1 : undefined,
        since: q.before ? Number(q.before) + 1 : undefined,
        limit: Math.min(Number(q.limit ?? 100), 300),
      });
      return ok(rows.reverse().map((r) => [...r.map(String), String(r[5] * r[4]), String(r[5] * r[4]), '1']));
    }
    if (key === 'GET /api/v5/market/books') {
      const m = book.market(q.instId);
      const levels = Math.min(Number(q.sz ?? 20), 20);
      const side = (sign: number) =>
        Array.from({ length: levels }, (_, i) => [num(m.price + sign * (i + 1) * m.tick, m), String(i + 1), '0', '1']);
      return ok([{ asks: side(1), bids: side(-1), ts: String(opts.now()) }]);
    }
    const denied = verify(req);
    if (denied) return denied;
    if (key === 'GET /api/v5/asset/currencies') return ok([]);
    if (key === 'GET /api/v5/account/balance') {
      return ok([
        {
          uTime: String(opts.now()),
          details: book.balances().map(([ccy, w]) => ({
            ccy,
            availBal: String(w.free),
            frozenBal: String(w.locked),
            eq: String(w.free + w.locked),
            cashBal: String(w.free + w.locked),
            uTime: String(opts.now()),
          })),
        },
      ]);
    }
    if (key === 'POST /api/v5/trade/batch-orders' || key === 'POST /api/v5/trade/order') return placePlain(req.body);
    if (key === 'POST /api/v5/trade/order-algo') return placeAlgo(req.body);
    if (key === 'GET /api/v5/trade/order') {
      const o = findPlain(q);
      return o ? ok([orderView(o)]) : fail('51603', 'Order does not exist');
    }
    if (key === 'GET /api/v5/trade/order-algo') {
      const o = findAlgo(q);
      return o ? ok([algoView(o)]) : fail('51603', 'Order does not exist');
    }
    if (key === 'POST /api/v5/trade/cancel-order') {
      const o = findPlain(req.body as Record<string, string>);
      if (!o) return fail('51400', 'Cancellation failed as the order does not exist.');
      book.cancel({ id: o.id });
      return ok([{ ordId: o.id, clOrdId: o.clientId ?? '', sCode: '0', sMsg: '' }]);
    }
    if (key === 'POST /api/v5/trade/cancel-algos') {
      const o = findAlgo(req.body as Record<string, string>);
      if (!o) return fail('51400', 'Cancellation failed as the order does not exist.');
      book.cancel({ id: o.id });
      return ok([{ algoId: o.id, sCode: '0', sMsg: '' }]);
    }
    if (key === 'GET /api/v5/trade/orders-pending') {
      return ok(
        book.orders
          .filter((o) => !o.stop && o.status === 'open' && (!q.instId || o.market === q.instId))
          .map(orderView),
      );
    }
    if (key === 'GET /api/v5/trade/orders-algo-pending' || key === 'GET /api/v5/trade/orders-algo-history') {
      const open = key.endsWith('pending');
      const wanted = (o: BookOrder) =>
        open ? o.status === 'open' : q.state === 'canceled' ? o.status === 'canceled' : o.status === 'closed';
      return ok(book.orders.filter((o) => o.stop && wanted(o) && (!q.instId || o.market === q.instId)).map(algoView));
    }
    return fail('50000', `fake OKX has no ${key}`, 404);
  };

  const http = await startFakeHttp(route, bookError);
  return {
    ...http,
    apiKey,
    secret,
    password,
    book,
    setPrice: (instId, price) => book.setPrice(instId, price),
  };
}
