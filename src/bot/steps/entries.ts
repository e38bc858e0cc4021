// Tick step: open trades on entry signals while slots, balance and locks allow; and the shared
// entry path force entries use too.

import { activeLocks } from '../../db/repo/locks.ts';
import { openTradesCurrent, type TradeWithOrders } from '../../db/repo/trades.ts';
import { maxLeverageForStake } from '../../domain/money/index.ts';
import { timeframeToMs } from '../../exchange/port.ts';
import { closedProfitSum } from '../../reports/book.ts';
import { lastSignal } from '../../strategy/analyze.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { isLocked } from '../locks.ts';
import { pairLockedLine } from '../log-lines.ts';
import { executeEntry } from '../orders/place.ts';
import { entryOrderSide, getRate, safeCallback, validCustomPrice } from '../pricing.ts';
import type { EngineRuntime } from '../runtime.ts';
import { availableStake, maxStake, minStake, tradeStake } from '../stake.ts';
import { candleTypeOf } from './analyze.ts';

export interface EntryRequest {
  pair: string;
  side: 'long' | 'short';
  price?: number | null;
  orderType?: 'limit' | 'market' | null;
  stake?: number | null;
  enterTag: string | null;
  leverage?: number | null;
  force: boolean;
}

async function stakeInput(ctx: EngineContext, open: TradeWithOrders[]) {
  const balances = await ctx.exchange.fetchBalance();
  const free = balances[ctx.config.stake_currency]?.free ?? 0;
  const tiedUp = open.reduce((s, tw) => s + tw.trade.stakeAmount, 0);
  return { free, tiedUp, closedProfit: await closedProfitSum(ctx.db), openTrades: open.length };
}

/** freqtrade's wallets.get_available_stake_amount, for the open trades `open`. */
export async function availableNow(ctx: EngineContext, open: TradeWithOrders[]): Promise<number> {
  return availableStake(ctx, await stakeInput(ctx, open));
}

/** The stake a new trade would get now (0 = none possible), and what is available at most. */
async function stakeAndAvailable(
  ctx: EngineContext,
  open: TradeWithOrders[],
  requested?: number | null,
): Promise<{ stake: number; available: number }> {
  const input = await stakeInput(ctx, open);
  const available = availableStake(ctx, input);
  // A requested stake (forceenter) is capped by what is available, as freqtrade's validate_stake_amount does.
  if (requested !== undefined && requested !== null) return { stake: Math.min(requested, available), available };
  return { stake: tradeStake(ctx, input), available };
}

export async function enterPosition(
  ctx: EngineContext,
  req: EntryRequest,
  open: TradeWithOrders[],
): Promise<TradeWithOrders | null> {
  const market = marketOf(ctx, req.pair);
  if (!market) return null;
  const isShort = req.side === 'short';
  const now = ctx.clock.now();
  const rate = req.price ?? (await customEntryRate(ctx, req, now));
  const proposed = await stakeAndAvailable(ctx, open, req.stake);
  // freqtrade's get_max_leverage: in futures, from the leverage tiers for the proposed stake (1 without
  // tiers, no entry when the stake is beyond the last tier).
  const tiers = ctx.exchange.leverageTiers?.(req.pair);
  const maxLeverage =
    ctx.config.trading_mode === 'futures'
      ? maxLeverageForStake(tiers, proposed.stake)
      : (market.limits.leverage.max ?? 1);
  if (maxLeverage === null) {
    ctx.log.info(`Not entering ${req.pair}: stake ${proposed.stake} is beyond the last leverage tier.`);
    return null;
  }
  let leverage = 1;
  if (ctx.config.trading_mode !== 'spot') {
    const proposed = req.leverage ?? 1;
    leverage =
      !req.force && ctx.strategy.leverage
        ? ctx.strategy.leverage({
            pair: req.pair,
            currentTime: now,
            currentRate: rate,
            proposedLeverage: proposed,
            maxLeverage,
            entryTag: req.enterTag,
            side: req.side,
          })
        : proposed;
    leverage = Math.max(1, Math.min(leverage, maxLeverage));
  }
  const min = minStake(market, rate, leverage);
  const max = maxStake(market, rate, leverage);
  let stake = proposed.stake;
  if (ctx.strategy.customStakeAmount) {
    const strategy = ctx.strategy;
    const args = {
      pair: req.pair,
      currentTime: now,
      currentRate: rate,
      proposedStake: stake,
      minStake: min,
      maxStake: Math.min(max, proposed.available),
      leverage,
      entryTag: req.enterTag,
      side: req.side,
    };
    stake = safeCallback(ctx.log, 'custom_stake_amount', () => strategy.customStakeAmount!(args), stake);
    // validate_stake_amount: never above what is available.
    stake = Math.min(stake, proposed.available);
  }
  stake = Math.min(stake, max);
  if (!(stake > 0) || stake < min) {
    ctx.log.info(`Not entering ${req.pair}: stake ${stake.toFixed(4)} below the minimum ${min.toFixed(4)}.`);
    return null;
  }
  const orderType =
    req.orderType ??
    ((req.force ? ctx.settings.order_types.force_entry : undefined) as 'limit' | 'market' | undefined) ??
    (ctx.settings.order_types.entry === 'market' ? 'market' : 'limit');
  if (!req.force && ctx.strategy.confirmTradeEntry) {
    const ok = ctx.strategy.confirmTradeEntry({
      pair: req.pair,
      orderType,
      amount: (stake * leverage) / rate,
      rate,
      currentTime: now,
      entryTag: req.enterTag,
      side: req.side,
    });
    if (!ok) {
      ctx.log.info(`Entry for ${req.pair} not confirmed by the strategy.`);
      return null;
    }
  }
  return executeEntry(ctx, { pair: req.pair, isShort, orderType, rate, stake, leverage, enterTag: req.enterTag });
}

