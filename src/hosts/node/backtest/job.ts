// A backtest as the Node host runs it (CLI and API alike): strategies loaded from
// user_data/strategies (or the built-ins), candles from the candle store (--db-url) or from
// freqtrade's data directory, the result stored under user_data/backtest_results/.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BacktestResult, backtestTimerange, runBacktest } from '../../../backtest/run.ts';
import type { BacktestOverrides } from '../../../backtest/settings.ts';
import type { SignalAnalysis } from '../../../backtest/signals.ts';
import { strategyComparison } from '../../../backtest/stats.ts';
import type { CandleColumns, CandleLoader, ProgressListener } from '../../../backtest/types.ts';
import type { Config } from '../../../config/schema.ts';
import type { LeverageTier } from '../../../domain/money/index.ts';
import { futuresMarkets, offlineLeverageTiers } from '../../../exchange/offline/pairs.ts';
import { marketChangeTable } from '../../../reports/market-change.ts';
import { StrategyRegistry } from '../../../strategy/loader.ts';
import type { Strategy } from '../../../strategy/types.ts';
import { NodeStrategySource } from '../strategy-source.ts';
import { defaultDatadir, type OhlcvFormat, readPairColumns, readPairData } from './data-dir.ts';
import { writeMarketChangeFeather, writeWalletFeather } from './feather.ts';
import {
  findResultFile,
  loadBacktestResult,
  readBacktestMetadata,
  type StoredResult,
  storeBacktestResult,
} from './results-store.ts';
import { strategyRunId } from './run-id.ts';

export interface BacktestJob {
  config: Config;
  /** The config files as read, before defaults (freqtrade's original_config, zipped sanitised); else `config` is. */
  originalConfig?: Record<string, unknown>;
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
  /** Tests: a fixed clock (ms) for the run's times and file name, so the same inputs give the same files. */
  fixedTime?: number;
}

export interface BacktestJobResult {
  result: BacktestResult;
  stored: StoredResult | null;
  /** The result came from an earlier run's file (--cache). */
  cached?: string;
}

const CACHE_AGE_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;

/**
 * freqtrade's find_existing_backtest_stats: per strategy, the newest stored result with the same
 * run_id; the search for a strategy stops at its first result older than the cache age. Only for
 * timeranges that end in the past (freqtrade's rule).
 */
function cachedResults(job: BacktestJob, runIds: Record<string, string>): { result: BacktestResult; file: string } {
  const out: BacktestResult = { metadata: {}, strategy: {}, strategy_comparison: [] };
  let file = '';
  const age = job.cache ?? 'none';
  const stop = job.overrides.timerange ? backtestTimerange(job.overrides.timerange).stop : undefined;
  const dir = join(job.config.user_data_dir, 'backtest_results');
  if (age === 'none' || stop === undefined || stop > Date.now()) return { result: out, file };
  const minStart = (Date.now() - CACHE_AGE_MS[age]) / 1000;
  const wanted = new Map(Object.entries(runIds));
  // Every stored result with metadata (also those named by --export-filename), newest name first.
  const metas = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.meta.json')) : [];
  for (const m of metas.sort().reverse()) {
    if (wanted.size === 0) break;
    const resultFile = findResultFile(dir, m.slice(0, -'.meta.json'.length));
    const meta = resultFile ? readBacktestMetadata(resultFile) : null;
    // A broken or orphaned metadata file cannot match: skipped.
    if (!resultFile || !meta) continue;
    for (const [name, id] of [...wanted]) {
      const entry = meta[name];
      if (!entry) continue;
      if (entry.backtest_start_time < minStart) {
        wanted.delete(name);
        continue;
      }
      if (entry.run_id !== id) continue;
      wanted.delete(name);
      file = resultFile;
      const stored = loadBacktestResult(file);
      out.metadata[name] = stored.metadata[name];
      out.strategy[name] = stored.strategy[name];
    }
  }
  return { result: out, file };
}

export async function loadStrategies(config: Config, names: string[]): Promise<Strategy[]> {
  return (await loadStrategiesWithSource(config, names)).map((x) => x.strategy);
}

