// The fake's trading account: balances, orders and their fills, and the JSON views Binance returns for them.
import { ApiError, fmt, onStep, roundTo } from './format.ts';
import type { FakeMarketSpec } from './market-data.ts';

export const FEE_RATE = 0.001;

export type FakeOrderStatus = 'NEW' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface FakeFill {
  price: number;
  qty: number;
  commission: number;
  commissionAsset: string;
  tradeId: number;
  time: number;
  /** Filled while resting on the book (a maker), else at once (a taker). */
  maker: boolean;
}

/**
 * How the fake charges commission on one side: in the asset bought (Binance's default for a buy:
 * 'base'; for a sell: 'quote'), in the quote asset, or in another asset (BNB) converted at its
 * price against the quote, at `rate` of the fill's value.
 */
export interface CommissionSpec {
  asset: 'received' | 'quote' | string;
  rate?: number;
}

export interface FakeOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT';
  price: number; // 0 for market orders, as Binance reports
  /** Trigger of a STOP_LOSS_LIMIT order (0 otherwise). */
  stopPrice: number;
  /** A stop order whose trigger was reached: it now rests (or filled) as a limit order. */
  triggered: boolean;
  timeInForce: 'GTC' | 'IOC' | 'FOK';
  origQty: number;
  executedQty: number;
  cummulativeQuoteQty: number;
  status: FakeOrderStatus;
  time: number;
  updateTime: number;
  fills: FakeFill[];
}

const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export interface Wallet {
  free: number;
  locked: number;
}

export type FakeAccount = ReturnType<typeof createAccount>;

