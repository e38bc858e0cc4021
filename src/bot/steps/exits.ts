// Tick step: for each open trade without an open order, follow the price (min/max, stop,
// trailing stop, liquidation) and exit in freqtrade's order of checks (should_exit): exit signal
// or custom exit, stoploss / liquidation, ROI, trailing stop; the first exit that places an order wins.

import {
  getTrade,
  openTradesCurrent,
  runTradeWrites,
  type TradeWithOrders,
  updateTradeQuery,
} from '../../db/repo/trades.ts';
import type { TradeRow } from '../../db/schema.ts';
import {
  calcProfitRatio,
  type ExitCheck,
  minRoiReached,
  shouldExit,
  stoplossAdjust,
  stoplossHit,
  tradeDurationMinutes,
  updateMinMaxRate,
} from '../../domain/money/index.ts';
import {
  exitSide,
  hasOpenOrders,
  stopPatch,
  stopState,
  tradeMath,
  tradePriceRounder,
} from '../../domain/trade-model.ts';
import { lastSignal } from '../../strategy/analyze.ts';
import { askCustomRoi } from '../../strategy/custom-roi.ts';
import { tradeView } from '../../strategy/types.ts';
import type { EngineContext } from '../context.ts';
import { refreshTradeFunding } from '../funding.ts';
import { exitDetectedLine } from '../log-lines.ts';
import { executeExit } from '../orders/place.ts';
import { getRate, safeCallback, validCustomPrice } from '../pricing.ts';
import type { EngineRuntime } from '../runtime.ts';
import { candleTypeOf } from './analyze.ts';
import { handleStoplossOnExchange } from './stoploss-exchange.ts';

export interface ExitDecision {
  reason: string;
  orderType: 'limit' | 'market';
  /** freqtrade's ExitType value ("roi", "exit_signal", ...); the exit tag of an exit signal. */
  exitType: ExitCheck['exitType'];
  exitTag?: string | null;
}

const STOP_REASONS = new Set(['stop_loss', 'trailing_stop_loss', 'liquidation']);

/** freqtrade's execute_trade_exit: stop exits use order_types.stoploss, the rest order_types.exit. */
export function orderTypeFor(ctx: EngineContext, exitType: string): 'limit' | 'market' {
  const ot = ctx.settings.order_types;
  const t = STOP_REASONS.has(exitType)
    ? ot.stoploss
    : exitType === 'emergency_exit'
      ? (ot.emergency_exit ?? 'market')
      : ot.exit;
  return t === 'market' ? 'market' : 'limit';
}

/**
 * Updates the trade's rate extremes and stop at `rate`; returns the updated row and the exits
 * that apply, in the order freqtrade tries them.
 */
export function evaluateExit(
  ctx: EngineContext,
  rt: EngineRuntime,
  trade: TradeRow,
  rate: number,
  now: number,
): { patch: Partial<TradeRow>; decisions: ExitDecision[] } {
  const s = ctx.settings;
  const math = tradeMath(trade);
  const profit = calcProfitRatio(rate, math, undefined, undefined, { now });
  const mm = updateMinMaxRate({ openRate: trade.openRate, maxRate: trade.maxRate, minRate: trade.minRate }, rate);
  const strategy = ctx.strategy;
  const view = tradeView(trade);
  const custom =
    s.use_custom_stoploss && strategy.customStoploss
      ? (r: number, p: number) =>
          strategy.customStoploss!({
            pair: trade.pair,
            trade: view,
            currentTime: now,
            currentRate: r,
            currentProfit: p,
            afterFill: false,
          })
      : undefined;
  const stop = stoplossAdjust(
    stopState(trade),
    s,
    { currentRate: rate, currentProfit: profit, customStoploss: custom },
    { now, roundPrice: tradePriceRounder(trade) },
  );
  const patch: Partial<TradeRow> = { maxRate: mm.maxRate, minRate: mm.minRate, ...stopPatch(stop) };

  const analyzed = rt.analyzed.get(trade.pair, s.timeframe, candleTypeOf(ctx));
  const sig = analyzed ? lastSignal(analyzed.frame) : undefined;
  const enter = trade.isShort ? sig?.enter_short === 1 : sig?.enter_long === 1;
  const exit = trade.isShort ? sig?.exit_short === 1 : sig?.exit_long === 1;
  const customExit = strategy.customExit
    ? () =>
        strategy.customExit!({
          pair: trade.pair,
          trade: view,
          currentTime: now,
          currentRate: rate,
          currentProfit: profit,
        })
    : undefined;
  const tradeDur = tradeDurationMinutes(trade.openDate, now);
  const roiReached =
    !(enter && s.ignore_roi_if_entry_signal) &&
    minRoiReached(
      s.minimal_roi,
      tradeDur,
      profit,
      askCustomRoi(strategy, s.use_custom_roi, view, now, tradeDur, (m) => ctx.log.error(m)),
    ).reached;
  const exits: ExitCheck[] = shouldExit({
    enter,
    exit,
    exitTag: sig?.exit_tag,
    useExitSignal: s.use_exit_signal,
    exitProfitOnly: s.exit_profit_only,
    exitProfitOffset: s.exit_profit_offset,
    currentProfit: profit,
    customExit,
    // With the stop on the exchange, live trading leaves the stop to it (dry-run checks both, as freqtrade).
    stopHit: stoplossHit(
      s.order_types.stoploss_on_exchange === true && !ctx.config.dry_run ? { ...stop, stopLoss: 0 } : stop,
      { currentRate: rate },
    ),
    roiReached,
  });
  const decisions = exits.map((e) => ({
    reason: e.exitReason,
    orderType: orderTypeFor(ctx, e.exitType),
    exitType: e.exitType,
    exitTag: e.exitType === 'exit_signal' ? sig?.exit_tag : undefined,
  }));
  return { patch, decisions };
}

