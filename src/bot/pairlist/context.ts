// What every pairlist handler gets: the chain's input (config, exchange, ports to trades and
// files), its own config entry and position, cached tickers and its persistent state.

import type { Config } from '../../config/schema.ts';
import type { CandleType, Exchange, Market, Ticker } from '../../exchange/port.ts';
import type { Logger } from '../../util/logger.ts';
import type { PairlistState } from './state.ts';

export interface PairPerformance {
  pair: string;
  profit_ratio: number;
  count: number;
}

export interface PairlistInput {
  config: Config;
  /** Producer/consumer mode: the producers' whitelists (ProducerPairList). */
  producers?: { producerWhitelist(producerName?: string): string[] };
  exchange: Exchange;
  blacklist: string[];
  log: Logger;
  now: number;
  /** Caches kept between refreshes (refresh periods, AgeFilter's checked pairs); fresh when absent. */
  state?: PairlistState;
  /** The strategy's stoploss (PrecisionFilter). */
  stoploss?: number;
  /** Closed-trade performance per pair, trades closed since `sinceMs` (PerformanceFilter). */
  performance?: (sinceMs: number | undefined) => Promise<PairPerformance[]>;
  openTradeCount?: () => Promise<number>;
  /** Reads a local file (RemotePairList with file:///); absent on hosts without a file system. */
  readTextFile?: (path: string) => Promise<string>;
  writeTextFile?: (path: string, text: string) => Promise<void>;
  fetch?: typeof fetch;
}

export type PairlistConfig = { method: string } & Record<string, unknown>;

export interface PairlistContext {
  input: PairlistInput;
  pl: PairlistConfig;
  index: number;
  state: PairlistState;
  markets: Record<string, Market>;
  tickers(): Promise<Record<string, Ticker>>;
  logOnce(message: string, level?: 'info' | 'warning'): void;
  /** Active, in the stake currency, of the configured trading mode. */
  tradable(pair: string): boolean;
  candleType: CandleType;
}

export const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
export const optNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const plural = (n: number, word: string) => (n === 1 || n === -1 ? word : `${word}s`);

export const DAY_MS = 86_400_000;
export const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
