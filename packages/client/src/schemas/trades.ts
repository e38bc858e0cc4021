import { z } from 'zod';
import { BODY_BOUNDS, boundedLaxNumber, dateString, int, msTimestamp, OrderTypeValue, Side } from './common.ts';

const orderFields = {
  pair: z.string(),
  order_id: z.string(),
  status: z.string().describe('ccxt status: open, closed, canceled, expired, ...'),
  amount: z.number(),
  safe_price: z.number(),
  cost: z.number(),
  filled: z.number().nullable(),
  remaining: z.number().nullable(),
  ft_order_side: z.string().describe('buy | sell | stoploss'),
  order_type: z.string(),
  is_open: z.boolean(),
  order_timestamp: msTimestamp().nullable(),
  order_filled_timestamp: msTimestamp().nullable(),
  ft_fee_base: z.number().nullable(),
  ft_order_tag: z.string().nullable(),
};

/** Order as returned by model-filtered endpoints (freqtrade's OrderSchema). */
export const Order = z.object(orderFields).meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;

/** Order as returned by GET /trades (raw `Order.to_json`, no filtering). */
export const RawOrder = z
  .looseObject({
    ...orderFields,
    ft_is_entry: z.boolean(),
    average: z.number(),
    order_date: dateString().nullable(),
    order_filled_date: dateString().nullable(),
    price: z.number().nullable(),
    funding_fee: z.number().nullable(),
  })
  .meta({ id: 'RawOrder' });
export type RawOrder = z.infer<typeof RawOrder>;

/** Keys of `Trade.to_json` kept by freqtrade's TradeSchema (orders excluded). */
const tradeFields = {
  trade_id: int(),
  pair: z.string(),
  base_currency: z.string(),
  quote_currency: z.string(),
  is_open: z.boolean(),
  exchange: z.string(),
  amount: z.number(),
  amount_requested: z.number(),
  stake_amount: z.number(),
  max_stake_amount: z.number().nullable(),
  strategy: z.string(),
  enter_tag: z.string().nullable(),
  timeframe: int().describe('minutes'),
  fee_open: z.number().nullable(),
  fee_open_cost: z.number().nullable(),
  fee_open_currency: z.string().nullable(),
  fee_close: z.number().nullable(),
  fee_close_cost: z.number().nullable(),
  fee_close_currency: z.string().nullable(),
  open_date: dateString(),
  open_timestamp: msTimestamp(),
  open_fill_date: dateString().nullable(),
  open_fill_timestamp: msTimestamp().nullable(),
  open_rate: z.number(),
  open_rate_requested: z.number().nullable(),
  open_trade_value: z.number(),
  close_date: dateString().nullable(),
  close_timestamp: msTimestamp().nullable(),
  realized_profit: z.number(),
  realized_profit_ratio: z.number().nullable(),
  close_rate: z.number().nullable(),
  close_rate_requested: z.number().nullable(),
  close_profit: z.number().nullable(),
  close_profit_pct: z.number().nullable(),
  close_profit_abs: z.number().nullable(),
  profit_ratio: z.number().nullable(),
  profit_pct: z.number().nullable(),
  profit_abs: z.number().nullable(),
  exit_reason: z.string().nullable(),
  exit_order_status: z.string().nullable(),
  stop_loss_abs: z.number().nullable(),
  stop_loss_ratio: z.number().nullable(),
  stop_loss_pct: z.number().nullable(),
  stoploss_last_update: dateString().nullable(),
  stoploss_last_update_timestamp: msTimestamp().nullable(),
  initial_stop_loss_abs: z.number().nullable(),
  initial_stop_loss_ratio: z.number().nullable(),
  initial_stop_loss_pct: z.number().nullable(),
  min_rate: z.number().nullable(),
  max_rate: z.number().nullable(),
  leverage: z.number().nullable(),
  interest_rate: z.number().nullable(),
  liquidation_price: z.number().nullable(),
  is_short: z.boolean(),
  trading_mode: z.string().nullable(),
  funding_fees: z.number().nullable(),
  amount_precision: z.number().nullable(),
  price_precision: z.number().nullable(),
  precision_mode: int().nullable(),
  has_open_orders: z.boolean().describe('stoploss orders excluded'),
  // newer API
  nr_of_successful_entries: int().optional(),
  nr_of_successful_exits: int().optional(),
};

/** Trade as returned by /forceenter (freqtrade's TradeSchema). */
export const Trade = z
  .object({
    ...tradeFields,
    orders: z.array(Order),
    profit_fiat: z.number().nullable().describe('not set by to_json; filled in by /status'),
  })
  .meta({ id: 'Trade' });
