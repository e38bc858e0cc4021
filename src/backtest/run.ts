// The entry point hosts call: runBacktest(config, options, onProgress) loads candles, runs each
// strategy over them and returns freqtrade's backtest result ({ metadata, strategy,
// strategy_comparison }), the object freqtrade writes to its result file and serves on /backtest.

import type { Config } from '../config/schema.ts';
import { type Candle, type CandleType, timeframeToMs } from '../exchange/port.ts';
import { parseTimerange } from '../reports/timerange.ts';
import type { Strategy } from '../strategy/types.ts';
import { runEngine } from './engine.ts';
import { combineFundingAndMark, type FundingSeries } from './funding.ts';
import { BacktestCandles } from './informative.ts';
import { describeMissing, type MissingData } from './missing.ts';
import {
  analyzePair,
  columnsInRange,
  type DetailSeries,
  toColumns,
  toDetail,
  toSeries,
  trimBounds,
  trimmedStart,
} from './series.ts';
import { type BacktestOverrides, engineSettings, strategyWithOverrides } from './settings.ts';
import { rejectedSignalRows, type SignalAnalysis, type TrimmedFrame, tradeSignalCandles } from './signals.ts';
import { strategyComparison, strategyStats } from './stats.ts';
import type { CandleColumns, CandleLoader, PairSeries, ProgressListener } from './types.ts';
import type { WalletCaptures } from './wallet-capture.ts';

export interface BacktestOptions extends BacktestOverrides {
  /** One strategy, or several for --strategy-list (each runs on the same candles). */
  strategies: Strategy[];
  loadCandles: CandleLoader;
  /** The main timeframe's candles straight as columns (sorted, unique), saving the Candle[] a file read makes. */
  loadColumns?: (pair: string, timeframe: string, candleType: CandleType) => CandleColumns | Promise<CandleColumns>;
  /** Wall clock for backtest_run_start_ts / _end_ts; tests pass a fixed one. */
  now?: () => number;
  /** Throws to abort (between candles). */
  checkAbort?: () => void;
  /** run_id per strategy name, as the host computes it (freqtrade's get_strategy_run_id); else a hash of the settings. */
  runIds?: Record<string, string>;
  /** --export signals: receives each strategy's signal, rejected and exited candles after its run. */
  onSignals?: (strategy: string, analysis: SignalAnalysis) => void;
  /** Receives data warnings: missing pairs, late starts, gaps (freqtrade logs these). */
  onWarning?: (message: string) => void;
  /** Receives the main timeframe's candles per pair once loaded (the host builds the market change file from them). */
  onCandles?: (data: ReadonlyMap<string, CandleColumns>) => void;
  /** Receives each strategy's wallet at every candle (freqtrade's wallet capture) after its run. */
  onWallet?: (strategy: string, wallet: WalletCaptures) => void;
}

export interface BacktestResult {
  metadata: Record<string, BacktestMetadata>;
  strategy: Record<string, Record<string, unknown>>;
  strategy_comparison: Record<string, unknown>[];
}

export interface BacktestMetadata {
  run_id: string;
  backtest_start_time: number;
  timeframe: string;
  timeframe_detail: string | null;
  backtest_start_ts: number;
  backtest_end_ts: number;
}

export class BacktestDataError extends Error {}

