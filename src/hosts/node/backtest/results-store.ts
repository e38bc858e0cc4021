// Result files as the current freqtrade release writes them (store_backtest_results): under
// user_data/backtest_results/, backtest-result-<YYYY-MM-DD_HH-MM-SS>.zip holding the stats
// (<stem>.json: { strategy, strategy_comparison }), the sanitised config, each strategy's source
// and parameter file, the market change and wallet feathers and, with --export signals, the
// signal candles;
// the metadata beside it in <stem>.meta.json, and .last_result.json naming the zip.
// Readers take both that zip and freqtrade 2024.10's plain <stem>.json, as freqtrade does.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { BacktestResult } from '../../../backtest/run.ts';
import type { SignalAnalysis } from '../../../backtest/signals.ts';
import { sanitizeConfig } from '../../../config/redact.ts';
import type { Config } from '../../../config/schema.ts';
import type { MarketChangeTable } from '../../../reports/market-change.ts';
import { readMarketChangeFeather } from './feather.ts';

export const LAST_BT_RESULT_FN = '.last_result.json';

const pad = (n: number) => String(n).padStart(2, '0');

/** freqtrade's dtappendix: the run's time as %Y-%m-%d_%H-%M-%S (UTC here, freqtrade uses local time). */
export function dateAppendix(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}_${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
}

/**
 * freqtrade's _generate_filename without the suffix: a directory gets
 * <dir>/backtest-result-<appendix>, a file name <dir>/<its stem>-<appendix>.
 */
export function resultBase(target: string, appendix: string): string {
  if (existsSync(target) && statSync(target).isDirectory()) return join(target, `backtest-result-${appendix}`);
  return join(dirname(target), `${basename(target, extname(target))}-${appendix}`);
}

/** A result file's stem: its name without .zip / .json. */
export function resultStem(file: string): string {
  return basename(file, extname(file));
}

/** freqtrade's get_backtest_metadata_filename: <stem>.meta.json beside the result (zip or json). */
export function metadataFilename(file: string): string {
  return join(dirname(file), `${resultStem(file)}.meta.json`);
}

/** What goes into the zip beside the stats. */
export interface ResultExtras {
  /** The run's config: its secrets are what gets redacted. */
  config: Config;
  /** The config as read (freqtrade's original_config), stored redacted as <stem>_config.json; else `config` is. */
  originalConfig?: Record<string, unknown>;
  /** Each strategy's source (<stem>_<name>.ts) and parameter file (<stem>_<name>.json). */
  strategies: { name: string; code: string; parameterFile?: string }[];
  /** <stem>_market_change.feather. */
  marketChange?: Uint8Array;
  /** <stem>_<strategy>_wallet.feather per strategy run (not those taken from the cache). */
  wallets?: Record<string, Uint8Array>;
  /** --export signals: <stem>_signals.json, _rejected.json, _exited.json ({ strategy: { pair: rows } }). */
  signals?: Record<string, SignalAnalysis>;
}

export interface StoredResult {
  /** The zip. */
  file: string;
  metaFile: string;
  /** The zip's entry names, in the order written. */
  entries: string[];
}

const encoder = new TextEncoder();
const text = (value: string) => encoder.encode(value);

/** The zip's entries, named as freqtrade names them (the strategy source keeps its .ts suffix). */
function zipContents(stem: string, result: BacktestResult, extras: ResultExtras): [string, Uint8Array][] {
  const entries: [string, Uint8Array][] = [
    [
      `${stem}.json`,
      text(JSON.stringify({ strategy: result.strategy, strategy_comparison: result.strategy_comparison })),
    ],
    [`${stem}_config.json`, text(JSON.stringify(sanitizeConfig(extras.config, extras.originalConfig)))],
  ];
  for (const s of extras.strategies) {
    entries.push([`${stem}_${s.name}.ts`, text(s.code)]);
    if (s.parameterFile !== undefined) entries.push([`${stem}_${s.name}.json`, text(s.parameterFile)]);
  }
  if (extras.marketChange) entries.push([`${stem}_market_change.feather`, extras.marketChange]);
  for (const [name, wallet] of Object.entries(extras.wallets ?? {}))
    entries.push([`${stem}_${name}_wallet.feather`, wallet]);
  if (extras.signals) {
    for (const name of ['signals', 'rejected', 'exited'] as const) {
      const data = Object.fromEntries(Object.entries(extras.signals).map(([strategy, a]) => [strategy, a[name]]));
      entries.push([`${stem}_${name}.json`, text(JSON.stringify(data))]);
    }
  }
  return entries;
}

/**
 * Deflated zip entries stamped with the run's time (UTC) instead of the wall clock, so the same
 * run gives the same bytes. fflate reads the stamp with local-time getters: hand it the UTC fields.
 */
