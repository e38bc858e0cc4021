// Client of a freqtrade-compatible REST API: one method per freqtrade-client call.

import * as S from './schemas/index.ts';
import { TickhubSession } from './session.ts';

export type {
  AuthMode,
  FetchLike,
  HttpMethod,
  RequestOptions,
  SubscribeOptions,
  TickhubClientOptions,
} from './session.ts';

export interface ForceEnterOptions {
  order_type?: S.OrderTypeValue | null;
  stake_amount?: number | null;
  leverage?: number | null;
  enter_tag?: string | null;
}

type TradeId = number | string;

/** Drops undefined / null values so the server applies its own defaults. */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

const id = (value: TradeId) => encodeURIComponent(String(value));

/**
 * Client of a freqtrade-compatible REST API (tickhub or freqtrade). Method names follow freqtrade-client.
 * Uses only fetch, so it runs in Node, browsers and Workers.
 */
export class TickhubClient extends TickhubSession {
  // ---- auth ----

  /** POST /token/login with HTTP Basic; later requests use the access token (refreshed on 401). */
  async login(): Promise<S.AccessAndRefreshToken> {
    const tokens = await this.request<S.AccessAndRefreshToken>('POST', 'token/login', {
      auth: 'basic',
      body: {},
      schema: S.AccessAndRefreshToken,
    });
    this.setTokens(tokens.access_token, tokens.refresh_token);
    return tokens;
  }

  // ---- info ----

  /** GET /ping (no auth). Unlike freqtrade-client, which calls /show_config, this calls the real route. */
  ping(): Promise<S.Ping> {
    return this.request('GET', 'ping', { auth: 'none', schema: S.Ping });
  }

  version(): Promise<S.Version> {
    return this.request('GET', 'version', { schema: S.Version });
  }

  show_config(): Promise<S.ShowConfig> {
    return this.request('GET', 'show_config', { schema: S.ShowConfig });
  }

  balance(): Promise<S.Balances> {
    return this.request('GET', 'balance', { schema: S.Balances });
  }

  count(): Promise<S.Count> {
    return this.request('GET', 'count', { schema: S.Count });
  }

  profit(): Promise<S.Profit> {
    return this.request('GET', 'profit', { schema: S.Profit });
  }

  profit_all(): Promise<S.ProfitAll> {
    return this.request('GET', 'profit_all', { schema: S.ProfitAll });
  }

  stats(): Promise<S.Stats> {
    return this.request('GET', 'stats', { schema: S.Stats });
  }

  daily(days?: number): Promise<S.DailyWeeklyMonthly> {
    return this.request('GET', 'daily', { query: { timescale: days }, schema: S.DailyWeeklyMonthly });
  }

  weekly(weeks?: number): Promise<S.DailyWeeklyMonthly> {
    return this.request('GET', 'weekly', { query: { timescale: weeks }, schema: S.DailyWeeklyMonthly });
  }

  monthly(months?: number): Promise<S.DailyWeeklyMonthly> {
    return this.request('GET', 'monthly', { query: { timescale: months }, schema: S.DailyWeeklyMonthly });
  }

  performance(): Promise<S.PerformanceEntry[]> {
    return this.request('GET', 'performance', { schema: S.PerformanceList });
  }

  entries(pair?: string): Promise<S.Entry[]> {
    return this.request('GET', 'entries', { query: { pair }, schema: S.EntryList });
  }

  exits(pair?: string): Promise<S.Exit[]> {
    return this.request('GET', 'exits', { query: { pair }, schema: S.ExitList });
  }

  mix_tags(pair?: string): Promise<S.MixTag[]> {
    return this.request('GET', 'mix_tags', { query: { pair }, schema: S.MixTagList });
  }

  // ---- trades ----

  status(): Promise<S.OpenTrade[]> {
    return this.request('GET', 'status', { schema: S.OpenTradeList });
  }

  trades(limit?: number, offset?: number, order_by_id?: boolean): Promise<S.TradesPage> {
    return this.request('GET', 'trades', { query: { limit, offset, order_by_id }, schema: S.TradesPage });
  }

