// How each exchange takes a stop order (freqtrade's stoploss-related _ft_has keys and the
// per-exchange overrides of create_stoploss / fetch_stoploss_order / cancel_stoploss_order).
// Pure data plus two small pure helpers; the ccxt adapter and the start-up check read it.
//
// Sources: freqtrade 2024.10 freqtrade/exchange/{binance,okx,bybit,gate,kraken,kucoin,htx,bingx}.py,
// and the current release (2026.3) where it differs; the release a change came in is named next to it.

import type { MarginMode, OrderSide, TradingMode } from '../port.ts';

export type StopPriceType = 'last' | 'mark' | 'index';

export interface StopOrderSpec {
  /** The trading modes with stoploss_on_exchange (freqtrade: _ft_has vs _ft_has_futures). */
  modes: readonly TradingMode[];
  /** stoploss_order_types: the ccxt order type sent for a stop-limit / stop-market order. */
  orderTypes: Partial<Record<'limit' | 'market', string>>;
  /** stop_price_param: the ccxt param carrying the trigger price. */
  priceParam: 'stopPrice' | 'stopLossPrice' | 'triggerPrice';
  /** stop_price_prop: where ccxt's parsed order shows the trigger (read before triggerPrice/stopPrice). */
  priceProp: 'stopPrice' | 'stopLossPrice' | 'triggerPrice';
  /** stop_price_type_field and stop_price_type_value_mapping (futures only). */
  priceType?: { field: string; values: Partial<Record<StopPriceType, string | number>> };
  /**
   * stoploss_query_requires_stop_flag (2025.12; before that OKX and Gate overrode fetch/cancel):
   * fetching and cancelling a stop needs ccxt's trigger flag (`trigger: true`; ccxt ≥ 4.2 names it
   * so and still reads the older `stop: true`).
   */
  queryNeedsTriggerFlag: boolean;
  /**
   * stoploss_algo_order_info_id (2025.12, "unify fetch_stoploss_order"): once a stop has triggered,
   * the `info` field naming the real order it became, which is fetched for the fill.
   */
  firedOrderField?: Partial<Record<TradingMode, string>>;
  /**
   * stoploss_blocks_assets (2025.5, "don't try to place stoploss orders with blocking assets"): the
   * stop holds the coins, so it is not placed while another order of the trade is open.
   */
  blocksAssets: Record<TradingMode, boolean>;
  /** freqtrade's _params: sent with every order (Kraken's trading agreement). */
  orderParams?: Record<string, unknown>;
  /** Params of every order lookup (freqtrade's bybit.fetch_order: `acknowledged`, which ccxt requires). */
  fetchParams?: Record<string, unknown>;
  /** freqtrade's _get_stop_params overrides: extra params of a stop order. */
  stopParams?: (ctx: { tradingMode: TradingMode; marginMode: MarginMode; side: OrderSide }) => Record<string, unknown>;
  /**
   * Kraken: QueryOrders takes no client order id (ccxt sends it as the integer `userref`), so an
   * order is found by its cl_ord_id in the open, then the closed order lists.
   */
  clientIdInLists?: boolean;
  /** The param that carries the client order id, and how the id must look on this exchange. */
  clientIdParam: string;
  wireClientId?: (id: string) => string;
}

const BINANCE: StopOrderSpec = {
  modes: ['spot', 'futures'],
  orderTypes: { limit: 'stop_loss_limit' },
  priceParam: 'stopPrice',
  priceProp: 'stopPrice',
  queryNeedsTriggerFlag: false,
  blocksAssets: { spot: true, margin: true, futures: false },
  clientIdParam: 'newClientOrderId',
};

const BINANCE_FUTURES: Partial<StopOrderSpec> = {
  orderTypes: { limit: 'stop', market: 'stop_market' },
  priceType: { field: 'workingType', values: { last: 'CONTRACT_PRICE', mark: 'MARK_PRICE' } },
  // 2025.12: Binance futures stops are algo orders, queried with the trigger flag.
  queryNeedsTriggerFlag: true,
  firedOrderField: { futures: 'actualOrderId' },
};

