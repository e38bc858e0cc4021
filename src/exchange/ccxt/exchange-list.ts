// The `/exchanges` listing: every exchange ccxt ships, with what tickhub knows about it.
import type { Exchange as CcxtClient } from 'ccxt';
import { futuresMarginModes } from '../margin-modes.ts';
import { loadCcxt } from './loader.ts';

export interface ExchangeListEntry {
  name: string;
  classname: string;
  valid: boolean;
  supported: boolean;
  comment: string;
  dex: boolean;
  is_alias: boolean;
  alias_for: string | null;
  trade_modes: { trading_mode: 'spot' | 'futures'; margin_mode: '' | 'isolated' | 'cross' }[];
}

/**
 * Exchanges this project has looked at; the rest may work but nobody checked.
 * (bitmart is not in ccxt 4.5.84's exchange list, so it is not claimed.)
 */
export const SUPPORTED_EXCHANGES: readonly string[] = [
  'binance',
  'bybit',
  'okx',
  'kraken',
  'gate',
  'kucoin',
  'bitget',
  'htx',
  'hyperliquid',
];

// Without these the bot cannot run at all (candles to decide, orders to act).
const REQUIRED_CAPABILITIES = ['fetchOHLCV', 'createOrder', 'cancelOrder', 'fetchOrder', 'fetchBalance'];

let cached: Promise<ExchangeListEntry[]> | undefined;

function describe(id: string, client: CcxtClient, classes: Record<string, unknown>): ExchangeListEntry {
  const has = client.has as Record<string, unknown>;
  const missing = REQUIRED_CAPABILITIES.filter((name) => !has[name]);
  const alias = (client as unknown as { alias?: boolean }).alias === true;
  // An alias subclasses the exchange it stands for.
  const parent = Object.getPrototypeOf(classes[id] as object) as { name?: string } | null;
  const trade_modes: ExchangeListEntry['trade_modes'] = [];
  if (has.spot !== false) trade_modes.push({ trading_mode: 'spot', margin_mode: '' });
  if (has.swap) {
    for (const margin_mode of futuresMarginModes(id)) trade_modes.push({ trading_mode: 'futures', margin_mode });
  }
  return {
    name: id,
    classname: id,
    valid: missing.length === 0,
    supported: SUPPORTED_EXCHANGES.includes(id),
    comment: missing.length ? `Missing required functionality: ${missing.join(', ')}` : '',
    dex: (client as unknown as { dex?: boolean }).dex === true,
    is_alias: alias,
    alias_for: alias && parent?.name ? parent.name : null,
    trade_modes,
  };
}

/**
 * Instantiates each ccxt class once (0.6 to 4 s in total) and caches the result for the process.
 * It yields to the event loop between classes, so /ping and the bot's tick are not held meanwhile.
 */
export function listCcxtExchanges(): Promise<ExchangeListEntry[]> {
  cached ??= loadCcxt().then(async (ccxt) => {
    const classes = ccxt as unknown as Record<string, unknown>;
    const out: ExchangeListEntry[] = [];
    for (const id of ccxt.exchanges) {
      const client = new (classes[id] as new () => CcxtClient)();
      out.push(describe(id, client, classes));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return out;
  });
  return cached;
}
