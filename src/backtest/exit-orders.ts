// Exits in backtesting (freqtrade's _check_trade_exit, _get_exit_for_signal, _exit_trade,
// _process_exit_order): position adjustment first, then the first exit whose rate the candle
// allows becomes an exit order, which fills when the candle's range holds its price.

import { calcProfitRatio } from '../domain/money/index.ts';
import {
  maxEntriesReached,
  maxPairStake,
  minPairStake,
  parseAdjustAnswer,
  partialExitAmount,
} from '../domain/money/position-adjust.ts';
import { priceToPrecision } from '../domain/precision.ts';
import { timeframeToMs } from '../exchange/port.ts';
import { tradeView } from '../strategy/types.ts';
import { safeCall } from './callbacks.ts';
import type { EngineState } from './engine.ts';
import { enterTrade } from './entry.ts';
import { type Bar, type ExitCheck, exitChecks, roiCloseRate, stopCloseRate } from './exits.ts';
import { fundingFees } from './funding.ts';
import { amountToPrecision, closeTrade, nrOfSuccessfulEntries, recalc } from './trade.ts';
import type { BtTrade } from './types.ts';

const STOP_TYPES = new Set(['stop_loss', 'trailing_stop_loss', 'liquidation']);

/** freqtrade's _run_funding_fees: at each funding time (or forced on a fill), fees since the last fill. */
export function runFundingFees(st: EngineState, trade: BtTrade, time: number, force = false): void {
  if (st.s.tradingMode !== 'futures') return;
  if (!force && time % st.s.fundingIntervalMs !== 0) return;
  const series = st.funding?.get(trade.pair);
  const fee = series ? fundingFees(series, trade.amount, trade.isShort, trade.lastFillDate, time) : 0;
  trade.fundingFeeRunning = fee;
  let prior = 0;
  for (const o of trade.orders) if (o.fundingFee) prior += o.fundingFee;
  trade.fundingFees = prior + fee;
}

/** Appends an open exit order for `amount` at `rate` (freqtrade's _exit_trade). */
export function exitTrade(
  st: EngineState,
  trade: BtTrade,
  bar: Bar,
  rate: number,
  amount: number,
  reason: string,
): BtTrade {
  const qty = amountToPrecision(amount || trade.amount, trade.amountPrecision);
  trade.orders.push({
    id: ++st.orderId,
    side: trade.isShort ? 'buy' : 'sell',
    isEntry: false,
    orderType: st.s.exitOrderType,
    price: rate,
    amount: qty,
    filled: 0,
    orderDate: bar.date,
    filledDate: null,
    isOpen: true,
    tag: reason,
    fundingFee: 0,
  });
  return trade;
}

/** Fills the open exit order if the candle allows; closes the trade when it was the whole position. */
export function processExitOrder(st: EngineState, trade: BtTrade, time: number, bar: Bar): void {
  const order = trade.orders.find((o) => o.isOpen && !o.isEntry);
  if (!order || !st.tryFill(trade, false, time, bar)) return;
  if (order.filled !== trade.amount) recalc(trade);
  else {
    closeTrade(trade, order.price, time);
    st.closeTradeBook(trade);
  }
  st.updateWallet();
  if (st.s.enableProtections) st.protections.afterExit(trade.pair, time, trade.isShort ? 'short' : 'long');
}

function closeRateFor(st: EngineState, trade: BtTrade, bar: Bar, exit: ExitCheck, tradeDur: number): number | null {
  if (STOP_TYPES.has(exit.exitType)) return stopCloseRate(trade, bar, exit.exitType, tradeDur, st.strategy);
  if (exit.exitType === 'roi') {
    return roiCloseRate(trade, bar, tradeDur, st.strategy, timeframeToMs(st.s.timeframe) / 60_000);
  }
  return bar.open;
}

