// The matching side the non-Binance loopback fakes share: markets with a settable last price,
// deterministic candles, a spot wallet, and orders — limit, market and stop orders. Each fake
// (fake-okx, fake-gate, fake-kraken, fake-bybit) only translates its REST API onto this.
//
// Stop orders come in the two shapes real exchanges have:
// - 'separate' (OKX algo orders, Gate price orders, Bybit conditional orders): the stop is its own
//   record; when the last price reaches the trigger it closes ("triggered") and places a new
//   order (limit at the stop's limit, or market) whose id it keeps in firedId;
// - 'inplace' (Kraken stop-loss / stop-loss-limit): the same order turns into a limit or market
//   order at the trigger and fills under its own id.

export interface BookMarket {
  /** The exchange's market id, e.g. "BTC-USDT", "BTC_USDT", "XBTUSDT", "BTCUSDT". */
  id: string;
  base: string;
  quote: string;
  price: number;
  tick: number;
  step: number;
  minQty: number;
}

export type BookStatus = 'open' | 'closed' | 'canceled';

export interface BookStop {
  trigger: number;
  /** Limit price once triggered; a market order when absent. */
  limit?: number;
  /** The trigger price type as sent (last / mark / index, or the exchange's code for it). */
  priceType?: string;
  triggered: boolean;
  style: 'separate' | 'inplace';
  /** 'separate' stops: the id of the order the trigger placed. */
  firedId?: string;
}

export interface BookOrder {
  id: string;
  clientId?: string;
  market: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  price?: number;
  amount: number;
  filled: number;
  /** Quote spent or received by the fill. */
  cost: number;
  average?: number;
  fee: number;
  feeCurrency?: string;
  status: BookStatus;
  created: number;
  updated: number;
  reduceOnly: boolean;
  stop?: BookStop;
  /** The request's own fields, as the fake parsed them (tests read what ccxt sent). */
  sent: Record<string, unknown>;
}

export type BookErrorReason = 'not_found' | 'not_open' | 'funds' | 'filter' | 'immediate' | 'duplicate' | 'bad_param';

