// A backtest as the Node host runs it (CLI and API alike): strategies loaded from
// user_data/strategies (or the built-ins), candles from the candle store (--db-url) or from
// freqtrade's data directory, the result stored under user_data/backtest_results/.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BacktestResult, backtestRunId, backtestTimerange, runBacktest } from '../../../backtest/run.ts';
import type { BacktestOverrides } from '../../../backtest/settings.ts';
import { strategyComparison } from '../../../backtest/stats.ts';
import type { CandleLoader, ProgressListener } from '../../../backtest/types.ts';
import type { Config } from '../../../config/schema.ts';
import { loadCandles } from '../../../db/repo/candles.ts';
import type { LeverageTier } from '../../../domain/money/index.ts';
import { futuresMarkets, offlineLeverageTiers } from '../../../exchange/offline/pairs.ts';
import { StrategyRegistry } from '../../../strategy/loader.ts';
import type { Strategy } from '../../../strategy/types.ts';
import { openDatabase } from '../database.ts';
import { NodeStrategySource } from '../strategy-source.ts';
import { defaultDatadir, type OhlcvFormat, readPairData } from './data-dir.ts';
import { loadBacktestResult, type StoredResult, storeBacktestResult } from './results-store.ts';

export interface BacktestJob {
  config: Config;
  /** Strategy names (--strategy, or --strategy-list). */
  strategies: string[];
  overrides: BacktestOverrides;
  /** Candle store URL: when set, candles come from the database instead of the data directory. */
  dbUrl?: string;
  /** freqtrade's --datadir (default <user_data_dir>/data/<exchange>). */
  datadir?: string;
  dataFormat?: OhlcvFormat;
  export?: 'none' | 'trades' | 'signals';
  /** --export-filename: a file name or a directory (default <user_data_dir>/backtest_results). */
  exportFilename?: string;
  /** freqtrade's --cache / backtest_cache: reuse a stored result of the same run younger than this (default none here; the CLI defaults to day as freqtrade). */
  cache?: 'none' | 'day' | 'week' | 'month';
}

export interface BacktestJobResult {
  result: BacktestResult;
  stored: StoredResult | null;
  /** The result came from an earlier run's file (--cache). */
  cached?: string;
}

const CACHE_AGE_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;

/**
 * freqtrade's find_existing_backtest_stats: the newest stored result per strategy with the same
 * run_id, run after `minRunStart`. Only for timeranges that end in the past (freqtrade's rule).
 */
function cachedResult(job: BacktestJob, strategies: Strategy[]): { result: BacktestResult; file: string } | null {
  const age = job.cache ?? 'none';
  if (age === 'none') return null;
  const stop = job.overrides.timerange ? parseTimerangeStop(job.overrides.timerange) : undefined;
  if (stop === undefined || stop > Date.now()) return null;
  const dir = join(job.config.user_data_dir, 'backtest_results');
  if (!existsSync(dir)) return null;
  const minStart = (Date.now() - CACHE_AGE_MS[age]) / 1000;
  const metas = readdirSync(dir)
    .filter((f) => f.endsWith('.meta.json'))
    .sort()
    .reverse();
  const out: BacktestResult = { metadata: {}, strategy: {}, strategy_comparison: [] };
  let file = '';
  for (const strategy of strategies) {
    const id = backtestRunId(strategy, job.config, job.overrides);
    const hit = metas.find((m) => {
      const meta = JSON.parse(readFileSync(join(dir, m), 'utf8')) as BacktestResult['metadata'];
      const entry = meta[strategy.name];
      return entry?.run_id === id && entry.backtest_start_time >= minStart;
    });
    if (!hit) return null;
    file = join(dir, hit.replace(/\.meta\.json$/, '.json'));
    const stored = loadBacktestResult(file);
    out.metadata[strategy.name] = stored.metadata[strategy.name];
    out.strategy[strategy.name] = stored.strategy[strategy.name];
  }
  out.strategy_comparison = strategyComparison(out.strategy);
  return { result: out, file };
}

/**
 * Leverage tiers as the live bot gets them: the offline exchange's futures markets publish
 * Binance-style brackets; other exchanges' tiers need the exchange (ccxt), so without explicit
 * tiers those pairs keep the fixed maintenance margin ratio.
 */
function offlineTiers(config: Config): Record<string, LeverageTier[]> | undefined {
  if (config.trading_mode !== 'futures' || config.exchange.name !== 'offline') return undefined;
  return Object.fromEntries(futuresMarkets().map((m) => [m.symbol, offlineLeverageTiers(m)]));
}

function parseTimerangeStop(timerange: string): number | undefined {
  return backtestTimerange(timerange).stop;
}

export async function loadStrategies(config: Config, names: string[]): Promise<Strategy[]> {
  const registry = new StrategyRegistry({ source: new NodeStrategySource(join(config.user_data_dir, 'strategies')) });
  const out: Strategy[] = [];
  for (const name of names) out.push(await registry.loadStrategy(name));
  return out;
}

export async function runBacktestJob(
  job: BacktestJob,
  onProgress: ProgressListener = () => {},
  onWarning: (message: string) => void = () => {},
  checkAbort?: () => void,
): Promise<BacktestJobResult> {
  const { config } = job;
  onProgress({ step: 'startup', progress: 0 });
  const strategies = await loadStrategies(config, job.strategies);
  const cached = cachedResult(job, strategies);
  if (cached) {
    onWarning(`Reusing result of previous backtest ${cached.file} (--cache ${job.cache}).`);
    return { result: cached.result, stored: null, cached: cached.file };
  }
  const database = job.dbUrl ? await openDatabase(job.dbUrl) : null;
  const datadir = job.datadir ?? defaultDatadir(config.user_data_dir, config.exchange.name);
  const loadFromDir: CandleLoader = (pair, timeframe, candleType) =>
    readPairData(datadir, pair, timeframe, candleType, job.dataFormat);
  const loader: CandleLoader = database
    ? (pair, timeframe, candleType) => loadCandles(database.db, { pair, timeframe, candleType })
    : loadFromDir;
  const runTime = Date.now();
  try {
    const result = await runBacktest(
      config,
      {
        ...job.overrides,
        leverageTiers: job.overrides.leverageTiers ?? offlineTiers(config),
        strategies,
        loadCandles: loader,
        onWarning,
        checkAbort,
      },
      onProgress,
    );
    const stored =
      (job.export ?? 'trades') === 'none'
        ? null
        : storeBacktestResult(job.exportFilename ?? join(config.user_data_dir, 'backtest_results'), result, runTime);
    return { result, stored };
  } finally {
    database?.close();
  }
}
