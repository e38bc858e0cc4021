// A loopback fake of Gate's v4 REST API (spot), just enough for ccxt's gate class: currency
// pairs, tickers, candlesticks, order book, spot accounts, orders (/spot/orders) and price-
// triggered orders — Gate's stop orders (/spot/price_orders). A triggered price order is
// "finished" and names the order it placed in fired_order_id. Private calls check Gate's SIGN:
// hex HMAC-SHA512 of method, path, query, SHA512(body) and timestamp joined by newlines.
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

export const GATE_MARKETS: BookMarket[] = [
  { id: 'BTC_USDT', base: 'BTC', quote: 'USDT', price: 50000, tick: 0.1, step: 0.000001, minQty: 0.000001 },
  { id: 'ETH_USDT', base: 'ETH', quote: 'USDT', price: 3000, tick: 0.01, step: 0.0001, minQty: 0.0001 },
];

const INTERVALS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export interface FakeGate extends Pick<FakeHttpServer, 'url' | 'requests' | 'close' | 'loseReplyOnce'> {
  readonly apiKey: string;
  readonly secret: string;
  book: ReturnType<typeof createBook>;
  setPrice(pair: string, price: number): void;
}

const ok = (body: unknown) => ({ status: 200, body });
const fail = (status: number, label: string, message: string) => ({ status, body: { label, message } });
const decimals = (step: number) => Math.max(0, Math.round(-Math.log10(step)));

