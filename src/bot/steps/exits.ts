// Tick step: for each open trade without an open order, follow the price (min/max, stop,
// trailing stop, liquidation) and exit on stoploss, exit signal or ROI.

import { openTrades, type TradeWithOrders, updateTradeQuery } from '../../db/repo/trades.ts';
import type { TradeRow } from '../../db/schema.ts';
import {
  calcProfitRatio,
  minRoiReached,
  stoplossAdjust,
  stoplossHit,
  tradeDurationMinutes,
  updateMinMaxRate,
} from '../../domain/money/index.ts';
import { exitSide, hasOpenOrders, stopPatch, stopState, tradeMath } from '../../domain/trade-model.ts';
import { lastSignal } from '../../strategy/analyze.ts';
import type { EngineContext } from '../context.ts';
import { executeExit } from '../orders/place.ts';
import { getRate } from '../pricing.ts';
import type { EngineRuntime } from '../runtime.ts';
import { candleTypeOf } from './analyze.ts';

export interface ExitDecision {
  reason: string;
  orderType: 'limit' | 'market';
}

const STOP_REASONS = new Set(['stop_loss', 'trailing_stop_loss', 'liquidation']);

function orderTypeFor(ctx: EngineContext, reason: string): 'limit' | 'market' {
  const ot = ctx.settings.order_types;
  const t = STOP_REASONS.has(reason)
    ? ot.stoploss
    : reason === 'emergency_exit'
      ? (ot.emergency_exit ?? 'market')
      : ot.exit;
  return t === 'market' ? 'market' : 'limit';
}

/** Updates the trade's rate extremes and stop at `rate`; returns the updated row and whether to exit. */
export function evaluateExit(
  ctx: EngineContext,
  rt: EngineRuntime,
  trade: TradeRow,
  rate: number,
  now: number,
): { patch: Partial<TradeRow>; decision: ExitDecision | null } {
  const s = ctx.settings;
  const math = tradeMath(trade);
  const profit = calcProfitRatio(rate, math, undefined, undefined, { now });
  const mm = updateMinMaxRate({ openRate: trade.openRate, maxRate: trade.maxRate, minRate: trade.minRate }, rate);
  const strategy = ctx.strategy;
  const custom =
    s.use_custom_stoploss && strategy.customStoploss
      ? (r: number, p: number) =>
          strategy.customStoploss!({
            pair: trade.pair,
            trade: {
              id: trade.id,
              pair: trade.pair,
              isShort: trade.isShort,
              openRate: trade.openRate,
              openDate: trade.openDate,
              amount: trade.amount,
              stakeAmount: trade.stakeAmount,
              leverage: trade.leverage,
              enterTag: trade.enterTag,
            },
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
    { now },
  );
  const patch: Partial<TradeRow> = { maxRate: mm.maxRate, minRate: mm.minRate, ...stopPatch(stop) };

  const hit = stoplossHit(stop, { currentRate: rate });
  if (hit) return { patch, decision: { reason: hit, orderType: orderTypeFor(ctx, hit) } };

  const analyzed = rt.analyzed.get(trade.pair, s.timeframe, candleTypeOf(ctx));
  const sig = analyzed ? lastSignal(analyzed.frame) : undefined;
  const enter = trade.isShort ? sig?.enter_short === 1 : sig?.enter_long === 1;
  const exit = trade.isShort ? sig?.exit_short === 1 : sig?.exit_long === 1;
  if (s.use_exit_signal && exit && !enter && (!s.exit_profit_only || profit > 0)) {
    const reason = sig?.exit_tag || 'exit_signal';
    return { patch, decision: { reason, orderType: orderTypeFor(ctx, reason) } };
  }
  if (!(s.ignore_roi_if_entry_signal && enter)) {
    const roi = minRoiReached(s.minimal_roi, tradeDurationMinutes(trade.openDate, now), profit);
    if (roi.reached) return { patch, decision: { reason: 'roi', orderType: orderTypeFor(ctx, 'roi') } };
  }
  return { patch, decision: null };
}

function changed(trade: TradeRow, patch: Partial<TradeRow>): boolean {
  return Object.entries(patch).some(([k, v]) => (trade as unknown as Record<string, unknown>)[k] !== v);
}

export async function manageExits(ctx: EngineContext, rt: EngineRuntime): Promise<void> {
  const now = ctx.clock.now();
  for (const tw of await openTrades(ctx.db)) {
    if (hasOpenOrders(tw.orders)) continue;
    if (!tw.orders.some((o) => (o.filled ?? 0) > 0)) continue;
    let rate: number;
    try {
      rate = await getRate(ctx.exchange, tw.trade.pair, ctx.config.exit_pricing, exitSide(tw.trade));
    } catch (e) {
      ctx.log.warning(`No exit price for ${tw.trade.pair}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    const { patch, decision } = evaluateExit(ctx, rt, tw.trade, rate, now);
    if (changed(tw.trade, patch)) await updateTradeQuery(ctx.db, tw.trade.id, patch);
    if (!decision) continue;
    const updated: TradeWithOrders = { trade: { ...tw.trade, ...patch }, orders: tw.orders };
    ctx.log.info(`Exiting trade ${tw.trade.id} ${tw.trade.pair} (${decision.reason}) at ${rate}.`);
    await executeExit(ctx, updated, { reason: decision.reason, orderType: decision.orderType, rate });
  }
}