export const STOP_ORDER_SPECS: Record<string, { base: StopOrderSpec; futures?: Partial<StopOrderSpec> }> = {
  binance: { base: BINANCE, futures: BINANCE_FUTURES },
  binanceus: { base: { ...BINANCE, modes: ['spot'] } },
  binanceusdm: { base: BINANCE, futures: BINANCE_FUTURES },
  okx: {
    base: {
      modes: ['spot', 'futures'],
      orderTypes: { limit: 'limit' },
      priceParam: 'stopLossPrice',
      priceProp: 'stopLossPrice',
      queryNeedsTriggerFlag: true,
      // A triggered OKX algo order points at the order it placed (freqtrade's okx._convert_stop_order).
      firedOrderField: { spot: 'ordId', futures: 'ordId' },
      blocksAssets: { spot: true, margin: true, futures: false },
      stopParams: ({ tradingMode, marginMode }) =>
        tradingMode === 'futures' && marginMode ? { tdMode: marginMode, posSide: 'net' } : {},
      clientIdParam: 'algoClOrdId',
      // OKX ids are alphanumeric only (up to 32 characters).
      wireClientId: (id) => id.replaceAll('-', 'x'),
    },
    futures: {
      // 2025.12 fixed the mapping (2024.10 had mark → "index" and index → "mark").
      priceType: { field: 'slTriggerPxType', values: { last: 'last', mark: 'mark', index: 'index' } },
    },
  },
  bybit: {
    base: {
      modes: ['futures'],
      orderTypes: { limit: 'limit', market: 'market' },
      priceParam: 'stopLossPrice',
      // ccxt's bybit parsing leaves stopLossPrice empty (freqtrade's comment), so the trigger is read here.
      priceProp: 'stopPrice',
      priceType: { field: 'triggerBy', values: { last: 'LastPrice', mark: 'MarkPrice', index: 'IndexPrice' } },
      queryNeedsTriggerFlag: false,
      blocksAssets: { spot: true, margin: true, futures: false },
      // 2025.5: bybit stop orders go to the v5 create endpoint directly (ccxt's createOrder lost the id).
      stopParams: () => ({ method: 'privatePostV5OrderCreate' }),
      fetchParams: { acknowledged: true },
      clientIdParam: 'clientOrderId',
    },
  },
  gate: {
    base: {
      modes: ['spot', 'futures'],
      orderTypes: { limit: 'limit' },
      priceParam: 'stopPrice',
      priceProp: 'stopPrice',
      queryNeedsTriggerFlag: true,
      firedOrderField: { spot: 'fired_order_id', futures: 'trade_id' },
      blocksAssets: { spot: true, margin: true, futures: false },
      clientIdParam: 'clientOrderId',
      // Gate's order text must start with "t-".
      wireClientId: (id) => `t-${id}`,
    },
    futures: { priceType: { field: 'price_type', values: { last: 0, mark: 1, index: 2 } } },
  },
  kraken: {
    base: {
      modes: ['spot'],
      orderTypes: { limit: 'limit', market: 'market' },
      priceParam: 'stopLossPrice',
      priceProp: 'stopLossPrice',
      queryNeedsTriggerFlag: false,
      blocksAssets: { spot: true, margin: true, futures: true },
      orderParams: { trading_agreement: 'agree' },
      clientIdInLists: true,
      clientIdParam: 'clientOrderId',
    },
  },
  kucoin: {
    base: {
      modes: ['spot'],
      orderTypes: { limit: 'limit', market: 'market' },
      priceParam: 'stopPrice',
      priceProp: 'stopPrice',
      queryNeedsTriggerFlag: false,
      blocksAssets: { spot: true, margin: true, futures: true },
      stopParams: () => ({ stop: 'loss' }),
      clientIdParam: 'clientOrderId',
    },
  },
  htx: {
    base: {
      modes: ['spot'],
      orderTypes: { limit: 'stop-limit' },
      priceParam: 'stopPrice',
      priceProp: 'stopPrice',
      queryNeedsTriggerFlag: false,
      blocksAssets: { spot: true, margin: true, futures: true },
      stopParams: () => ({ operator: 'lte' }),
      clientIdParam: 'clientOrderId',
    },
  },
  bingx: {
    base: {
      modes: ['spot'],
      orderTypes: { limit: 'limit', market: 'market' },
      priceParam: 'stopLossPrice',
      priceProp: 'stopLossPrice',
      queryNeedsTriggerFlag: false,
      blocksAssets: { spot: true, margin: true, futures: true },
      clientIdParam: 'clientOrderId',
    },
  },
};

/** The stop-order description of an exchange in a trading mode, or undefined when it has none there. */
export function stopOrderSpec(exchangeId: string, tradingMode: TradingMode): StopOrderSpec | undefined {
  const entry = STOP_ORDER_SPECS[exchangeId];
  if (!entry?.base.modes.includes(tradingMode)) return undefined;
  return tradingMode === 'futures' && entry.futures ? { ...entry.base, ...entry.futures } : entry.base;
}

/**
 * What every order on the exchange needs, in any mode: the client order id's form (OKX:
 * alphanumeric; Gate: "t-" first) and freqtrade's _params (Kraken's trading agreement).
 */
export interface OrderQuirks {
  wireClientId: (id: string) => string;
  orderParams: Record<string, unknown>;
  fetchParams: Record<string, unknown>;
  clientIdInLists: boolean;
}

export function orderQuirks(exchangeId: string): OrderQuirks {
  const base = STOP_ORDER_SPECS[exchangeId]?.base;
  return {
    wireClientId: base?.wireClientId ?? ((id) => id),
    orderParams: base?.orderParams ?? {},
    fetchParams: base?.fetchParams ?? {},
    clientIdInLists: base?.clientIdInLists ?? false,
  };
}
