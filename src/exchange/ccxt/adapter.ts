// The Exchange port on top of ccxt, for any ccxt exchange id.
// ccxt is loaded lazily (see loader.ts): importing this module costs nothing.
import type { Exchange as CcxtClient, Order as CcxtOrder } from 'ccxt';
import { type Clock, systemClock } from '../../util/clock.ts';
import {
  type Balances,
  type Candle,
  type CandleType,
  type CreateOrderRequest,
  type Exchange,
  ExchangeError,
  type ExchangeOrder,
  type FeeSchedule,
  type FundingFeeRequest,
  type LeverageTier,
  type MarginMode,
  type Market,
  type OrderBookTop,
  type OrderTrade,
  type StopOrderRequest,
  type Ticker,
  type TimeInForce,
  type TradingMode,
} from '../port.ts';
import { ContractUnits } from './contract-units.ts';
import { type CcxtErrorClasses, isDuplicateOrder, isTransient, toExchangeError } from './errors.ts';
import { fundingPaid, markPrices, positionLiquidationPrice } from './futures-account.ts';
import { prepareLeverage, type RetrierHooks } from './leverage.ts';
import { loadCcxt } from './loader.ts';
import * as map from './mapping.ts';
import { tradesOfOrder } from './my-trades.ts';
import { BINANCE_FAMILY, type CcxtExchangeConfig, ccxtConstructorOptions, rewriteApiUrls } from './options.ts';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.ts';
import * as stops from './stop-calls.ts';
import { type OrderQuirks, orderQuirks, type StopOrderSpec, type StopPriceType, stopOrderSpec } from './stop-orders.ts';
import { parseAllLeverageTiers } from './tiers.ts';

export type CcxtLogger = (level: 'debug' | 'info' | 'warning' | 'error', message: string) => void;
export type FetchImplementation = (url: string, init?: RequestInit) => Promise<Response>;

export interface CcxtExchangeOptions extends CcxtExchangeConfig {
  /** Replaces ccxt's HTTP client, e.g. `(url, init) => fetch(url, init)` under workerd. */
  fetchImplementation?: FetchImplementation;
  /** Rewrites the origin of every API url (keeping paths): tests point ccxt at a loopback fake. */
  urlOverride?: string;
  logger?: CcxtLogger;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Backoff waits of freqtrade's @retrier around the leverage calls (tests shorten them). */
  sleep?: (ms: number) => Promise<void>;
}

export class CcxtExchange implements Exchange {
  readonly id: string;
  readonly name: string;
  readonly tradingMode: TradingMode;
  readonly marginMode: MarginMode;
  private readonly client: CcxtClient;
  private readonly errors: CcxtErrorClasses;
  private readonly retry: RetryPolicy;
  private readonly log: CcxtLogger;
  private readonly clock: Clock;
  private readonly leverageHooks: RetrierHooks;
  private readonly binanceLike: boolean;
  private readonly stopSpec: StopOrderSpec | undefined;
  private readonly quirks: OrderQuirks;
  /** freqtrade's stoploss_order_types (stop-orders.ts); undefined where it has no stoploss on exchange. */
  readonly stopOrderTypes: readonly ('limit' | 'market')[] | undefined;
  /** The keys of freqtrade's stop_price_type_value_mapping (futures). */
  readonly stopPriceTypes: readonly StopPriceType[] | undefined;
  readonly stoplossBlocksAssets: boolean;
  /** freqtrade's order_time_in_force per exchange: Binance takes all four, its default class GTC only. */
  readonly timeInForceOptions: readonly TimeInForce[];
  private cachedMarkets: Record<string, Market> = {};
  private tiers = new Map<string, LeverageTier[]>();
  private readonly contracts = new ContractUnits();
  private marketsLoaded = false;
  private loadingMarkets: Promise<Record<string, Market>> | undefined;

  constructor(client: CcxtClient, errors: CcxtErrorClasses, options: CcxtExchangeOptions) {
    this.client = client;
    this.errors = errors;
    this.id = options.name;
    this.name = client.name ?? options.name;
    this.tradingMode = options.trading_mode ?? 'spot';
    this.marginMode = options.margin_mode ?? '';
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.logger ?? (() => {});
    this.clock = options.clock ?? systemClock;
    this.leverageHooks = { log: (m) => this.log('warning', m), sleep: options.sleep };
    this.binanceLike = BINANCE_FAMILY.has(options.name);
    this.stopSpec = stopOrderSpec(options.name, this.tradingMode);
    this.quirks = orderQuirks(options.name);
    this.stopOrderTypes = this.stopSpec && (Object.keys(this.stopSpec.orderTypes) as ('limit' | 'market')[]);
    this.stopPriceTypes = this.stopSpec?.priceType && (Object.keys(this.stopSpec.priceType.values) as StopPriceType[]);
    this.stoplossBlocksAssets = this.stopSpec?.blocksAssets[this.tradingMode] ?? true;
    this.timeInForceOptions = this.binanceLike ? ['GTC', 'FOK', 'IOC', 'PO'] : ['GTC'];
  }

