// One zod schema for every config key the bot reads, with freqtrade's names and defaults.
// Objects are loose: freqtrade accepts keys it does not know, and so do we (they are reported
// as warnings by the loader, so a typo does not go unnoticed).

import { z } from 'zod';
import { SUPPORTED_FIAT } from './fiat.ts';
import { isIpOrCidr } from './ip-address.ts';
import { discordSchema, telegramSchema, webhookSchema } from './notify-schema.ts';

const timeframe = z.string().regex(/^\d+[smhdwM]$/, 'must be a timeframe such as "5m", "1h" or "1d"');
const ratio = z.number().finite();
const orderType = z.enum(['limit', 'market']);
// freqtrade validates these case-insensitively and passes them upper-cased.
const timeInForce = z
  .string()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(['GTC', 'FOK', 'IOC', 'PO']));

export const PRICE_SIDES = ['ask', 'bid', 'same', 'other'] as const;

const apiServer = z.looseObject({
  enabled: z.boolean().default(true),
  listen_ip_address: z.string().min(1).default('127.0.0.1'),
  listen_port: z.number().int().min(1).max(65535).default(8080),
  username: z.string().default('freqtrader'),
  password: z.string().default(''),
  jwt_secret_key: z.string().default(''),
  ws_token: z.union([z.string(), z.array(z.string())]).default([]),
  CORS_origins: z.array(z.string()).default([]),
  verbosity: z.enum(['error', 'info']).default('error'),
  enable_openapi: z.boolean().default(false),
  /** Optional read-only user: GET routes and the websocket only. */
  readonly_username: z.string().optional(),
  readonly_password: z.string().optional(),
  /** Folder holding an installed UI (FreqUI build); default <user_data_dir>/ui/installed. */
  ui_path: z.string().optional(),
  /** Failed logins from one client IP or for one username before a temporary 429 lockout. */
  login_max_failures: z.number().int().min(1).default(5),
  login_lockout_secs: z.number().int().min(1).default(60),
  /** Largest accepted request body in bytes. */
  max_body_bytes: z.number().int().min(1024).default(1_048_576),
  /** Seconds a request may take before it is answered 503. */
  request_timeout_secs: z.number().positive().max(3600).default(30),
  /** Extra Host header values accepted when listening on loopback (DNS-rebinding guard). */
  allowed_hosts: z.array(z.string().min(1)).default([]),
  /** Reverse proxies (IP or CIDR, IPv4 or IPv6) whose X-Forwarded-For names the real client (Node host). */
  trusted_proxies: z.array(z.string().refine(isIpOrCidr, 'must be an IP address or a CIDR range')).default([]),
});

const pricing = z.looseObject({
  price_side: z.enum(PRICE_SIDES).default('same'),
  price_last_balance: z.number().min(0).max(1).default(0),
  use_order_book: z.boolean().default(true),
  order_book_top: z.number().int().min(1).max(50).default(1),
  check_depth_of_market: z
    .looseObject({ enabled: z.boolean().default(false), bids_to_ask_delta: z.number().min(0).default(0) })
    .default({ enabled: false, bids_to_ask_delta: 0 }),
});

const exchange = z.looseObject({
  name: z.string().min(1).default('offline'),
  key: z.string().default(''),
  secret: z.string().default(''),
  password: z.string().default(''),
  uid: z.string().default(''),
  pair_whitelist: z.array(z.string()).default([]),
  pair_blacklist: z.array(z.string()).default([]),
  ccxt_config: z.record(z.string(), z.unknown()).default({}),
  ccxt_async_config: z.record(z.string(), z.unknown()).default({}),
  /** Price in the stake currency of a fee currency that has no market (freqtrade's exchange.unknown_fee_rate). */
  unknown_fee_rate: z.number().positive().max(1e12).optional(),
  /** Seed of the offline market (only used when name is "offline"). */
  offline_seed: z.number().int().default(42),
});

/** The pairlist handlers tickhub implements (src/bot/pairlist). */
export const PAIRLIST_METHODS = [
  'StaticPairList',
  'ProducerPairList',
  'VolumePairList',
  'PriceFilter',
  'SpreadFilter',
  'ShuffleFilter',
  'OffsetFilter',
  'AgeFilter',
  'VolatilityFilter',
  'RangeStabilityFilter',
  'PerformanceFilter',
  'PrecisionFilter',
  'FullTradesFilter',
  'RemotePairList',
  'MarketCapPairList',
] as const;

const pairlist = z.looseObject({ method: z.enum(PAIRLIST_METHODS) });

const protection = z.looseObject({
  method: z.enum(['CooldownPeriod', 'StoplossGuard', 'MaxDrawdown', 'LowProfitPairs']),
  stop_duration_candles: z.number().int().positive().optional(),
  stop_duration: z.number().positive().optional(),
  lookback_period_candles: z.number().int().positive().optional(),
  lookback_period: z.number().positive().optional(),
  trade_limit: z.number().int().positive().optional(),
  only_per_pair: z.boolean().optional(),
  only_per_side: z.boolean().optional(),
  max_allowed_drawdown: z.number().optional(),
  required_profit: z.number().optional(),
});

const producer = z.looseObject({
  name: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  ws_token: z.string().min(1),
});