async function loadStrategiesWithSource(
  config: Config,
  names: string[],
): Promise<{ strategy: Strategy; code: string; parameterFile: string | undefined }[]> {
  const source = new NodeStrategySource(join(config.user_data_dir, 'strategies'));
  const registry = new StrategyRegistry({ source });
  const out = [];
  for (const name of names) {
    const strategy = await registry.loadStrategy(name);
    out.push({
      strategy,
      code: await registry.strategyCode(name),
      parameterFile: await source.readParameterFile(name),
    });
  }
  return out;
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

/** The result in --strategy-list order, with the comparison rebuilt (freqtrade sorts both). */
function ordered(r: BacktestResult, names: string[]): BacktestResult {
  const out: BacktestResult = { metadata: {}, strategy: {}, strategy_comparison: [] };
  for (const name of names) {
    if (!(name in r.strategy)) continue;
    out.metadata[name] = r.metadata[name];
    out.strategy[name] = r.strategy[name];
  }
  out.strategy_comparison = strategyComparison(out.strategy);
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
  const loaded = await loadStrategiesWithSource(config, job.strategies);
  const runIds: Record<string, string> = {};
  for (const x of loaded) {
    runIds[x.strategy.name] = strategyRunId({
      config,
      overrides: job.overrides,
      strategy: x.strategy.name,
      exportMode: job.export ?? 'trades',
      cache: job.cache ?? 'none',
      code: x.code,
      parameterFile: x.parameterFile,
    });
  }
  const cached = cachedResults(job, runIds);
  const strategies = loaded.map((x) => x.strategy).filter((x) => !(x.name in cached.result.strategy));
  if (strategies.length === 0) {
    onWarning(`Reusing result of previous backtest ${cached.file} (--cache ${job.cache}).`);
    return { result: ordered(cached.result, job.strategies), stored: null, cached: cached.file };
  }
  for (const name of Object.keys(cached.result.strategy)) {
    onWarning(`Reusing result of previous backtest for ${name} (--cache ${job.cache}).`);
  }
  // The database modules (libSQL, drizzle: about 50 MB resident) load only for a candle store run.
  const database = job.dbUrl ? await (await import('../database.ts')).openDatabase(job.dbUrl) : null;
  const { loadCandles } = database ? await import('../../../db/repo/candles.ts') : { loadCandles: null };
  const datadir = job.datadir ?? defaultDatadir(config.user_data_dir, config.exchange.name);
  const loadFromDir: CandleLoader = (pair, timeframe, candleType) =>
    readPairData(datadir, pair, timeframe, candleType, job.dataFormat);
  const loader: CandleLoader =
    database && loadCandles
      ? (pair, timeframe, candleType) => loadCandles(database.db, { pair, timeframe, candleType })
      : loadFromDir;
  const clock = job.fixedTime === undefined ? Date.now : () => job.fixedTime as number;
  const runTime = clock();
  const exportMode = job.export ?? 'trades';
  const analysis: Record<string, SignalAnalysis> = {};
  let candles: ReadonlyMap<string, CandleColumns> = new Map();
  const wallets: Record<string, Uint8Array> = {};
  try {
    const fresh = await runBacktest(
      config,
      {
        ...job.overrides,
        leverageTiers: job.overrides.leverageTiers ?? offlineTiers(config),
        strategies,
        runIds,
        onSignals: exportMode === 'signals' ? (name, a) => (analysis[name] = a) : undefined,
        loadCandles: loader,
        loadColumns: database
          ? undefined
          : (pair, timeframe, candleType) => readPairColumns(datadir, pair, timeframe, candleType, job.dataFormat),
        onWarning,
        onCandles: (data) => (candles = data),
        onWallet: exportMode === 'none' ? undefined : (name, wallet) => (wallets[name] = writeWalletFeather(wallet)),
        checkAbort,
        now: clock,
      },
      onProgress,
    );
    const result = ordered(
      {
        metadata: { ...cached.result.metadata, ...fresh.metadata },
        strategy: { ...cached.result.strategy, ...fresh.strategy },
        strategy_comparison: [],
      },
      job.strategies,
    );
    const target = job.exportFilename ?? join(config.user_data_dir, 'backtest_results');
    if (exportMode === 'none') return { result, stored: null };
    // freqtrade's combined_dataframes_with_rel_mean over [min_date, max_date) of the run.
    const meta = Object.values(fresh.metadata)[0];
    const change = marketChangeTable(candles.values(), meta.backtest_start_ts * 1000, meta.backtest_end_ts * 1000);
    const stored = storeBacktestResult(target, result, runTime, {
      config,
      originalConfig: job.originalConfig,
      strategies: loaded.map((x) => ({ name: x.strategy.name, code: x.code, parameterFile: x.parameterFile })),
      marketChange: writeMarketChangeFeather(change),
      wallets,
      signals: exportMode === 'signals' ? analysis : undefined,
    });
    return { result, stored };
  } finally {
    database?.close();
  }
}
