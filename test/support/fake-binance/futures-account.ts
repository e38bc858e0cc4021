// The USDⓈ-M account of the futures fake: one USDT wallet, one-way positions (positionSide BOTH) per
// symbol, LIMIT / MARKET orders, and the conditional STOP / STOP_MARKET orders Binance now takes as
// algo orders (/fapi/v1/algoOrder). A triggered algo order places a real order (actualOrderId) that
// fills at once. Positions report Binance's own liquidation price: the bracket of the position's
// notional, the isolated wallet (isolated) or the cross wallet less the other positions' maintenance
// margin plus their unrealized PnL (cross). Each fill pays a commission in USDT at its side's rate (none
// until setCommission), taken from the wallet as Binance does, and is kept as a trade (/fapi/v1/userTrades).
import { ApiError } from './format.ts';

export type MarginType = 'ISOLATED' | 'CROSSED';

export interface Bracket {
  initialLeverage: number;
  notionalFloor: number;
  notionalCap: number;
  maintMarginRatio: number;
  cum: number;
}

export interface FuturesSpec {
  symbol: string;
  price: number;
  tickSize: string;
  stepSize: string;
  minQty: string;
  contractSize: number;
  brackets: Bracket[];
}

export interface FakeFuturesOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: string;
  status: 'NEW' | 'FILLED' | 'CANCELED' | 'EXPIRED';
  /** In contracts, as sent. */
  origQty: number;
  price: number;
  avgPrice: number;
  timeInForce: string;
  reduceOnly: boolean;
  time: number;
  updateTime: number;
  /** The symbol's leverage and margin type when the order was placed. */
  leverage: number;
  marginType: MarginType;
}

export interface FakeAlgoOrder {
  algoId: number;
  clientAlgoId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  orderType: 'STOP' | 'STOP_MARKET';
  algoStatus: 'NEW' | 'CANCELED' | 'FINISHED';
  quantity: number;
  price: number;
  triggerPrice: number;
  workingType: string;
  reduceOnly: boolean;
  createTime: number;
  updateTime: number;
  /** The order placed when it triggered. */
  actualOrderId?: number;
}

export interface FakePosition {
  symbol: string;
  /** Signed, in contracts. */
  amount: number;
  entryPrice: number;
  /** Isolated margin put in (isolated positions). */
  isolatedWallet: number;
  leverage: number;
  marginType: MarginType;
}

/** One fill, as Binance's userTrades reports it: commission in USDT, realized PnL of a reduction. */
export interface FakeFuturesTrade {
  id: number;
  orderId: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: number;
  /** In contracts. */
  qty: number;
  /** In USDT: qty · contractSize · price. */
  quoteQty: number;
  commission: number;
  realizedPnl: number;
  /** Filled while resting on the book, else at once (a taker). */
  maker: boolean;
  time: number;
}

const fix = (x: number, places = 8) => x.toFixed(places);
const sign = (side: 'BUY' | 'SELL') => (side === 'BUY' ? 1 : -1);

