// RPC message types and payloads (shared/api/freqtrade-api.md §10). Entry/exit/status/protection
// messages are flat objects; whitelist, analyzed_df and new_candle carry `data`.

import { RpcMessageType as RpcMessageTypeSchema } from '../../packages/client/src/schemas/ws.ts';

/** freqtrade's RPCMessageType values; the wire schemas (packages/client) are the single source. */
export const RPC_MESSAGE_TYPES = RpcMessageTypeSchema.options;

export type RpcMessageType = (typeof RPC_MESSAGE_TYPES)[number];

export function isRpcMessageType(v: unknown): v is RpcMessageType {
  return typeof v === 'string' && (RPC_MESSAGE_TYPES as readonly string[]).includes(v);
}

export interface StatusMessage {
  type: 'status' | 'warning' | 'startup' | 'exception';
  status: string;
}

export interface EntryMessage {
  type: 'entry' | 'entry_fill' | 'entry_cancel';
  trade_id: number;
  buy_tag: string | null;
  enter_tag: string | null;
  exchange: string;
  pair: string;
  base_currency: string;
  quote_currency: string;
  leverage: number | null;
  direction: 'Long' | 'Short';
  limit: number;
  open_rate: number;
  order_type: string;
  stake_amount: number;
  stake_currency: string;
  fiat_currency: string | null;
  amount: number;
  open_date: string;
  current_rate: number | null;
  sub_trade: boolean;
  reason?: string;
}

export interface ExitMessage {
  type: 'exit' | 'exit_fill' | 'exit_cancel';
  trade_id: number;
  exchange: string;
  pair: string;
  base_currency: string;
  quote_currency: string;
  leverage: number | null;
  direction: 'Long' | 'Short';
  gain: 'profit' | 'loss';
  limit: number;
  order_rate?: number;
  order_type: string;
  amount: number;
  open_rate: number;
  close_rate?: number;
  current_rate: number | null;
  profit_amount: number;
  profit_ratio: number;
  buy_tag: string | null;
  enter_tag: string | null;
  exit_reason: string | null;
  open_date: string;
  close_date: string;
  stake_amount: number;
  stake_currency: string;
  fiat_currency: string | null;
  sub_trade: boolean;
  cumulative_profit?: number;
  final_profit_ratio?: number | null;
  is_final_exit?: boolean;
  reason?: string;
}

export interface LockMessage {
  type: 'protection_trigger' | 'protection_trigger_global';
  base_currency: string | null;
  id: number;
  pair: string;
  lock_time: string;
  lock_timestamp: number;
  lock_end_time: string;
  lock_end_timestamp: number;
  reason: string;
  side: string;
  active: boolean;
}

export interface StrategyMessage {
  type: 'strategy_msg';
  msg: string;
}

export interface WhitelistMessage {
  type: 'whitelist';
  data: string[];
}

/** pandas DataFrame as freqtrade's consumer decodes it: to_json(orient="split") inside a typed wrapper. */
export interface EncodedDataFrame {
  __type__: 'dataframe';
  __value__: string;
}

export interface AnalyzedDfMessage {
  type: 'analyzed_df';
  data: { key: [string, string, string]; df: EncodedDataFrame; la: string };
}

export interface NewCandleMessage {
  type: 'new_candle';
  data: [string, string, string];
}

export type RpcMessage =
  | StatusMessage
  | EntryMessage
  | ExitMessage
  | LockMessage
  | StrategyMessage
  | WhitelistMessage
  | AnalyzedDfMessage
  | NewCandleMessage;
