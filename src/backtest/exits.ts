// Exit decisions inside one candle, as freqtrade's should_exit with the candle's low/high, and
// the rate each exit gets (_get_close_rate_for_stoploss / _for_roi): signal, stop, ROI, trailing.

import {
  type ExitType,
  minRoiEntry,
  shouldExit,
  stoplossAdjust,
  stoplossHit,
  tradeDurationMinutes,
  updateMinMaxRate,
} from '../domain/money/index.ts';
import { askCustomRoi } from '../strategy/custom-roi.ts';
import { type Strategy, type StrategySettings, tradeView } from '../strategy/types.ts';
import { safeCall } from './callbacks.ts';
import { decisionProfit } from './fast-profit.ts';
import { pricePrecisionRounder } from './trade.ts';
import type { BtTrade } from './types.ts';

/** An exit to try: the shared decision types plus the backtest's own partial and force exits. */
export interface ExitCheck {
  exitType: ExitType | 'partial_exit' | 'force_exit';
  exitReason: string;
}

/** One candle (or detail candle) with the shifted signals of its main candle. */
export interface Bar {
  date: number;
  open: number;
  high: number;
  low: number;
  close: number;
  enterLong: boolean;
  exitLong: boolean;
  enterShort: boolean;
  exitShort: boolean;
  enterTag: string | null;
  exitTag: string | null;
}

/**
 * The exits triggered on this bar, in freqtrade's order (the domain's shouldExit, shared with the
 * live bot), from the candle's open (current rate) and its high/low (best and adverse rates).
 * The first one whose rate can be had wins. Moves the trade's min/max rate and stop as freqtrade does.
 */
export function exitChecks(trade: BtTrade, bar: Bar, st: Strategy & StrategySettings, now: number): ExitCheck[] {
  const rate = bar.open;
  const enter = trade.isShort ? bar.enterShort : bar.enterLong;
  const exit = trade.isShort ? bar.exitShort : bar.exitLong;
  const best = trade.isShort ? bar.low : bar.high;
  const tradeDur = tradeDurationMinutes(trade.openDate, now);
  const roiStep = minRoiEntry(st.minimal_roi, tradeDur, customRoi(st, trade, now, tradeDur));
  const callbacks = Boolean((st.use_custom_stoploss && st.customStoploss) || (st.use_exit_signal && st.customExit));
  const exitOffset = st.exit_profit_offset ?? 0;
  const profit = decisionProfit(rate, trade, st.exit_profit_only ? [exitOffset] : [], callbacks);
  const bestThresholds: number[] = [];
  if (roiStep) bestThresholds.push(roiStep.ratio);
  if (st.trailing_stop) bestThresholds.push(st.trailing_stop_positive_offset);
  const profitBest = decisionProfit(best || rate, trade, bestThresholds, callbacks);
  const mm = updateMinMaxRate(
    { openRate: trade.openRate, maxRate: trade.maxRate, minRate: trade.minRate },
    bar.high || rate,
    bar.low || rate,
  );
  trade.maxRate = mm.maxRate;
  trade.minRate = mm.minRate;

  const custom =
    st.use_custom_stoploss && st.customStoploss
      ? (r: number, p: number) =>
          safeCall(
            () =>
              st.customStoploss!({
                pair: trade.pair,
                trade: tradeView(trade),
                currentTime: now,
                currentRate: r,
                currentProfit: p,
                afterFill: false,
              }),
            null,
          )
      : undefined;
  const stop = stoplossAdjust(
    trade,
    st,
    {
      currentRate: rate,
      low: bar.low,
      high: bar.high,
      currentProfit: profit,
      boundProfit: profitBest,
      customStoploss: custom,
    },
    { roundPrice: pricePrecisionRounder(trade.pricePrecision) },
  );
  trade.stopLoss = stop.stopLoss;
  trade.stopLossPct = stop.stopLossPct;
  trade.initialStopLoss = stop.initialStopLoss;
  trade.initialStopLossPct = stop.initialStopLossPct;
  trade.isStopLossTrailing = stop.isStopLossTrailing;
  const stopHit = stoplossHit(trade, { currentRate: rate, low: bar.low, high: bar.high });

  const roiReached = !(enter && st.ignore_roi_if_entry_signal) && roiStep !== null && profitBest > roiStep.ratio;

  return shouldExit({
    enter,
    exit,
    exitTag: bar.exitTag,
    useExitSignal: st.use_exit_signal,
    exitProfitOnly: st.exit_profit_only,
    exitProfitOffset: exitOffset,
    currentProfit: profit,
    customExit: st.customExit
      ? () =>
          safeCall(
            () =>
              st.customExit!({
                pair: trade.pair,
                trade: tradeView(trade),
                currentTime: now,
                currentRate: rate,
                currentProfit: profit,
              }),
            false,
          )
      : undefined,
    stopHit,
    roiReached,
  });
}