function zipBytes(entries: [string, Uint8Array][], runTime: number): Uint8Array {
  const d = new Date(runTime);
  const mtime = new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
  return zipSync(Object.fromEntries(entries.map(([name, data]) => [name, [data, { level: 6, mtime }]])));
}

/** Writes the metadata, .last_result.json and the zip; returns the paths written. */
export function storeBacktestResult(
  target: string,
  result: BacktestResult,
  runTime: number,
  extras: ResultExtras,
): StoredResult {
  if (!extname(target)) mkdirSync(target, { recursive: true });
  else mkdirSync(dirname(target), { recursive: true });
  const base = resultBase(target, dateAppendix(runTime));
  const file = `${base}.zip`;
  const metaFile = metadataFilename(file);
  writeFileSync(metaFile, JSON.stringify(result.metadata, null, 4));
  writeFileSync(join(dirname(file), LAST_BT_RESULT_FN), JSON.stringify({ latest_backtest: basename(file) }, null, 4));
  const entries = zipContents(basename(base), result, extras);
  writeFileSync(file, zipBytes(entries, runTime));
  return { file, metaFile, entries: entries.map(([name]) => name) };
}

/** One entry of a result zip (freqtrade's load_file_from_zip); undefined when it is not there. */
export function readZipEntry(zipFile: string, name: string): Uint8Array | undefined {
  const found = unzipSync(readFileSync(zipFile), { filter: (f) => f.name === name });
  return found[name];
}

/** Reads a result (zip or 2024.10 json) back with its metadata (freqtrade's load_backtest_stats). */
export function loadBacktestResult(file: string): BacktestResult {
  let raw: string;
  if (extname(file) === '.zip') {
    const entry = readZipEntry(file, `${resultStem(file)}.json`);
    if (!entry) throw new Error(`File ${resultStem(file)}.json not found in zip: ${file}`);
    raw = new TextDecoder().decode(entry);
  } else {
    raw = readFileSync(file, 'utf8');
  }
  const body = JSON.parse(raw) as Omit<BacktestResult, 'metadata'>;
  return {
    metadata: readBacktestMetadata(file) ?? {},
    strategy: body.strategy,
    strategy_comparison: body.strategy_comparison,
  };
}

/** A result's .meta.json (freqtrade's load_backtest_metadata); null when missing or not JSON. */
export function readBacktestMetadata(file: string): BacktestResult['metadata'] | null {
  try {
    return JSON.parse(readFileSync(metadataFilename(file), 'utf8')) as BacktestResult['metadata'];
  } catch {
    return null;
  }
}

/** The latest result's path, from .last_result.json in `dir`. */
export function latestBacktestResult(dir: string): string {
  const last = JSON.parse(readFileSync(join(dir, LAST_BT_RESULT_FN), 'utf8')) as { latest_backtest?: string };
  if (!last.latest_backtest) throw new Error(`Invalid '${LAST_BT_RESULT_FN}' format.`);
  return join(dir, last.latest_backtest);
}

/** freqtrade's _get_backtest_files: zip and json results (not their .meta.json or companions). */
const RESULT_FILE = /^backtest-result-.*-\d\d\.(zip|json)$/;

/** The result files in `dir`, newest name first (zips and 2024.10 json alike). */
export function backtestResultFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => RESULT_FILE.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** The result called `stem` in `dir`: its zip, else its 2024.10 json (the API's order). */
export function findResultFile(dir: string, stem: string): string | undefined {
  for (const ext of ['.zip', '.json']) {
    const file = join(dir, `${stem}${ext}`);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/**
 * freqtrade's delete_backtest_result: the result and every file named after it (metadata, market
 * change, signal files). Only `<stem>.…` and `<stem>_…`, so another result is never caught.
 */
export function deleteBacktestResultFiles(dir: string, stem: string): string[] {
  const doomed = readdirSync(dir).filter((f) => f.startsWith(`${stem}.`) || f.startsWith(`${stem}_`));
  for (const f of doomed) unlinkSync(join(dir, f));
  return doomed;
}

/**
 * A result's market change: the zip's feather, else a 2024.10-era <stem>_market_change.feather
 * beside it, else the <stem>_market_change.json earlier tickhub releases wrote.
 */
export function loadMarketChange(dir: string, stem: string): MarketChangeTable | undefined {
  const zip = join(dir, `${stem}.zip`);
  if (existsSync(zip)) {
    const entry = readZipEntry(zip, `${stem}_market_change.feather`);
    return entry ? readMarketChangeFeather(entry) : undefined;
  }
  const feather = join(dir, `${stem}_market_change.feather`);
  if (existsSync(feather)) return readMarketChangeFeather(readFileSync(feather));
  const json = join(dir, `${stem}_market_change.json`);
  return existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as MarketChangeTable) : undefined;
}
