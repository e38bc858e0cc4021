// lookahead-analysis and recursive-analysis as webserver mode runs them (FreqUI's Lookahead and
// Recursive views, API 2.49): the strategy from user_data/strategies (or a built-in), candles of
// the whitelist from the candle store, the result in the shape FreqUI reads.

import { lookaheadAnalysis, recursiveAnalysis } from '../../../backtest/analysis.ts';
import { candlesInTimerange } from '../../../backtest/run.ts';
import type { Config } from '../../../config/schema.ts';
import { loadCandles } from '../../../db/repo/candles.ts';
import type { Candle } from '../../../exchange/port.ts';
import { openDatabase } from '../database.ts';
import { loadStrategies } from './job.ts';

export interface AnalysisJob {
  kind: 'lookahead' | 'recursive';
  config: Config;
  dbUrl: string;
  strategy: string;
  timeframe?: string | null;
  timerange?: string | null;
  minimumTradeAmount?: number | null;
  targetedTradeAmount?: number | null;
  startupCandles?: number[] | null;
}

/** freqtrade's default --startup-candle list of recursive-analysis. */
const DEFAULT_STARTUP_CANDLES = [199, 399, 499, 999, 1999];

export interface LookaheadResultBody {
  strategy: string;
  has_bias: boolean;
  total_signals: number;
  biased_entry_signals: number;
  biased_exit_signals: number;
  biased_indicators: string[];
}

export interface RecursiveResultBody {
  strategy: string;
  startup_candles: number[];
  strategy_scc: number;
  /** Per indicator: the difference (%) at the last candle per startup count; only counts that differ. */
  results: Record<string, Record<string, number>>;
}

export async function runAnalysisJob(job: AnalysisJob): Promise<LookaheadResultBody | RecursiveResultBody> {
  const [strategy] = await loadStrategies(job.config, [job.strategy]);
  const timeframe = job.timeframe || strategy.timeframe;
  const candleType = job.config.trading_mode === 'futures' ? 'futures' : 'spot';
  const data = new Map<string, Candle[]>();
  const database = await openDatabase(job.dbUrl);
  try {
    for (const pair of job.config.exchange.pair_whitelist) {
      const candles = candlesInTimerange(
        await loadCandles(database.db, { pair, timeframe, candleType }),
        job.timerange ?? '',
      );
      if (candles.length > 0) data.set(pair, candles);
    }
  } finally {
    database.close();
  }
  if (data.size === 0) throw new Error(`No data found. Terminating. (no ${timeframe} candles for the whitelist)`);
  if (job.kind === 'lookahead') {
    const r = lookaheadAnalysis(strategy, data, timeframe, {
      minimumSignals: job.minimumTradeAmount ?? undefined,
      targetedSignals: job.targetedTradeAmount ?? undefined,
    });
    if (r.too_few_signals)
      throw new Error(
        `Only ${r.total_signals} signals found, at least ${job.minimumTradeAmount ?? 10} are needed for a verdict.`,
      );
    const { too_few_signals: _, ...body } = r;
    return body;
  }
  const [pair, candles] = [...data][0];
  const r = recursiveAnalysis(strategy, pair, candles, timeframe, job.startupCandles ?? DEFAULT_STARTUP_CANDLES);
  const results: Record<string, Record<string, number>> = {};
  for (const [name, diffs] of Object.entries(r.indicators)) {
    diffs.forEach((diff, i) => {
      if (diff === null) return;
      results[name] ??= {};
      results[name][String(r.startupCandles[i])] = diff;
    });
  }
  return {
    strategy: r.strategy,
    startup_candles: r.startupCandles,
    strategy_scc: strategy.startup_candle_count ?? 0,
    results,
  };
}
