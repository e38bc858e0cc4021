// The dry-run broker: market data from any Exchange (offline or ccxt), orders simulated with
// freqtrade's dry-run semantics, wallet and orders persisted through a DryRunStore.
//
// Fill rules: market orders fill at once at ask (buy) / bid (sell); limit orders priced through the
// market fill at once at their limit price (taker fee); other limit orders fill at their limit
// price (maker fee) once the ask falls to a buy price / the bid rises to a sell price, or a 1m
// candle after placement traded through it. Fills are complete (no partial fills). Fees are
// charged in the quote currency. Fill checks run whenever orders or balances are read.

import { amountToPrecision, checkMinNotional, priceToPrecision } from '../../domain/precision.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import {
  type Balances,
  type Candle,
  type CreateOrderRequest,
  type Exchange,
  ExchangeError,
  type ExchangeOrder,
  type FeeSchedule,
  type LeverageTier,
  type MarginMode,
  type Market,
  type OrderBookTop,
  type StopOrderRequest,
  type Ticker,
  type TradingMode,
} from '../port.ts';
import { newStopRecord, orderSettingsOf, stopFillPrice } from './stops.ts';
import { type DryRunOrderRecord, type DryRunStore, type DryRunWallet, MemoryDryRunStore } from './store.ts';
import { DUST, requiredFunds, settleFutures, settleSpot, walletBalances } from './wallet.ts';

export interface DryRunBrokerOptions {
  /** Market-data source. */
  exchange: Exchange;
  store?: DryRunStore;
  clock?: Clock;
  /** freqtrade's dry_run_wallet: an amount of the stake currency, or an amount per currency. Default 1000. */
  dryRunWallet?: number | Record<string, number>;
  stakeCurrency?: string;
  /** Price slippage of market orders as a fraction (0.001 = 0.1 % worse). Default 0. */
  slippage?: number;
}

const MINUTE = 60_000;
const CANDLE_PAGE = 1000;
/** How far back a fill check looks at most (a bot down for longer only sees the last week). */
const MAX_LOOKBACK = 7 * 24 * 60 * MINUTE;

