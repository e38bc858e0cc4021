// Tick step: bring candles up to date and run the strategy on pairs with a new closed candle.

import {
  type CandleType,
  type Exchange,
  ExchangeError,
  type OrderBookTop,
  type Ticker,
  timeframeToMs,
} from '../../exchange/port.ts';
import { analyzeAsync } from '../../strategy/analyze.ts';
import { informativeKeys } from '../../strategy/informative.ts';
import { streamingOf } from '../../strategy/streaming.ts';
import { type DataProviderView, frameFromCandles } from '../../strategy/types.ts';
import type { EngineContext } from '../context.ts';
import type { EngineRuntime } from '../runtime.ts';
import { strategyBotLoopStart } from '../strategy-hooks.ts';

export function candleTypeOf(ctx: EngineContext): CandleType {
  return ctx.config.trading_mode === 'futures' ? 'futures' : 'spot';
}

const CANDLE_TYPES: readonly CandleType[] = ['spot', 'futures', 'mark', 'index', 'premiumIndex', 'funding_rate'];

function candleTypeFrom(ctx: EngineContext, name: string | undefined): CandleType {
  return CANDLE_TYPES.find((t) => t === name) ?? candleTypeOf(ctx);
}

function dataProvider(ctx: EngineContext, rt: EngineRuntime): DataProviderView {
  return {
    getProducerDf: (pair, timeframe = ctx.settings.timeframe, candleType = candleTypeOf(ctx), producerName) =>
      ctx.producers?.producerFrame(pair, timeframe, candleType, producerName)?.frame,
    getPairDataframe: (pair, timeframe = ctx.settings.timeframe, candleType) =>
      frameFromCandles(rt.candles.cached(pair, timeframe, candleTypeFrom(ctx, candleType))),
    getAnalyzedDataframe: (pair, timeframe = ctx.settings.timeframe) => {
      const entry = rt.analyzed.get(pair, timeframe, candleTypeOf(ctx));
      return entry ? [entry.frame, entry.lastAnalyzed] : [frameFromCandles([]), 0];
    },
    currentWhitelist: () => [...rt.whitelist],
    runmode: ctx.config.dry_run ? 'dry_run' : 'live',
    ticker: (pair) => freshTicker(ctx.exchange, pair),
    orderbook: (pair, maximum) => freshOrderBook(ctx.exchange, pair, maximum),
    market: (pair) => ctx.exchange.markets()[pair],
  };
}

/** freqtrade's dp.ticker: a network call each time; an exchange error gives `{}`. */
async function freshTicker(exchange: Exchange, pair: string): Promise<Partial<Ticker>> {
  try {
    return await exchange.fetchTicker(pair);
  } catch (e) {
    if (e instanceof ExchangeError) return {};
    throw e;
  }
}

/** The most levels a strategy may ask for (ccxt's largest Binance depth); errors reach the strategy, as in freqtrade. */
export const MAX_ORDERBOOK_LEVELS = 1000;

function freshOrderBook(exchange: Exchange, pair: string, maximum: number): Promise<OrderBookTop> {
  const levels = Number.isFinite(maximum) ? Math.min(MAX_ORDERBOOK_LEVELS, Math.max(1, Math.floor(maximum))) : 1;
  return exchange.fetchOrderBook(pair, levels);
}

/** Brings every informative candle set (informative_pairs() and informative specs) up to date. */
async function refreshInformative(ctx: EngineContext, rt: EngineRuntime, pairs: string[], now: number): Promise<void> {
  const main = ctx.settings.timeframe;
  for (const key of informativeKeys(ctx.strategy, pairs, ctx.config.stake_currency)) {
    const candleType = candleTypeFrom(ctx, key.candleType);
    if (key.timeframe === main && candleType === candleTypeOf(ctx) && pairs.includes(key.pair)) continue;
    try {
      await rt.candles.refresh(key.pair, key.timeframe, candleType, now);
    } catch (e) {
      ctx.log.warning(
        `Could not refresh informative candles of ${key.pair} ${key.timeframe}: ${e instanceof Error ? e.message : e}`,
      );
    }
  }
}

export interface AnalyzeTimings {
  candles: number;
  analyse: number;
}

export async function refreshAndAnalyze(
  ctx: EngineContext,
  rt: EngineRuntime,
  pairs: string[],
  timings: AnalyzeTimings = { candles: 0, analyse: 0 },
): Promise<void> {
  await strategyBotLoopStart(ctx);
  const timeframe = ctx.settings.timeframe;
  const candleType = candleTypeOf(ctx);
  const now = ctx.clock.now();
  const t = performance.now();
  await refreshInformative(ctx, rt, pairs, now);
  timings.candles += performance.now() - t;
  const dp = dataProvider(ctx, rt);
  const streaming = streamingOf(ctx.strategy);
  if (streaming) rt.kept.retain(pairs);
  else rt.kept.clear();
  // Every pair's candles first (freqtrade's dp.refresh), so dp.getPairDataframe sees them all up to date.
  const fresh = new Map<string, Awaited<ReturnType<typeof rt.candles.refresh>>>();
  for (const pair of pairs) {
    const t0 = performance.now();
    try {
      fresh.set(pair, await rt.candles.refresh(pair, timeframe, candleType, now));
      timings.candles += performance.now() - t0;
    } catch (e) {
      ctx.log.warning(`Could not refresh candles of ${pair}: ${e instanceof Error ? e.message : e}`);
    }
  }
  for (const [pair, candles] of fresh) {
    if (candles.length === 0) continue;
    const last = candles[candles.length - 1][0];
    const previous = rt.lastCandle.get(pair);
    if (ctx.settings.process_only_new_candles && previous === last && rt.analyzed.get(pair, timeframe, candleType))
      continue;
    let frame: Awaited<ReturnType<typeof analyzeAsync>>;
    const t1 = performance.now();
    try {
      const meta = { pair, timeframe, dp, stakeCurrency: ctx.config.stake_currency };
      frame = streaming
        ? rt.kept.analyse(ctx.strategy, streaming, candles, meta, timeframeToMs(timeframe))
        : await analyzeAsync(ctx.strategy, candles, meta);
      timings.analyse += performance.now() - t1;
    } catch (e) {
      ctx.log.error(`Strategy ${ctx.strategy.name} failed on ${pair}: ${e instanceof Error ? e.message : e}`);
      // A streaming frame may have been half extended in place: not kept as the pair's analysis.
      if (streaming) rt.analyzed.delete(pair, timeframe, candleType);
      continue;
    }
    rt.analyzed.set(pair, timeframe, candleType, frame, now);
    rt.lastCandle.set(pair, last);
    ctx.onAnalyzed?.(pair, timeframe, candleType, frame, now);
    if (previous !== last) ctx.hub.publish({ type: 'new_candle', data: [pair, timeframe, candleType] });
  }
  const t2 = performance.now();
  await rt.candles.flush();
  timings.candles += performance.now() - t2;
}