export type Trade = z.infer<typeof Trade>;

/** Trade with live values: /status items, /trade/{id}, open-order cancel, reload. */
export const OpenTrade = Trade.extend({
  current_rate: z.number().nullable().describe('null when the price lookup failed'),
  total_profit_abs: z.number(),
  total_profit_fiat: z.number().nullable(),
  total_profit_ratio: z.number().nullable(),
  stoploss_current_dist: z.number().nullable(),
  stoploss_current_dist_ratio: z.number().nullable(),
  stoploss_current_dist_pct: z.number().nullable(),
  stoploss_entry_dist: z.number().nullable(),
  stoploss_entry_dist_ratio: z.number().nullable(),
}).meta({ id: 'OpenTrade' });
export type OpenTrade = z.infer<typeof OpenTrade>;

export const OpenTradeList = z.array(OpenTrade).meta({ id: 'OpenTradeList' });

/** Trade in GET /trades (raw `Trade.to_json`: every key, including those TradeSchema drops). */
export const RawTrade = z
  .looseObject({
    ...tradeFields,
    trade_duration_s: int().nullable().describe('seconds, closed trades only'),
    trade_duration: int().nullable().describe('minutes, closed trades only'),
    precision_mode_price: int().nullable(),
    contract_size: z.number().nullable(),
    orders: z.array(RawOrder),
  })
  .meta({ id: 'RawTrade' });
export type RawTrade = z.infer<typeof RawTrade>;

/** GET /trades. */
export const TradesPage = z
  .object({
    trades: z.array(RawTrade),
    trades_count: int().describe('length of this page'),
    offset: int(),
    total_trades: int().describe('all closed trades'),
  })
  .meta({ id: 'TradesPage' });
export type TradesPage = z.infer<typeof TradesPage>;

/** DELETE /trades/{tradeid}. */
export const DeleteTrade = z
  .object({
    result: z.string(),
    result_msg: z.string(),
    trade_id: int(),
    cancel_order_count: int(),
  })
  .meta({ id: 'DeleteTrade' });
export type DeleteTrade = z.infer<typeof DeleteTrade>;

/** POST /forceenter (and /forcebuy). Unknown keys (e.g. FreqUI's botId) are kept, not rejected. */
export const ForceEnterRequest = z
  .looseObject({
    pair: z.string(),
    side: Side.default('long'),
    price: boundedLaxNumber(0, BODY_BOUNDS.money).nullish(),
    ordertype: OrderTypeValue.nullish(),
    stakeamount: boundedLaxNumber(0, BODY_BOUNDS.money).nullish(),
    entry_tag: z.string().nullish(),
    leverage: boundedLaxNumber(0, BODY_BOUNDS.leverage).nullish(),
  })
  .meta({ id: 'ForceEnterRequest' });
export type ForceEnterRequest = z.input<typeof ForceEnterRequest>;

/** Reply of /forceenter: the new trade, or `{status}` when the bot entered nothing. */
export const ForceEnterResponse = z.union([Trade, z.object({ status: z.string() })]).meta({ id: 'ForceEnterResponse' });
export type ForceEnterResponse = z.infer<typeof ForceEnterResponse>;

/** POST /forceexit (and /forcesell). */
export const ForceExitRequest = z
  .object({
    tradeid: z.union([int().min(-BODY_BOUNDS.id).max(BODY_BOUNDS.id), z.string()]).describe('trade id or "all"'),
    ordertype: OrderTypeValue.nullish(),
    amount: boundedLaxNumber(0, BODY_BOUNDS.money).nullish(),
    price: boundedLaxNumber(0, BODY_BOUNDS.money).nullish().describe('API 2.45'),
  })
  .meta({ id: 'ForceExitRequest' });
export type ForceExitRequest = z.input<typeof ForceExitRequest>;

/** One entry of custom_data (newer API). */
export const CustomDataEntry = z
  .object({
    key: z.string(),
    type: z.string(),
    value: z.unknown(),
    created_at: z.string(),
    updated_at: z.string().nullable(),
  })
  .meta({ id: 'CustomDataEntry' });
export type CustomDataEntry = z.infer<typeof CustomDataEntry>;

/** GET /trades/{id}/custom-data and /trades/open/custom-data (newer API). */
export const CustomData = z
  .array(z.object({ trade_id: int(), custom_data: z.array(CustomDataEntry) }))
  .meta({ id: 'CustomData' });
export type CustomData = z.infer<typeof CustomData>;