export class DryRunBroker implements Exchange {
  readonly id: string;
  readonly name: string;
  readonly tradingMode: TradingMode;
  readonly marginMode: MarginMode;
  /** What the exchange takes (freqtrade validates and runs dry-run stops with the real exchange's settings). */
  readonly stopOrderTypes: Exchange['stopOrderTypes'];
  readonly timeInForceOptions: Exchange['timeInForceOptions'];
  readonly stopPriceTypes: Exchange['stopPriceTypes'];
  readonly stoplossBlocksAssets: Exchange['stoplossBlocksAssets'];
  private readonly inner: Exchange;
  private readonly store: DryRunStore;
  private readonly clock: Clock;
  private readonly initialWallet: Record<string, number>;
  private readonly slippage: number;
  private wallet: DryRunWallet | undefined;
  private orders = new Map<string, DryRunOrderRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DryRunBrokerOptions) {
    this.inner = options.exchange;
    ({ id: this.id, name: this.name, tradingMode: this.tradingMode, marginMode: this.marginMode } = this.inner);
    Object.assign(this, orderSettingsOf(this.inner));
    this.store = options.store ?? new MemoryDryRunStore();
    this.clock = options.clock ?? systemClock;
    const stake = options.stakeCurrency ?? 'USDT';
    const w = options.dryRunWallet ?? 1000;
    this.initialWallet = typeof w === 'number' ? { [stake]: w } : { ...w };
    this.slippage = options.slippage ?? 0;
  }

  // ---- market data: delegated ----

  loadMarkets(reload?: boolean): Promise<Record<string, Market>> {
    return this.inner.loadMarkets(reload);
  }
  markets(): Record<string, Market> {
    return this.inner.markets();
  }
  fetchTicker(symbol: string): Promise<Ticker> {
    return this.inner.fetchTicker(symbol);
  }
  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    return this.inner.fetchTickers(symbols);
  }
  fetchOHLCV(...args: Parameters<Exchange['fetchOHLCV']>): Promise<Candle[]> {
    return this.inner.fetchOHLCV(...args);
  }
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBookTop> {
    return this.inner.fetchOrderBook(symbol, limit);
  }
  fees(symbol: string): FeeSchedule {
    return this.inner.fees(symbol);
  }

  leverageTiers(symbol: string): LeverageTier[] | undefined {
    return this.inner.leverageTiers?.(symbol);
  }
  fetchMarkPrices(symbols: string[]): Promise<Record<string, number>> {
    return this.inner.fetchMarkPrices?.(symbols) ?? Promise.resolve({});
  }

  // ---- simulated account ----

  fetchBalance(): Promise<Balances> {
    return this.exclusive(async () => {
      await this.refresh([...this.orders.values()]);
      return walletBalances(this.wallet!, this.orders.values());
    });
  }

  createOrder(req: CreateOrderRequest): Promise<ExchangeOrder> {
    return this.exclusive(async () => {
      const existing = this.findByClientId(req.clientOrderId);
      if (existing) {
        await this.refresh([existing]);
        return copy(existing.order);
      }
      return copy(await this.place(req));
    });
  }

  /** freqtrade's dry-run stoploss (see stops.ts). */
  createStopOrder(req: StopOrderRequest): Promise<ExchangeOrder> {
    return this.exclusive(async () => {
      const existing = this.findByClientId(req.clientOrderId);
      if (existing) {
        await this.refresh([existing]);
        return copy(existing.order);
      }
      const market = await this.market(req.symbol);
      const ticker = await this.inner.fetchTicker(req.symbol);
      const wallet = this.wallet!;
      const record = newStopRecord(req, {
        wallet,
        market,
        ticker,
        now: this.clock.now(),
        free: (c) => walletBalances(wallet, this.orders.values())[c]?.free ?? 0,
      });
      wallet.nextOrderNumber++;
      this.orders.set(record.order.id, record);
      await this.persist([record]);
      return copy(record.order);
    });
  }

  cancelOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    return this.exclusive(async () => {
      const record = this.get(id, symbol);
      await this.refresh([record]);
      if (record.order.status === 'open') {
        record.order.status = 'canceled';
        record.order.remaining = record.order.amount - record.order.filled;
        await this.persist([record]);
      }
      return copy(record.order);
    });
  }

  fetchOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    return this.exclusive(async () => {
      const record = this.get(id, symbol);
      await this.refresh([record]);
      return copy(record.order);
    });
  }

  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    return this.exclusive(async () => {
      const record = this.findByClientId(clientOrderId);
      if (!record || record.order.symbol !== symbol) return undefined;
      await this.refresh([record]);
      return copy(record.order);
    });
  }

  fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    return this.exclusive(async () => {
      const mine = [...this.orders.values()].filter((r) => symbol === undefined || r.order.symbol === symbol);
      await this.refresh(mine);
      return mine.filter((r) => r.order.status === 'open').map((r) => copy(r.order));
    });
  }

  // ---- internals ----

  /** Runs operations one at a time, after the state has been loaded. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.ensureLoaded();
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.wallet) return;
    const snapshot = await this.store.load();
    if (snapshot) {
      this.wallet = snapshot.wallet;
      this.orders = new Map(snapshot.orders.map((r) => [r.order.id, r]));
      return;
    }
    this.wallet = { balances: { ...this.initialWallet }, positions: {}, nextOrderNumber: 1 };
    await this.store.save({ wallet: this.wallet, orders: [] });
  }

  private async persist(records: DryRunOrderRecord[]): Promise<void> {
    await this.store.save({ wallet: this.wallet!, orders: records });
  }

  private get(id: string, symbol: string): DryRunOrderRecord {
    const record = this.orders.get(id);
    if (!record || record.order.symbol !== symbol) {
      throw new ExchangeError('order_not_found', `Dry-run order ${id} for ${symbol} not found`);
    }
    return record;
  }

  private findByClientId(clientOrderId: string): DryRunOrderRecord | undefined {
    for (const r of this.orders.values()) if (r.order.clientOrderId === clientOrderId) return r;
    return undefined;
  }

  private async market(symbol: string): Promise<Market> {
    let markets = this.inner.markets();
    if (!markets[symbol]) markets = await this.inner.loadMarkets();
    const m = markets[symbol];
    if (!m) throw new ExchangeError('bad_symbol', `No market ${symbol} on ${this.inner.name}`);
    return m;
  }

  private async place(req: CreateOrderRequest): Promise<ExchangeOrder> {
    const market = await this.market(req.symbol);
    const futures = !market.spot;
    const amount = amountToPrecision(req.amount, market.precision.amount);
    if (!(amount > 0)) throw new ExchangeError('invalid_order', `Amount ${req.amount} rounds to 0 for ${req.symbol}`);
    let limitPrice: number | undefined;
    if (req.type === 'limit') {
      if (req.price === undefined || !(req.price > 0)) {
        throw new ExchangeError('invalid_order', 'A limit order needs a positive price');
      }
      limitPrice = priceToPrecision(req.price, market.precision.price);
    }
    const leverage = futures ? (req.leverage ?? 1) : 1;
    const maxLeverage = market.limits.leverage.max ?? 1;
    if (futures && (leverage < 1 || leverage > maxLeverage)) {
      throw new ExchangeError('invalid_order', `Leverage ${leverage} outside 1..${maxLeverage} for ${req.symbol}`);
    }

    const now = this.clock.now();
    const ticker = await this.inner.fetchTicker(req.symbol);
    const touch = req.side === 'buy' ? ticker.ask : ticker.bid;
    const crosses = limitPrice !== undefined && (req.side === 'buy' ? touch <= limitPrice : touch >= limitPrice);
    const marketFill = req.side === 'buy' ? touch * (1 + this.slippage) : touch * (1 - this.slippage);
    const refPrice = limitPrice ?? marketFill;

    const tooSmall = checkMinNotional(market, amount, refPrice);
    if (tooSmall) throw new ExchangeError('invalid_order', tooSmall);

    const feeRate = Math.max(market.taker, market.maker);
    const wallet = this.wallet!;
    const reduceOnly = req.reduceOnly === true;
    const lock = requiredFunds(wallet, market, {
      side: req.side,
      amount,
      price: refPrice,
      leverage,
      feeRate,
      reduceOnly,
    });
    if (!lock) {
      throw new ExchangeError(
        'invalid_order',
        `Reduce-only ${req.side} of ${amount} exceeds the ${market.symbol} position`,
      );
    }
    const free = walletBalances(wallet, this.orders.values())[lock.currency]?.free ?? 0;
    if (lock.amount > free + DUST) {
      throw new ExchangeError(
        'insufficient_funds',
        `Need ${lock.amount} ${lock.currency} for ${req.side} ${amount} ${req.symbol}, ${free} available`,
      );
    }

    const order: ExchangeOrder = {
      id: `dry_run_${req.side}_${wallet.nextOrderNumber}`,
      clientOrderId: req.clientOrderId,
      symbol: req.symbol,
      side: req.side,
      type: req.type,
      status: 'open',
      timestamp: now,
      price: limitPrice,
      amount,
      filled: 0,
      remaining: amount,
      cost: 0,
      reduceOnly: req.reduceOnly,
    };
    wallet.nextOrderNumber++;
    const record: DryRunOrderRecord = { order, leverage, lock, checkedUntil: now };
    this.orders.set(order.id, record);
    if (limitPrice === undefined) this.fill(record, market, marketFill, market.taker, now);
    else if (crosses) this.fill(record, market, limitPrice, market.taker, now);
    await this.persist([record]);
    return order;
  }

  /** Fills the open limit orders among `records` whose price the market has reached. */
  private async refresh(records: DryRunOrderRecord[]): Promise<void> {
    const changed: DryRunOrderRecord[] = [];
    const now = this.clock.now();
    for (const record of records) {
      const o = record.order;
      if (record.stop) {
        if (o.status === 'open' && (await this.stopTriggered(record, now))) changed.push(record);
        continue;
      }
      if (o.status !== 'open' || o.type !== 'limit' || o.price === undefined) continue;
      const market = await this.market(o.symbol);
      const hit = await this.crossTime(record, now);
      if (hit === undefined) continue; // only checkedUntil moved: no save (see crossTime)
      this.fill(record, market, o.price, market.maker, hit);
      changed.push(record);
    }
    if (changed.length > 0) await this.persist(changed);
  }

  private async stopTriggered(record: DryRunOrderRecord, now: number): Promise<boolean> {
    const market = await this.market(record.order.symbol);
    const price = stopFillPrice(record.order, await this.inner.fetchTicker(record.order.symbol), market);
    if (price !== undefined) this.fill(record, market, price, market.maker, now);
    return price !== undefined;
  }

  /** When the market reached the limit price since the last check. `checkedUntil` alone is not saved:
   * after a restart an older one re-reads candles already found short of the price, same result. */
  private async crossTime(record: DryRunOrderRecord, now: number): Promise<number | undefined> {
    const o = record.order;
    const price = o.price!;
    const reached = (low: number, high: number) => (o.side === 'buy' ? low <= price : high >= price);
    // 1m candles opening at or after the last check (the minute of placement itself is skipped:
    // its range may come from before the order existed).
    let since = Math.max(record.checkedUntil, now - MAX_LOOKBACK);
    while (since <= now) {
      const candles = await this.inner.fetchOHLCV(o.symbol, '1m', since, CANDLE_PAGE);
      if (candles.length === 0) break;
      for (const c of candles) {
        if (reached(c[3], c[2])) return Math.max(c[0], o.timestamp);
      }
      const last = candles[candles.length - 1][0];
      // The last candle may still be forming: check it again next time.
      record.checkedUntil = Math.max(record.checkedUntil, Math.min(last, now));
      if (last + MINUTE > now || candles.length < CANDLE_PAGE) break;
      since = last + MINUTE;
    }
    const ticker = await this.inner.fetchTicker(o.symbol);
    return reached(o.side === 'buy' ? ticker.ask : ticker.bid, o.side === 'buy' ? ticker.ask : ticker.bid)
      ? now
      : undefined;
  }

  private fill(record: DryRunOrderRecord, market: Market, price: number, feeRate: number, at: number): void {
    const o = record.order;
    const amount = o.remaining;
    const cost = amount * price * (market.contractSize ?? 1);
    const fee = cost * feeRate;
    o.filled += amount;
    o.remaining = 0;
    o.average = price;
    o.cost += cost;
    o.fee = { cost: (o.fee?.cost ?? 0) + fee, currency: market.quote, rate: feeRate };
    o.status = 'closed';
    o.lastTradeTimestamp = at;
    if (market.spot) settleSpot(this.wallet!, market, o.side, amount, cost, fee);
    else settleFutures(this.wallet!, market, o.side, amount, price, fee, record.leverage);
  }
}

function copy(order: ExchangeOrder): ExchangeOrder {
  return { ...order, fee: order.fee ? { ...order.fee } : undefined };
}
