// freqtrade's filters that look at the bot's own trades or the stoploss: PerformanceFilter
// (sort by closed-trade profit), FullTradesFilter (empty whitelist while every slot is taken)
// and PrecisionFilter (drop pairs whose tick size cannot hold a stop below the price).

import { priceToPrecision } from '../../domain/precision.ts';
import { num, optNum, type PairlistContext } from './context.ts';

export async function performanceFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  if (!ctx.input.performance) {
    ctx.logOnce('PerformanceFilter is not available in this mode.', 'warning');
    return pairs;
  }
  const minutes = num(ctx.pl.minutes, 0);
  const minProfit = optNum(ctx.pl.min_profit);
  const performance = await ctx.input.performance(minutes ? ctx.input.now - minutes * 60_000 : undefined);
  if (performance.length === 0) return pairs;
  const byPair = new Map(performance.map((p) => [p.pair, p]));
  const rows = pairs.map((pair, prior) => ({
    pair,
    prior,
    ratio: byPair.get(pair)?.profit_ratio ?? 0,
    count: byPair.get(pair)?.count ?? 0,
  }));
  rows.sort((a, b) => b.ratio - a.ratio || a.count - b.count || a.prior - b.prior);
  if (minProfit === undefined) return rows.map((r) => r.pair);
  for (const r of rows) {
    if (r.ratio < minProfit) ctx.logOnce(`Removing pair ${r.pair} since ${r.ratio} is below ${minProfit}`);
  }
  return rows.filter((r) => r.ratio >= minProfit).map((r) => r.pair);
}

export async function fullTradesFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const max = ctx.input.config.max_open_trades;
  if (!ctx.input.openTradeCount || max <= 0) return pairs;
  const open = await ctx.input.openTradeCount();
  return open >= max ? [] : pairs;
}

export async function precisionFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const stoploss = ctx.input.stoploss ?? ctx.input.config.stoploss;
  if (stoploss === undefined) {
    throw new Error(
      'PrecisionFilter can only work with stoploss defined. Please add the stoploss key to your configuration ' +
        '(overwrites eventual strategy settings).',
    );
  }
  if (stoploss === 0) return pairs;
  const keepRatio = 1 - Math.abs(stoploss);
  const tickers = await ctx.tickers();
  return pairs.filter((pair) => {
    const last = tickers[pair]?.last;
    if (last === undefined || last === null || !Number.isFinite(last)) {
      ctx.logOnce(
        `Removed ${pair} from whitelist, because ticker['last'] is empty (Usually no trade in the last 24h).`,
      );
      return false;
    }
    const tick = ctx.markets[pair]?.precision.price;
    if (!tick) return true;
    const stopPrice = last * keepRatio;
    const sp = priceToPrecision(stopPrice, tick, 'ROUND_UP');
    const gap = priceToPrecision(stopPrice * 0.99, tick, 'ROUND_UP');
    if (sp <= gap) {
      ctx.logOnce(`Removed ${pair} from whitelist, because stop price ${sp} would be <= stop limit ${gap}`);
      return false;
    }
    return true;
  });
}
