// Data moves both ways: download-data writes freqtrade's data directory (json, feather) or the
// candle store, and backtesting reads either (--datadir / --db-url) to the same trades.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readPairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { latestBacktestResult, loadBacktestResult } from '../../../src/hosts/node/backtest/results-store.ts';
import { REPO_ROOT } from '../../support/process.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tickhub-btdl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (name: string, args: string[]) =>
  exec(process.execPath, [join(REPO_ROOT, 'src', 'cli', `${name}.ts`), ...args], { cwd: dir, timeout: 120_000 });

describe('download-data ⇄ backtesting', () => {
  it('writes json and feather data directories and the candle store; backtests give the same trades from each', async () => {
    const common = [
      '--pairs',
      'BTC/USDT',
      'ETH/USDT',
      '--timeframes',
      '5m',
      '--days',
      '3',
      '--user-data-dir',
      join(dir, 'ud'),
    ];
    const jsonOut = await cli('download-data', [...common, '--data-format-ohlcv', 'json']);
    expect(jsonOut.stdout).toContain(`into ${join(dir, 'ud', 'data', 'offline')}`);
    await cli('download-data', [...common, '--datadir', join(dir, 'feather')]);
    await cli('download-data', [...common, '--db-url', `file:${join(dir, 'candles.sqlite')}`]);
    expect(existsSync(join(dir, 'ud', 'data', 'offline', 'BTC_USDT-5m.json'))).toBe(true);
    expect(existsSync(join(dir, 'feather', 'ETH_USDT-5m.feather'))).toBe(true);
    const json = readPairData(join(dir, 'ud', 'data', 'offline'), 'BTC/USDT', '5m', 'spot');
    expect(json.length).toBeGreaterThan(800);

    // A fixed day inside the downloaded range: the three downloads may end a candle apart.
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000;
    const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
    const timerange = `${ymd(day)}-${ymd(day + 86_400_000)}`;
    const run = async (source: string[], out: string) => {
      await cli('backtesting', [
        '--user-data-dir',
        join(dir, 'ud'),
        ...source,
        '--strategy',
        'MaCrossStrategy',
        '--pairs',
        'BTC/USDT',
        'ETH/USDT',
        '--timerange',
        timerange,
        '--export-filename',
        join(dir, out),
      ]);
      const r = loadBacktestResult(latestBacktestResult(join(dir, out)));
      return r.strategy.MaCrossStrategy as { trades: unknown[]; backtest_start: string };
    };
    const fromJson = await run([], 'r-json');
    const fromFeather = await run(['--datadir', join(dir, 'feather')], 'r-feather');
    const fromDb = await run(['--db-url', `file:${join(dir, 'candles.sqlite')}`], 'r-db');
    expect(fromJson.trades.length).toBeGreaterThan(0);
    expect(fromFeather.trades).toEqual(fromJson.trades);
    expect(fromDb.trades).toEqual(fromJson.trades);
  }, 180_000);
});