/** The entry rate from entry_pricing, through the strategy's custom_entry_price (freqtrade's get_valid_price). */
async function customEntryRate(ctx: EngineContext, req: EntryRequest, now: number): Promise<number> {
  const proposed = await getRate(
    ctx.exchange,
    req.pair,
    ctx.config.entry_pricing,
    entryOrderSide(req.side === 'short'),
  );
  const strategy = ctx.strategy;
  if (!strategy.customEntryPrice) return proposed;
  const args = {
    pair: req.pair,
    trade: null,
    currentTime: now,
    proposedRate: proposed,
    entryTag: req.enterTag,
    side: req.side,
  };
  const custom = safeCallback(ctx.log, 'custom_entry_price', () => strategy.customEntryPrice!(args), proposed);
  return validCustomPrice(custom, proposed, ctx.config.custom_price_max_distance_ratio);
}

export function maxOpenTrades(ctx: EngineContext): number {
  const m = ctx.config.max_open_trades;
  return m === -1 ? Number.POSITIVE_INFINITY : m;
}

export async function manageEntries(ctx: EngineContext, rt: EngineRuntime): Promise<void> {
  const open = await openTradesCurrent(ctx.db);
  if (open.length >= maxOpenTrades(ctx)) return;
  const now = ctx.clock.now();
  const tf = ctx.settings.timeframe;
  const tfMs = timeframeToMs(tf);
  const locks = await activeLocks(ctx.db, now);
  const openPairs = new Set(open.map((tw) => tw.trade.pair));
  const canShort = ctx.settings.can_short && ctx.config.trading_mode !== 'spot';
  let created = 0;
  for (const pair of rt.whitelist) {
    if (open.length >= maxOpenTrades(ctx)) break;
    if (openPairs.has(pair)) continue;
    const analyzed = rt.analyzed.get(pair, tf, candleTypeOf(ctx));
    const sig = analyzed ? lastSignal(analyzed.frame) : undefined;
    // Stale analysis (the newest closed candle is older than two candles): no entry.
    if (!sig || sig.date < now - 2 * tfMs - tfMs) continue;
    const long = sig.enter_long === 1;
    const short = canShort && sig.enter_short === 1;
    if (long === short) continue; // none, or conflicting signals
    const side = long ? 'long' : 'short';
    const lock = isLocked(locks, pair, side, now);
    if (lock) {
      ctx.log.once(pairLockedLine(pair, lock.side, lock.lockEndTime, lock.reason), tfMs);
      continue;
    }
    const trade = await enterPosition(ctx, { pair, side, enterTag: sig.enter_tag, force: false }, open);
    if (trade) {
      open.push(trade);
      openPairs.add(pair);
      created++;
    }
  }
  if (created === 0) ctx.log.debug('Found no enter signals for whitelisted currencies. Trying again...');
}
