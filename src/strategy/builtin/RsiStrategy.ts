// RSI mean reversion: long while RSI(14) is below 30, out once it is above 70; shorts mirror
// this when `can_short` is set. Uses a trailing stop once 2 % in profit.

import { BaseStrategy } from '../base.ts';
import { and, markSignal, setColumn, where } from '../frame.ts';
import { rsi } from '../indicators/index.ts';
import type { Frame, PlotConfig } from '../types.ts';

export class RsiStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.05;
  override startup_candle_count = 100;
  override minimal_roi = { '0': 0.04, '30': 0.02, '60': 0.01, '120': 0 };
  override trailing_stop = true;
  override trailing_stop_positive = 0.01;
  override trailing_stop_positive_offset = 0.02;
  override trailing_only_offset_is_reached = true;
  override plot_config: PlotConfig = {
    main_plot: {},
    subplots: { RSI: { rsi: { color: '#7e57c2' } } },
  };

  rsiPeriod = 14;
  oversold = 30;
  overbought = 70;

  override version(): string {
    return '1.0';
  }

  populateIndicators(frame: Frame): Frame {
    setColumn(frame, 'rsi', rsi(frame.close, this.rsiPeriod));
    return frame;
  }

  populateEntryTrend(frame: Frame): Frame {
    const traded = frame.volume.map((v) => v > 0);
    const oversold = where(frame.columns.rsi, (v) => v < this.oversold);
    markSignal(frame, 'enter_long', and(oversold, traded), 'rsi_oversold');
    if (this.can_short) {
      const overbought = where(frame.columns.rsi, (v) => v > this.overbought);
      markSignal(frame, 'enter_short', and(overbought, traded), 'rsi_overbought');
    }
    return frame;
  }

  populateExitTrend(frame: Frame): Frame {
    markSignal(
      frame,
      'exit_long',
      where(frame.columns.rsi, (v) => v > this.overbought),
      'rsi_overbought',
    );
    if (this.can_short) {
      markSignal(
        frame,
        'exit_short',
        where(frame.columns.rsi, (v) => v < this.oversold),
        'rsi_oversold',
      );
    }
    return frame;
  }
}
