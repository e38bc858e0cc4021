// What the API layer may ask of the bot. Every method that changes anything runs on the bot's
// single-writer queue. Business errors are thrown as RpcError (→ 502 {"error": ...}).

import type { TradeWithOrders } from '../db/repo/trades.ts';
import type { PairLockRow } from '../db/schema.ts';
import type { Balances } from '../exchange/port.ts';
import type { AnalyzedPair } from '../strategy/analyze.ts';
import type { TradingSettings } from './settings.ts';
import type { BotState } from './state.ts';

export interface ForceEnterRequest {
  pair: string;
  side: 'long' | 'short';
  price?: number | null;
  ordertype?: 'limit' | 'market' | null;
  stakeamount?: number | null;
  entry_tag?: string | null;
  leverage?: number | null;
}

export interface ForceExitRequest {
  tradeid: string | number;
  ordertype?: 'limit' | 'market' | null;
  amount?: number | null;
  price?: number | null;
}

export interface LockRequest {
  pair: string;
  until: number; // ms
  side: string; // long | short | *
  reason?: string | null;
}

export interface BlacklistResult {
  blacklist: string[];
  blacklist_expanded: string[];
  errors: Record<string, { error_msg: string }>;
  length: number;
  method: string[];
}

export interface BotApi {
  readonly state: BotState;
  readonly runmode: 'dry_run' | 'live';
  readonly settings: TradingSettings;
  readonly lastProcess: number | undefined;
  readonly startupTime: number;
  readonly firstStart: number | undefined;

  start(): Promise<string>;
  stop(): Promise<string>;
  pause(): Promise<string>;
  /** Re-reads and re-validates the config; a bad file keeps the old config and throws RpcError. */
  reloadConfig(): Promise<string>;

  /** The trade opened (with its orders), or null when the bot could not enter. */
  forceEnter(req: ForceEnterRequest): Promise<TradeWithOrders | null>;
  /** freqtrade's result text ("Created exit order for trade 3."). */
  forceExit(req: ForceExitRequest): Promise<string>;
  deleteTrade(tradeId: number): Promise<{ result_msg: string; cancel_order_count: number }>;
  cancelOpenOrder(tradeId: number): Promise<TradeWithOrders>;
  reloadTrade(tradeId: number): Promise<TradeWithOrders>;

  /** Exit-side price for open-trade profit display; null when the market cannot be priced. */
  currentRate(pair: string, isShort: boolean): Promise<number | null>;
  balances(): Promise<Balances>;

  whitelist(): string[];
  pairlistMethods(): string[];
  blacklist(): BlacklistResult;
  addBlacklist(pairs: string[]): Promise<BlacklistResult>;
  removeBlacklist(pairs: string[]): Promise<BlacklistResult>;

  addLocks(locks: LockRequest[]): Promise<void>;
  deleteLock(lockId: number): Promise<void>;
  deleteLocksByPair(pair: string): Promise<void>;
  activeLocks(): Promise<PairLockRow[]>;

  analyzed(pair: string, timeframe?: string): AnalyzedPair | undefined;
}