export class BookError extends Error {
  readonly reason: BookErrorReason;
  constructor(reason: BookErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export const BOOK_FEE_RATE = 0.001;
const EPS = 1e-9;

export const onGrid = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-6;
const decimalsOf = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
export const onTickStr = (value: number, tick: number) => value.toFixed(decimalsOf(tick));

export interface NewBookOrder {
  market: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  amount: number;
  price?: number;
  clientId?: string;
  reduceOnly?: boolean;
  stop?: { trigger: number; limit?: number; priceType?: string; style: 'separate' | 'inplace' };
  sent: Record<string, unknown>;
}

export function createBook(opts: {
  markets: BookMarket[];
  balances: Record<string, number>;
  now: () => number;
  /** Id of the n-th order (1-based); exchanges differ in id format. */
  orderId?: (n: number) => string;
  /**
   * Linear futures: every fee in the quote (settle) currency, buys included, reduce-only orders
   * (exits, stops) hold nothing (several may rest against one position), and a sell needs no base:
   * the base held goes negative for a short.
   */
  feeInQuote?: boolean;
}) {
  const markets = new Map(opts.markets.map((m) => [m.id, { ...m }]));
  const wallet = new Map<string, { free: number; locked: number }>();
  for (const [asset, free] of Object.entries(opts.balances)) wallet.set(asset, { free, locked: 0 });
  const orders: BookOrder[] = [];
  let seq = 0;
  const nextId = () => (opts.orderId ?? ((n: number) => String(100_000 + n)))(++seq);

  const market = (id: string) => {
    const m = markets.get(id);
    if (!m) throw new BookError('bad_param', `unknown market ${id}`);
    return m;
  };
  const purse = (asset: string) => {
    let w = wallet.get(asset);
    if (!w) {
      w = { free: 0, locked: 0 };
      wallet.set(asset, w);
    }
    return w;
  };

  /** What a resting order holds: the base of a sell, the quote (at its limit) of a buy. */
  const holdOf = (o: Pick<BookOrder, 'side' | 'amount' | 'price'>, m: BookMarket, price: number) =>
    o.side === 'sell' ? { asset: m.base, amount: o.amount } : { asset: m.quote, amount: o.amount * price };

  const lock = (asset: string, amount: number) => {
    const w = purse(asset);
    if (w.free + EPS < amount) throw new BookError('funds', `insufficient ${asset}: ${w.free} < ${amount}`);
    w.free -= amount;
    w.locked += amount;
  };
  const unlock = (asset: string, amount: number) => {
    const w = purse(asset);
    w.locked -= amount;
    w.free += amount;
  };

  const stopReached = (side: 'buy' | 'sell', trigger: number, price: number) =>
    side === 'sell' ? price <= trigger : price >= trigger;

  /** Fills the whole order at `price`, from what it held (`held`) or from the free balance. */
  const fill = (o: BookOrder, price: number, held: { asset: string; amount: number } | undefined) => {
    const m = market(o.market);
    const cost = o.amount * price;
    if (held) unlock(held.asset, held.amount);
    const base = purse(m.base);
    const quote = purse(m.quote);
    if (o.side === 'buy' && opts.feeInQuote) {
      o.fee = cost * BOOK_FEE_RATE;
      o.feeCurrency = m.quote;
      quote.free -= cost + o.fee;
      base.free += o.amount;
    } else if (o.side === 'buy') {
      quote.free -= cost;
      o.fee = o.amount * BOOK_FEE_RATE;
      o.feeCurrency = m.base;
      base.free += o.amount - o.fee;
    } else {
      base.free -= o.amount;
      o.fee = cost * BOOK_FEE_RATE;
      o.feeCurrency = m.quote;
      quote.free += cost - o.fee;
    }
    o.filled = o.amount;
    o.cost = cost;
    o.average = price;
    o.status = 'closed';
    o.updated = opts.now();
  };

  const marketable = (o: Pick<BookOrder, 'side' | 'type' | 'price'>, price: number) =>
    o.type === 'market' || (o.side === 'buy' ? (o.price ?? 0) >= price : (o.price ?? 0) <= price);

  /** Whether a resting order holds funds (on linear futures a reduce-only order or a sell does not). */
  const holds = (o: Pick<BookOrder, 'reduceOnly' | 'side'>) =>
    !(opts.feeInQuote && (o.reduceOnly || o.side === 'sell'));

  /** A plain order: fills at the last price when marketable, else rests holding its funds. */
  const rest = (o: BookOrder, m: BookMarket) => {
    if (marketable(o, m.price)) {
      const need = o.side === 'sell' ? o.amount : o.amount * m.price;
      const asset = o.side === 'sell' ? m.base : m.quote;
      if (holds(o) && purse(asset).free + EPS < need) throw new BookError('funds', `insufficient ${asset}`);
      fill(o, m.price, undefined);
    } else if (holds(o)) {
      const h = holdOf(o, m, o.price ?? m.price);
      lock(h.asset, h.amount);
    }
  };

  const place = (req: NewBookOrder): BookOrder => {
    const m = market(req.market);
    if (req.clientId && orders.some((o) => o.clientId === req.clientId)) {
      throw new BookError('duplicate', `duplicate client order id ${req.clientId}`);
    }
    if (!(req.amount >= m.minQty) || !onGrid(req.amount, m.step)) {
      throw new BookError('filter', `amount ${req.amount} not on the ${m.step} step`);
    }
    for (const p of [req.price, req.stop?.trigger, req.stop?.limit]) {
      if (p !== undefined && !(p > 0 && onGrid(p, m.tick))) throw new BookError('filter', `price ${p} off the tick`);
    }
    if (req.type === 'limit' && req.price === undefined && !req.stop) {
      throw new BookError('bad_param', 'limit order needs a price');
    }
    if (req.stop && stopReached(req.side, req.stop.trigger, m.price)) {
      throw new BookError('immediate', `stop ${req.stop.trigger} would trigger immediately at ${m.price}`);
    }
    const t = opts.now();
    const o: BookOrder = {
      id: nextId(),
      clientId: req.clientId,
      market: m.id,
      side: req.side,
      type: req.type,
      price: req.stop ? req.stop.limit : req.price,
      amount: req.amount,
      filled: 0,
      cost: 0,
      fee: 0,
      status: 'open',
      created: t,
      updated: t,
      reduceOnly: Boolean(req.reduceOnly),
      stop: req.stop && {
        trigger: req.stop.trigger,
        limit: req.stop.limit,
        priceType: req.stop.priceType,
        triggered: false,
        style: req.stop.style,
      },
      sent: req.sent,
    };
    if (req.stop) {
      const h = holdOf({ side: o.side, amount: o.amount, price: o.price }, m, o.price ?? req.stop.trigger);
      if (holds(o)) lock(h.asset, h.amount);
    } else {
      rest(o, m);
    }
    orders.push(o);
    return o;
  };

  const find = (by: { id?: string; clientId?: string }) =>
    orders.find((o) => (by.id !== undefined ? o.id === by.id : o.clientId === by.clientId));

  const heldBy = (o: BookOrder) => {
    const m = market(o.market);
    return holds(o) ? holdOf(o, m, o.price ?? o.stop?.trigger ?? m.price) : { asset: m.quote, amount: 0 };
  };

  const cancel = (by: { id?: string; clientId?: string }): BookOrder => {
    const o = find(by);
    if (!o) throw new BookError('not_found', 'order does not exist');
    if (o.status !== 'open') throw new BookError('not_open', `order is ${o.status}`);
    const h = heldBy(o);
    unlock(h.asset, h.amount);
    o.status = 'canceled';
    o.updated = opts.now();
    return o;
  };

  /** A new last price: reached stops trigger, then crossed resting limit orders fill at their limit. */
  const setPrice = (id: string, price: number) => {
    const m = market(id);
    m.price = price;
    for (const o of [...orders]) {
      if (o.market !== id || o.status !== 'open' || !o.stop || o.stop.triggered) continue;
      if (!stopReached(o.side, o.stop.trigger, price)) continue;
      o.stop.triggered = true;
      o.updated = opts.now();
      const h = heldBy(o);
      unlock(h.asset, h.amount);
      if (o.stop.style === 'separate') {
        o.status = 'closed';
        const fired = place({
          market: o.market,
          side: o.side,
          type: o.stop.limit === undefined ? 'market' : 'limit',
          amount: o.amount,
          price: o.stop.limit,
          reduceOnly: o.reduceOnly,
          sent: { firedBy: o.id },
        });
        o.stop.firedId = fired.id;
      } else {
        o.type = o.stop.limit === undefined ? 'market' : 'limit';
        rest(o, m);
      }
    }
    for (const o of orders) {
      if (o.market !== id || o.status !== 'open' || o.stop?.triggered === false) continue;
      if (o.type === 'limit' && marketable(o, price)) fill(o, o.price as number, heldBy(o));
    }
  };

  return {
    markets,
    orders,
    market,
    purse,
    place,
    find,
    cancel,
    setPrice,
    balances: () => [...wallet.entries()],
  };
}

export type Book = ReturnType<typeof createBook>;

/** Deterministic candles (the same wave as the fake Binance): a function of open time only. */
export function bookCandles(
  m: BookMarket,
  intervalMs: number,
  now: number,
  opts: { since?: number; until?: number; limit: number },
): [number, number, number, number, number, number][] {
  const current = Math.floor(now / intervalMs) * intervalMs;
  const end = Math.min(opts.until !== undefined ? Math.floor(opts.until / intervalMs) * intervalMs : current, current);
  const start =
    opts.since !== undefined ? Math.ceil(opts.since / intervalMs) * intervalMs : end - (opts.limit - 1) * intervalMs;
  const rows: [number, number, number, number, number, number][] = [];
  const round = (v: number) => Number(v.toFixed(decimalsOf(m.tick)));
  for (let t = start; t <= end && rows.length < opts.limit; t += intervalMs) {
    const step = t / intervalMs;
    const wave = (x: number) => m.price * (1 + 0.01 * Math.sin(x / 7));
    const open = wave(step);
    const close = wave(step + 1);
    const volume = 10 + (Math.abs(Math.round(step)) % 13);
    rows.push([
      t,
      round(open),
      round(Math.max(open, close) * 1.002),
      round(Math.min(open, close) * 0.998),
      round(close),
      volume,
    ]);
  }
  return rows;
}
