import { z } from 'zod';
import { int, msTimestamp } from './common.ts';

/** Message types a websocket client can subscribe to (freqtrade's RPCMessageType values). */
export const RpcMessageType = z
  .enum([
    'status',
    'warning',
    'exception',
    'startup',
    'entry',
    'entry_fill',
    'entry_cancel',
    'exit',
    'exit_fill',
    'exit_cancel',
    'protection_trigger',
    'protection_trigger_global',
    'strategy_msg',
    'whitelist',
    'analyzed_df',
    'new_candle',
  ])
  .meta({ id: 'RpcMessageType' });
export type RpcMessageType = z.infer<typeof RpcMessageType>;

// ---- client → server ----

/** Replaces the connection's subscriptions; ignored by the server if any element is invalid. */
export const WsSubscribeRequest = z
  .object({ type: z.literal('subscribe'), data: z.array(RpcMessageType) })
  .meta({ id: 'WsSubscribeRequest' });
export type WsSubscribeRequest = z.infer<typeof WsSubscribeRequest>;

/** Asks for the current whitelist (`data` is ignored). */
export const WsWhitelistRequest = z
  .object({ type: z.literal('whitelist'), data: z.unknown().optional() })
  .meta({ id: 'WsWhitelistRequest' });
export type WsWhitelistRequest = z.infer<typeof WsWhitelistRequest>;

/** Asks for analyzed dataframes (one reply per pair). */
export const WsAnalyzedDfRequest = z
  .object({
    type: z.literal('analyzed_df'),
    data: z.object({ limit: int().nullish(), pair: z.string().nullish() }).nullish(),
  })
  .meta({ id: 'WsAnalyzedDfRequest' });
export type WsAnalyzedDfRequest = z.infer<typeof WsAnalyzedDfRequest>;

export const WsRequest = z
  .discriminatedUnion('type', [WsSubscribeRequest, WsWhitelistRequest, WsAnalyzedDfRequest])
  .meta({ id: 'WsRequest' });
export type WsRequest = z.infer<typeof WsRequest>;

// ---- server → client ----

/** status / warning / startup / exception emitted by the bot: flat `{type, status}`. */
export const WsStatusMessage = z
  .object({ type: z.enum(['status', 'warning', 'startup', 'exception']), status: z.string() })
  .meta({ id: 'WsStatusMessage' });
export type WsStatusMessage = z.infer<typeof WsStatusMessage>;

/** Reply to a websocket request that failed: `{type: "exception", data}`. */
export const WsRequestErrorMessage = z
  .object({ type: z.literal('exception'), data: z.string() })
  .meta({ id: 'WsRequestErrorMessage' });
export type WsRequestErrorMessage = z.infer<typeof WsRequestErrorMessage>;

const tradeMessageFields = {
  trade_id: int(),
  buy_tag: z.string().nullable(),
  enter_tag: z.string().nullable(),
  exchange: z.string(),
  pair: z.string(),
  base_currency: z.string(),
  quote_currency: z.string(),
  leverage: z.number().nullable(),
  direction: z.enum(['Long', 'Short']),
  limit: z.number().describe('deprecated'),
  open_rate: z.number(),
  order_type: z.string(),
  stake_amount: z.number(),
  stake_currency: z.string(),
  fiat_currency: z.string().nullable(),
  amount: z.number(),
  open_date: z.string(),
  current_rate: z.number().nullable(),
  sub_trade: z.boolean(),
};

/** entry (order placed) / entry_fill. */
export const WsEntryMessage = z
  .object({ type: z.enum(['entry', 'entry_fill']), ...tradeMessageFields })
  .meta({ id: 'WsEntryMessage' });
export type WsEntryMessage = z.infer<typeof WsEntryMessage>;

/** entry_cancel, with the cancel reason. */
export const WsEntryCancelMessage = z
  .object({ type: z.literal('entry_cancel'), ...tradeMessageFields, reason: z.string() })
  .meta({ id: 'WsEntryCancelMessage' });
