// What a backtest runs with: the strategy's settings overridden by the config, overridden by
// the command line (freqtrade's precedence), and the engine settings derived from them.

import type { Config } from '../config/schema.ts';
import type { LeverageTier } from '../domain/money/index.ts';
import type { Market } from '../exchange/port.ts';
import type { Strategy } from '../strategy/types.ts';
import type { EngineSettings, ProtectionSetting } from './types.ts';

/** Command-line (or API payload) overrides, freqtrade's names camelCased. */
export interface BacktestOverrides {
  timeframe?: string;
  timeframeDetail?: string;
  timerange?: string;
  pairs?: string[];
  maxOpenTrades?: number;
  stakeAmount?: number | 'unlimited';
  dryRunWallet?: number;
  fee?: number;
  enableProtections?: boolean;
  markets?: Record<string, Market>;
  /** Maintenance margin ratio for the liquidation price of a pair without leverage tiers; default 0.01. */
  maintenanceMarginRatio?: number;
  /** The exchange's leverage tiers per pair (freqtrade loads them from the exchange or its bundled file). */
  leverageTiers?: Record<string, LeverageTier[]>;
  /** Fallback funding rate where funding candles are missing (freqtrade's futures_funding_rate). */
  futuresFundingRate?: number;
}

/** freqtrade's default fee when the exchange's is unknown offline: 0.1 % (binance spot taker). */
export const DEFAULT_FEE = 0.001;

/** The strategy as the run sees it: the instance's methods, settings overridden by config and CLI. */
export function strategyWithOverrides(strategy: Strategy, config: Config, o: BacktestOverrides): Strategy {
  const merged = Object.create(strategy) as Strategy;
  const set = <K extends keyof Strategy>(key: K, value: Strategy[K] | undefined) => {
    if (value !== undefined) Object.defineProperty(merged, key, { value, writable: true, enumerable: true });
  };
  set('timeframe', o.timeframe ?? config.timeframe);
  set('minimal_roi', config.minimal_roi);
  set('stoploss', config.stoploss);
  set('trailing_stop', config.trailing_stop);
  set('trailing_stop_positive', config.trailing_stop_positive);
  set('trailing_stop_positive_offset', config.trailing_stop_positive_offset);
  set('trailing_only_offset_is_reached', config.trailing_only_offset_is_reached);
  set('use_exit_signal', config.use_exit_signal);
  set('exit_profit_only', config.exit_profit_only);
  set('ignore_roi_if_entry_signal', config.ignore_roi_if_entry_signal);
  if (config.position_adjustment_enable) set('position_adjustment_enable', true);
  if (config.trading_mode === 'spot') set('can_short', false);
  return merged;
}

function orderType(strategy: Strategy, config: Config, key: 'entry' | 'exit'): 'limit' | 'market' {
  const fromConfig = (config.order_types as Record<string, unknown> | undefined)?.[key];
  const t = fromConfig ?? strategy.order_types?.[key];
  return t === 'market' ? 'market' : 'limit';
}

export function engineSettings(strategy: Strategy, config: Config, o: BacktestOverrides): EngineSettings {
  const unit = config.unfilledtimeout.unit === 'seconds' ? 1000 : 60_000;
  const wallet = o.dryRunWallet ?? (typeof config.dry_run_wallet === 'number' ? config.dry_run_wallet : 1000);
  return {
    timeframe: strategy.timeframe,
    timeframeDetail:
      o.timeframeDetail ?? ((config as Record<string, unknown>).timeframe_detail as string | undefined) ?? null,
    stakeCurrency: config.stake_currency,
    stakeAmount: o.stakeAmount ?? config.stake_amount,
    maxOpenTrades: o.maxOpenTrades ?? config.max_open_trades,
    startingBalance: config.available_capital ?? wallet,
    tradableBalanceRatio: config.tradable_balance_ratio,
    availableCapital: config.available_capital ?? null,
    amendLastStakeAmount: config.amend_last_stake_amount,
    lastStakeAmountMinRatio: config.last_stake_amount_min_ratio,
    fee: o.fee ?? ((config as Record<string, unknown>).fee as number | undefined) ?? DEFAULT_FEE,
    tradingMode: config.trading_mode,
    marginMode: config.trading_mode === 'futures' ? config.margin_mode || 'isolated' : config.margin_mode,
    liquidationBuffer: config.liquidation_buffer,
    maintenanceMarginRatio: o.maintenanceMarginRatio ?? 0.01,
    leverageTiers: o.leverageTiers ?? {},
    exchangeId: config.exchange.name,
    enableProtections: o.enableProtections ?? false,
    protections: config.protections as ProtectionSetting[],
    canShort: strategy.can_short && config.trading_mode !== 'spot',
    positionAdjustment: strategy.position_adjustment_enable,
    maxEntryPositionAdjustment: strategy.max_entry_position_adjustment ?? config.max_entry_position_adjustment,
    entryTimeoutMs: config.unfilledtimeout.entry * unit,
    exitTimeoutMs: config.unfilledtimeout.exit * unit,
    entryOrderType: orderType(strategy, config, 'entry'),
    exitOrderType: orderType(strategy, config, 'exit'),
    fundingIntervalMs: 8 * 3_600_000,
    markets: o.markets ?? {},
  };
}