/** freqtrade's _get_close_rate_for_stoploss. */
export function stopCloseRate(
  trade: BtTrade,
  bar: Bar,
  type: ExitCheck['exitType'],
  tradeDur: number,
  st: StrategySettings,
): number {
  const side = trade.isShort ? -1 : 1;
  const leverage = trade.leverage || 1;
  const level = type === 'liquidation' && trade.liquidationPrice ? trade.liquidationPrice : trade.stopLoss;
  // A gap through the stop: the candle opened beyond it, so the exit happens at the open.
  if (trade.isShort ? level < bar.low : level > bar.high) return bar.open;
  if (type === 'trailing_stop_loss' && tradeDur === 0) {
    let stopRate: number;
    if (
      !st.use_custom_stoploss &&
      st.trailing_stop &&
      st.trailing_only_offset_is_reached &&
      st.trailing_stop_positive_offset !== null &&
      st.trailing_stop_positive
    ) {
      stopRate =
        bar.open *
        (1 + side * Math.abs(st.trailing_stop_positive_offset) - side * Math.abs(st.trailing_stop_positive / leverage));
    } else {
      stopRate = bar.open * (1 - side * Math.abs((trade.stopLossPct ?? 0) / leverage));
    }
    return trade.isShort ? Math.min(bar.high, stopRate) : Math.max(bar.low, stopRate);
  }
  return level;
}

/** The strategy's custom_roi (use_custom_roi), asked as freqtrade's min_roi_reached_entry does. */
function customRoi(st: Strategy & StrategySettings, trade: BtTrade, now: number, tradeDur: number): number | null {
  if (!st.use_custom_roi || !st.customRoi) return null;
  return askCustomRoi(st, true, tradeView(trade), now, tradeDur, () => {});
}

/** freqtrade's _get_close_rate_for_roi; null where freqtrade refuses (ROI on the opening candle of the wrong colour). */
export function roiCloseRate(
  trade: BtTrade,
  bar: Bar,
  tradeDur: number,
  st: Strategy & StrategySettings,
  timeframeMinutes: number,
): number | null {
  const side = trade.isShort ? -1 : 1;
  const leverage = trade.leverage || 1;
  const entry = minRoiEntry(st.minimal_roi, tradeDur, customRoi(st, trade, bar.date, tradeDur));
  if (entry === null) return bar.open;
  const roi = entry.ratio;
  if (roi === -1 && entry.minutes % timeframeMinutes === 0) return bar.open;
  const roiRate = (trade.openRate * roi) / leverage;
  const openFeeRate = side * trade.openRate * (1 + side * trade.feeOpen);
  const closeRate = -(roiRate + openFeeRate) / ((trade.feeClose || 0) - side * 1);
  const isNewRoi = trade.isShort ? bar.open < closeRate : bar.open > closeRate;
  if (tradeDur > 0 && tradeDur === entry.minutes && entry.minutes % timeframeMinutes === 0 && isNewRoi) return bar.open;
  if (
    tradeDur === 0 &&
    ((trade.isShort && bar.open < bar.close && trade.openRate > bar.open && closeRate < bar.close) ||
      (!trade.isShort && bar.open > bar.close && trade.openRate < bar.open && closeRate > bar.close))
  ) {
    return null;
  }
  return Math.min(Math.max(closeRate, bar.low), bar.high);
}
