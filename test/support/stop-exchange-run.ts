// Live bot through real ccxt against one of the non-Binance loopback fakes (fake-okx, fake-gate,
// fake-kraken, fake-bybit): the strategy and steps every exchange's stoploss-on-exchange run shares.

import type { ConfigInput } from '../../src/config/schema.ts';
import { BaseStrategy } from '../../src/strategy/base.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { Frame } from '../../src/strategy/types.ts';
import { type EngineHarness, startEngine } from './engine.ts';

/**
 * Enters long (or short) once while `allowEntry`, stop -10 %, a trailing stop 2 % behind once 3 %
 * in profit, stoploss on exchange (limit, interval 60 s), ROI out of reach.
 */
export class StopOnExchangeStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override minimal_roi = { '0': 10 };
  override trailing_stop = true;
  override trailing_stop_positive = 0.02;
  override trailing_stop_positive_offset = 0.03;
  override trailing_only_offset_is_reached = true;
  override order_types: Record<string, string | boolean | number> = {
    entry: 'limit',
    exit: 'limit',
    stoploss: 'limit',
    stoploss_on_exchange: true,
    stoploss_on_exchange_interval: 60,
  };
  allowEntry = true;
  /** An exit signal on the last candle while true. */
  exitNow = false;
  short = false;
  constructor(overrides: Partial<StopOnExchangeStrategy> = {}) {
    super();
    Object.assign(this, overrides);
  }
  override get name(): string {
    return 'StopOnExchangeStrategy';
  }
  populateIndicators(frame: Frame): Frame {
    return frame;
  }
  populateEntryTrend(frame: Frame): Frame {
    const last = frame.date.length - 1;
    markSignal(
      frame,
      this.short ? 'enter_short' : 'enter_long',
      frame.date.map((_, i) => this.allowEntry && i === last),
    );
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    const last = frame.date.length - 1;
    markSignal(
      frame,
      this.short ? 'exit_short' : 'exit_long',
      frame.date.map((_, i) => this.exitNow && i === last),
    );
    return frame;
  }
}

export interface LiveExchange {
  name: string;
  url: string;
  key: string;
  secret: string;
  password?: string;
  pair: string;
}

export function startStopRun(
  ex: LiveExchange,
  strategy: StopOnExchangeStrategy,
  settings: ConfigInput,
  start: number,
): Promise<EngineHarness> {
  return startEngine(
    {
      dry_run: false,
      max_open_trades: 1,
      stake_amount: 100,
      // Enter at the ask (the fakes fill at their last price), exit checks at the ask as freqtrade's default.
      entry_pricing: { price_side: 'other' },
      exchange: {
        name: ex.name,
        key: ex.key,
        secret: ex.secret,
        ...(ex.password ? { password: ex.password } : {}),
        pair_whitelist: [ex.pair],
        ccxt_config: { enableRateLimit: false },
      },
      ...settings,
    },
    strategy,
    { ccxtUrlOverride: ex.url, start },
  );
}