function exitForSignal(
  st: EngineState,
  trade: BtTrade,
  bar: Bar,
  exit: ExitCheck,
  time: number,
  amount?: number,
): BtTrade | null {
  const tradeDur = Math.floor((time - trade.openDate) / 60_000);
  const rate = closeRateFor(st, trade, bar, exit, tradeDur);
  if (rate === null) return null;
  trade.closeDate = time;
  const reason = exit.exitReason || exit.exitType;
  const qty = amount ?? trade.amount;
  let closeRate = rate;
  const strategy = st.strategy;
  const limit = st.s.exitOrderType === 'limit';
  if (
    (exit.exitType === 'exit_signal' || exit.exitType === 'custom_exit' || exit.exitType === 'partial_exit') &&
    limit
  ) {
    if (strategy.customExitPrice) {
      const args = {
        pair: trade.pair,
        trade: tradeView(trade),
        currentTime: time,
        proposedRate: closeRate,
        currentProfit: calcProfitRatio(closeRate, trade),
        exitTag: reason,
      };
      const custom = safeCall(() => strategy.customExitPrice!(args), closeRate);
      if (custom !== null && custom !== undefined && custom !== closeRate) {
        closeRate = trade.pricePrecision ? priceToPrecision(custom, trade.pricePrecision) : custom;
      }
    }
    // An exit limit beyond the candle would fill at once live; it is capped to the candle.
    closeRate = trade.isShort ? Math.min(closeRate, bar.high) : Math.max(closeRate, bar.low);
  }
  if (exit.exitType !== 'liquidation' && exit.exitType !== 'partial_exit' && strategy.confirmTradeExit) {
    const args = {
      pair: trade.pair,
      trade: tradeView(trade),
      orderType: st.s.exitOrderType,
      amount: qty,
      rate: closeRate,
      timeInForce: 'GTC',
      exitReason: reason,
      currentTime: time,
    };
    if (!safeCall(() => strategy.confirmTradeExit!(args), true)) return null;
  }
  trade.exitReason = reason;
  return exitTrade(st, trade, bar, closeRate, qty, reason);
}

/** freqtrade's _get_adjust_trade_entry_for_candle. */
function adjustPosition(st: EngineState, trade: BtTrade, bar: Bar, time: number): BtTrade {
  const strategy = st.strategy;
  if (!strategy.adjustTradePosition) return trade;
  const rate = bar.open;
  const profit = calcProfitRatio(rate, trade);
  const market = st.s.markets[trade.pair];
  const minStake = minPairStake(market, rate, -0.1, trade.leverage);
  const maxStake = maxPairStake(market, rate, trade.leverage);
  st.updateWallet();
  const answer = strategy.adjustTradePosition({
    trade: { ...tradeView(trade), nrOfSuccessfulEntries: nrOfSuccessfulEntries(trade) },
    currentTime: time,
    currentRate: rate,
    currentProfit: profit,
    minStake,
    maxStake: Math.min(maxStake, st.wallet.available()),
    currentEntryRate: rate,
    currentExitRate: rate,
    currentEntryProfit: profit,
    currentExitProfit: profit,
  });
  const { stake, tag } = parseAdjustAnswer(answer);
  if (stake !== null && stake > 0) {
    if (maxEntriesReached(nrOfSuccessfulEntries(trade), st.s.maxEntryPositionAdjustment)) return trade;
    const adjusted = enterTrade(st, trade.pair, bar, trade.isShort ? 'short' : 'long', {
      stakeAmount: stake,
      trade,
      entryTag: tag || null,
    });
    if (adjusted) st.updateWallet();
    return adjusted ?? trade;
  }
  if (stake !== null && stake < 0) {
    const amount = partialExitAmount(stake, trade, rate, minStake);
    if (amount === null) return trade;
    const t = exitForSignal(st, trade, bar, { exitType: 'partial_exit', exitReason: tag }, time, amount);
    if (t) processExitOrder(st, t, time, bar);
    return t ?? trade;
  }
  return trade;
}

/** freqtrade's _check_trade_exit: funding, position adjustment, then the exit checks in order. */
export function checkTradeExit(st: EngineState, tradeIn: BtTrade, bar: Bar, time: number): BtTrade | null {
  runFundingFees(st, tradeIn, time);
  let trade = tradeIn;
  if (st.s.positionAdjustment) trade = adjustPosition(st, trade, bar, time);
  if (!trade.isOpen) return null;
  for (const exit of exitChecks(trade, bar, st.strategy, bar.date)) {
    const t = exitForSignal(st, trade, bar, exit, time);
    if (t) return t;
  }
  return null;
}