/** `market` resolves an exchange symbol (throwing Binance's -1121 when unknown); `now` is the clock. */
export function createAccount(
  market: (symbol: string | undefined) => FakeMarketSpec,
  now: () => number,
  initialBalances: Record<string, number>,
) {
  const balances = new Map<string, Wallet>();
  for (const [asset, free] of Object.entries(initialBalances)) balances.set(asset, { free, locked: 0 });
  const orders: FakeOrder[] = [];
  const commissions: Record<'BUY' | 'SELL', CommissionSpec> = {
    BUY: { asset: 'received' },
    SELL: { asset: 'received' },
  };
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
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: fmt(o.stopPrice),
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

  /** The commission of a fill and the asset it is charged in (see CommissionSpec). */
  const commissionOf = (o: FakeOrder, cost: number) => {
    const m = market(o.symbol);
    const spec = commissions[o.side];
    const rate = spec.rate ?? FEE_RATE;
    if (spec.asset === 'received') {
      return o.side === 'BUY' ? { asset: m.base, amount: o.origQty * rate } : { asset: m.quote, amount: cost * rate };
    }
    if (spec.asset === 'quote' || spec.asset === m.quote) return { asset: m.quote, amount: cost * rate };
    const feeMarket = market(`${spec.asset}${m.quote}`);
    return { asset: spec.asset, amount: (cost * rate) / feeMarket.price };
  };

  /** Fills the whole order at `price`: moves balances (locked funds for resting orders) and records a fill. */
  const fill = (o: FakeOrder, price: number, fromLocked: boolean) => {
    const m = market(o.symbol);
    const cost = o.origQty * price;
    const base = wallet(m.base);
    const quote = wallet(m.quote);
    if (o.side === 'BUY') {
      if (fromLocked) {
        quote.locked -= o.origQty * o.price;
        quote.free += o.origQty * o.price - cost; // a better fill price returns the difference
      } else quote.free -= cost;
      base.free += o.origQty;
    } else {
      if (fromLocked) base.locked -= o.origQty;
      else base.free -= o.origQty;
      quote.free += cost;
    }
    const commission = commissionOf(o, cost);
    wallet(commission.asset).free -= commission.amount;
    o.executedQty = o.origQty;
    o.cummulativeQuoteQty = cost;
    o.status = 'FILLED';
    o.updateTime = now();
    o.fills.push({
      price,
      qty: o.origQty,
      commission: commission.amount,
      commissionAsset: commission.asset,
      tradeId: nextTradeId++,
      time: o.updateTime,
      maker: fromLocked && o.type !== 'STOP_LOSS_LIMIT',
    });
  };

  /** GET /api/v3/myTrades: the account's fills on a symbol, oldest first (orderId / startTime / limit filters). */
  const myTrades = (params: Record<string, string>) => {
    const m = market(mandatory(params, 'symbol'));
    const since = params.startTime === undefined ? 0 : Number(params.startTime);
    const rows = orders
      .filter((o) => o.symbol === m.symbol && (params.orderId === undefined || String(o.orderId) === params.orderId))
      .flatMap((o) => o.fills.map((f) => ({ o, f })))
      .filter(({ f }) => f.time >= since)
      .sort((a, b) => a.f.tradeId - b.f.tradeId)
      .map(({ o, f }) => ({
        symbol: o.symbol,
        id: f.tradeId,
        orderId: o.orderId,
        orderListId: -1,
        price: fmt(f.price),
        qty: fmt(f.qty),
        quoteQty: fmt(f.price * f.qty),
        commission: fmt(f.commission),
        commissionAsset: f.commissionAsset,
        time: f.time,
        isBuyer: o.side === 'BUY',
        isMaker: f.maker,
        isBestMatch: true,
      }));
    return rows.slice(0, Math.min(Number(params.limit ?? 500), 1000));
  };

  const mandatory = (params: Record<string, string>, name: string) => {
    if (params[name] === undefined) {
      throw new ApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    }
    return params[name];
  };

  const onTick = (value: string, tickSize: string) => {
    const v = Number(value);
    if (!(v > 0) || !onStep(v, tickSize)) throw new ApiError(400, -1013, 'Filter failure: PRICE_FILTER');
    return v;
  };

  /** Whether a stop's trigger is reached at `price`: a sell stop at or below it, a buy stop at or above. */
  const stopReached = (o: Pick<FakeOrder, 'side' | 'stopPrice'>, price: number) =>
    o.side === 'SELL' ? price <= o.stopPrice : price >= o.stopPrice;

  const placeOrder = (params: Record<string, string>) => {
    const m = market(params.symbol);
    const side = params.side;
    const type = params.type;
    if (side !== 'BUY' && side !== 'SELL') throw new ApiError(400, -1117, 'Invalid side.');
    if (type !== 'MARKET' && type !== 'LIMIT' && type !== 'LIMIT_MAKER' && type !== 'STOP_LOSS_LIMIT') {
      throw new ApiError(400, -1116, 'Invalid orderType.');
    }
    const clientOrderId = params.newClientOrderId ?? `fake-${nextOrderId}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId)) {
      throw new ApiError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'.");
    }
    if (orders.some((o) => o.clientOrderId === clientOrderId)) throw new ApiError(400, -2010, 'Duplicate order sent.');

    let qty: number;
    let limitPrice = 0;
    let stopPrice = 0;
    let timeInForce: FakeOrder['timeInForce'] = 'GTC';
    if (type !== 'MARKET') {
      limitPrice = onTick(mandatory(params, 'price'), m.tickSize);
      qty = Number(mandatory(params, 'quantity'));
      if (type !== 'LIMIT_MAKER') {
        const tif = mandatory(params, 'timeInForce');
        if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') throw new ApiError(400, -1115, 'Invalid timeInForce.');
        timeInForce = tif;
      }
      if (type === 'STOP_LOSS_LIMIT') stopPrice = onTick(mandatory(params, 'stopPrice'), m.tickSize);
    } else if (params.quoteOrderQty !== undefined) {
      qty = roundTo(
        Math.floor(Number(params.quoteOrderQty) / m.price / Number(m.stepSize)) * Number(m.stepSize),
        m.stepSize,
      );
    } else {
      qty = Number(mandatory(params, 'quantity'));
    }
    if (!(qty >= Number(m.minQty)) || !onStep(qty, m.stepSize))
      throw new ApiError(400, -1013, 'Filter failure: LOT_SIZE');
    const refPrice = type === 'MARKET' ? m.price : limitPrice;
    if (qty * refPrice < Number(m.minNotional)) throw new ApiError(400, -1013, 'Filter failure: NOTIONAL');
    if (type === 'STOP_LOSS_LIMIT' && stopReached({ side, stopPrice }, m.price)) {
      throw new ApiError(400, -2010, 'Stop price would trigger immediately.');
    }

    const limitCrosses = side === 'BUY' ? limitPrice >= m.price : limitPrice <= m.price;
    const crosses = type === 'MARKET' || ((type === 'LIMIT' || type === 'LIMIT_MAKER') && limitCrosses);
    if (type === 'LIMIT_MAKER' && crosses) throw new ApiError(400, -2010, 'Order would immediately match and take.');
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
      stopPrice,
      triggered: false,
      timeInForce,
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
    else if (timeInForce !== 'GTC') {
      // IOC / FOK: what cannot fill at once (here all of it: fills are whole) expires.
      order.status = 'EXPIRED';
    } else {
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

  /**
   * A new last price: stop orders it reaches trigger (and fill at that price when their limit is
   * marketable, as a taker); resting limit orders it crosses fill at their limit price.
   */
  const priceMoved = (symbol: string, price: number) => {
    for (const o of orders) {
      if (o.symbol !== symbol || o.status !== 'NEW') continue;
      if (o.type === 'STOP_LOSS_LIMIT' && !o.triggered) {
        if (!stopReached(o, price)) continue;
        o.triggered = true;
        o.updateTime = now();
        if ((o.side === 'SELL' && price >= o.price) || (o.side === 'BUY' && price <= o.price)) fill(o, price, true);
        continue;
      }
      if ((o.side === 'BUY' && price <= o.price) || (o.side === 'SELL' && price >= o.price)) fill(o, o.price, true);
    }
  };

  const setCommission = (side: 'BUY' | 'SELL', spec: CommissionSpec) => {
    commissions[side] = spec;
  };

  return {
    balances,
    orders,
    wallet,
    account,
    placeOrder,
    getOrder,
    cancelOrder,
    openOrders,
    myTrades,
    priceMoved,
    setCommission,
  };
}
