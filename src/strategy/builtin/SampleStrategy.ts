// A small showcase of the indicator set: RSI turning up from oversold inside the lower half of
// the Bollinger bands with MACD momentum improving; exit when RSI turns down from overbought.
// Shorts mirror this when `can_short` is set. ATR is computed for the chart only.

import { BaseStrategy } from '../base.ts';
import { above, and, below, crossedAbove, crossedBelow, markSignal, setColumn, shift } from '../frame.ts';
import { atr, bollinger, macd, rsi } from '../indicators/index.ts';
import type { Frame, PlotConfig } from '../types.ts';

export class SampleStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override startup_candle_count = 200;
  override minimal_roi = { '0': 0.04, '30': 0.02, '60': 0.01, '120': 0 };
  override plot_config: PlotConfig = {
    main_plot: {
      bb_upperband: { color: '#90a4ae' },
      bb_middleband: { color: '#546e7a' },
      bb_lowerband: { color: '#90a4ae' },
    },
    subplots: {
      MACD: { macd: { color: '#2962ff' }, macdsignal: { color: '#ff6d00' }, macdhist: { type: 'bar' } },
      RSI: { rsi: { color: '#7e57c2' } },
      ATR: { atr: { color: '#26a69a' } },
    },
  };

  override version(): string {
    return '1.0';
  }

  populateIndicators(frame: Frame): Frame {
    setColumn(frame, 'rsi', rsi(frame.close, 14));
    const m = macd(frame.close, 12, 26, 9);
    setColumn(frame, 'macd', m.macd);
    setColumn(frame, 'macdsignal', m.signal);
    setColumn(frame, 'macdhist', m.hist);
    const bands = bollinger(frame.close, 20, 2);
    setColumn(frame, 'bb_upperband', bands.upper);
    setColumn(frame, 'bb_middleband', bands.middle);
    setColumn(frame, 'bb_lowerband', bands.lower);
    setColumn(frame, 'atr', atr(frame.high, frame.low, frame.close, 14));
    return frame;
  }

  populateEntryTrend(frame: Frame): Frame {
    const c = frame.columns;
    const traded = frame.volume.map((v) => v > 0);
    const histPrev = shift(c.macdhist);
    markSignal(
      frame,
      'enter_long',
      and(crossedAbove(c.rsi, 30), below(frame.close, c.bb_middleband), above(c.macdhist, histPrev), traded),
      'rsi_turn_up',
    );
    if (this.can_short) {
      markSignal(
        frame,
        'enter_short',
        and(crossedBelow(c.rsi, 70), above(frame.close, c.bb_middleband), below(c.macdhist, histPrev), traded),
        'rsi_turn_down',
      );
    }
    return frame;
  }

  populateExitTrend(frame: Frame): Frame {
    markSignal(frame, 'exit_long', crossedBelow(frame.columns.rsi, 70), 'rsi_turn_down');
    if (this.can_short) markSignal(frame, 'exit_short', crossedAbove(frame.columns.rsi, 30), 'rsi_turn_up');
    return frame;
  }
}