  trade(trade_id: TradeId): Promise<S.OpenTrade> {
    return this.request('GET', `trade/${id(trade_id)}`, { schema: S.OpenTrade });
  }

  delete_trade(trade_id: TradeId): Promise<S.DeleteTrade> {
    return this.request('DELETE', `trades/${id(trade_id)}`, { schema: S.DeleteTrade });
  }

  cancel_open_order(trade_id: TradeId): Promise<S.OpenTrade> {
    return this.request('DELETE', `trades/${id(trade_id)}/open-order`, { schema: S.OpenTrade });
  }

  trade_reload(trade_id: TradeId): Promise<S.OpenTrade> {
    return this.request('POST', `trades/${id(trade_id)}/reload`, { schema: S.OpenTrade });
  }

  /** Custom data of one trade, or of all open trades when no trade id is given (newer API). */
  custom_data(trade_id?: TradeId, key?: string, limit?: number, offset?: number): Promise<S.CustomData> {
    if (trade_id === undefined || trade_id === null) {
      return this.request('GET', 'trades/open/custom-data', { query: { key, limit, offset }, schema: S.CustomData });
    }
    return this.request('GET', `trades/${id(trade_id)}/custom-data`, { query: { key }, schema: S.CustomData });
  }

  forceenter(
    pair: string,
    side: S.Side = 'long',
    price?: number | null,
    options: ForceEnterOptions = {},
  ): Promise<S.ForceEnterResponse> {
    const body = defined({
      pair,
      side,
      price,
      ordertype: options.order_type,
      stakeamount: options.stake_amount,
      leverage: options.leverage,
      entry_tag: options.enter_tag,
    });
    return this.request('POST', 'forceenter', { body, schema: S.ForceEnterResponse });
  }

  /** Deprecated freqtrade alias: long entry through POST /forcebuy. */
  forcebuy(pair: string, price?: number | null): Promise<S.ForceEnterResponse> {
    return this.request('POST', 'forcebuy', { body: defined({ pair, price }), schema: S.ForceEnterResponse });
  }

  /** Exits a trade (`"all"` for every open trade); `amount` for a partial exit, `price` for a limit price. */
  forceexit(
    tradeid: TradeId,
    ordertype?: S.OrderTypeValue | null,
    amount?: number | null,
    price?: number | null,
  ): Promise<S.ResultMsg> {
    const body = defined({ tradeid, ordertype, amount, price });
    return this.request('POST', 'forceexit', { body, schema: S.ResultMsg });
  }

  // ---- pair lists ----

  whitelist(): Promise<S.Whitelist> {
    return this.request('GET', 'whitelist', { schema: S.Whitelist });
  }

  /** Without arguments shows the blacklist; with pairs adds them. */
  blacklist(...pairs: string[]): Promise<S.Blacklist> {
    if (pairs.length === 0) return this.request('GET', 'blacklist', { schema: S.Blacklist });
    return this.request('POST', 'blacklist', { body: { blacklist: pairs }, schema: S.Blacklist });
  }

  delete_blacklist(...pairs: string[]): Promise<S.Blacklist> {
    return this.request('DELETE', 'blacklist', { query: { pairs_to_delete: pairs }, schema: S.Blacklist });
  }

  // ---- locks ----

  locks(): Promise<S.Locks> {
    return this.request('GET', 'locks', { schema: S.Locks });
  }

  /** Locks `pair` until `until` (a datetime with zone, e.g. `2024-03-30 16:00:00Z`). */
  lock_add(pair: string, until: string, side = '*', reason?: string | null): Promise<S.Locks> {
    const body = [defined({ pair, until, side, reason })];
    return this.request('POST', 'locks', { body, schema: S.Locks });
  }

  delete_lock(lock_id: number): Promise<S.Locks> {
    return this.request('DELETE', `locks/${id(lock_id)}`, { schema: S.Locks });
  }

  /** POST /locks/delete: by lock id, or every `*` lock of a pair. */
  delete_locks(pair?: string | null, lockid?: number | null): Promise<S.Locks> {
    return this.request('POST', 'locks/delete', { body: defined({ pair, lockid }), schema: S.Locks });
  }

