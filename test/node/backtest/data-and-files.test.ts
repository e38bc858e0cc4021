// freqtrade-format data directories (json, json.gz, feather; futures/ subfolder; ms timestamps)
// read back exactly, the result zip written in the current freqtrade release's layout, and the CLI end to end.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestResult } from '../../../packages/client/src/schemas/index.ts';
import { toColumns } from '../../../src/backtest/series.ts';
import { expandListFlags } from '../../../src/cli/backtesting.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import {
  pairDataFile,
  readPairColumns,
  readPairData,
  writePairData,
} from '../../../src/hosts/node/backtest/data-dir.ts';
import { readFeatherCandles } from '../../../src/hosts/node/backtest/feather.ts';
import {
  latestBacktestResult,
  loadBacktestResult,
  readZipEntry,
  resultStem,
} from '../../../src/hosts/node/backtest/results-store.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { M5, T0 } from './scripted.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tickhub-bt-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function walk(n: number, seed: number, start = T0): Candle[] {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  let p = 100;
  return Array.from({ length: n }, (_, i) => {
    const o = p;
    p *= 1 + (rnd() - 0.5) * 0.01;
    return [start + i * M5, o, Math.max(o, p) * 1.001, Math.min(o, p) * 0.999, p, 1 + rnd()] as Candle;
  });
}

describe('freqtrade data directory', () => {
  it('file names follow freqtrade: pair_to_filename, futures/ with the candle type', () => {
    expect(pairDataFile('/d', 'BTC/USDT', '5m', 'spot', 'json')).toBe('/d/BTC_USDT-5m.json');
    expect(pairDataFile('/d', 'BTC/USDT:USDT', '1h', 'futures', 'feather')).toBe(
      '/d/futures/BTC_USDT_USDT-1h-futures.feather',
    );
    expect(pairDataFile('/d', 'BTC/USDT:USDT', '8h', 'funding_rate', 'jsongz')).toBe(
      '/d/futures/BTC_USDT_USDT-8h-funding_rate.json.gz',
    );
    expect(pairDataFile('/d', 'ETH/BTC', '1M', 'spot', 'json')).toBe('/d/ETH_BTC-1Mo.json');
  });

  it('reads json and json.gz as freqtrade writes them ([[ms, o, h, l, c, v]], orient values), sorted and de-duplicated', () => {
    const d = tmp();
    const candles = walk(50, 3);
    const shuffled = [candles[1], candles[0], ...candles.slice(2), candles[5]];
    writeFileSync(join(d, 'ETH_USDT-5m.json'), JSON.stringify(shuffled));
    writeFileSync(join(d, 'XRP_USDT-5m.json.gz'), gzipSync(JSON.stringify(candles)));
    expect(readPairData(d, 'ETH/USDT', '5m', 'spot')).toEqual(candles);
    expect(readPairData(d, 'XRP/USDT', '5m', 'spot')).toEqual(candles);
    expect(readPairData(d, 'XRP/USDT', '5m', 'spot', 'json')).toEqual([]);
    expect(readPairData(d, 'NOPE/USDT', '5m', 'spot')).toEqual([]);
  });

  it('feather: an Arrow IPC file (uncompressed: see ipcFile) with a UTC timestamp date column, round trip exact', () => {
    const d = tmp();
    const candles = walk(3000, 9);
    const file = writePairData(d, 'BTC/USDT:USDT', '5m', 'futures', candles, 'feather');
    expect(file).toBe(join(d, 'futures', 'BTC_USDT_USDT-5m-futures.feather'));
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 6).toString()).toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['date', 'open', 'high', 'low', 'close', 'volume']);
    expect(String(table.schema.fields[0].type)).toBe('Timestamp<MILLISECOND, UTC>');
    expect(readFeatherCandles(bytes)).toEqual(candles);
    expect(readPairData(d, 'BTC/USDT:USDT', '5m', 'futures')).toEqual(candles);
    // The backtest reads its main candles straight into columns: the same values.
    expect(readPairColumns(d, 'BTC/USDT:USDT', '5m', 'futures')).toEqual(toColumns(candles));
  });

  it('columns of an unsorted feather file with a duplicate are cleaned like the rows (first kept)', () => {
    const d = tmp();
    const candles = walk(50, 4);
    const dup: Candle = [candles[3][0], 1, 2, 0.5, 1.5, 9];
    writePairData(
      d,
      'ETH/USDT',
      '5m',
      'spot',
      [candles[1], candles[0], ...candles.slice(2, 4), dup, ...candles.slice(4)],
      'feather',
    );
    expect(readPairColumns(d, 'ETH/USDT', '5m', 'spot', 'feather')).toEqual(toColumns(candles));
    expect(readPairColumns(d, 'XRP/USDT', '5m', 'spot').date.length).toBe(0);
  });
});

const exec = promisify(execFile);

