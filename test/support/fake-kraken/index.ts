// A loopback fake of Kraken's spot REST API, just enough for ccxt's kraken class: AssetPairs,
// Ticker, OHLC (720 rows from `since`), Depth, BalanceEx, AddOrder (limit, market, stop-loss,
// stop-loss-limit), QueryOrders, CancelOrder, OpenOrders. Private calls check Kraken's API-Sign:
// base64 HMAC-SHA512 (key = the base64-decoded secret) of path + SHA256(nonce + form body).
// A Kraken stop order stays one order: at the trigger it becomes a limit (or market) order.
import { createHash, createHmac } from 'node:crypto';
import {
  type BookError,
  type BookMarket,
  type BookOrder,
  bookCandles,
  createBook,
  onTickStr,
} from '../fake-exchange/book.ts';
import { type FakeHttpRequest, type FakeHttpServer, startFakeHttp } from '../fake-exchange/server.ts';

// Kraken's names: XBT for bitcoin, pair ids without a separator.
export const KRAKEN_MARKETS: BookMarket[] = [
  { id: 'XBTUSDT', base: 'XBT', quote: 'USDT', price: 50000, tick: 0.1, step: 0.00000001, minQty: 0.0001 },
  { id: 'ETHUSDT', base: 'ETH', quote: 'USDT', price: 3000, tick: 0.01, step: 0.00000001, minQty: 0.002 },
];

export interface FakeKraken extends Pick<FakeHttpServer, 'url' | 'requests' | 'close' | 'loseReplyOnce'> {
  readonly apiKey: string;
  readonly secret: string;
  book: ReturnType<typeof createBook>;
  setPrice(pair: string, price: number): void;
}

const ok = (result: unknown) => ({ status: 200, body: { error: [], result } });
const fail = (error: string) => ({ status: 200, body: { error: [error] } });
const decimals = (step: number) => Math.max(0, Math.round(-Math.log10(step)));
const txid = (n: number) => `O${String(n).padStart(5, 'A')}-KRKN${n % 10}-FAKE${String(n).padStart(2, '0')}`;

