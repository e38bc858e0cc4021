// The offline market has eight assets; the tick benchmark needs 100 pairs. This Exchange serves
// copies of them: pair "ETH3/USDT" is "ETH/USDT" from an OfflineExchange with seed + 3, so every
// pair has its own deterministic price path and the real offline code produces every candle.

import { OfflineExchange } from '../../src/exchange/offline/index.ts';
import type {
  Balances,
  Candle,
  CandleType,
  CreateOrderRequest,
  Exchange,
  ExchangeOrder,
  FeeSchedule,
  Market,
  OrderBookTop,
  Ticker,
} from '../../src/exchange/port.ts';
import type { Clock } from '../../src/util/clock.ts';

export class WideOfflineMarket implements Exchange {
  readonly id = 'offline';
  readonly name = 'Offline';
  readonly tradingMode = 'spot' as const;
  readonly marginMode = '' as const;
  private readonly copies: OfflineExchange[];
  private loaded: Record<string, Market> = {};
  /** Our symbol → [copy index, offline symbol]. */
  private readonly route = new Map<string, [number, string]>();

  constructor(copies: number, clock: Clock, seed = 42) {
    this.copies = Array.from({ length: copies }, (_, k) => new OfflineExchange({ seed: seed + k, clock }));
  }

  static symbolFor(copy: number, offlineSymbol: string): string {
    if (copy === 0) return offlineSymbol;
    const [base, quote] = offlineSymbol.split('/');
    return `${base}${copy}/${quote}`;
  }

  async loadMarkets(): Promise<Record<string, Market>> {
    this.loaded = {};
    for (let k = 0; k < this.copies.length; k++) {
      const markets = await this.copies[k].loadMarkets();
      for (const m of Object.values(markets)) {
        const symbol = WideOfflineMarket.symbolFor(k, m.symbol);
        this.route.set(symbol, [k, m.symbol]);
        this.loaded[symbol] = { ...m, symbol, base: symbol.split('/')[0] };
      }
    }
    return this.loaded;
  }

  markets(): Record<string, Market> {
    return this.loaded;
  }

  /** Every pair, in a stable order. */
  symbols(): string[] {
    return Object.keys(this.loaded);
  }

  private to(symbol: string): [OfflineExchange, string] {
    const r = this.route.get(symbol);
    if (!r) throw new Error(`unknown symbol ${symbol}`);
    return [this.copies[r[0]], r[1]];
  }

  private rename<T extends { symbol: string }>(symbol: string, v: T): T {
    return { ...v, symbol };
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    const [ex, s] = this.to(symbol);
    return this.rename(symbol, await ex.fetchTicker(s));
  }

  async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    const out: Record<string, Ticker> = {};
    for (const s of symbols ?? this.symbols()) out[s] = await this.fetchTicker(s);
    return out;
  }

  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number, type?: CandleType): Promise<Candle[]> {
    const [ex, s] = this.to(symbol);
    return ex.fetchOHLCV(s, timeframe, since, limit, type);
  }

  async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBookTop> {
    const [ex, s] = this.to(symbol);
    return this.rename(symbol, await ex.fetchOrderBook(s, limit));
  }

  fetchBalance(): Promise<Balances> {
    return this.copies[0].fetchBalance();
  }

  createOrder(req: CreateOrderRequest): Promise<ExchangeOrder> {
    const [ex, s] = this.to(req.symbol);
    return ex.createOrder({ ...req, symbol: s });
  }

  cancelOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    const [ex, s] = this.to(symbol);
    return ex.cancelOrder(id, s);
  }

  fetchOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    const [ex, s] = this.to(symbol);
    return ex.fetchOrder(id, s);
  }

  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    const [ex, s] = this.to(symbol);
    return ex.fetchOrderByClientId(clientOrderId, s);
  }

  async fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    if (symbol) {
      const [ex, s] = this.to(symbol);
      return ex.fetchOpenOrders(s);
    }
    return [];
  }

  fees(symbol: string): FeeSchedule {
    const [ex, s] = this.to(symbol);
    return ex.fees(s);
  }
}
