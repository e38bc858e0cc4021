// A backtest as the Node host runs it (CLI and API alike): strategies loaded from
// user_data/strategies (or the built-ins), candles from the candle store (--db-url) or from
// freqtrade's data directory, the result stored under user_data/backtest_results/.

import { join } from 'node:path';
import { type BacktestResult, runBacktest } from '../../../backtest/run.ts';
import type { BacktestOverrides } from '../../../backtest/settings.ts';
import type { CandleLoader, ProgressListener } from '../../../backtest/types.ts';
import type { Config } from '../../../config/schema.ts';
import { loadCandles } from '../../../db/repo/candles.ts';
import { StrategyRegistry } from '../../../strategy/loader.ts';
import type { Strategy } from '../../../strategy/types.ts';
import { openDatabase } from '../database.ts';
import { NodeStrategySource } from '../strategy-source.ts';
import { defaultDatadir, type OhlcvFormat, readPairData } from './data-dir.ts';
import { type StoredResult, storeBacktestResult } from './results-store.ts';

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
}

export interface BacktestJobResult {
  result: BacktestResult;
  stored: StoredResult | null;
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
      { ...job.overrides, strategies, loadCandles: loader, onWarning, checkAbort },
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
