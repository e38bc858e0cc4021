// `npm run backtesting -- --strategy NAME [...]`: freqtrade's backtesting command with its flag
// names, a progress bar on stderr, freqtrade's report tables on stdout and the result file under
// user_data/backtest_results/.

import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { BacktestOverrides } from '../backtest/settings.ts';
import type { BacktestProgress } from '../backtest/types.ts';
import { ConfigError, type LoadedConfig, loadConfig, validateConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { OHLCV_FORMATS, type OhlcvFormat } from '../hosts/node/backtest/data-dir.ts';
import { runBacktestJob } from '../hosts/node/backtest/job.ts';
import { readConfigFiles } from '../hosts/node/config-files.ts';
import { backtestReport } from './backtest-report.ts';

const HELP = `Usage: npm run backtesting -- [--config FILE]... [--db-url URL] [--user-data-dir DIR] [--datadir DIR]
  --strategy NAME [--strategy-list A B ...] [--timeframe TF] [--timeframe-detail TF] [--timerange 20240101-20240301]
  [--pairs P ...] [--max-open-trades N] [--stake-amount X|unlimited] [--dry-run-wallet X] [--fee F]
  [--enable-protections] [--export none|trades|signals] [--export-filename F] [--cache none|day|week|month]
  [--breakdown day|week|month ...] [--data-format-ohlcv json|jsongz|feather]`;

/** Flags taking several values (freqtrade's nargs="+"): `--pairs A B` becomes `--pairs A --pairs B`. */
const LIST_FLAGS = new Set(['--pairs', '-p', '--strategy-list', '--breakdown', '--config', '-c', '--startup-candle']);

export function expandListFlags(argv: string[]): string[] {
  const out: string[] = [];
  let list: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith('-')) {
      list = LIST_FLAGS.has(arg) ? arg : null;
      out.push(arg);
      if (list) out.push('\0');
    } else if (list) {
      if (out[out.length - 1] === '\0') out[out.length - 1] = arg;
      else out.push(list, arg);
    } else out.push(arg);
  }
  return out.filter((a) => a !== '\0');
}

function num(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new ConfigError([{ path: `--${name}`, message: `not a number: ${text}` }]);
  return n;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError([{ path: `--${name}`, message: `must be one of ${allowed.join(', ')}` }]);
  }
  return text as T;
}

export function parseBacktestArgs(argv: string[]) {
  const { values } = parseArgs({
    args: expandListFlags(argv),
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      'db-url': { type: 'string' },
      'user-data-dir': { type: 'string', short: 'u' },
      datadir: { type: 'string', short: 'd' },
      'data-format-ohlcv': { type: 'string' },
      strategy: { type: 'string', short: 's' },
      'strategy-list': { type: 'string', multiple: true },
      timeframe: { type: 'string', short: 'i' },
      'timeframe-detail': { type: 'string' },
      timerange: { type: 'string' },
      pairs: { type: 'string', short: 'p', multiple: true },
      'max-open-trades': { type: 'string' },
      'stake-amount': { type: 'string' },
      'dry-run-wallet': { type: 'string' },
      'starting-balance': { type: 'string' },
      fee: { type: 'string' },
      'enable-protections': { type: 'boolean' },
      'enable-protection': { type: 'boolean' },
      export: { type: 'string' },
      'export-filename': { type: 'string' },
      'backtest-filename': { type: 'string' },
      cache: { type: 'string' },
      breakdown: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  return values;
}

export function configFrom(values: { config?: string[]; 'user-data-dir'?: string }): Config {
  return loadedConfigFrom(values).config;
}

/** The config with the command line's --user-data-dir, and the files as read (freqtrade's original_config). */
function loadedConfigFrom(values: { config?: string[]; 'user-data-dir'?: string }): LoadedConfig {
  const loaded = values.config?.length ? loadConfig(readConfigFiles(values.config), process.env) : validateConfig({});
  if (values['user-data-dir']) loaded.config.user_data_dir = values['user-data-dir'];
  return loaded;
}

function progressPrinter(): { update: (p: BacktestProgress) => void; stop: () => void } {
  const bar = new SingleBar(
    {
      format: ' {step} {bar} {percentage}% | {strategy}',
      hideCursor: true,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    undefined,
  );
  let step = '';
  return {
    update: (p) => {
      if (p.step !== step) {
        if (step) bar.stop();
        step = p.step;
        bar.start(100, 0, { step: p.step.padEnd(9), strategy: p.strategy ?? '' });
      }
      bar.update(Math.round(p.progress * 100), { strategy: p.strategy ?? '' });
    },
    stop: () => bar.stop(),
  };
}

async function main(argv: string[]): Promise<number> {
  const values = parseBacktestArgs(argv);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { config, raw } = loadedConfigFrom(values);
  const strategies = values['strategy-list']?.length ? values['strategy-list'] : [values.strategy ?? config.strategy];
  const stake = values['stake-amount'];
  const overrides: BacktestOverrides = {
    timeframe: values.timeframe,
    timeframeDetail: values['timeframe-detail'],
    timerange: values.timerange,
    pairs: values.pairs?.flatMap((p) => p.split(',')).filter(Boolean),
    maxOpenTrades: num('max-open-trades', values['max-open-trades']),
    stakeAmount: stake === 'unlimited' ? 'unlimited' : num('stake-amount', stake),
    dryRunWallet: num('dry-run-wallet', values['dry-run-wallet'] ?? values['starting-balance']),
    fee: num('fee', values.fee),
    enableProtections: values['enable-protections'] || values['enable-protection'] || undefined,
  };
  const breakdown = (values.breakdown ?? []).map((b) => oneOf('breakdown', b, ['day', 'week', 'month'] as const)!);
  const exportMode = oneOf('export', values.export, ['none', 'trades', 'signals'] as const);
  const cache = oneOf('cache', values.cache, ['none', 'day', 'week', 'month'] as const);
  const dataFormat = oneOf<OhlcvFormat>('data-format-ohlcv', values['data-format-ohlcv'], OHLCV_FORMATS);
  const progress = progressPrinter();
  let job: Awaited<ReturnType<typeof runBacktestJob>>;
  try {
    job = await runBacktestJob(
      {
        config,
        originalConfig: raw,
        strategies,
        overrides,
        dbUrl: values['db-url'],
        datadir: values.datadir,
        dataFormat,
        export: exportMode,
        exportFilename: values['export-filename'] ?? values['backtest-filename'],
        cache: cache ?? 'day',
      },
      progress.update,
      (w) => process.stderr.write(`WARNING - ${w}\n`),
    );
  } finally {
    progress.stop();
  }
  console.log(backtestReport(job.result, config.stake_currency, breakdown));
  if (job.stored) console.log(`\nDumping backtest results to ${job.stored.file}`);
  const signalEntries = job.stored?.entries.filter((e) => /_(signals|rejected|exited)\.json$/.test(e)) ?? [];
  if (signalEntries.length > 0) console.log(`Dumping signal candles to ${signalEntries.join(', ')} in the zip`);
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof ConfigError ? e.message : `backtesting failed: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
