// The settings the bot trades with: the strategy's values, overridden by the config where the
// config sets them (freqtrade's precedence).

import type { Config } from '../config/schema.ts';
import { marginModeError } from '../exchange/margin-modes.ts';
import type { Exchange } from '../exchange/port.ts';
import { RpcError } from '../rpc/errors.ts';
import { DEFAULT_ORDER_TYPES, defaultSettings } from '../strategy/base.ts';
import type { Strategy, StrategySettings } from '../strategy/types.ts';

/** freqtrade's strategy defaults, with a 5m timeframe and a -10 % stoploss when none is given. */
export const STRATEGY_DEFAULTS: StrategySettings = { ...defaultSettings(), timeframe: '5m', stoploss: -0.1 };

export interface TradingSettings extends StrategySettings {
  strategyName: string;
  strategyVersion: string | null;
}

export function resolveSettings(config: Config, strategy: Strategy | undefined): TradingSettings {
  const base: StrategySettings = strategy ? { ...STRATEGY_DEFAULTS, ...pickSettings(strategy) } : STRATEGY_DEFAULTS;
  return {
    ...base,
    timeframe: config.timeframe ?? base.timeframe,
    minimal_roi: config.minimal_roi ?? base.minimal_roi,
    stoploss: config.stoploss ?? base.stoploss,
    trailing_stop: config.trailing_stop ?? base.trailing_stop,
    trailing_stop_positive: config.trailing_stop_positive ?? base.trailing_stop_positive,
    trailing_stop_positive_offset: config.trailing_stop_positive_offset ?? base.trailing_stop_positive_offset,
    trailing_only_offset_is_reached: config.trailing_only_offset_is_reached ?? base.trailing_only_offset_is_reached,
    use_exit_signal: config.use_exit_signal ?? base.use_exit_signal,
    exit_profit_only: config.exit_profit_only ?? base.exit_profit_only,
    exit_profit_offset: config.exit_profit_offset ?? base.exit_profit_offset,
    ignore_roi_if_entry_signal: config.ignore_roi_if_entry_signal ?? base.ignore_roi_if_entry_signal,
    position_adjustment_enable: config.position_adjustment_enable || base.position_adjustment_enable,
    order_types: {
      ...DEFAULT_ORDER_TYPES,
      ...base.order_types,
      ...((config.order_types ?? {}) as Record<string, string | number | boolean>),
    },
    order_time_in_force: {
      entry: (config.order_time_in_force?.entry ?? base.order_time_in_force?.entry ?? 'GTC').toUpperCase(),
      exit: (config.order_time_in_force?.exit ?? base.order_time_in_force?.exit ?? 'GTC').toUpperCase(),
    },
    can_short: base.can_short && config.trading_mode !== 'spot',
    strategyName: strategy?.name ?? config.strategy,
    strategyVersion: strategy?.version?.() ?? null,
  };
}

function pickSettings(s: Strategy): Partial<StrategySettings> {
  const out: Partial<StrategySettings> = {};
  for (const k of Object.keys(STRATEGY_DEFAULTS) as (keyof StrategySettings)[]) {
    if (s[k] !== undefined) (out as any)[k] = s[k];
  }
  return out;
}

/**
 * freqtrade's validate_ordertypes / validate_order_time_in_force: stop orders and time-in-force
 * policies the exchange does not take refuse the start (ConfigurationError there).
 */
export function checkOrderSupport(
  settings: Pick<TradingSettings, 'order_types' | 'order_time_in_force'>,
  exchange: Pick<
    Exchange,
    'id' | 'name' | 'stopOrderTypes' | 'timeInForceOptions' | 'stopPriceTypes' | 'tradingMode' | 'marginMode'
  >,
): void {
  checkMarginMode(exchange);
  const ot = settings.order_types;
  if (ot.stoploss_on_exchange === true && !exchange.stopOrderTypes?.length) {
    throw new RpcError(`On exchange stoploss is not supported for ${exchange.name}.`);
  }
  // validate_stop_ordertypes: in futures, a stoploss_price_type the exchange does not map is refused.
  const priceType = ot.stoploss_price_type as string | undefined;
  if (
    exchange.tradingMode === 'futures' &&
    ot.stoploss_on_exchange === true &&
    priceType !== undefined &&
    !(exchange.stopPriceTypes as readonly string[] | undefined)?.includes(priceType)
  ) {
    throw new RpcError(`On exchange stoploss price type is not supported for ${exchange.name}.`);
  }
  const allowed = exchange.timeInForceOptions;
  const asked = Object.values(settings.order_time_in_force);
  if (allowed && asked.some((v) => !(allowed as readonly string[]).includes(v.toUpperCase()))) {
    throw new RpcError(`Time in force policies are not supported for ${exchange.name} yet.`);
  }
}

/** freqtrade's validate_trading_mode_and_margin_mode (see exchange/margin-modes.ts). */
export function checkMarginMode(exchange: Pick<Exchange, 'id' | 'name' | 'tradingMode' | 'marginMode'>): void {
  const error = marginModeError(exchange);
  if (error) throw new RpcError(error);
}

/** A reloaded config may not change what the running trades and wallet depend on (RpcError otherwise). */
export function checkReloadable(old: Config, next: Config): void {
  for (const key of ['dry_run', 'trading_mode', 'margin_mode', 'stake_currency'] as const) {
    if (next[key] !== old[key]) throw new RpcError(`Config not reloaded: changing ${key} needs a restart.`);
  }
  if (next.exchange.name !== old.exchange.name)
    throw new RpcError('Config not reloaded: changing exchange.name needs a restart.');
}
