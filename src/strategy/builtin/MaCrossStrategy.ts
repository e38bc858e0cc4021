// EMA crossover: long when the fast EMA crosses above the slow one, out when it crosses back
// below; shorts mirror this when `can_short` is set.

import { BaseStrategy } from '../base.ts';
import { crossedAbove, crossedBelow, markSignal, setColumn } from '../frame.ts';
import { ema } from '../indicators/index.ts';
import type { Frame, PlotConfig } from '../types.ts';

export class MaCrossStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.05;
  override startup_candle_count = 100;
  override minimal_roi = { '0': 0.04, '30': 0.02, '60': 0.01, '120': 0 };
  override plot_config: PlotConfig = {
    main_plot: { ema_fast: { color: '#2962ff' }, ema_slow: { color: '#ff6d00' } },
    subplots: {},
  };

  fastPeriod = 9;
  slowPeriod = 21;

  override version(): string {
    return '1.0';
  }

  populateIndicators(frame: Frame): Frame {
    setColumn(frame, 'ema_fast', ema(frame.close, this.fastPeriod));
    setColumn(frame, 'ema_slow', ema(frame.close, this.slowPeriod));
    return frame;
  }

  populateEntryTrend(frame: Frame): Frame {
    const { ema_fast, ema_slow } = frame.columns;
    const traded = frame.volume.map((v) => v > 0);
    const up = crossedAbove(ema_fast, ema_slow).map((c, i) => c && traded[i]);
    markSignal(frame, 'enter_long', up, 'ema_cross_up');
    if (this.can_short) {
      const down = crossedBelow(ema_fast, ema_slow).map((c, i) => c && traded[i]);
      markSignal(frame, 'enter_short', down, 'ema_cross_down');
    }
    return frame;
  }

  populateExitTrend(frame: Frame): Frame {
    const { ema_fast, ema_slow } = frame.columns;
    markSignal(frame, 'exit_long', crossedBelow(ema_fast, ema_slow), 'ema_cross_down');
    if (this.can_short) markSignal(frame, 'exit_short', crossedAbove(ema_fast, ema_slow), 'ema_cross_up');
    return frame;
  }
}
