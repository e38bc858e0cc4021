// A port of "FixedRiskRewardLoss" from freqtrade/freqtrade-strategies: custom_stoploss with a fixed
// risk/reward ratio. The initial stop is the entry candle's close − 2·ATR(14); once the profit
// covers that risk once, the stop goes to break-even (open rate + both fees); once it covers it 3.5
// times, the stop locks the take-profit price. Entries on every candle, no exit signal.
// Written from the published strategy's logic; settings and column names are kept. Differences:
// - The original finds the entry candle with pandas' get_loc(…, method='ffill'), which pandas 2
//   removed (freqtrade then ignores the callback's error and keeps the stop); here it is the last
//   analysed candle dated at or before the trade's open date, as the original meant.
// - It sets no timeframe (the config's is used); the built-in defaults to 5m like freqtrade's config template.

import { BaseStrategy } from '../base.ts';
import { markSignal, setColumn } from '../frame.ts';
import { talibAtr } from '../indicators/index.ts';
import type { CustomStoplossArgs, Frame, PairMeta, PlotConfig } from '../types.ts';

export const RISK_REWARD_RATIO = 3.5;
export const BREAK_EVEN_AT = 1;

interface PairRates {
  date: readonly number[];
  stoplossRate: readonly (number | null)[];
}

/** Index of the last date ≤ t in ascending dates (pandas ffill lookup), or -1. */
function ffillIndex(dates: readonly number[], t: number): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The stop custom_stoploss returns, relative to the current rate (freqtrade's convention), from
 * the initial stop price `initialStop` recorded on the entry candle.
 */
export function riskRewardStop(
  a: { openRate: number; feeOpen: number; feeClose: number; currentRate: number; currentProfit: number },
  initialStop: number,
): number {
  const risk = a.openRate - initialStop;
  const takeProfitPrice = a.openRate + risk * RISK_REWARD_RATIO;
  const takeProfitPct = takeProfitPrice / a.openRate - 1;
  const breakEvenPct = (risk * BREAK_EVEN_AT + a.currentRate) / a.currentRate - 1;
  let result = initialStop / a.currentRate - 1;
  if (a.currentProfit >= breakEvenPct) result = (a.openRate * (1 + a.feeOpen + a.feeClose)) / a.currentRate - 1;
  if (a.currentProfit >= takeProfitPct) result = takeProfitPrice / a.currentRate - 1;
  return result;
}

export class FixedRiskRewardLoss extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.9;
  override use_custom_stoploss = true;
  override plot_config: PlotConfig = {
    main_plot: { stoploss_rate: { color: '#ef5350' } },
    subplots: { ATR: { atr: { color: '#7e57c2' } } },
  };
  /** freqtrade's custom_info: each pair's stoploss_rate by candle date, from its last analysis. */
  private readonly rates = new Map<string, PairRates>();

  populateIndicators(frame: Frame, meta: PairMeta): Frame {
    const atr = talibAtr(frame.high, frame.low, frame.close, 14);
    const stoplossRate = frame.close.map((c, i) => (atr[i] === null ? null : c - (atr[i] as number) * 2));
    setColumn(frame, 'atr', atr);
    setColumn(frame, 'stoploss_rate', stoplossRate);
    this.rates.set(meta.pair, { date: [...frame.date], stoplossRate });
    return frame;
  }

  populateEntryTrend(frame: Frame): Frame {
    return markSignal(
      frame,
      'enter_long',
      frame.date.map(() => true),
    );
  }

  populateExitTrend(frame: Frame): Frame {
    return markSignal(
      frame,
      'exit_long',
      frame.date.map(() => false),
    );
  }

  customStoploss(args: CustomStoplossArgs): number | null {
    const rates = this.rates.get(args.pair);
    // No analysis of the pair: -1 (a stop at 0, which never tightens the current one).
    if (!rates) return -1;
    const row = ffillIndex(rates.date, args.trade.openDate);
    const initial = row < 0 ? null : rates.stoplossRate[row];
    if (initial === null || initial === undefined || Number.isNaN(initial)) return -1;
    return riskRewardStop({ ...args.trade, currentRate: args.currentRate, currentProfit: args.currentProfit }, initial);
  }
}
