import { z } from 'zod';
import { int } from './common.ts';

export const UnfilledTimeout = z
  .object({
    entry: int().nullish(),
    exit: int().nullish(),
    unit: z.string().nullish(),
    exit_timeout_count: int().nullish(),
  })
  .meta({ id: 'UnfilledTimeout' });
export type UnfilledTimeout = z.infer<typeof UnfilledTimeout>;

const orderTypeValue = z.enum(['limit', 'market']);

export const OrderTypes = z
  .object({
    entry: orderTypeValue,
    exit: orderTypeValue,
    emergency_exit: orderTypeValue.nullish(),
    force_exit: orderTypeValue.nullish(),
    force_entry: orderTypeValue.nullish(),
    stoploss: orderTypeValue,
    stoploss_on_exchange: z.boolean(),
    stoploss_on_exchange_interval: int().nullish(),
  })
  .meta({ id: 'OrderTypes' });
export type OrderTypes = z.infer<typeof OrderTypes>;

/** GET /show_config. */
export const ShowConfig = z
  .object({
    version: z.string(),
    strategy_version: z.string().nullable(),
    api_version: z.number().describe('compared numerically: 2.4 means 2.40'),
    dry_run: z.boolean(),
    trading_mode: z.string().describe('spot | margin | futures'),
    short_allowed: z.boolean(),
    stake_currency: z.string(),
    stake_amount: z.string().describe('"unlimited" or a number as string'),
    available_capital: z.number().nullable(),
    stake_currency_decimals: int(),
    max_open_trades: int().describe('-1 when unlimited'),
    minimal_roi: z.record(z.string(), z.number()),
    stoploss: z.number().nullable(),
    stoploss_on_exchange: z.boolean(),
    trailing_stop: z.boolean().nullable(),
    trailing_stop_positive: z.number().nullable(),
    trailing_stop_positive_offset: z.number().nullable(),
    trailing_only_offset_is_reached: z.boolean().nullable(),
    unfilledtimeout: UnfilledTimeout.nullable(),
    order_types: OrderTypes.nullable(),
    use_custom_stoploss: z.boolean().nullable(),
    timeframe: z.string().nullable(),
    timeframe_ms: int(),
    timeframe_min: int(),
    exchange: z.string(),
    strategy: z.string().nullable(),
    force_entry_enable: z.boolean(),
    exit_pricing: z.record(z.string(), z.unknown()),
    entry_pricing: z.record(z.string(), z.unknown()),
    bot_name: z.string(),
    state: z.string().describe('running | stopped | reload_config | paused; "" without a bot'),
    runmode: z.string(),
    position_adjustment_enable: z.boolean(),
    max_entry_position_adjustment: int(),
    margin_mode: z.string().optional().describe('newer API: cross | isolated | ""'),
  })
  .meta({ id: 'ShowConfig' });
export type ShowConfig = z.infer<typeof ShowConfig>;
