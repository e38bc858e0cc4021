// A port of "CombinedBinHAndCluc" from freqtrade/freqtrade-strategies (berlinguyinca): two dip-buying
// rules (BinHV45 and ClucMay72018), either one enters; the exit is the close back above the middle of a
// Bollinger band on the typical price. Written from the published strategy's logic; column names,
// settings and warm-up behaviour are kept so its frames can be compared with freqtrade's.

import { BaseStrategy } from '../base.ts';
import { markSignal, setColumn, shift } from '../frame.ts';
import { rollingMean, rollingStd, talibEma, typicalPrice } from '../indicators/index.ts';
import type { Column, Frame, PlotConfig } from '../types.ts';

/** The strategy's own bollinger_bands: pandas rolling mean and sample std, NaN warm-up turned to 0 (nan_to_num). */
export function binhBands(close: readonly number[], window: number, stds: number): { mid: number[]; lower: number[] } {
  const mean = rollingMean(close, window);
  const std = rollingStd(close, window);
  const zero = (v: number | null) => (v === null || Number.isNaN(v) ? 0 : v);
  const mid = mean.map(zero);
  const lower = mean.map((m, i) => zero(m === null || std[i] === null ? null : m - (std[i] as number) * stds));
  return { mid, lower };
}

/** qtpylib's bollinger_bands: rolling mean and sample std with min_periods=1 (an expanding start). */
export function qtpylibBands(series: readonly (number | null)[], window: number, stds: number) {
  const mid = rollingMean(series, window, 1);
  const std = rollingStd(series, window, 1);
  const band = (sign: number): Column =>
    mid.map((m, i) => (m === null || std[i] === null ? null : m + sign * (std[i] as number) * stds));
  return { mid, upper: band(1), lower: band(-1) };
}

const gt = (a: number | null | undefined, b: number | null | undefined): boolean =>
  typeof a === 'number' && typeof b === 'number' && a > b;

export class CombinedBinHAndCluc extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.05;
  override minimal_roi = { '0': 0.05 };
  override use_exit_signal = true;
  override exit_profit_only = true;
  override ignore_roi_if_entry_signal = false;
  override plot_config: PlotConfig = {
    main_plot: {
      bb_lowerband: { color: '#26a69a' },
      bb_middleband: { color: '#ffa726' },
      ema_slow: { color: '#7e57c2' },
    },
  };

  override version(): string {
    return '1.0';
  }

  populateIndicators(frame: Frame): Frame {
    const { close, low, volume } = frame;
    // BinHV45: a 40-candle Bollinger band on the close.
    const { mid, lower } = binhBands(close, 40, 2);
    setColumn(frame, 'lower', lower);
    setColumn(
      frame,
      'bbdelta',
      mid.map((m, i) => Math.abs(m - lower[i])),
    );
    const previous = shift(close);
    setColumn(
      frame,
      'closedelta',
      close.map((c, i) => (previous[i] === null ? null : Math.abs(c - (previous[i] as number)))),
    );
    setColumn(
      frame,
      'tail',
      close.map((c, i) => Math.abs(c - low[i])),
    );
    // ClucMay72018: a 20-candle band on the typical price, a 50-EMA and the 30-candle mean volume.
    const bands = qtpylibBands(typicalPrice(frame.high, low, close), 20, 2);
    setColumn(frame, 'bb_lowerband', bands.lower);
    setColumn(frame, 'bb_middleband', bands.mid);
    setColumn(frame, 'ema_slow', talibEma(close, 50));
    setColumn(frame, 'volume_mean_slow', rollingMean(volume, 30));
    return frame;
  }

  populateEntryTrend(frame: Frame): Frame {
    const c = frame.columns;
    const close = frame.close;
    const lowerBefore = shift(c.lower);
    const closeBefore = shift(close);
    const volumeMeanBefore = shift(c.volume_mean_slow);
    const enter = close.map((price, i) => {
      const binh =
        gt(lowerBefore[i], 0) &&
        gt(c.bbdelta[i], price * 0.008) &&
        gt(c.closedelta[i], price * 0.0175) &&
        gt(c.bbdelta[i] === null ? null : (c.bbdelta[i] as number) * 0.25, c.tail[i]) &&
        gt(lowerBefore[i], price) &&
        closeBefore[i] !== null &&
        price <= (closeBefore[i] as number);
      const cluc =
        gt(c.ema_slow[i], price) &&
        gt(c.bb_lowerband[i] === null ? null : 0.985 * (c.bb_lowerband[i] as number), price) &&
        gt(volumeMeanBefore[i] === null ? null : (volumeMeanBefore[i] as number) * 20, frame.volume[i]);
      return binh || cluc;
    });
    return markSignal(frame, 'enter_long', enter);
  }

  populateExitTrend(frame: Frame): Frame {
    const mid = frame.columns.bb_middleband;
    return markSignal(
      frame,
      'exit_long',
      frame.close.map((price, i) => gt(price, mid[i])),
    );
  }
}