  /** Runs one ccxt call: transient errors retried with backoff, every failure mapped to ExchangeError. */
  private readonly call = async <T>(what: string, fn: () => Promise<T>, tries = this.retry.tries): Promise<T> => {
    try {
      return await withRetry(
        fn,
        { ...this.retry, tries },
        {
          isRetryable: (err) => isTransient(this.errors, err),
          onRetry: (err, attempt, delayMs) =>
            this.log(
              'warning',
              `${this.id} ${what} failed (attempt ${attempt}/${tries}), retrying in ${delayMs} ms: ${String(err)}`,
            ),
        },
      );
    } catch (err) {
      const mapped = toExchangeError(this.errors, err, what === 'createOrder');
      if (mapped.kind === 'network')
        this.log('error', `${this.id} ${what} gave up after ${tries} tries: ${mapped.message}`);
      throw mapped;
    }
  };

  private now(): number {
    return this.clock.now();
  }

  async loadMarkets(reload = false): Promise<Record<string, Market>> {
    if (this.marketsLoaded && !reload) return this.cachedMarkets;
    // Concurrent callers share one request.
    this.loadingMarkets ??= this.fetchMarkets().finally(() => {
      this.loadingMarkets = undefined;
    });
    return this.loadingMarkets;
  }

  private async fetchMarkets(): Promise<Record<string, Market>> {
    // Always reload inside ccxt: it keeps a failed first load's rejected promise and would hand it back forever.
    // Caching is done here instead.
    const raw = await this.call('loadMarkets', () => this.client.loadMarkets(true));
    const markets: Record<string, Market> = {};
    for (const [symbol, m] of Object.entries(raw)) {
      if (m) markets[symbol] = this.contracts.market(map.toMarket(m, this.client.precisionMode ?? map.TICK_SIZE));
    }
    this.cachedMarkets = markets;
    this.marketsLoaded = true;
    if (this.tradingMode === 'futures') await this.loadLeverageTiers();
    return markets;
  }