export function createFuturesAccount(
  market: (id: string | undefined) => FuturesSpec,
  now: () => number,
  settingsOf: (symbol: string) => { leverage: number; marginType: MarginType },
  startBalance: number,
) {
  let wallet = startBalance;
  const orders: FakeFuturesOrder[] = [];
  const algos: FakeAlgoOrder[] = [];
  const positions = new Map<string, FakePosition>();
  const trades: FakeFuturesTrade[] = [];
  const commission: Record<'BUY' | 'SELL', number> = { BUY: 0, SELL: 0 };

  const positionOf = (symbol: string): FakePosition => {
    const known = positions.get(symbol);
    if (known && known.amount !== 0) return known;
    const s = settingsOf(symbol);
    const fresh = { symbol, amount: 0, entryPrice: 0, isolatedWallet: 0, ...s };
    positions.set(symbol, fresh);
    return fresh;
  };

  /** Books a fill into the position: averages in, or realizes PnL into the wallet on a reduction (returned). */
  const book = (symbol: string, side: 'BUY' | 'SELL', qty: number, price: number): number => {
    const m = market(symbol);
    const p = positionOf(symbol);
    const delta = sign(side) * qty;
    if (p.amount === 0 || Math.sign(p.amount) === Math.sign(delta)) {
      const size = Math.abs(p.amount);
      p.entryPrice = (size * p.entryPrice + qty * price) / (size + qty);
      p.amount += delta;
      if (p.marginType === 'ISOLATED') p.isolatedWallet += (qty * m.contractSize * price) / p.leverage;
      return 0;
    }
    const closing = Math.min(qty, Math.abs(p.amount));
    const realized = closing * m.contractSize * (price - p.entryPrice) * Math.sign(p.amount);
    wallet += realized;
    p.isolatedWallet -= (p.isolatedWallet * closing) / Math.abs(p.amount);
    p.amount += delta;
    if (Math.abs(p.amount) < 1e-12) Object.assign(p, { amount: 0, entryPrice: 0, isolatedWallet: 0 });
    return realized;
  };

  /** Fills the whole order; the commission (its side's rate of the USDT value) leaves the wallet. */
  const fill = (o: FakeFuturesOrder, price: number, maker: boolean) => {
    const realizedPnl = book(o.symbol, o.side, o.origQty, price);
    // Binance reports both to 8 decimals, and the wallet pays the commission as reported.
    const quoteQty = Number(fix(o.origQty * market(o.symbol).contractSize * price));
    const fee = Number(fix(quoteQty * commission[o.side]));
    wallet -= fee;
    Object.assign(o, { status: 'FILLED', avgPrice: price, updateTime: now() });
    trades.push({
      id: 7000 + trades.length + 1,
      orderId: o.orderId,
      symbol: o.symbol,
      side: o.side,
      price,
      qty: o.origQty,
      quoteQty,
      commission: fee,
      realizedPnl,
      maker,
      time: now(),
    });
  };

  /** GET /fapi/v1/userTrades: the fills of a symbol, oldest first (orderId, startTime, endTime, limit). */
  const userTrades = (p: Record<string, string>) => {
    const m = market(p.symbol);
    const limit = Math.min(Number(p.limit ?? 500), 1000);
    return trades
      .filter((t) => t.symbol === m.symbol && (p.orderId === undefined || String(t.orderId) === p.orderId))
      .filter(
        (t) =>
          (p.startTime === undefined || t.time >= Number(p.startTime)) &&
          (p.endTime === undefined || t.time <= Number(p.endTime)),
      )
      .slice(0, limit)
      .map((t) => ({
        buyer: t.side === 'BUY',
        commission: fix(t.commission),
        commissionAsset: 'USDT',
        id: t.id,
        maker: t.maker,
        orderId: t.orderId,
        price: fix(t.price),
        qty: String(t.qty),
        quoteQty: fix(t.quoteQty),
        realizedPnl: fix(t.realizedPnl),
        side: t.side,
        positionSide: 'BOTH',
        symbol: t.symbol,
        time: t.time,
      }));
  };

  const checkReduceOnly = (symbol: string, side: 'BUY' | 'SELL', qty: number) => {
    const p = positionOf(symbol);
    if (p.amount === 0 || Math.sign(p.amount) === sign(side) || qty > Math.abs(p.amount) + 1e-9) {
      throw new ApiError(400, -2022, 'ReduceOnly Order is rejected.');
    }
  };

  const quantity = (m: FuturesSpec, raw: string | undefined) => {
    const qty = Number(raw);
    const step = Number(m.stepSize);
    if (!(qty >= Number(m.minQty)) || Math.abs(qty / step - Math.round(qty / step)) > 1e-9) {
      throw new ApiError(400, -1111, 'Precision is over the maximum defined for this asset.');
    }
    return qty;
  };

  const marketable = (side: 'BUY' | 'SELL', limit: number, last: number) =>
    side === 'BUY' ? limit >= last : limit <= last;

  const placeOrder = (p: Record<string, string>): FakeFuturesOrder => {
    const m = market(p.symbol);
    if (p.type !== 'MARKET' && p.type !== 'LIMIT') throw new ApiError(400, -1116, 'Invalid orderType.');
    const qty = quantity(m, p.quantity);
    const side = p.side === 'SELL' ? 'SELL' : 'BUY';
    const reduceOnly = p.reduceOnly === 'true';
    if (reduceOnly) checkReduceOnly(m.symbol, side, qty);
    const clientOrderId = p.newClientOrderId ?? `fake-${orders.length + 1}`;
    if (orders.some((o) => o.clientOrderId === clientOrderId))
      throw new ApiError(400, -4015, 'Client order id is not valid.');
    const price = p.type === 'LIMIT' ? Number(p.price) : 0;
    const o: FakeFuturesOrder = {
      orderId: orders.length + 1,
      clientOrderId,
      symbol: m.symbol,
      side,
      type: p.type,
      status: 'NEW',
      origQty: qty,
      price,
      avgPrice: 0,
      timeInForce: p.type === 'LIMIT' ? (p.timeInForce ?? 'GTC') : 'GTC',
      reduceOnly,
      time: now(),
      updateTime: now(),
      ...settingsOf(m.symbol),
    };
    orders.push(o);
    if (p.type === 'MARKET' || marketable(side, price, m.price)) fill(o, m.price, false);
    return o;
  };

  const placeAlgo = (p: Record<string, string>): FakeAlgoOrder => {
    const m = market(p.symbol);
    if (p.algoType !== 'CONDITIONAL' || (p.type !== 'STOP' && p.type !== 'STOP_MARKET')) {
      throw new ApiError(400, -1116, 'Invalid orderType.');
    }
    const qty = quantity(m, p.quantity);
    const side = p.side === 'SELL' ? 'SELL' : 'BUY';
    const reduceOnly = p.reduceOnly === 'true';
    if (reduceOnly) checkReduceOnly(m.symbol, side, qty);
    const trigger = Number(p.triggerPrice);
    if (side === 'SELL' ? m.price <= trigger : m.price >= trigger) {
      throw new ApiError(400, -2021, 'Order would immediately trigger.');
    }
    const clientAlgoId = p.clientAlgoId ?? `algo-${algos.length + 1}`;
    if (algos.some((a) => a.clientAlgoId === clientAlgoId))
      throw new ApiError(400, -4015, 'Client order id is not valid.');
    const a: FakeAlgoOrder = {
      algoId: 5000 + algos.length + 1,
      clientAlgoId,
      symbol: m.symbol,
      side,
      orderType: p.type,
      algoStatus: 'NEW',
      quantity: qty,
      price: p.type === 'STOP' ? Number(p.price) : 0,
      triggerPrice: trigger,
      workingType: p.workingType ?? 'CONTRACT_PRICE',
      reduceOnly,
      createTime: now(),
      updateTime: now(),
    };
    algos.push(a);
    return a;
  };

  /** A triggered algo order becomes a real order: a market order, or a limit at its price. */
  const trigger = (a: FakeAlgoOrder) => {
    const o = placeOrder({
      symbol: a.symbol,
      side: a.side,
      type: a.orderType === 'STOP' ? 'LIMIT' : 'MARKET',
      quantity: String(a.quantity),
      price: String(a.price),
      reduceOnly: String(a.reduceOnly),
      newClientOrderId: `${a.clientAlgoId}-t`,
    });
    Object.assign(a, { algoStatus: 'FINISHED', actualOrderId: o.orderId, updateTime: now() });
  };

  const setPrice = (symbol: string, price: number) => {
    const m = market(symbol);
    m.price = price;
    for (const a of algos.filter((x) => x.symbol === symbol && x.algoStatus === 'NEW')) {
      if (a.side === 'SELL' ? price <= a.triggerPrice : price >= a.triggerPrice) trigger(a);
    }
    for (const o of orders.filter((x) => x.symbol === symbol && x.status === 'NEW')) {
      if (marketable(o.side, o.price, price)) fill(o, o.price, true);
    }
  };

  const findOrder = (p: Record<string, string>) => {
    const o = orders.find((x) => String(x.orderId) === p.orderId || x.clientOrderId === p.origClientOrderId);
    if (!o) throw new ApiError(400, -2013, 'Order does not exist.');
    return o;
  };
  const findAlgo = (p: Record<string, string>) => {
    const a = algos.find((x) => String(x.algoId) === p.algoId || x.clientAlgoId === p.clientAlgoId);
    if (!a) throw new ApiError(400, -2013, 'Order does not exist.');
    return a;
  };
  const cancelOrder = (p: Record<string, string>) => {
    const o = findOrder(p);
    if (o.status !== 'NEW') throw new ApiError(400, -2011, 'Unknown order sent.');
    Object.assign(o, { status: 'CANCELED', updateTime: now() });
    return o;
  };
  const cancelAlgo = (p: Record<string, string>) => {
    const a = findAlgo(p);
    if (a.algoStatus !== 'NEW') throw new ApiError(400, -2011, 'Unknown order sent.');
    Object.assign(a, { algoStatus: 'CANCELED', updateTime: now() });
    return a;
  };

  // Position figures at the mark (= last) price.
  const notional = (p: FakePosition) => p.amount * market(p.symbol).contractSize * market(p.symbol).price;
  const upnl = (p: FakePosition) => p.amount * market(p.symbol).contractSize * (market(p.symbol).price - p.entryPrice);
  const bracketOf = (p: FakePosition) => {
    const value = Math.abs(notional(p));
    const brackets = market(p.symbol).brackets;
    return brackets.find((b) => value < b.notionalCap) ?? brackets[brackets.length - 1];
  };
  const maintMargin = (p: FakePosition) => {
    const b = bracketOf(p);
    return Math.abs(notional(p)) * b.maintMarginRatio - b.cum;
  };
  const open = () => [...positions.values()].filter((p) => p.amount !== 0);
  const isolatedWallets = () => open().reduce((s, p) => s + p.isolatedWallet, 0);

  /** Binance's liquidation price of one position (USDⓈ-M, one-way mode). */
  const liquidationPrice = (p: FakePosition): number => {
    const b = bracketOf(p);
    const size = Math.abs(p.amount) * market(p.symbol).contractSize;
    const side = Math.sign(p.amount);
    let wb = p.isolatedWallet;
    if (p.marginType === 'CROSSED') {
      const others = open().filter((x) => x !== p && x.marginType === 'CROSSED');
      wb =
        wallet -
        isolatedWallets() -
        others.reduce((s, x) => s + maintMargin(x), 0) +
        others.reduce((s, x) => s + upnl(x), 0);
    }
    return Math.max(0, (wb + b.cum - side * size * p.entryPrice) / (size * b.maintMarginRatio - side * size));
  };

  const positionRisk = (symbol?: string) =>
    open()
      .filter((p) => !symbol || p.symbol === symbol)
      .map((p) => ({
        symbol: p.symbol,
        positionSide: 'BOTH',
        positionAmt: String(p.amount),
        entryPrice: fix(p.entryPrice),
        breakEvenPrice: fix(p.entryPrice),
        markPrice: fix(market(p.symbol).price),
        unRealizedProfit: fix(upnl(p)),
        liquidationPrice: fix(liquidationPrice(p)),
        isolatedMargin: p.marginType === 'ISOLATED' ? fix(p.isolatedWallet + upnl(p)) : '0',
        notional: fix(notional(p)),
        marginAsset: 'USDT',
        isolatedWallet: fix(p.isolatedWallet),
        initialMargin: fix(Math.abs(notional(p)) / p.leverage),
        maintMargin: fix(maintMargin(p)),
        positionInitialMargin: fix(Math.abs(notional(p)) / p.leverage),
        openOrderInitialMargin: '0',
        adl: 0,
        bidNotional: '0',
        askNotional: '0',
        updateTime: now(),
      }));

  const initialMargin = () => open().reduce((s, p) => s + Math.abs(notional(p)) / p.leverage, 0);
  const totalUpnl = () => open().reduce((s, p) => s + upnl(p), 0);
  /** The USDT asset row of /fapi/v3/account and /fapi/v2/balance. */
  const usdt = () => {
    const marginBalance = wallet + totalUpnl();
    const available = marginBalance - initialMargin();
    return {
      asset: 'USDT',
      walletBalance: fix(wallet),
      unrealizedProfit: fix(totalUpnl()),
      marginBalance: fix(marginBalance),
      maintMargin: fix(open().reduce((s, p) => s + maintMargin(p), 0)),
      initialMargin: fix(initialMargin()),
      positionInitialMargin: fix(initialMargin()),
      openOrderInitialMargin: '0',
      crossWalletBalance: fix(wallet - isolatedWallets()),
      crossUnPnl: fix(
        open()
          .filter((p) => p.marginType === 'CROSSED')
          .reduce((s, p) => s + upnl(p), 0),
      ),
      availableBalance: fix(available),
      maxWithdrawAmount: fix(available),
      balance: fix(wallet),
      updateTime: now(),
    };
  };

  return {
    placeOrder,
    placeAlgo,
    cancelOrder,
    cancelAlgo,
    findOrder,
    findAlgo,
    setPrice,
    userTrades,
    /** The commission rate of the next fills on `side`, of their USDT value (0 until set). */
    setCommission: (side: 'BUY' | 'SELL', rate: number) => {
      commission[side] = rate;
    },
    trades: () => trades.map((t) => ({ ...t })),
    positionRisk,
    usdt,
    liquidationPrice: (symbol: string) => liquidationPrice(positionOf(symbol)),
    openOrders: (symbol?: string) => orders.filter((o) => o.status === 'NEW' && (!symbol || o.symbol === symbol)),
    openAlgos: (symbol?: string) => algos.filter((a) => a.algoStatus === 'NEW' && (!symbol || a.symbol === symbol)),
    addToWallet: (amount: number) => {
      wallet += amount;
    },
    wallet: () => wallet,
    orders: () => orders.map((o) => ({ ...o })),
    algoOrders: () => algos.map((a) => ({ ...a })),
    position: (symbol: string) => ({ ...positionOf(symbol) }),
  };
}

export type FuturesAccount = ReturnType<typeof createFuturesAccount>;