export async function startFakeGate(opts: { now: () => number; balances?: Record<string, number> }): Promise<FakeGate> {
  const apiKey = 'gate-key';
  const secret = 'gate-secret';
  const book = createBook({ markets: GATE_MARKETS, balances: opts.balances ?? { USDT: 10_000 }, now: opts.now });
  const secs = (ms: number) => String(Math.floor(ms / 1000));

  const orderView = (o: BookOrder) => {
    const m = book.market(o.market);
    return {
      id: o.id,
      text: o.clientId ?? 'apiv4',
      create_time: secs(o.created),
      update_time: secs(o.updated),
      create_time_ms: o.created,
      update_time_ms: o.updated,
      status: o.status === 'open' ? 'open' : o.status === 'closed' ? 'closed' : 'cancelled',
      finish_as: o.status === 'open' ? 'open' : o.status === 'closed' ? 'filled' : 'cancelled',
      currency_pair: o.market,
      type: o.type,
      account: 'spot',
      side: o.side,
      amount: String(o.amount),
      price: o.price === undefined ? '0' : onTickStr(o.price, m.tick),
      time_in_force: o.type === 'market' ? 'ioc' : 'gtc',
      left: String(o.amount - o.filled),
      filled_amount: String(o.filled),
      filled_total: String(o.cost),
      avg_deal_price: o.average === undefined ? '' : onTickStr(o.average, m.tick),
      fee: String(o.fee),
      fee_currency: o.feeCurrency ?? m.quote,
    };
  };

  const priceOrderView = (o: BookOrder) => {
    const m = book.market(o.market);
    const stop = o.stop!;
    return {
      id: Number(o.id),
      user: 1234,
      market: o.market,
      ctime: Math.floor(o.created / 1000),
      ftime: o.status === 'open' ? 0 : Math.floor(o.updated / 1000),
      fired_order_id: stop.firedId ? Number(stop.firedId) : 0,
      status: o.status === 'open' ? 'open' : o.status === 'closed' ? 'finished' : 'cancelled',
      reason: '',
      trigger: {
        price: onTickStr(stop.trigger, m.tick),
        rule: o.side === 'sell' ? '<=' : '>=',
        expiration: o.sent.expiration,
      },
      put: {
        type: o.type,
        side: o.side,
        price: stop.limit === undefined ? '0' : onTickStr(stop.limit, m.tick),
        amount: String(o.amount),
        account: 'normal',
        time_in_force: 'gtc',
        text: o.clientId ?? '',
      },
    };
  };

  const verify = (req: FakeHttpRequest) => {
    if (req.headers.key !== apiKey) return fail(401, 'INVALID_KEY', 'Invalid key provided');
    const ts = String(req.headers.timestamp ?? '');
    const payload = [
      req.method,
      req.path,
      req.search.replace(/^\?/, ''),
      createHash('sha512').update(req.rawBody).digest('hex'),
      ts,
    ].join('\n');
    const expected = createHmac('sha512', secret).update(payload).digest('hex');
    if (req.headers.sign !== expected) return fail(401, 'INVALID_SIGNATURE', 'Signature mismatch');
    return undefined;
  };

  const newOrder = (b: Record<string, unknown>) => {
    const text = b.text as string | undefined;
    if (text !== undefined && !/^t-[0-9A-Za-z_.-]{1,28}$/.test(text)) {
      return fail(400, 'INVALID_PARAM_VALUE', 'text must start with t- and be up to 28 characters');
    }
    const o = book.place({
      market: String(b.currency_pair),
      side: b.side === 'buy' ? 'buy' : 'sell',
      type: b.type === 'market' ? 'market' : 'limit',
      amount: Number(b.amount),
      price: b.type === 'market' ? undefined : Number(b.price),
      clientId: text,
      sent: b,
    });
    return ok(orderView(o));
  };

  const newPriceOrder = (b: Record<string, unknown>) => {
    const trigger = b.trigger as Record<string, unknown> | undefined;
    const put = b.put as Record<string, unknown> | undefined;
    if (!trigger || !put) return fail(400, 'INVALID_PARAM_VALUE', 'trigger and put are required');
    const sell = put.side === 'sell';
    if (trigger.rule !== (sell ? '<=' : '>='))
      return fail(400, 'INVALID_PARAM_VALUE', `rule ${trigger.rule} for a ${put.side}`);
    if (trigger.expiration === undefined) return fail(400, 'MISSING_REQUIRED_PARAM', 'trigger.expiration is required');
    const market = put.type === 'market' || put.price === '0';
    const o = book.place({
      market: String(b.market),
      side: sell ? 'sell' : 'buy',
      type: market ? 'market' : 'limit',
      amount: Number(put.amount),
      clientId: (trigger.text ?? put.text) as string | undefined,
      stop: { trigger: Number(trigger.price), limit: market ? undefined : Number(put.price), style: 'separate' },
      sent: { ...b, expiration: trigger.expiration },
    });
    return ok({ id: Number(o.id) });
  };

  const route = (req: FakeHttpRequest) => {
    const q = req.query;
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /api/v4/spot/currency_pairs') {
      return ok(
        [...book.markets.values()].map((m) => ({
          id: m.id,
          base: m.base,
          quote: m.quote,
          fee: '0.2',
          min_base_amount: String(m.minQty),
          min_quote_amount: '3',
          amount_precision: decimals(m.step),
          precision: decimals(m.tick),
          trade_status: 'tradable',
          sell_start: 0,
          buy_start: 0,
        })),
      );
    }
    if (key === 'GET /api/v4/spot/currencies') {
      return ok(
        ['BTC', 'ETH', 'USDT'].map((currency) => ({
          currency,
          name: currency,
          delisted: false,
          withdraw_disabled: false,
          withdraw_delayed: false,
          deposit_disabled: false,
          trade_disabled: false,
          chain: currency,
        })),
      );
    }
    // ccxt loads every market type: this fake trades spot only.
    if (
      ['/api/v4/margin/currency_pairs', '/api/v4/futures/usdt/contracts', '/api/v4/futures/btc/contracts'].includes(
        req.path,
      ) ||
      ['/api/v4/delivery/usdt/contracts', '/api/v4/options/underlyings'].includes(req.path)
    ) {
      return ok([]);
    }
    if (key === 'GET /api/v4/spot/tickers') {
      const ms = q.currency_pair ? [book.market(q.currency_pair)] : [...book.markets.values()];
      return ok(
        ms.map((m) => ({
          currency_pair: m.id,
          last: onTickStr(m.price, m.tick),
          lowest_ask: onTickStr(m.price + m.tick, m.tick),
          highest_bid: onTickStr(m.price - m.tick, m.tick),
          change_percentage: '2',
          base_volume: '1000',
          quote_volume: String(1000 * m.price),
          high_24h: onTickStr(m.price * 1.02, m.tick),
          low_24h: onTickStr(m.price * 0.97, m.tick),
        })),
      );
    }
    if (key === 'GET /api/v4/spot/candlesticks') {
      const m = book.market(q.currency_pair);
      const interval = INTERVALS[q.interval];
      if (!interval) return fail(400, 'INVALID_PARAM_VALUE', 'invalid interval');
      const rows = bookCandles(m, interval, opts.now(), {
        since: q.from ? Number(q.from) * 1000 : undefined,
        until: q.to ? Number(q.to) * 1000 : undefined,
        limit: Math.min(Number(q.limit ?? 100), 1000),
      });
      return ok(
        rows.map(([t, o, h, l, c, v]) => [
          secs(t),
          String(v * c),
          String(c),
          String(h),
          String(l),
          String(o),
          String(v),
          'true',
        ]),
      );
    }
    if (key === 'GET /api/v4/spot/order_book') {
      const m = book.market(q.currency_pair);
      const n = Math.min(Number(q.limit ?? 10), 20);
      const side = (sign: number) =>
        Array.from({ length: n }, (_, i) => [onTickStr(m.price + sign * (i + 1) * m.tick, m.tick), String(i + 1)]);
      return ok({ id: 1, current: opts.now(), update: opts.now(), asks: side(1), bids: side(-1) });
    }
    const denied = verify(req);
    if (denied) return denied;
    if (key === 'GET /api/v4/account/detail') return ok({ user_id: 1234, key: { mode: 1 } });
    if (key === 'GET /api/v4/spot/accounts') {
      return ok(
        book.balances().map(([currency, w]) => ({ currency, available: String(w.free), locked: String(w.locked) })),
      );
    }
    if (key === 'POST /api/v4/spot/orders') return newOrder(req.body);
    if (key === 'POST /api/v4/spot/price_orders') return newPriceOrder(req.body);
    if (key === 'GET /api/v4/spot/open_orders') {
      const open = book.orders.filter((o) => !o.stop && o.status === 'open');
      const pairs = [...new Set(open.map((o) => o.market))];
      return ok(
        pairs.map((p) => ({
          currency_pair: p,
          total: open.length,
          orders: open.filter((o) => o.market === p).map(orderView),
        })),
      );
    }
    if (key === 'GET /api/v4/spot/orders') {
      return ok(
        book.orders
          .filter((o) => !o.stop && o.market === q.currency_pair && (q.status === 'open') === (o.status === 'open'))
          .map(orderView),
      );
    }
    if (key === 'GET /api/v4/spot/price_orders') {
      const want = q.status === 'open' ? ['open'] : ['closed', 'canceled'];
      return ok(book.orders.filter((o) => o.stop && want.includes(o.status)).map(priceOrderView));
    }
    const one = /^\/api\/v4\/spot\/(orders|price_orders)\/([^/]+)$/.exec(req.path);
    if (one) {
      const stop = one[1] === 'price_orders';
      // Gate takes a normal order's text ("t-…") in place of its id.
      const o = one[2].startsWith('t-') && !stop ? book.find({ clientId: one[2] }) : book.find({ id: one[2] });
      if (!o || Boolean(o.stop) !== stop) return fail(404, 'ORDER_NOT_FOUND', 'Order not found');
      if (req.method === 'DELETE') {
        if (o.status !== 'open') return fail(400, 'ORDER_CLOSED', 'Order was already closed');
        book.cancel({ id: o.id });
      } else if (req.method !== 'GET') return fail(405, 'METHOD_NOT_ALLOWED', req.method);
      return ok(stop ? priceOrderView(o) : orderView(o));
    }
    return fail(404, 'NOT_FOUND', `fake Gate has no ${key}`);
  };

  const http = await startFakeHttp(route, (e) => {
    const errors: Record<BookError['reason'], [number, string]> = {
      not_found: [404, 'ORDER_NOT_FOUND'],
      not_open: [400, 'ORDER_CLOSED'],
      funds: [400, 'BALANCE_NOT_ENOUGH'],
      filter: [400, 'INVALID_PRECISION'],
      immediate: [400, 'INVALID_PARAM_VALUE'],
      duplicate: [400, 'DUPLICATE_REQUEST'],
      bad_param: [400, 'INVALID_PARAM_VALUE'],
    };
    const [status, label] = errors[e.reason];
    return fail(status, label, e.message);
  });
  return {
    ...http,
    apiKey,
    secret,
    book,
    setPrice: (pair, price) => book.setPrice(pair, price),
  };
}
