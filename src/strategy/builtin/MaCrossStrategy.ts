// EMA crossover: long when the fast EMA crosses above the slow one, out when it crosses back
// below; shorts mirror this when `can_short` is set. The bot runs it row by row (`streaming`);
// backtests and the API run the populate methods, which give the same frame.

import { BaseStrategy } from '../base.ts';
import { crossedAbove, crossedAboveAt, crossedBelow, crossedBelowAt, markSignal, setColumn } from '../frame.ts';
import { EmaStream, ema } from '../indicators/index.ts';
import type { StreamingAnalysis, StreamingPair } from '../streaming.ts';
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

  streaming: StreamingAnalysis = { mirrors: MaCrossStrategy.prototype, start: () => this.streamingPair() };

  /** populateIndicators + populateEntryTrend + populateExitTrend for one row. */
  private streamingPair(): StreamingPair {
    const fast = new EmaStream(this.fastPeriod);
    const slow = new EmaStream(this.slowPeriod);
    const canShort = this.can_short;
    const columns = canShort
      ? ['ema_fast', 'ema_slow', 'enter_long', 'enter_short', 'exit_long', 'exit_short']
      : ['ema_fast', 'ema_slow', 'enter_long', 'exit_long'];
    return {
      columns,
      row: (frame, i, replace) => {
        const close = frame.close[i];
        const f = replace ? fast.replace(close) : fast.add(close);
        const s = replace ? slow.replace(close) : slow.add(close);
        if (f === undefined || s === undefined) return false;
        const { ema_fast, ema_slow, enter_long, exit_long, enter_short, exit_short } = frame.columns;
        const { enter_tag, exit_tag } = frame.tags;
        ema_fast[i] = f;
        ema_slow[i] = s;
        const up = crossedAboveAt(ema_fast, ema_slow, i);
        const down = crossedBelowAt(ema_fast, ema_slow, i);
        const traded = frame.volume[i] > 0;
        if (up && traded) {
          enter_long[i] = 1;
          enter_tag[i] = 'ema_cross_up';
        }
        if (canShort && down && traded) {
          enter_short[i] = 1;
          enter_tag[i] = 'ema_cross_down';
        }
        if (down) {
          exit_long[i] = 1;
          exit_tag[i] = 'ema_cross_down';
        }
        if (canShort && up) {
          exit_short[i] = 1;
          exit_tag[i] = 'ema_cross_up';
        }
        return true;
      },
    };
  }
}