  /** freqtrade's fill_leverage_tiers: without tiers, no liquidation estimate (logged, not fatal). */
  private async loadLeverageTiers(): Promise<void> {
    if (!this.client.has.fetchLeverageTiers) return;
    try {
      const raw = await this.call('fetchLeverageTiers', () => this.client.fetchLeverageTiers());
      this.tiers = parseAllLeverageTiers(raw as unknown as Parameters<typeof parseAllLeverageTiers>[0]);
    } catch (e) {
      this.log('warning', `Leverage tiers unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  leverageTiers(symbol: string): LeverageTier[] | undefined {
    return this.tiers.get(symbol);
  }

  markets(): Record<string, Market> {
    return this.cachedMarkets;
  }

  private async ready(): Promise<void> {
    if (!this.marketsLoaded) await this.loadMarkets();
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    await this.ready();
    const t = await this.call('fetchTicker', () => this.client.fetchTicker(symbol));
    return map.toTicker(t, this.now());
  }

  async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    await this.ready();
    const raw = await this.call('fetchTickers', () => this.client.fetchTickers(symbols));
    const out: Record<string, Ticker> = {};
    for (const [symbol, t] of Object.entries(raw)) out[symbol] = map.toTicker(t, this.now());
    return out;
  }

  async fetchOHLCV(
    symbol: string,
    timeframe: string,
    since?: number,
    limit?: number,
    candleType: CandleType = 'spot',
  ): Promise<Candle[]> {
    await this.ready();
    if (candleType === 'funding_rate') {
      // freqtrade's _fetch_funding_rate_history: [timestamp, fundingRate, 0, 0, 0, 0], sorted ascending.
      const rows = await this.call('fetchFundingRateHistory', () =>
        this.client.fetchFundingRateHistory(symbol, since, limit),
      );
      return rows.map((r): Candle => [r.timestamp ?? 0, r.fundingRate ?? 0, 0, 0, 0, 0]).sort((a, b) => a[0] - b[0]);
    }
    const params: Record<string, unknown> = {};
    if (candleType === 'mark' || candleType === 'index' || candleType === 'premiumIndex') params.price = candleType;
    const rows = await this.call('fetchOHLCV', () => this.client.fetchOHLCV(symbol, timeframe, since, limit, params));
    return rows.map(map.toCandle);
  }

  async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBookTop> {
    await this.ready();
    const book = await this.call('fetchOrderBook', () =>
      this.client.fetchOrderBook(symbol, map.orderBookLimit(this.id, limit)),
    );
    return map.toOrderBook(symbol, book, this.now());
  }

  async fetchBalance(): Promise<Balances> {
    await this.ready();
    const raw = await this.call('fetchBalance', () => this.client.fetchBalance());
    return map.toBalances(raw);
  }

  private order(o: CcxtOrder, symbol: string): ExchangeOrder {
    return this.contracts.orderToAmount(map.toOrder(o, symbol, this.now()));
  }

  async createOrder(req: CreateOrderRequest): Promise<ExchangeOrder> {
    await this.ready();
    const cid = this.quirks.wireClientId(req.clientOrderId);
    const params: Record<string, unknown> = {
      ...this.quirks.orderParams,
      ...(this.binanceLike ? { newClientOrderId: cid } : { clientOrderId: cid }),
    };
    if (req.reduceOnly) params.reduceOnly = true;
    // freqtrade's _get_params: time in force only when not GTC, and never on market orders.
    if (req.timeInForce && req.timeInForce !== 'GTC' && req.type !== 'market') params.timeInForce = req.timeInForce;
    // A market order gets no price: binance would turn amount * price into a quote-amount order.
    const price = req.type === 'limit' ? req.price : undefined;
    if (req.type === 'limit' && price === undefined) {
      throw new ExchangeError('invalid_order', `limit order for ${req.symbol} needs a price`);
    }
    if (this.tradingMode !== 'spot' && !req.reduceOnly) {
      const prep = { symbol: req.symbol, leverage: req.leverage ?? 1, marginMode: this.marginMode };
      await prepareLeverage(this.client, this.errors, { ...prep, floorLeverage: this.binanceLike }, this.leverageHooks);
    }
    const amount = this.contracts.toContracts(req.symbol, req.amount);
    try {
      const o = await this.call('createOrder', () =>
        this.client.createOrder(req.symbol, req.type, req.side, amount, price, params),
      );
      return this.order(map.withRequestDefaults(o, amount, price), req.symbol);
    } catch (err) {
      // The same client id already exists (an earlier attempt got through): return that order.
      const cause = err instanceof ExchangeError ? err.cause : err;
      if (!isDuplicateOrder(this.errors, cause)) throw err;
      this.log('info', `${this.id} order ${req.clientOrderId} already exists, fetching it instead`);
      const existing = await this.fetchOrderByClientId(req.clientOrderId, req.symbol);
      if (!existing) throw err;
      return existing;
    }
  }

  /**
   * freqtrade's create_stoploss, as the exchange's stop-orders.ts entry describes it; sent once
   * (@retrier(retries=0)): a lost reply is found by client order id on the next iteration.
   */
  async createStopOrder(req: StopOrderRequest): Promise<ExchangeOrder> {
    const spec = this.requireStopSpec();
    await this.ready();
    const sr = stops.stopRequest(spec, req, { tradingMode: this.tradingMode, marginMode: this.marginMode });
    try {
      const amount = this.contracts.toContracts(req.symbol, req.amount);
      const create = () => this.client.createOrder(req.symbol, sr.type, req.side, amount, sr.price, sr.params);
      const o = await this.call('createOrder', create, 1);
      const full = map.withRequestDefaults(o, amount, sr.price);
      return { ...this.order(full, req.symbol), stopPrice: stops.stopPriceOf(spec, o) ?? req.stopPrice };
    } catch (err) {
      const cause = err instanceof ExchangeError ? err.cause : err;
      if (!isDuplicateOrder(this.errors, cause)) throw err;
      const existing = await this.fetchStopOrderByClientId(req.clientOrderId, req.symbol);
      if (!existing) throw err;
      return existing;
    }
  }

  /** freqtrade's fetch_stoploss_order / cancel_stoploss_order / a stop by client id (stop-calls.ts). */
  async fetchStopOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    return this.stopCall('fetchOrder', symbol, (s) => stops.fetchStop(this.client, s, this.stopQuery(id, symbol)));
  }

  async cancelStopOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    return this.stopCall('cancelOrder', symbol, (s) => stops.cancelStop(this.client, s, this.stopQuery(id, symbol)));
  }

  private stopQuery(id: string, symbol: string): stops.StopQuery {
    return { id, symbol, tradingMode: this.tradingMode, isNotFound: stops.notFound(this.errors) };
  }

  async fetchStopOrderByClientId(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    const get = (s: StopOrderSpec) => stops.found(stops.fetchStopByClientId(this.client, s, clientOrderId, symbol));
    try {
      return await this.stopCall('fetchOrder', symbol, get);
    } catch (err) {
      if (err instanceof ExchangeError && err.kind === 'order_not_found') return undefined;
      throw err;
    }
  }

  /** Start-up validation refuses stoploss_on_exchange where the table has no entry (freqtrade's text). */
  private requireStopSpec(): StopOrderSpec {
    if (this.stopSpec) return this.stopSpec;
    throw new ExchangeError('not_supported', `On exchange stoploss is not supported for ${this.name}.`);
  }

  private async stopCall(what: string, symbol: string, fn: (spec: StopOrderSpec) => Promise<CcxtOrder>) {
    const spec = this.requireStopSpec();
    await this.ready();
    const o = await this.call(what, () => fn(spec));
    return { ...this.order(o, symbol), stopPrice: stops.stopPriceOf(spec, o) };
  }

  async cancelOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    await this.ready();
    const o = await this.call('cancelOrder', () => this.client.cancelOrder(id, symbol));
    // freqtrade's cancel_order_with_result: a reply without status or amount is fetched instead.
    return map.cancelReplyUsable(o) ? this.order(o, symbol) : this.fetchOrder(id, symbol);
  }

  async fetchOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    await this.ready();
    const o = await this.call('fetchOrder', () => this.client.fetchOrder(id, symbol, { ...this.quirks.fetchParams }));
    return this.order(o, symbol);
  }

  async fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    await this.ready();
    const cid = this.quirks.wireClientId(clientOrderId);
    const params = { ...this.quirks.fetchParams, [this.binanceLike ? 'origClientOrderId' : 'clientOrderId']: cid };
    try {
      const o = await this.call('fetchOrder', () =>
        stops.found(stops.byClientId(this.client, this.quirks, symbol, params)),
      );
      return this.order(o, symbol);
    } catch (err) {
      if (err instanceof ExchangeError && err.kind === 'order_not_found') return undefined;
      throw err;
    }
  }

  async fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    await this.ready();
    const rows = await this.call('fetchOpenOrders', () => this.client.fetchOpenOrders(symbol));
    return rows.map((o) => this.order(o, symbol ?? ''));
  }

  async fetchOrderTrades(orderId: string, symbol: string, since: number): Promise<OrderTrade[]> {
    return this.ready().then(() => tradesOfOrder(this.client, this.call, this.contracts, { orderId, symbol, since }));
  }

  /** Futures account reads (futures-account.ts): funding paid (live), the position's liquidation price, marks. */
  async fundingFees(args: FundingFeeRequest): Promise<number> {
    return this.ready().then(() => fundingPaid(this.client, this.call, args));
  }
  async fetchLiquidationPrice(symbol: string): Promise<number | null | undefined> {
    return this.ready().then(() => positionLiquidationPrice(this.client, this.call, symbol));
  }
  async fetchMarkPrices(symbols: string[]): Promise<Record<string, number>> {
    return this.ready().then(() => markPrices(this.client, this.call, symbols));
  }

  fees(symbol: string): FeeSchedule {
    const m = this.cachedMarkets[symbol];
    const loaded = `(markets loaded: ${this.marketsLoaded})`;
    if (!m) throw new ExchangeError('bad_symbol', `${this.id} has no market ${symbol} ${loaded}`);
    return { taker: m.taker, maker: m.maker };
  }
}

/** Builds a ccxt-backed Exchange; the first call loads ccxt (~0.3 s, ~130 MB). */
export async function createCcxtExchange(config: CcxtExchangeOptions): Promise<CcxtExchange> {
  // freqtrade configs often spell the name as shown ("Binance"); ccxt ids are lower case.
  const options = { ...config, name: config.name.toLowerCase() };
  const ccxt = await loadCcxt();
  const Klass = (ccxt as unknown as Record<string, unknown>)[options.name];
  if (!ccxt.exchanges.includes(options.name) || typeof Klass !== 'function') {
    throw new ExchangeError('not_supported', `ccxt has no exchange "${options.name}"`);
  }
  const client = new (Klass as new (config: Record<string, unknown>) => CcxtClient)(ccxtConstructorOptions(options));
  if (options.fetchImplementation) {
    (client as unknown as { fetchImplementation: FetchImplementation }).fetchImplementation =
      options.fetchImplementation;
  }
  if (options.urlOverride) {
    client.urls.api = rewriteApiUrls(client.urls.api, options.urlOverride) as typeof client.urls.api;
  }
  return new CcxtExchange(client, ccxt, options);
}

export { listCcxtExchanges } from './exchange-list.ts';
export { isCcxtLoaded } from './loader.ts';
export { type CcxtExchangeConfig, ccxtConstructorOptions, rewriteApiUrls } from './options.ts';
