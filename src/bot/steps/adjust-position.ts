// Tick step (freqtrade's process_open_trade_positions / check_and_call_adjust_trade_position):
// with position_adjustment_enable, every open trade without an open order asks the strategy's
// adjust_trade_position; a positive stake adds an entry order, a negative one exits that stake's
// share of the amount.

import { openTradesCurrent, type TradeWithOrders } from '../../db/repo/trades.ts';
import { calcProfitRatio } from '../../domain/money/index.ts';
import {
  maxEntriesReached,
  maxPairStake,
  minPairStake,
  parseAdjustAnswer,
  partialExitAmount,
  validateStakeAmount,
} from '../../domain/money/position-adjust.ts';
import { entrySide, exitSide, hasOpenOrders, tradeMath } from '../../domain/trade-model.ts';
import { type AdjustPositionArgs, tradeView } from '../../strategy/types.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { executeAdditionalEntry, executeExit } from '../orders/place.ts';
import { entryOrderSide, getRate, safeCallback } from '../pricing.ts';
import { availableNow } from './entries.ts';
import { confirmExit, exitLimit, orderTypeFor } from './exits.ts';

/** freqtrade's trade.nr_of_successful_entries: entry orders that ended with a fill. */
function successfulEntries(tw: TradeWithOrders): number {
  const side = entrySide(tw.trade);
  return tw.orders.filter((o) => o.ftOrderSide === side && !o.ftIsOpen && (o.filled ?? 0) > 0).length;
}

export async function manageAdjustments(ctx: EngineContext): Promise<void> {
  if (!ctx.settings.position_adjustment_enable || !ctx.strategy.adjustTradePosition) return;
  const open = await openTradesCurrent(ctx.db);
  for (const tw of open) {
    if (hasOpenOrders(tw.orders) || !tw.orders.some((o) => (o.filled ?? 0) > 0)) continue;
    try {
      await adjustTrade(ctx, tw, open);
    } catch (e) {
      ctx.log.warning(`Unable to adjust position of trade for ${tw.trade.pair}: ${e instanceof Error ? e.message : e}`);
    }
  }
}

async function adjustTrade(ctx: EngineContext, tw: TradeWithOrders, open: TradeWithOrders[]): Promise<void> {
  const { trade } = tw;
  const market = marketOf(ctx, trade.pair);
  if (!market) return;
  const now = ctx.clock.now();
  const entryRate = await getRate(ctx.exchange, trade.pair, ctx.config.entry_pricing, entryOrderSide(trade.isShort));
  const exitRate = await getRate(ctx.exchange, trade.pair, ctx.config.exit_pricing, exitSide(trade));
  const math = tradeMath(trade);
  const entryProfit = calcProfitRatio(entryRate, math, undefined, undefined, { now });
  const exitProfit = calcProfitRatio(exitRate, math, undefined, undefined, { now });
  const minEntryStake = minPairStake(market, entryRate, 0, 1);
  const minExitStake = minPairStake(market, exitRate, ctx.settings.stoploss, 1);
  const available = await availableNow(ctx, open);
  const args: AdjustPositionArgs = {
    trade: { ...tradeView(trade), nrOfSuccessfulEntries: successfulEntries(tw) },
    currentTime: now,
    currentRate: entryRate,
    currentProfit: entryProfit,
    minStake: minEntryStake,
    maxStake: Math.min(maxPairStake(market, entryRate, 1), available),
    currentEntryRate: entryRate,
    currentExitRate: exitRate,
    currentEntryProfit: entryProfit,
    currentExitProfit: exitProfit,
  };
  const strategy = ctx.strategy;
  const answer = safeCallback(ctx.log, 'adjust_trade_position', () => strategy.adjustTradePosition!(args), null);
  const { stake, tag } = parseAdjustAnswer(answer);
  if (stake !== null && stake > 0) {
    if (maxEntriesReached(successfulEntries(tw), maxEntryAdjustments(ctx))) {
      ctx.log.debug(`Max adjustment entries for ${trade.pair} has been reached.`);
      return;
    }
    // get_valid_enter_price_and_stake in "pos_adjust" mode: no stoploss reserve, the trade's leverage.
    const valid = validateStakeAmount(stake, {
      minStake: minPairStake(market, entryRate, 0, trade.leverage),
      maxStake: maxPairStake(market, entryRate, trade.leverage),
      available,
      tradeStake: trade.stakeAmount,
    });
    if (!valid) return;
    const orderType = ctx.settings.order_types.entry === 'market' ? 'market' : 'limit';
    await executeAdditionalEntry(ctx, tw, { orderType, rate: entryRate, stake: valid, tag: tag || null });
    return;
  }
  if (stake !== null && stake < 0) {
    const amount = partialExitAmount(stake, trade, exitRate, minExitStake);
    if (amount === null) {
      ctx.log.info(
        `Not exiting part of trade ${trade.id}: the amount rounds to 0 or the rest would be below the minimum.`,
      );
      return;
    }
    const decision = {
      reason: tag || 'partial_exit',
      exitType: 'partial_exit' as const,
      orderType: orderTypeFor(ctx, 'partial_exit'),
    };
    const limit = exitLimit(ctx, trade, decision, exitRate, now);
    if (!confirmExit(ctx, trade, decision, limit, now, amount)) {
      ctx.log.info(`User denied exit for ${trade.pair}.`);
      return;
    }
    await executeExit(ctx, tw, { reason: decision.reason, orderType: decision.orderType, rate: limit, amount });
  }
}

/** max_entry_position_adjustment: a config value other than the default -1 overrides the strategy's. */
function maxEntryAdjustments(ctx: EngineContext): number {
  const fromConfig = ctx.config.max_entry_position_adjustment;
  return fromConfig !== -1 ? fromConfig : (ctx.strategy.max_entry_position_adjustment ?? -1);
}