describe('npm run backtesting', () => {
  it('list flags take several values, as freqtrade nargs="+"', () => {
    expect(expandListFlags(['--pairs', 'A/B', 'C/D', '--strategy', 'S', '--breakdown', 'day', 'month'])).toEqual([
      '--pairs',
      'A/B',
      '--pairs',
      'C/D',
      '--strategy',
      'S',
      '--breakdown',
      'day',
      '--breakdown',
      'month',
    ]);
  });

  it('backtests a freqtrade data directory (feather + json.gz), prints the report and writes the result files', async () => {
    const ud = tmp();
    const datadir = join(ud, 'data', 'binance');
    writePairData(datadir, 'BTC/USDT', '5m', 'spot', walk(4000, 11), 'feather');
    writePairData(datadir, 'ETH/USDT', '5m', 'spot', walk(4000, 13), 'jsongz');
    const configFile = join(ud, 'config.json');
    const exchange = { key: 'exchange-key-0123456789', secret: 'exchange-secret-0123456789' };
    writeFileSync(configFile, JSON.stringify({ stake_currency: 'USDT', exchange }));
    const args = [
      join(REPO_ROOT, 'src', 'cli', 'backtesting.ts'),
      '--config',
      configFile,
      '--user-data-dir',
      ud,
      '--datadir',
      datadir,
      '--strategy',
      'MaCrossStrategy',
      '--pairs',
      'BTC/USDT',
      'ETH/USDT',
      'SOL/USDT',
      '--timerange',
      '20240102-20240113',
      '--stake-amount',
      '100',
      '--max-open-trades',
      '2',
      '--breakdown',
      'day',
      'week',
    ];
    const { stdout, stderr } = await exec(process.execPath, args, { cwd: ud, timeout: 120_000 });
    for (const title of [
      'BACKTESTING REPORT',
      'LEFT OPEN TRADES REPORT',
      'ENTER TAG STATS',
      'EXIT REASON STATS',
      'MIXED TAG STATS',
      'DAY BREAKDOWN',
      'WEEK BREAKDOWN',
      'SUMMARY METRICS',
      'STRATEGY SUMMARY',
    ]) {
      expect(stdout).toContain(title);
    }
    expect(stdout).toMatch(/│ +BTC\/USDT │/);
    expect(stderr).toContain('No data for SOL/USDT, spot, 5m');
    const resultsDir = join(ud, 'backtest_results');
    const files = readdirSync(resultsDir).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toBe('.last_result.json');
    expect(files[1]).toMatch(/^backtest-result-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.meta\.json$/);
    expect(files[2]).toBe(files[1].replace('.meta.json', '.zip'));
    const latest = latestBacktestResult(resultsDir);
    expect(latest).toBe(join(resultsDir, files[2]));
    expect(existsSync(latest)).toBe(true);
    const result = loadBacktestResult(latest);
    const s = result.strategy.MaCrossStrategy as Record<string, any>;
    expect(s.pairlist).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(s.backtest_start).toBe('2024-01-02 00:00:00');
    expect(s.timerange).toBe('20240102-20240113');
    expect(s.total_trades).toBeGreaterThan(0);
    expect(result.metadata.MaCrossStrategy).toMatchObject({
      timeframe: '5m',
      backtest_start_ts: Date.UTC(2024, 0, 2) / 1000,
    });
    expect(stdout).toContain(`Dumping backtest results to ${latest}`);
    // The CLI's file read back by tickhub-client's schemas (FreqUI's StrategyBacktestResult).
    const typed = BacktestResult.parse(result);
    expect(typed.strategy.MaCrossStrategy.trades).toHaveLength(s.total_trades);
    expect(typed.metadata.MaCrossStrategy.run_id).toMatch(/^[0-9a-f]{40}$/);
    // The zip holds what the current freqtrade release puts in it, under freqtrade's names.
    const stemName = resultStem(latest);
    const zipped = unzipSync(readFileSync(latest));
    expect(Object.keys(zipped)).toEqual([
      `${stemName}.json`,
      `${stemName}_config.json`,
      `${stemName}_MaCrossStrategy.ts`,
      `${stemName}_market_change.feather`,
      `${stemName}_MaCrossStrategy_wallet.feather`,
    ]);
    const stats = JSON.parse(new TextDecoder().decode(zipped[`${stemName}.json`]));
    expect(Object.keys(stats)).toEqual(['strategy', 'strategy_comparison']);
    expect(BacktestResult.parse({ metadata: result.metadata, ...stats })).toEqual(typed);
    expect(new TextDecoder().decode(zipped[`${stemName}_MaCrossStrategy.ts`])).toContain('class MaCrossStrategy');
    // The config file as read (freqtrade's original_config: no defaults, no command-line options), sanitised.
    const zippedConfig = new TextDecoder().decode(zipped[`${stemName}_config.json`]);
    expect(JSON.parse(zippedConfig)).toEqual({
      stake_currency: 'USDT',
      exchange: { key: 'REDACTED', secret: 'REDACTED' },
    });

    // The same run again within a day reuses the stored result (freqtrade's --cache, default day).
    const again = await exec(process.execPath, args, { cwd: ud, timeout: 120_000 });
    expect(again.stderr).toContain(`Reusing result of previous backtest ${latest}`);
    expect(again.stdout).toContain('BACKTESTING REPORT');
    expect(readdirSync(resultsDir)).toHaveLength(3);

    // --export signals: the signal, rejected and exited candles beside a new result.
    const signals = await exec(process.execPath, [...args, '--export', 'signals', '--cache', 'none'], {
      cwd: ud,
      timeout: 120_000,
    });
    const zip = latestBacktestResult(resultsDir);
    const stem = resultStem(zip);
    expect(signals.stdout).toContain(
      `Dumping signal candles to ${stem}_signals.json, ${stem}_rejected.json, ${stem}_exited.json in the zip`,
    );
    const signalEntry = readZipEntry(zip, `${stem}_signals.json`) as Uint8Array;
    const signalRows = JSON.parse(new TextDecoder().decode(signalEntry)).MaCrossStrategy;
    expect(Object.keys(signalRows)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(Object.values(signalRows).flat()).toHaveLength(s.total_trades);
  }, 120_000);
});