const externalMessageConsumer = z.looseObject({
  enabled: z.boolean().default(false),
  producers: z.array(producer).default([]),
  wait_timeout: z.number().int().positive().default(300),
  ping_timeout: z.number().int().positive().default(10),
  sleep_time: z.number().int().positive().default(10),
  remove_entry_exit_signals: z.boolean().default(false),
  message_size_limit: z.number().int().min(1).max(20).default(8),
  initial_candle_limit: z.number().int().min(0).max(1500).default(1500),
});

export const configSchema = z.looseObject({
  bot_name: z.string().default('freqtrade'),
  strategy: z.string().min(1).default('MaCrossStrategy'),
  dry_run: z.boolean().default(true),
  dry_run_wallet: z.union([z.number().positive(), z.record(z.string(), z.number().min(0))]).default(1000),
  stake_currency: z.string().min(1).default('USDT'),
  stake_amount: z.union([z.number().positive(), z.literal('unlimited')]).default('unlimited'),
  tradable_balance_ratio: z.number().min(0).max(1).default(0.99),
  available_capital: z.number().positive().optional(),
  amend_last_stake_amount: z.boolean().default(false),
  last_stake_amount_min_ratio: z.number().min(0).max(1).default(0.5),
  fiat_display_currency: z.enum(SUPPORTED_FIAT).default(''),
  max_open_trades: z.number().int().min(-1).default(3),
  timeframe: timeframe.optional(),
  minimal_roi: z.record(z.string().regex(/^\d+$/, 'keys must be minutes (integers)'), ratio).optional(),
  stoploss: z.number().max(0).min(-1).optional(),
  trailing_stop: z.boolean().optional(),
  trailing_stop_positive: z.number().positive().max(1).optional(),
  trailing_stop_positive_offset: z.number().min(0).max(1).optional(),
  trailing_only_offset_is_reached: z.boolean().optional(),
  use_exit_signal: z.boolean().optional(),
  exit_profit_only: z.boolean().optional(),
  exit_profit_offset: z.number().finite().optional(),
  /** How far a custom entry/exit price may be from the proposed one (freqtrade default 2 %). */
  custom_price_max_distance_ratio: z.number().min(0).max(1).default(0.02),
  ignore_roi_if_entry_signal: z.boolean().optional(),
  trading_mode: z.enum(['spot', 'margin', 'futures']).default('spot'),
  margin_mode: z.enum(['cross', 'isolated', '']).default(''),
  liquidation_buffer: z.number().min(0).max(0.99).default(0.05),
  position_adjustment_enable: z.boolean().default(false),
  max_entry_position_adjustment: z.number().int().min(-1).default(-1),
  entry_pricing: pricing.default(pricing.parse({})),
  exit_pricing: pricing.default(pricing.parse({})),
  order_types: z
    .looseObject({
      entry: orderType.optional(),
      exit: orderType.optional(),
      force_entry: orderType.optional(),
      force_exit: orderType.optional(),
      emergency_exit: orderType.optional(),
      stoploss: orderType.optional(),
      stoploss_on_exchange: z.boolean().optional(),
      stoploss_on_exchange_interval: z.number().int().min(0).optional(),
      stoploss_on_exchange_limit_ratio: z.number().gt(0).max(1).optional(),
      stoploss_price_type: z.enum(['last', 'mark', 'index']).optional(),
    })
    .optional(),
  /** freqtrade's order_time_in_force (overrides the strategy's). */
  order_time_in_force: z.looseObject({ entry: timeInForce.optional(), exit: timeInForce.optional() }).optional(),
  unfilledtimeout: z
    .looseObject({
      entry: z.number().min(1).default(10),
      exit: z.number().min(1).default(10),
      exit_timeout_count: z.number().int().min(0).default(0),
      unit: z.enum(['minutes', 'seconds']).default('minutes'),
    })
    .default({ entry: 10, exit: 10, exit_timeout_count: 0, unit: 'minutes' }),
  cancel_open_orders_on_exit: z.boolean().default(false),
  exchange: exchange.default(exchange.parse({})),
  pairlists: z
    .array(pairlist)
    .min(1)
    .default([{ method: 'StaticPairList' }]),
  protections: z.array(protection).default([]),
  internals: z
    .looseObject({
      process_throttle_secs: z.number().int().min(1).default(5),
      heartbeat_interval: z.number().int().min(0).default(60),
    })
    .default({ process_throttle_secs: 5, heartbeat_interval: 60 }),
  initial_state: z.enum(['running', 'stopped', 'paused']).default('stopped'),
  /** freqtrade's verbosity (the -v count): 0 logs INFO and above, 1 or more DEBUG too. */
  verbosity: z.number().int().min(0).max(3).default(0),
  force_entry_enable: z.boolean().default(false),
  db_url: z.string().optional(),
  user_data_dir: z.string().default('user_data'),
  api_server: apiServer.default(apiServer.parse({})),
  external_message_consumer: externalMessageConsumer.default(externalMessageConsumer.parse({})),
  webhook: webhookSchema.optional(),
  discord: discordSchema.optional(),
  telegram: telegramSchema.optional(),
  /** CoinGecko for MarketCapPairList and fiat_display_currency (freqtrade's coingecko section; api_url is tickhub's override). */
  coingecko: z
    .looseObject({ api_key: z.string().optional(), is_demo: z.boolean().optional(), api_url: z.string().optional() })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
