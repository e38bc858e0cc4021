// Result files as freqtrade 2024.10 writes them (store_backtest_stats): under
// user_data/backtest_results/, backtest-result-<YYYY-MM-DD_HH-MM-SS>.json holding { strategy,
// strategy_comparison }, its metadata beside it in backtest-result-<…>.meta.json, and
// .last_result.json naming the latest. (Releases from 2025 zip these; 2024.10 does not.)

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BacktestResult } from '../../../backtest/run.ts';
import type { SignalAnalysis } from '../../../backtest/signals.ts';

export const LAST_BT_RESULT_FN = '.last_result.json';

const pad = (n: number) => String(n).padStart(2, '0');

/** freqtrade's dtappendix: the run's time as %Y-%m-%d_%H-%M-%S (UTC here, freqtrade uses local time). */
export function dateAppendix(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}_${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
}

/** freqtrade's _generate_filename: a directory gets backtest-result-<appendix>.json, a file name <stem>-<appendix>.json. */
export function resultFilename(target: string, appendix: string): string {
  if (existsSync(target) && statSync(target).isDirectory()) return join(target, `backtest-result-${appendix}.json`);
  const stem = basename(target, extname(target));
  return join(dirname(target), `${stem}-${appendix}.json`);
}

export function metadataFilename(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.meta${extname(file)}`);
}

export interface StoredResult {
  file: string;
  metaFile: string;
}

/** Writes the result, its metadata and .last_result.json; returns the paths written. */
export function storeBacktestResult(target: string, result: BacktestResult, runTime: number): StoredResult {
  if (!extname(target)) mkdirSync(target, { recursive: true });
  else mkdirSync(dirname(target), { recursive: true });
  const file = resultFilename(target, dateAppendix(runTime));
  const metaFile = metadataFilename(file);
  writeFileSync(metaFile, JSON.stringify(result.metadata, null, 4));
  writeFileSync(
    file,
    JSON.stringify({ strategy: result.strategy, strategy_comparison: result.strategy_comparison }, null, 4),
  );
  writeFileSync(join(dirname(file), LAST_BT_RESULT_FN), JSON.stringify({ latest_backtest: basename(file) }, null, 4));
  return { file, metaFile };
}

/**
 * --export signals (freqtrade's store_backtest_analysis_results): <name>_signals, _rejected and
 * _exited beside the result, each { strategy: { pair: rows } } as JSON (freqtrade pickles pandas
 * DataFrames into .pkl; the rows here are pandas' to_json(orient="records"), dates in epoch ms).
 */
export function storeSignalAnalysis(
  target: string,
  analysis: Record<string, SignalAnalysis>,
  runTime: number,
): Record<'signals' | 'rejected' | 'exited', string> {
  const out = { signals: '', rejected: '', exited: '' };
  for (const name of ['signals', 'rejected', 'exited'] as const) {
    const file = resultFilename(target, `${dateAppendix(runTime)}_${name}`);
    const data = Object.fromEntries(Object.entries(analysis).map(([strategy, a]) => [strategy, a[name]]));
    writeFileSync(file, JSON.stringify(data));
    out[name] = file;
  }
  return out;
}

/** Reads a result file back with its metadata (freqtrade's load_backtest_stats). */
export function loadBacktestResult(file: string): BacktestResult {
  const body = JSON.parse(readFileSync(file, 'utf8')) as Omit<BacktestResult, 'metadata'>;
  const meta = metadataFilename(file);
  const metadata = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as BacktestResult['metadata']) : {};
  return { metadata, strategy: body.strategy, strategy_comparison: body.strategy_comparison };
}

/** The latest result's path, from .last_result.json in `dir`. */
export function latestBacktestResult(dir: string): string {
  const last = JSON.parse(readFileSync(join(dir, LAST_BT_RESULT_FN), 'utf8')) as { latest_backtest?: string };
  if (!last.latest_backtest) throw new Error(`Invalid '${LAST_BT_RESULT_FN}' format.`);
  return join(dir, last.latest_backtest);
}
