// The ccxt constructor settings tickhub derives from a freqtrade-style exchange config.

import type { MarginMode, TradingMode } from '../port.ts';

/** The exchange section of a freqtrade-style config, plus the bot-wide trading and margin modes. */
export interface CcxtExchangeConfig {
  name: string; // ccxt id, e.g. "binance"
  key?: string;
  secret?: string;
  password?: string;
  /** Passed to the ccxt constructor as is (merged over the defaults chosen here). */
  ccxt_config?: Record<string, unknown>;
  trading_mode?: TradingMode;
  margin_mode?: MarginMode;
}

export const BINANCE_FAMILY = new Set(['binance', 'binanceus', 'binanceusdm', 'binancecoinm']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge for constructor options: user settings win, nested objects are merged. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** Replaces the scheme and host of every url string in ccxt's `urls.api` tree. */
export function rewriteApiUrls(api: unknown, origin: string): unknown {
  const base = origin.replace(/\/+$/, '');
  if (typeof api === 'string') return api.replace(/^[a-z]+:\/\/[^/]+/i, base);
  if (isObject(api)) {
    return Object.fromEntries(Object.entries(api).map(([k, v]) => [k, rewriteApiUrls(v, base)]));
  }
  return api;
}

/** The ccxt constructor settings for a config: credentials, market type, binance loading shortcuts, then ccxt_config. */
export function ccxtConstructorOptions(options: CcxtExchangeConfig): Record<string, unknown> {
  const tradingMode = options.trading_mode ?? 'spot';
  const defaultType = { spot: 'spot', margin: 'margin', futures: 'swap' }[tradingMode];
  const defaults: Record<string, unknown> = { enableRateLimit: true, options: { defaultType } };
  // Only for leveraged modes: on binance spot a margin mode would route orders to the margin (sapi) endpoints.
  // Never on Binance: its futures margin type is set per symbol (setMarginMode), and with a default margin
  // mode ccxt reads the USDⓈ-M account as an isolated margin account, so fetchBalance comes back empty
  // (freqtrade passes only defaultType there).
  if (tradingMode !== 'spot' && options.margin_mode && !BINANCE_FAMILY.has(options.name)) {
    (defaults.options as Record<string, unknown>).defaultMarginMode = options.margin_mode;
  }
  if (options.key) defaults.apiKey = options.key;
  if (options.secret) defaults.secret = options.secret;
  if (options.password) defaults.password = options.password;
  if (BINANCE_FAMILY.has(options.name)) {
    // One exchangeInfo call per market type, no signed margin/currency lookups while loading markets.
    defaults.options = {
      ...(defaults.options as object),
      fetchMargins: false,
      fetchCurrencies: false,
      fetchOpenOrders: { warnWithoutSymbol: false },
    };
  }
  if (options.name === 'binance' || options.name === 'binanceus') {
    // Only the market type traded (the futures classes binanceusdm/coinm already load just theirs).
    (defaults.options as Record<string, unknown>).fetchMarkets = {
      types: [tradingMode === 'futures' ? 'linear' : 'spot'],
    };
  }
  return merge(defaults, options.ccxt_config ?? {});
}
