// Base class for strategies: freqtrade's IStrategy defaults, so a strategy only states what differs.

import type { Frame, PairMeta, PlotConfig, Strategy, StrategySettings } from './types.ts';

export const DEFAULT_ORDER_TYPES: Readonly<Record<string, string | boolean | number>> = {
  entry: 'limit',
  exit: 'limit',
  stoploss: 'limit',
  stoploss_on_exchange: false,
  stoploss_on_exchange_interval: 60,
};

/** freqtrade's defaults for every setting but the required `timeframe` and `stoploss`. */
export function defaultSettings(): Omit<StrategySettings, 'timeframe' | 'stoploss'> {
  return {
    startup_candle_count: 0,
    minimal_roi: { '0': 10 },
    trailing_stop: false,
    trailing_stop_positive: null,
    trailing_stop_positive_offset: 0.0,
    trailing_only_offset_is_reached: false,
    use_custom_stoploss: false,
    use_custom_roi: false,
    use_exit_signal: true,
    exit_profit_only: false,
    exit_profit_offset: 0.0,
    ignore_roi_if_entry_signal: false,
    can_short: false,
    process_only_new_candles: true,
    position_adjustment_enable: false,
    order_types: { ...DEFAULT_ORDER_TYPES },
    order_time_in_force: { entry: 'GTC', exit: 'GTC' },
  };
}

export abstract class BaseStrategy implements Strategy {
  abstract timeframe: string;
  abstract stoploss: number;

  startup_candle_count = 0;
  minimal_roi: Record<string, number> = { '0': 10 };
  trailing_stop = false;
  trailing_stop_positive: number | null = null;
  trailing_stop_positive_offset = 0.0;
  trailing_only_offset_is_reached = false;
  use_custom_stoploss = false;
  use_custom_roi = false;
  use_exit_signal = true;
  exit_profit_only = false;
  exit_profit_offset = 0.0;
  ignore_roi_if_entry_signal = false;
  can_short = false;
  process_only_new_candles = true;
  position_adjustment_enable = false;
  order_types: Record<string, string | boolean | number> = { ...DEFAULT_ORDER_TYPES };
  order_time_in_force = { entry: 'GTC', exit: 'GTC' };
  plot_config?: PlotConfig;
  /** freqtrade's market_direction (MarketDirection.NONE until /marketdir sets it). */
  market_direction: 'long' | 'short' | 'even' | 'none' = 'none';

  /** The class name, as used in the `strategy` config key. */
  get name(): string {
    return this.constructor.name;
  }

  version(): string | null {
    return null;
  }

  /** freqtrade's send_msg; a no-op outside the dry-run / live bot, which replaces it. */
  sendMsg(_message: string, _opts?: { alwaysSend?: boolean }): void {}

  abstract populateIndicators(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
  abstract populateEntryTrend(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
  abstract populateExitTrend(frame: Frame, meta: PairMeta): Frame | Promise<Frame>;
}
