// A port of "InformativeSample" from freqtrade/freqtrade-strategies (xmatthias): the pair's 20/50-EMA
// trend confirmed by BTC/USDT's 15m close against its 20-candle mean, merged in as an informative
// pair (freqtrade's informative_pairs + dp.get_pair_dataframe + merge_informative_pair). Written
// from the published strategy's logic; column names and settings are kept.

import { BaseStrategy } from '../base.ts';
import { markSignal, setColumn } from '../frame.ts';
import { rollingMean, talibEma } from '../indicators/index.ts';
import { mergeInformative } from '../informative.ts';
import type { Frame, PairMeta, PlotConfig } from '../types.ts';

const INFORMATIVE_PAIR = 'BTC/USDT';
const INFORMATIVE_TIMEFRAME = '15m';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class InformativeSample extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override minimal_roi = { '60': 0.01, '30': 0.03, '20': 0.04, '0': 0.05 };
  override trailing_stop = false;
  override trailing_stop_positive = 0.02;
  override trailing_stop_positive_offset = 0.04;
  override process_only_new_candles = true;
  override use_exit_signal = true;
  override exit_profit_only = true;
  override ignore_roi_if_entry_signal = false;
  override order_types: Record<string, string | boolean | number> = {
    entry: 'limit',
    exit: 'limit',
    stoploss: 'market',
    stoploss_on_exchange: false,
  };

  override plot_config: PlotConfig = {
    main_plot: { ema20: { color: '#26a69a' }, ema50: { color: '#ffa726' }, ema100: { color: '#7e57c2' } },
  };

  informativePairs(): [string, string][] {
    return [[INFORMATIVE_PAIR, INFORMATIVE_TIMEFRAME]];
  }

  populateIndicators(frame: Frame, meta: PairMeta): Frame {
    setColumn(frame, 'ema20', talibEma(frame.close, 20));
    setColumn(frame, 'ema50', talibEma(frame.close, 50));
    setColumn(frame, 'ema100', talibEma(frame.close, 100));
    if (!meta.dp) return frame;
    const informative = meta.dp.getPairDataframe(INFORMATIVE_PAIR, INFORMATIVE_TIMEFRAME);
    // pandas rolling(20).mean(): NaN until 20 candles.
    setColumn(informative, 'sma20', rollingMean(informative.close, 20));
    return mergeInformative(frame, informative, meta.timeframe, INFORMATIVE_TIMEFRAME, { ffill: true });
  }

  /** ema20 vs ema50 and the 15m close vs its sma20, each compared only where both sides are numbers (pandas: NaN compares false). */
  private trend(frame: Frame, up: boolean): boolean[] {
    const c = frame.columns;
    const cmp = (a: unknown, b: unknown) => {
      const x = num(a);
      const y = num(b);
      return x !== null && y !== null && (up ? x > y : x < y);
    };
    return frame.date.map((_, i) => cmp(c.ema20[i], c.ema50[i]) && cmp(c.close_15m?.[i], c.sma20_15m?.[i]));
  }

  populateEntryTrend(frame: Frame): Frame {
    return markSignal(frame, 'enter_long', this.trend(frame, true));
  }

  populateExitTrend(frame: Frame): Frame {
    return markSignal(frame, 'exit_long', this.trend(frame, false));
  }
}
