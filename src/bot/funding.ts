// Futures funding fees in the bot (freqtrade's get_funding_fees / update_funding_fees): the
// exchange's funding history live, computed from funding-rate and mark candles in dry-run. They are
// refreshed twice an hour (freqtrade schedules :01:02 and :31:02) and right before an exit.

import { openTrades, runTradeWrites, type TradeWithOrders, updateTradeQuery } from '../db/repo/trades.ts';
import type { OrderRow, TradeRow } from '../db/schema.ts';
import { fundingFeesFromCandles, fundingStart, runningFundingFee } from '../domain/money/funding.ts';
import { ExchangeError } from '../exchange/port.ts';
import type { EngineContext } from './context.ts';
import { refreshLiquidationPrices } from './liquidation.ts';

const HOUR = 3_600_000;
/** freqtrade's default mark_ohlcv_timeframe and funding_fee_timeframe (2026.3). */
const FUNDING_TIMEFRAME = '1h';
/** freqtrade runs update_funding_fees at minute 1 and 31 of every hour (second 2). */
const SLOT_OFFSETS = [60_000 + 2_000, 31 * 60_000 + 2_000];

/** freqtrade's date_last_filled_utc: the newest fill of the trade's orders, else its open date. */
export function lastFillDate(trade: TradeRow, orders: readonly OrderRow[]): number {
  const fills = orders.filter((o) => (o.filled ?? 0) > 0 && o.orderFilledDate).map((o) => o.orderFilledDate as number);
  return fills.length > 0 ? Math.max(...fills) : trade.openDate;
}

/** The latest schedule slot at or before `now`. */
export function lastFundingSlot(now: number): number {
  const hour = Math.floor(now / HOUR) * HOUR;
  const slots = [...SLOT_OFFSETS.map((o) => hour - HOUR + o), ...SLOT_OFFSETS.map((o) => hour + o)];
  return Math.max(...slots.filter((s) => s <= now));
}

/** freqtrade's get_funding_fees: null (and a warning) when the exchange cannot tell. */
export async function fetchFundingFees(
  ctx: EngineContext,
  trade: TradeRow,
  orders: readonly OrderRow[],
  amount = trade.amount,
): Promise<number | null> {
  if (ctx.config.trading_mode !== 'futures') return 0;
  const since = lastFillDate(trade, orders);
  const position = { amount, isShort: trade.isShort };
  try {
    if (ctx.config.dry_run) {
      const start = fundingStart(ctx.exchange.id, since);
      const from = Math.floor(start / HOUR) * HOUR;
      const [rates, marks] = await Promise.all([
        ctx.exchange.fetchOHLCV(trade.pair, FUNDING_TIMEFRAME, from, undefined, 'funding_rate'),
        ctx.exchange.fetchOHLCV(trade.pair, FUNDING_TIMEFRAME, from, undefined, 'mark'),
      ]);
      return fundingFeesFromCandles(rates, marks, position, start, ctx.clock.now());
    }
    if (!ctx.exchange.fundingFees) throw new ExchangeError('not_supported', 'no funding history');
    return await ctx.exchange.fundingFees({ symbol: trade.pair, ...position, since });
  } catch (e) {
    if (!(e instanceof ExchangeError)) throw e;
    ctx.log.warning(`Could not update funding fees for ${trade.pair}.`);
    return null;
  }
}

/** Trade.set_funding_fees: the orders' booked fees plus the running fee since the last fill. */
export function fundingPatch(orders: readonly OrderRow[], fee: number | null): Partial<TradeRow> {
  if (fee === null) return {};
  return { fundingFees: orders.reduce((s, o) => s + (o.fundingFee ?? 0), 0) + fee };
}

/** The running fee a fill takes over (update_trade: not for stoploss orders). */
export function fundingFeeForFill(trade: TradeRow, orders: readonly OrderRow[], order: OrderRow): number | undefined {
  if (order.ftOrderSide === 'stoploss') return undefined;
  return runningFundingFee(
    trade.fundingFees,
    orders.map((o) => o.fundingFee),
  );
}

const lastSlots = new WeakMap<EngineContext, number>();

/** freqtrade's scheduled update_funding_fees (also run at start-up): every open futures trade. */
export async function updateFundingFees(ctx: EngineContext): Promise<void> {
  if (ctx.config.trading_mode !== 'futures') return;
  const slot = lastFundingSlot(ctx.clock.now());
  if (lastSlots.get(ctx) === slot) return;
  lastSlots.set(ctx, slot);
  for (const tw of await openTrades(ctx.db)) {
    if (!tw.orders.some((o) => (o.filled ?? 0) > 0)) continue;
    await refreshTradeFunding(ctx, tw);
  }
  // freqtrade's update_all_liquidation_prices runs on the same schedule (cross margin only).
  if (ctx.exchange.marginMode === 'cross') await refreshLiquidationPrices(ctx);
}

/**
 * Fetches and stores a trade's funding fees; returns the patch applied (empty when unknown).
 * `amount` is the position the fees are computed for (freqtrade's execute_entry passes the trade's
 * amount plus the new entry's).
 */
export async function refreshTradeFunding(
  ctx: EngineContext,
  tw: TradeWithOrders,
  amount = tw.trade.amount,
): Promise<Partial<TradeRow>> {
  if (ctx.config.trading_mode !== 'futures') return {};
  const patch = fundingPatch(tw.orders, await fetchFundingFees(ctx, tw.trade, tw.orders, amount));
  if (patch.fundingFees !== undefined && patch.fundingFees !== tw.trade.fundingFees) {
    await runTradeWrites(ctx.db, [updateTradeQuery(ctx.db, tw.trade.id, patch)]);
  }
  return patch;
}
