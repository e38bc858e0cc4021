// freqtrade's update_liquidation_prices (freqtrade 2026.3, leverage/liquidation_price.py). Isolated: the
// filled trade's own price. Cross: every open position's, since they share one wallet (also on
// freqtrade's futures schedule, update_all_liquidation_prices). Live, the exchange's position says
// (fetch_positions(pair)[0].liquidationPrice); in dry-run, or without fetchPositions, it is estimated
// with the exchange's formula and the leverage tiers. Either way the liquidation_buffer is applied.

import { openTrades, runTradeWrites, type TradeWithOrders, updateTradeQuery } from '../db/repo/trades.ts';
import type { TradeRow } from '../db/schema.ts';
import {
  applyLiquidationBuffer,
  binanceCrossVars,
  type CrossPosition,
  liquidationPrice,
  maintenanceRatioAndAmount,
} from '../domain/money/index.ts';
import { entrySide } from '../domain/trade-model.ts';
import { type EngineContext, marketOf } from './context.ts';

interface Position {
  openRate: number;
  amount: number;
  stakeAmount: number;
}

/** The exchange's formula before the buffer; undefined (with freqtrade's warning) without tiers. */
function estimate(
  ctx: EngineContext,
  trade: Pick<TradeRow, 'pair' | 'isShort' | 'leverage'>,
  position: Position,
  cross?: { walletBalance: number; crossVars: number },
): number | null | undefined {
  const market = marketOf(ctx, trade.pair);
  const mm = maintenanceRatioAndAmount(ctx.exchange.leverageTiers?.(trade.pair), position.stakeAmount);
  if (!mm) {
    ctx.log.warning(`Unable to calculate liquidation price: no leverage tiers for ${trade.pair}.`);
    return undefined;
  }
  return liquidationPrice({
    tradingMode: 'futures',
    exchange: ctx.exchange.id,
    isShort: trade.isShort,
    openRate: position.openRate,
    amount: position.amount,
    walletBalance: cross ? cross.walletBalance : position.stakeAmount,
    crossVars: cross?.crossVars,
    leverage: trade.leverage,
    maxLeverage: market?.limits.leverage.max ?? null,
    mmRatio: mm.mmRatio,
    maintAmt: mm.maintAmt,
    takerFee: market?.taker || 0.001,
  });
}

const buffered = (ctx: EngineContext, liq: number, position: Pick<TradeRow, 'openRate' | 'isShort'>) =>
  applyLiquidationBuffer(liq, position.openRate, position.isShort, ctx.config.liquidation_buffer);

/** Live with an exchange that lists positions: the exchange's figure is used instead of an estimate. */
function readsPositions(ctx: EngineContext): boolean {
  return !ctx.config.dry_run && ctx.exchange.fetchLiquidationPrice !== undefined;
}

/**
 * The isolated estimate made while a trade is recalculated from its fills (synchronous); undefined
 * when the price comes from elsewhere (cross margin, or live from the exchange's position).
 */
export function isolatedEstimate(ctx: EngineContext, trade: TradeRow, position: Position): number | null | undefined {
  if (ctx.exchange.marginMode === 'cross' || readsPositions(ctx)) return undefined;
  const liq = estimate(ctx, trade, position);
  return liq === null || liq === undefined ? liq : buffered(ctx, liq, { ...trade, openRate: position.openRate });
}

const hasPosition = (tw: TradeWithOrders) =>
  tw.trade.isOpen &&
  tw.trade.amount > 0 &&
  tw.orders.some((o) => o.ftOrderSide === entrySide(tw.trade) && (o.filled ?? 0) > 0);

/**
 * freqtrade's cross-margin inputs: the wallet's collateral (get_collateral: free stake currency plus the
 * open positions' collateral) and, per open trade, its mark price (fetch_funding_rates; the open rate
 * when the exchange gives none, as freqtrade's backtesting does).
 */
async function crossInputs(ctx: EngineContext, open: TradeWithOrders[]) {
  const balances = await ctx.exchange.fetchBalance();
  const free = balances[ctx.config.stake_currency]?.free ?? 0;
  const walletBalance = free + open.reduce((s, tw) => s + tw.trade.stakeAmount, 0);
  const marks = (await ctx.exchange.fetchMarkPrices?.(open.map((tw) => tw.trade.pair))) ?? {};
  const positions = open.map((tw): CrossPosition & { pair: string } => {
    const mm = maintenanceRatioAndAmount(ctx.exchange.leverageTiers?.(tw.trade.pair), tw.trade.stakeAmount);
    return {
      pair: tw.trade.pair,
      amount: tw.trade.amount,
      openRate: tw.trade.openRate,
      markPrice: marks[tw.trade.pair] ?? tw.trade.openRate,
      mmRatio: mm?.mmRatio ?? 0,
      maintAmt: mm?.maintAmt ?? 0,
    };
  });
  return { walletBalance, positions };
}

/**
 * Refreshes liquidation prices after a fill of `trade` (isolated: that trade, live only; the
 * estimate was made with the recalculation) or, in cross margin, of every open position.
 * Returns whether any trade's price changed.
 */
export async function refreshLiquidationPrices(ctx: EngineContext, trade?: TradeRow): Promise<boolean> {
  if (ctx.config.trading_mode !== 'futures') return false;
  const cross = ctx.exchange.marginMode === 'cross';
  if (!cross && !(trade && readsPositions(ctx))) return false;
  const open = (await openTrades(ctx.db)).filter(hasPosition);
  const targets = cross ? open : open.filter((tw) => tw.trade.id === trade?.id);
  let inputs: Awaited<ReturnType<typeof crossInputs>> | undefined;
  let changed = false;
  for (const { trade: t } of targets) {
    try {
      let liq = readsPositions(ctx) ? await ctx.exchange.fetchLiquidationPrice?.(t.pair) : undefined;
      if (liq === undefined && cross) {
        inputs ??= await crossInputs(ctx, open);
        const others = inputs.positions.filter((p) => p.pair !== t.pair);
        // cross_vars are Binance's; the other formulas take the collateral alone.
        const crossVars = ctx.exchange.id.startsWith('binance') ? binanceCrossVars(others) : 0;
        liq = estimate(ctx, t, t, { walletBalance: inputs.walletBalance, crossVars });
      } else if (liq === undefined) {
        liq = estimate(ctx, t, t);
      }
      if (liq === undefined) continue;
      const next = liq === null ? null : buffered(ctx, liq, t);
      if (next !== t.liquidationPrice) {
        await runTradeWrites(ctx.db, [updateTradeQuery(ctx.db, t.id, { liquidationPrice: next })]);
        changed = true;
      }
    } catch (e) {
      ctx.log.warning(`Unable to calculate liquidation price: ${e instanceof Error ? e.message : e}`);
    }
  }
  return changed;
}
