// RPC message types (shared/api/freqtrade-api.md §10), inferred from the wire schemas in
// packages/client: the schemas are the single source, the engine builds exactly what a client parses.
// Entry/exit/status/protection messages are flat objects; whitelist, analyzed_df and new_candle carry `data`.

import {
  RpcMessageType as RpcMessageTypeSchema,
  type WsAnalyzedDfMessage,
  type WsEntryCancelMessage,
  type WsEntryMessage,
  type WsExitCancelMessage,
  type WsExitMessage,
  type WsNewCandleMessage,
  type WsProtectionMessage,
  type WsStatusMessage,
  type WsStrategyMessage,
  type WsWhitelistMessage,
} from '../../packages/client/src/schemas/ws.ts';

/** freqtrade's RPCMessageType values. */
export const RPC_MESSAGE_TYPES = RpcMessageTypeSchema.options;

export type RpcMessageType = (typeof RPC_MESSAGE_TYPES)[number];

export function isRpcMessageType(v: unknown): v is RpcMessageType {
  return typeof v === 'string' && (RPC_MESSAGE_TYPES as readonly string[]).includes(v);
}

export type StatusMessage = WsStatusMessage;
export type EntryMessage = WsEntryMessage | WsEntryCancelMessage;
export type ExitMessage = WsExitMessage | WsExitCancelMessage;
export type LockMessage = WsProtectionMessage;
export type StrategyMessage = WsStrategyMessage;
export type WhitelistMessage = WsWhitelistMessage;
export type AnalyzedDfMessage = WsAnalyzedDfMessage;
export type NewCandleMessage = WsNewCandleMessage;

/** pandas DataFrame as freqtrade's consumer decodes it: to_json(orient="split") inside a typed wrapper. */
export type EncodedDataFrame = AnalyzedDfMessage['data']['df'];

export type RpcMessage =
  | StatusMessage
  | EntryMessage
  | ExitMessage
  | LockMessage
  | StrategyMessage
  | WhitelistMessage
  | AnalyzedDfMessage
  | NewCandleMessage;