export async function startFakeKraken(opts: {
  now: () => number;
  balances?: Record<string, number>;
}): Promise<FakeKraken> {
  const apiKey = 'kraken-key';
  const secret = Buffer.from('kraken-secret-bytes-for-the-fake').toString('base64');
  const book = createBook({
    markets: KRAKEN_MARKETS,
    balances: opts.balances ?? { USDT: 10_000 },
    now: opts.now,
    orderId: txid,
  });
  const secs = (ms: number) => ms / 1000;

  const orderView = (o: BookOrder) => {
    const m = book.market(o.market);
    const px = (v: number | undefined) => (v === undefined ? '0' : onTickStr(v, m.tick));
    const ordertype = o.stop ? (o.stop.limit === undefined ? 'stop-loss' : 'stop-loss-limit') : o.type;
    return {
      refid: null,
      userref: 0,
      cl_ord_id: o.clientId,
      status: o.status === 'open' ? 'open' : o.status === 'closed' ? 'closed' : 'canceled',
      opentm: secs(o.created),
      closetm: o.status === 'open' ? 0 : secs(o.updated),
      starttm: 0,
      expiretm: 0,
      descr: {
        pair: o.market,
        type: o.side,
        ordertype,
        // stop orders: price = trigger, price2 = limit
        price: o.stop ? px(o.stop.trigger) : px(o.price),
        price2: o.stop ? px(o.stop.limit) : '0',
        leverage: 'none',
        order: `${o.side} ${o.amount} ${o.market} @ ${ordertype}`,
        close: '',
      },
      vol: o.amount.toFixed(8),
      vol_exec: o.filled.toFixed(8),
      cost: o.cost.toFixed(decimals(m.tick) + 2),
      fee: o.fee.toFixed(8),
      price: o.average === undefined ? '0' : px(o.average),
      stopprice: o.stop ? px(o.stop.trigger) : '0',
      limitprice: o.stop?.limit === undefined ? '0' : px(o.stop.limit),
      misc: '',
      // the fake takes fees in the quote currency on sells, in the base on buys
      oflags: o.side === 'sell' ? 'fciq' : 'fcib',
      trades: [],
    };
  };

  const verify = (req: FakeHttpRequest) => {
    if (req.headers['api-key'] !== apiKey) return fail('EAPI:Invalid key');
    const nonce = String(req.body.nonce ?? '');
    const inner = createHash('sha256')
      .update(nonce + req.rawBody)
      .digest();
    const expected = createHmac('sha512', Buffer.from(secret, 'base64'))
      .update(Buffer.concat([Buffer.from(req.path), inner]))
      .digest('base64');
    if (req.headers['api-sign'] !== expected) return fail('EAPI:Invalid signature');
    return undefined;
  };

  const addOrder = (b: Record<string, unknown>) => {
    if (b.trading_agreement !== 'agree') return fail('EGeneral:Permission denied:trading agreement required');
    const type = String(b.ordertype);
    const stop = type === 'stop-loss' || type === 'stop-loss-limit';
    if (!stop && type !== 'limit' && type !== 'market') return fail('EGeneral:Invalid arguments:ordertype');
    const o = book.place({
      market: String(b.pair),
      side: b.type === 'buy' ? 'buy' : 'sell',
      type: type === 'market' || type === 'stop-loss' ? 'market' : 'limit',
      amount: Number(b.volume),
      price: type === 'limit' ? Number(b.price) : undefined,
      clientId: b.cl_ord_id as string | undefined,
      stop: stop
        ? {
            trigger: Number(b.price),
            limit: type === 'stop-loss-limit' ? Number(b.price2) : undefined,
            style: 'inplace',
          }
        : undefined,
      sent: b,
    });
    return ok({ descr: { order: orderView(o).descr.order }, txid: [o.id] });
  };

  const route = (req: FakeHttpRequest) => {
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /0/public/AssetPairs') {
      return ok(
        Object.fromEntries(
          [...book.markets.values()].map((m) => [
            m.id,
            {
              altname: m.id,
              wsname: `${m.base}/${m.quote}`,
              base: m.base === 'XBT' ? 'XXBT' : m.base === 'ETH' ? 'XETH' : m.base,
              quote: m.quote,
              pair_decimals: decimals(m.tick),
              lot_decimals: decimals(m.step),
              cost_decimals: 5,
              ordermin: String(m.minQty),
              costmin: '0.5',
              tick_size: String(m.tick),
              fees: [[0, 0.26]],
              fees_maker: [[0, 0.16]],
              leverage_buy: [],
              status: 'online',
            },
          ]),
        ),
      );
    }
    if (key === 'GET /0/public/Assets') {
      const asset = (id: string, altname: string, decimals: number) => [
        id,
        { aclass: 'currency', altname, decimals, display_decimals: 5, status: 'enabled' },
      ];
      return ok(Object.fromEntries([asset('XXBT', 'XBT', 10), asset('XETH', 'ETH', 10), asset('USDT', 'USDT', 8)]));
    }
    if (key === 'GET /0/public/Ticker') {
      const ids = String(q.pair ?? [...book.markets.keys()].join(',')).split(',');
      return ok(
        Object.fromEntries(
          ids.map((id) => {
            const m = book.market(id);
            const p = (v: number) => onTickStr(v, m.tick);
            return [
              id,
              {
                a: [p(m.price + m.tick), '1', '1.000'],
                b: [p(m.price - m.tick), '1', '1.000'],
                c: [p(m.price), '0.1'],
                v: ['500', '1000'],
                p: [p(m.price), p(m.price)],
                t: [100, 1000],
                l: [p(m.price * 0.97), p(m.price * 0.97)],
                h: [p(m.price * 1.02), p(m.price * 1.02)],
                o: p(m.price * 0.98),
              },
            ];
          }),
        ),
      );
    }
    if (key === 'GET /0/public/OHLC') {
      const m = book.market(q.pair);
      const interval = Number(q.interval ?? 1) * 60_000;
      const rows = bookCandles(m, interval, opts.now(), {
        since: q.since ? Number(q.since) * 1000 + 1 : undefined,
        limit: 720,
      });
      const data = rows.map(([t, o, h, l, c, v]) => [
        t / 1000,
        String(o),
        String(h),
        String(l),
        String(c),
        String(c),
        String(v),
        10,
      ]);
      return ok({ [m.id]: data, last: rows.length ? rows[rows.length - 1][0] / 1000 : 0 });
    }
    if (key === 'GET /0/public/Depth') {
      const m = book.market(q.pair);
      const n = Math.min(Number(q.count ?? 20), 20);
      const side = (sign: number) =>
        Array.from({ length: n }, (_, i) => [
          onTickStr(m.price + sign * (i + 1) * m.tick, m.tick),
          String(i + 1),
          secs(opts.now()),
        ]);
      return ok({ [m.id]: { asks: side(1), bids: side(-1) } });
    }
    if (req.method !== 'POST' || !req.path.startsWith('/0/private/'))
      return { status: 404, body: { error: ['EGeneral:Unknown method'] } };
    const denied = verify(req);
    if (denied) return denied;
    const b = req.body;
    switch (req.path) {
      case '/0/private/BalanceEx':
        return ok(
          Object.fromEntries(
            book
              .balances()
              .map(([asset, w]) => [
                asset === 'XBT' ? 'XXBT' : asset,
                { balance: (w.free + w.locked).toFixed(8), hold_trade: w.locked.toFixed(8) },
              ]),
          ),
        );
      case '/0/private/AddOrder':
        return addOrder(b);
      case '/0/private/QueryOrders': {
        const ids = String(b.txid ?? '')
          .split(',')
          .filter(Boolean);
        if (ids.length === 0) return fail('EGeneral:Invalid arguments:txid');
        const found = ids.map((id) => book.find({ id })).filter((o): o is BookOrder => o !== undefined);
        if (found.length === 0) return fail('EOrder:Unknown order');
        return ok(Object.fromEntries(found.map((o) => [o.id, orderView(o)])));
      }
      case '/0/private/CancelOrder': {
        const o = b.cl_ord_id ? book.find({ clientId: String(b.cl_ord_id) }) : book.find({ id: String(b.txid) });
        if (o?.status !== 'open') return fail('EOrder:Unknown order');
        book.cancel({ id: o.id });
        return ok({ count: 1, pending: false });
      }
      case '/0/private/OpenOrders':
      case '/0/private/ClosedOrders': {
        // Both lists filter on cl_ord_id when given (how an order is found by the id the bot sent).
        const open = req.path.endsWith('OpenOrders');
        const rows = book.orders.filter(
          (o) => (o.status === 'open') === open && (b.cl_ord_id === undefined || o.clientId === b.cl_ord_id),
        );
        const view = Object.fromEntries(rows.map((o) => [o.id, orderView(o)]));
        return ok(open ? { open: view } : { closed: view, count: rows.length });
      }
      default:
        return fail('EGeneral:Unknown method');
    }
  };

  const http = await startFakeHttp(route, (e) => {
    const errors: Record<BookError['reason'], string> = {
      not_found: 'EOrder:Unknown order',
      not_open: 'EOrder:Unknown order',
      funds: 'EOrder:Insufficient funds',
      filter: 'EOrder:Order minimum not met',
      immediate: 'EOrder:Invalid price',
      duplicate: 'EOrder:Duplicate order',
      bad_param: `EGeneral:Invalid arguments:${e.message}`,
    };
    return fail(errors[e.reason]);
  });
  return {
    ...http,
    apiKey,
    secret,
    book,
    setPrice: (pair, price) => book.setPrice(pair, price),
  };
}