/** freqtrade's execute_trade_exit: a limit exit goes through custom_exit_price and get_valid_price. */
export function exitLimit(
  ctx: EngineContext,
  trade: TradeRow,
  decision: Pick<ExitDecision, 'orderType' | 'reason'>,
  rate: number,
  now: number,
): number {
  const strategy = ctx.strategy;
  if (decision.orderType !== 'limit' || !strategy.customExitPrice) return rate;
  const args = {
    pair: trade.pair,
    trade: tradeView(trade),
    currentTime: now,
    proposedRate: rate,
    currentProfit: calcProfitRatio(rate, tradeMath(trade), undefined, undefined, { now }),
    exitTag: decision.reason,
  };
  const custom = safeCallback(ctx.log, 'custom_exit_price', () => strategy.customExitPrice!(args), rate);
  return validCustomPrice(custom, rate, ctx.config.custom_price_max_distance_ratio);
}

/** freqtrade asks confirm_trade_exit for every exit but a liquidation; false denies this one. */
export function confirmExit(
  ctx: EngineContext,
  trade: TradeRow,
  decision: { orderType: 'limit' | 'market'; reason: string; exitType: string },
  limit: number,
  now: number,
  amount = trade.amount,
): boolean {
  const strategy = ctx.strategy;
  if (decision.exitType === 'liquidation' || !strategy.confirmTradeExit) return true;
  const args = {
    pair: trade.pair,
    trade: tradeView(trade),
    orderType: decision.orderType,
    amount,
    rate: limit,
    timeInForce: ctx.settings.order_time_in_force.exit,
    exitReason: decision.reason,
    currentTime: now,
  };
  return safeCallback(ctx.log, 'confirm_trade_exit', () => strategy.confirmTradeExit!(args), true);
}

function changed(trade: TradeRow, patch: Partial<TradeRow>): boolean {
  return Object.entries(patch).some(([k, v]) => (trade as unknown as Record<string, unknown>)[k] !== v);
}

export async function manageExits(ctx: EngineContext, rt: EngineRuntime): Promise<void> {
  const now = ctx.clock.now();
  const onExchange = ctx.settings.order_types.stoploss_on_exchange === true;
  for (const listed of await openTradesCurrent(ctx.db)) {
    // freqtrade's exit_positions: the stop order first; its fill ends this trade's turn.
    if (onExchange && (await handleStoplossOnExchange(ctx, listed.trade.id))) continue;
    const tw = onExchange ? await getTrade(ctx.db, listed.trade.id) : listed;
    if (!tw?.trade.isOpen || hasOpenOrders(tw.orders)) continue;
    if (!tw.orders.some((o) => (o.filled ?? 0) > 0)) continue;
    let rate: number;
    try {
      rate = await getRate(ctx.exchange, tw.trade.pair, ctx.config.exit_pricing, exitSide(tw.trade));
    } catch (e) {
      ctx.log.warning(`No exit price for ${tw.trade.pair}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    const { patch, decisions } = evaluateExit(ctx, rt, tw.trade, rate, now);
    if (changed(tw.trade, patch)) await runTradeWrites(ctx.db, [updateTradeQuery(ctx.db, tw.trade.id, patch)]);
    const updated: TradeWithOrders = { trade: { ...tw.trade, ...patch }, orders: tw.orders };
    // freqtrade's execute_trade_exit refreshes the funding fees first.
    if (decisions.length > 0) Object.assign(updated.trade, await refreshTradeFunding(ctx, updated));
    for (const decision of decisions) {
      ctx.log.info(exitDetectedLine(tw.trade.pair, decision.exitType, decision.exitTag));
      const limit = exitLimit(ctx, updated.trade, decision, rate, now);
      if (!confirmExit(ctx, updated.trade, decision, limit, now)) {
        ctx.log.info(`User denied exit for ${tw.trade.pair}.`);
        continue;
      }
      if (await executeExit(ctx, updated, { reason: decision.reason, orderType: decision.orderType, rate: limit })) {
        break;
      }
    }
  }
}
