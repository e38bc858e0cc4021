// Tick step: bring candles up to date and run the strategy on pairs with a new closed candle.

import type { CandleType } from '../../exchange/port.ts';
import { analyze } from '../../strategy/analyze.ts';
import type { DataProviderView } from '../../strategy/types.ts';
import type { EngineContext } from '../context.ts';
import type { EngineRuntime } from '../runtime.ts';
import { strategyBotLoopStart } from '../strategy-hooks.ts';

export function candleTypeOf(ctx: EngineContext): CandleType {
  return ctx.config.trading_mode === 'futures' ? 'futures' : 'spot';
}

function dataProvider(ctx: EngineContext): DataProviderView {
  return {
    getProducerDf: (pair, timeframe = ctx.settings.timeframe, candleType = candleTypeOf(ctx), producerName) =>
      ctx.producers?.producerFrame(pair, timeframe, candleType, producerName)?.frame,
  };
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
  strategyBotLoopStart(ctx);
  const timeframe = ctx.settings.timeframe;
  const candleType = candleTypeOf(ctx);
  const now = ctx.clock.now();
  for (const pair of pairs) {
    let candles: Awaited<ReturnType<typeof rt.candles.refresh>>;
    const t0 = performance.now();
    try {
      candles = await rt.candles.refresh(pair, timeframe, candleType, now);
      timings.candles += performance.now() - t0;
    } catch (e) {
      ctx.log.warning(`Could not refresh candles of ${pair}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    if (candles.length === 0) continue;
    const last = candles[candles.length - 1][0];
    const previous = rt.lastCandle.get(pair);
    if (ctx.settings.process_only_new_candles && previous === last && rt.analyzed.get(pair, timeframe, candleType))
      continue;
    let frame: ReturnType<typeof analyze>;
    const t1 = performance.now();
    try {
      frame = analyze(ctx.strategy, candles, { pair, timeframe, dp: dataProvider(ctx) });
      timings.analyse += performance.now() - t1;
    } catch (e) {
      ctx.log.error(`Strategy ${ctx.strategy.name} failed on ${pair}: ${e instanceof Error ? e.message : e}`);
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