export type WsEntryCancelMessage = z.infer<typeof WsEntryCancelMessage>;

const exitFields = {
  ...tradeMessageFields,
  gain: z.enum(['profit', 'loss']),
  profit_amount: z.number(),
  profit_ratio: z.number(),
  exit_reason: z.string().nullable(),
  close_date: z.string(),
};

/** exit (order placed) / exit_fill. */
export const WsExitMessage = z
  .object({
    type: z.enum(['exit', 'exit_fill']),
    ...exitFields,
    order_rate: z.number(),
    close_rate: z.number(),
    cumulative_profit: z.number(),
    final_profit_ratio: z.number().nullable(),
    is_final_exit: z.boolean(),
  })
  .meta({ id: 'WsExitMessage' });
export type WsExitMessage = z.infer<typeof WsExitMessage>;

/** exit_cancel, with the cancel reason. */
export const WsExitCancelMessage = z
  .object({ type: z.literal('exit_cancel'), ...exitFields, reason: z.string() })
  .meta({ id: 'WsExitCancelMessage' });
export type WsExitCancelMessage = z.infer<typeof WsExitCancelMessage>;

/** protection_trigger / protection_trigger_global: Lock JSON plus base_currency. */
export const WsProtectionMessage = z
  .object({
    type: z.enum(['protection_trigger', 'protection_trigger_global']),
    base_currency: z.string().nullable(),
    id: int(),
    pair: z.string().describe('"*" for global locks'),
    lock_time: z.string(),
    lock_timestamp: msTimestamp(),
    lock_end_time: z.string(),
    lock_end_timestamp: msTimestamp(),
    reason: z.string(),
    side: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'WsProtectionMessage' });
export type WsProtectionMessage = z.infer<typeof WsProtectionMessage>;

/** strategy_msg from `dp.send_msg()`. */
export const WsStrategyMessage = z
  .object({ type: z.literal('strategy_msg'), msg: z.string() })
  .meta({ id: 'WsStrategyMessage' });
export type WsStrategyMessage = z.infer<typeof WsStrategyMessage>;

/** whitelist changed (also the reply to a `whitelist` request). */
export const WsWhitelistMessage = z
  .object({ type: z.literal('whitelist'), data: z.array(z.string()) })
  .meta({ id: 'WsWhitelistMessage' });
export type WsWhitelistMessage = z.infer<typeof WsWhitelistMessage>;

/** `[pair, timeframe, candle_type]`. */
export const PairKey = z.tuple([z.string(), z.string(), z.string()]).meta({ id: 'PairKey' });
export type PairKey = z.infer<typeof PairKey>;

/** analyzed_df: `df.__value__` is pandas `to_json(orient="split")` text (dates as epoch ms). */
export const WsAnalyzedDfMessage = z
  .object({
    type: z.literal('analyzed_df'),
    data: z.object({
      key: PairKey,
      df: z.object({ __type__: z.literal('dataframe'), __value__: z.string() }),
      la: z.string().describe('last analyzed, ISO datetime'),
    }),
  })
  .meta({ id: 'WsAnalyzedDfMessage' });
export type WsAnalyzedDfMessage = z.infer<typeof WsAnalyzedDfMessage>;

/** new_candle: a new candle was analysed for this pair. */
export const WsNewCandleMessage = z
  .object({ type: z.literal('new_candle'), data: PairKey })
  .meta({ id: 'WsNewCandleMessage' });
export type WsNewCandleMessage = z.infer<typeof WsNewCandleMessage>;

/** Any message the server sends on the message websocket. */
export const WsMessage = z
  .union([
    WsStatusMessage,
    WsRequestErrorMessage,
    WsEntryMessage,
    WsEntryCancelMessage,
    WsExitMessage,
    WsExitCancelMessage,
    WsProtectionMessage,
    WsStrategyMessage,
    WsWhitelistMessage,
    WsAnalyzedDfMessage,
    WsNewCandleMessage,
  ])
  .meta({ id: 'WsMessage' });
export type WsMessage = z.infer<typeof WsMessage>;