  // ---- bot control ----

  start(): Promise<S.StatusMsg> {
    return this.request('POST', 'start', { schema: S.StatusMsg });
  }

  stop(): Promise<S.StatusMsg> {
    return this.request('POST', 'stop', { schema: S.StatusMsg });
  }

  stopbuy(): Promise<S.StatusMsg> {
    return this.request('POST', 'stopbuy', { schema: S.StatusMsg });
  }

  stopentry(): Promise<S.StatusMsg> {
    return this.request('POST', 'stopentry', { schema: S.StatusMsg });
  }

  pause(): Promise<S.StatusMsg> {
    return this.request('POST', 'pause', { schema: S.StatusMsg });
  }

  reload_config(): Promise<S.StatusMsg> {
    return this.request('POST', 'reload_config', { schema: S.StatusMsg });
  }

  // ---- system ----

  logs(limit?: number): Promise<S.Logs> {
    return this.request('GET', 'logs', { query: { limit }, schema: S.Logs });
  }

  sysinfo(): Promise<S.SysInfo> {
    return this.request('GET', 'sysinfo', { schema: S.SysInfo });
  }

  health(): Promise<S.Health> {
    return this.request('GET', 'health', { schema: S.Health });
  }

  edge(): Promise<unknown[]> {
    return this.request('GET', 'edge');
  }

  // ---- candles and strategies ----

  /** Live analyzed candles; POST with a column filter when `columns` is given. */
  pair_candles(pair: string, timeframe: string, limit?: number, columns?: string[]): Promise<S.PairHistory> {
    if (columns && columns.length > 0) {
      const body = defined({ pair, timeframe, limit, columns });
      return this.request('POST', 'pair_candles', { body, schema: S.PairHistory });
    }
    return this.request('GET', 'pair_candles', { query: { pair, timeframe, limit }, schema: S.PairHistory });
  }

  /** Historic candles analysed by `strategy`; `timerange` defaults to "" (all data) like freqtrade-client. */
  pair_history(
    pair: string,
    timeframe: string,
    strategy: string,
    timerange?: string | null,
    freqaimodel?: string | null,
    columns?: string[],
  ): Promise<S.PairHistory> {
    const values = { pair, timeframe, strategy, timerange: timerange ?? '', freqaimodel };
    if (columns && columns.length > 0) {
      return this.request('POST', 'pair_history', { body: defined({ ...values, columns }), schema: S.PairHistory });
    }
    return this.request('GET', 'pair_history', { query: values, schema: S.PairHistory });
  }

  plot_config(strategy?: string): Promise<S.PlotConfig> {
    return this.request('GET', 'plot_config', { query: { strategy }, schema: S.PlotConfig });
  }

  available_pairs(timeframe?: string, stake_currency?: string, candletype?: S.CandleType): Promise<S.AvailablePairs> {
    const query = { timeframe, stake_currency, candletype };
    return this.request('GET', 'available_pairs', { query, schema: S.AvailablePairs });
  }

  strategies(): Promise<S.Strategies> {
    return this.request('GET', 'strategies', { schema: S.Strategies });
  }

  strategy(strategy: string): Promise<S.StrategyResponse> {
    return this.request('GET', `strategy/${encodeURIComponent(strategy)}`, { schema: S.StrategyResponse });
  }

  exchanges(): Promise<S.Exchanges> {
    return this.request('GET', 'exchanges', { schema: S.Exchanges });
  }

  hyperoptloss(): Promise<S.HyperoptLossList> {
    return this.request('GET', 'hyperoptloss', { schema: S.HyperoptLossList });
  }

  freqaimodels(): Promise<S.FreqaiModels> {
    return this.request('GET', 'freqaimodels', { schema: S.FreqaiModels });
  }

  pairlists_available(): Promise<unknown> {
    return this.request('GET', 'pairlists/available');
  }
}

/** freqtrade-client's class name. */
export { TickhubClient as FtRestClient };