/** FNV-1a over the run's inputs: the same config and strategy give the same run_id. */
function runId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x811c9dc5);
  }
  return ((h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')).repeat(2);
}

/** freqtrade's timerange as ms bounds (undefined = open). */
export function backtestTimerange(timerange: string): { start: number | undefined; stop: number | undefined } {
  return parseTimerange(timerange);
}

/** Candles whose open time lies in freqtrade's timerange (e.g. "20240101-20240301"; '' = all). */
export function candlesInTimerange(candles: readonly Candle[], timerange: string): Candle[] {
  const r = parseTimerange(timerange);
  return inRange(candles, r.start, r.stop);
}

/** The run's identity (freqtrade's get_strategy_run_id): strategy, its version, the settings and the timerange. */
export function backtestRunId(strategy: Strategy, config: Config, overrides: BacktestOverrides): string {
  const merged = strategyWithOverrides(strategy, config, overrides);
  const s = engineSettings(merged, config, overrides);
  return runId(JSON.stringify([merged.name, merged.version?.() ?? null, s, overrides.timerange ?? '']));
}

function inRange(candles: readonly Candle[], from: number | undefined, to: number | undefined): Candle[] {
  const keep = (c: Candle) => (from === undefined || c[0] >= from) && (to === undefined || c[0] <= to);
  // A year of candles per pair: no copy when every candle is kept.
  return candles.every(keep) ? (candles as Candle[]) : candles.filter(keep);
}

/** freqtrade's calculate_market_change: mean over pairs of (last close − first close) / first close. */
function marketChange(data: Map<string, CandleColumns>): number {
  const changes: number[] = [];
  for (const { close } of data.values()) {
    if (close.length === 0) continue;
    const first = close[0];
    changes.push((close[close.length - 1] - first) / first);
  }
  return changes.length ? changes.reduce((a, b) => a + b, 0) / changes.length : 0;
}

export async function runBacktest(
  config: Config,
  options: BacktestOptions,
  onProgress: ProgressListener = () => {},
): Promise<BacktestResult> {
  const now = options.now ?? Date.now;
  if (options.strategies.length === 0) throw new Error('No strategy given.');
  const range = parseTimerange(options.timerange ?? '');
  const pairs = options.pairs ?? config.exchange.pair_whitelist;
  if (pairs.length === 0) throw new BacktestDataError('No pair in whitelist.');
  const first = strategyWithOverrides(options.strategies[0], config, options);
  const timeframe = first.timeframe;
  const tf = timeframeToMs(timeframe);
  const startup = Math.max(...options.strategies.map((s) => s.startup_candle_count ?? 0));
  const loadFrom = range.start === undefined ? undefined : range.start - startup * tf;
  const candleType = config.trading_mode === 'futures' ? 'futures' : 'spot';

  onProgress({ step: 'dataload', progress: 0 });
  const data = new Map<string, CandleColumns>();
  const missing: MissingData[] = [];
  for (const [k, pair] of pairs.entries()) {
    const candles = options.loadColumns
      ? columnsInRange(await options.loadColumns(pair, timeframe, candleType), loadFrom, range.stop)
      : toColumns(inRange(await options.loadCandles(pair, timeframe, candleType), loadFrom, range.stop));
    const problem = describeMissing(pair, timeframe, candleType, candles.date, loadFrom, range.stop);
    if (problem) {
      missing.push(problem);
      options.onWarning?.(problem.message);
    }
    if (candles.date.length > 0) data.set(pair, candles);
    onProgress({ step: 'dataload', progress: (k + 1) / pairs.length });
  }
  if (data.size === 0) {
    throw new BacktestDataError(`No data found. Terminating. ${missing.map((m) => m.message).join(' ')}`.trim());
  }
  options.onCandles?.(data);
  const store = new BacktestCandles(candleType);
  for (const [pair, candles] of data) store.set(pair, timeframe, candleType, candles);
  const strategies = options.strategies.map((raw) => strategyWithOverrides(raw, config, options));
  await store.loadInformative(strategies, [...data.keys()], config.stake_currency, options.loadCandles, (c) =>
    inRange(c, loadFrom, range.stop),
  );
  const settingsTf = engineSettings(first, config, options).timeframeDetail;
  const detail = new Map<string, DetailSeries>();
  if (settingsTf) {
    for (const pair of data.keys()) {
      const candles = inRange(await options.loadCandles(pair, settingsTf, candleType), loadFrom, range.stop);
      if (candles.length > 0) detail.set(pair, toDetail(candles));
      else options.onWarning?.(`No ${settingsTf} detail data for ${pair}; its ${timeframe} candles are used.`);
    }
  }
  const funding = new Map<string, FundingSeries>();
  if (config.trading_mode === 'futures') {
    for (const pair of data.keys()) {
      const rates = await options.loadCandles(pair, '8h', 'funding_rate');
      const marks = await options.loadCandles(pair, '8h', 'mark');
      funding.set(pair, combineFundingAndMark(rates, marks, options.futuresFundingRate ?? null));
    }
  }

  const result: BacktestResult = { metadata: {}, strategy: {}, strategy_comparison: [] };
  const change = marketChange(data);
  for (const raw of options.strategies) {
    const strategy = strategyWithOverrides(raw, config, options);
    const s = engineSettings(strategy, config, options);
    store.resetAnalysed();
    const runStart = now();
    // freqtrade's _set_strategy → ft_bot_start, once per strategy before its analysis.
    await strategy.botStart?.();
    const series: PairSeries[] = [];
    let minDate = Number.POSITIVE_INFINITY;
    let maxDate = Number.NEGATIVE_INFINITY;
    let k = 0;
    const signalFrames = options.onSignals ? new Map<string, TrimmedFrame>() : undefined;
    for (const [pair, candles] of data) {
      const dp = store.dataProvider(timeframe, [...data.keys()]);
      const frame = await analyzePair(strategy, candles, { pair, timeframe, dp, stakeCurrency: config.stake_currency });
      store.analysed(pair, timeframe, frame);
      const start = trimmedStart(frame, startup, range.start);
      const ser = toSeries(pair, frame, candles, startup, range.start, range.stop);
      if (signalFrames) signalFrames.set(pair, { frame, ...trimBounds(frame, startup, range.start, range.stop) });
      if (start !== undefined) minDate = Math.min(minDate, start);
      if (ser.date.length > 0) maxDate = Math.max(maxDate, ser.date[ser.date.length - 1]);
      series.push(ser);
      onProgress({ step: 'analyze', progress: ++k / data.size, strategy: strategy.name });
    }
    if (!Number.isFinite(minDate) || !Number.isFinite(maxDate)) {
      throw new BacktestDataError(`No data left after removing the startup candles (${startup}).`);
    }
    const engine = await runEngine({
      strategy,
      settings: s,
      series,
      detail,
      funding,
      startDate: minDate,
      endDate: maxDate,
      checkAbort: options.checkAbort,
      onProgress: (p) => onProgress({ ...p, strategy: strategy.name }),
      collectRejected: signalFrames !== undefined,
      captureWallet: options.onWallet !== undefined,
    });
    if (engine.wallet) options.onWallet?.(strategy.name, engine.wallet);
    if (signalFrames) {
      options.onSignals!(strategy.name, {
        signals: tradeSignalCandles(signalFrames, engine.trades, 'open'),
        rejected: rejectedSignalRows(signalFrames, engine.rejected ?? new Map()),
        exited: tradeSignalCandles(signalFrames, engine.trades, 'close'),
      });
    }
    const runEnd = now();
    const cfg = {
      ...config,
      timeframe,
      timeframe_detail: s.timeframeDetail ?? '',
      timerange: options.timerange ?? '',
      enable_protections: s.enableProtections,
      max_open_trades: s.maxOpenTrades,
      stake_amount: s.stakeAmount,
      stoploss: strategy.stoploss,
      minimal_roi: strategy.minimal_roi,
      trailing_stop: strategy.trailing_stop,
      trailing_stop_positive: strategy.trailing_stop_positive,
      trailing_stop_positive_offset: strategy.trailing_stop_positive_offset,
      trailing_only_offset_is_reached: strategy.trailing_only_offset_is_reached,
      use_custom_stoploss: strategy.use_custom_stoploss,
      use_exit_signal: strategy.use_exit_signal,
      exit_profit_only: strategy.exit_profit_only,
      ignore_roi_if_entry_signal: strategy.ignore_roi_if_entry_signal,
    };
    result.strategy[strategy.name] = strategyStats({
      strategy: strategy.name,
      pairlist: [...data.keys()],
      trades: engine.trades,
      locks: engine.locks,
      minDate,
      maxDate,
      marketChange: change,
      finalBalance: engine.finalBalance,
      startingBalance: s.startingBalance,
      runStart: Math.floor(runStart / 1000),
      runEnd: Math.floor(runEnd / 1000),
      counters: engine.counters,
      config: cfg,
    });
    result.metadata[strategy.name] = {
      run_id: options.runIds?.[strategy.name] ?? backtestRunId(raw, config, options),
      backtest_start_time: Math.floor(runStart / 1000),
      timeframe,
      timeframe_detail: s.timeframeDetail,
      backtest_start_ts: Math.floor(minDate / 1000),
      backtest_end_ts: Math.floor(maxDate / 1000),
    };
  }
  result.strategy_comparison = strategyComparison(result.strategy);
  return result;
}
