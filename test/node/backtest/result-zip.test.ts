// The result zip as the current freqtrade release writes it (store_backtest_results): its entries
// under freqtrade's names, the same bytes for the same inputs, the market change feather read
// back with apache-arrow, secrets kept out of the zipped config, and a 2024.10-style json result
// still found by the --cache lookup (find_existing_backtest_stats reads both).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestResult } from '../../../packages/client/src/schemas/index.ts';
import { configSchema } from '../../../src/config/schema.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { type BacktestJob, runBacktestJob } from '../../../src/hosts/node/backtest/job.ts';
import {
  LAST_BT_RESULT_FN,
  loadBacktestResult,
  metadataFilename,
  resultStem,
} from '../../../src/hosts/node/backtest/results-store.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { walk } from './scripted.ts';

const root = mkdtempSync(join(tmpdir(), 'tickhub-btzip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RUN_TIME = Date.UTC(2024, 5, 3, 14, 7, 9);
const SECRETS = {
  key: 'exchange-key-0123456789',
  secret: 'exchange-secret-0123456789',
  password: 'api-password-0123456789',
  telegram: '123456:telegram-token-abcdef',
};
const candles: Record<string, Candle[]> = { 'BTC/USDT': walk(3000, 5), 'ETH/USDT': walk(2500, 77) };
const datadir = join(root, 'data');
for (const [pair, c] of Object.entries(candles)) writePairData(datadir, pair, '5m', 'spot', c, 'json');

/** A user_data folder with the strategy Quick (a MaCrossStrategy) and its parameter file. */
function userData(name: string): string {
  const ud = join(root, name);
  mkdirSync(join(ud, 'strategies'), { recursive: true });
  writeFileSync(
    join(ud, 'strategies', 'Quick.ts'),
    `import { MaCrossStrategy } from '${join(REPO_ROOT, 'src', 'strategy', 'builtin', 'MaCrossStrategy.ts')}';
export class Quick extends MaCrossStrategy {}
`,
  );
  writeFileSync(join(ud, 'strategies', 'Quick.json'), JSON.stringify({ strategy_name: 'Quick', params: {} }));
  return ud;
}

const job = (ud: string, extra: Partial<BacktestJob> = {}): BacktestJob => ({
  config: configSchema.parse({
    user_data_dir: ud,
    stake_amount: 100,
    max_open_trades: 2,
    exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT'], key: SECRETS.key, secret: SECRETS.secret },
    api_server: { enabled: false, username: 'u', password: SECRETS.password },
    telegram: { enabled: false, token: SECRETS.telegram, chat_id: '42' },
  }),
  strategies: ['Quick'],
  overrides: { fee: 0.001, timerange: '20240102-20240110' },
  datadir,
  export: 'trades',
  fixedTime: RUN_TIME,
  ...extra,
});

describe('backtest result zip', () => {
  it("holds freqtrade's entries, parsed back by tickhub-client's schemas; secrets redacted", async () => {
    const ud = userData('entries');
    const run = await runBacktestJob(job(ud));
    const dir = join(ud, 'backtest_results');
    const stem = 'backtest-result-2024-06-03_14-07-09';
    expect(run.stored).toEqual({
      file: join(dir, `${stem}.zip`),
      metaFile: join(dir, `${stem}.meta.json`),
      entries: [
        `${stem}.json`,
        `${stem}_config.json`,
        `${stem}_Quick.ts`,
        `${stem}_Quick.json`,
        `${stem}_market_change.feather`,
        `${stem}_Quick_wallet.feather`,
      ],
    });
    expect(readdirSync(dir).sort()).toEqual([LAST_BT_RESULT_FN, `${stem}.meta.json`, `${stem}.zip`]);
    expect(JSON.parse(readFileSync(join(dir, LAST_BT_RESULT_FN), 'utf8'))).toEqual({ latest_backtest: `${stem}.zip` });

    const zipped = unzipSync(readFileSync(run.stored!.file));
    expect(Object.keys(zipped)).toEqual(run.stored!.entries);
    const text = (name: string) => new TextDecoder().decode(zipped[`${stem}${name}`]);
    const metadata = JSON.parse(readFileSync(run.stored!.metaFile, 'utf8'));
    const typed = BacktestResult.parse({ metadata, ...JSON.parse(text('.json')) });
    expect(typed.strategy.Quick.total_trades).toBeGreaterThan(0);
    expect(typed.strategy.Quick.trades).toHaveLength(typed.strategy.Quick.total_trades);
    expect(typed.metadata.Quick.backtest_start_time).toBe(RUN_TIME / 1000);
    expect(loadBacktestResult(run.stored!.file)).toEqual(run.result);
    expect(text('_Quick.ts')).toBe(readFileSync(join(ud, 'strategies', 'Quick.ts'), 'utf8'));
    expect(JSON.parse(text('_Quick.json'))).toEqual({ strategy_name: 'Quick', params: {} });

    const config = text('_config.json');
    for (const secret of Object.values(SECRETS)) expect(config).not.toContain(secret);
    const parsed = JSON.parse(config);
    expect(parsed.exchange).toMatchObject({
      key: 'REDACTED',
      secret: 'REDACTED',
      pair_whitelist: ['BTC/USDT', 'ETH/USDT'],
    });
    expect(parsed.api_server.password).toBe('REDACTED');
    expect(parsed.telegram).toMatchObject({ token: 'REDACTED', chat_id: 'REDACTED' });
    expect(parsed.stake_amount).toBe(100);
  }, 120_000);

  it('the same inputs give a byte-identical zip and metadata', async () => {
    const ud = userData('same');
    const a = await runBacktestJob(job(ud));
    const [zipA, metaA] = [readFileSync(a.stored!.file), readFileSync(a.stored!.metaFile, 'utf8')];
    rmSync(join(ud, 'backtest_results'), { recursive: true });
    const b = await runBacktestJob(job(ud));
    expect(b.stored!.file).toBe(a.stored!.file);
    expect(Buffer.compare(zipA, readFileSync(b.stored!.file))).toBe(0);
    expect(readFileSync(b.stored!.metaFile, 'utf8')).toBe(metaA);
    // Entry times are the run's time (UTC), not the wall clock: DOS date/time of 2024-06-03 14:07:08.
    const bytes = zipA;
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    const dosTime = (14 << 11) | (7 << 5) | (9 >> 1);
    const dosDate = ((2024 - 1980) << 9) | (6 << 5) | 3;
    expect([bytes.readUInt16LE(10), bytes.readUInt16LE(12)]).toEqual([dosTime, dosDate]);
  }, 120_000);

  it('market change feather: the mean close of the pairs per candle, read back with apache-arrow', async () => {
    const run = await runBacktestJob(job(userData('market')));
    const stem = resultStem(run.stored!.file);
    const feather = unzipSync(readFileSync(run.stored!.file))[`${stem}_market_change.feather`];
    const table = tableFromIPC(feather);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'date:Timestamp<NANOSECOND, UTC>',
      'mean:Float64',
      'rel_mean:Float64',
      'count:Int64',
    ]);
    // Independently from the candle files: rows in [backtest start, backtest end), freqtrade's
    // row mean over the pairs' closes and the count column, cumulative pct change of that mean.
    const meta = run.result.metadata.Quick;
    const from = meta.backtest_start_ts * 1000;
    const to = meta.backtest_end_ts * 1000;
    const dates = [...new Set(Object.values(candles).flatMap((c) => c.map((k) => k[0])))]
      .filter((t) => t >= from && t < to)
      .sort((x, y) => x - y);
    expect(table.numRows).toBe(dates.length);
    const date = table.getChild('date')!.toArray() as BigInt64Array;
    const mean = table.getChild('mean')!.toArray() as Float64Array;
    const relMean = table.getChild('rel_mean')!.toArray() as Float64Array;
    const count = table.getChild('count')!.toArray() as BigInt64Array;
    let rel = 0;
    let previous = 0;
    dates.forEach((t, i) => {
      const closes = Object.values(candles)
        .map((c) => c.find((k) => k[0] === t))
        .filter((k) => k !== undefined)
        .map((k) => k[4]);
      const expected = (closes.reduce((s, x) => s + x, 0) + closes.length) / (closes.length + 1);
      if (i > 0) rel += expected / previous - 1;
      previous = expected;
      expect(date[i]).toBe(BigInt(t) * 1_000_000n);
      expect(count[i]).toBe(BigInt(closes.length));
      expect(mean[i]).toBeCloseTo(expected, 12);
      expect(relMean[i]).toBeCloseTo(rel, 9);
    });
    // ETH/USDT's candles end first: the last rows count one pair.
    expect(count[0]).toBe(2n);
    expect(count[dates.length - 1]).toBe(1n);
  }, 120_000);

  it('wallet feather: the stake currency at every candle and the coins held, read back with apache-arrow', async () => {
    const run = await runBacktestJob(job(userData('wallet')));
    const stem = resultStem(run.stored!.file);
    const table = tableFromIPC(unzipSync(readFileSync(run.stored!.file))[`${stem}_Quick_wallet.feather`]);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'index:Int64',
      'date:Timestamp<NANOSECOND, UTC>',
      'currency:Utf8',
      'rate:Float64',
      'balance:Float64',
    ]);
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => BigInt(i)));
    const stake = rows.filter((r) => r.currency === 'USDT');
    // One stake row per simulated candle (start + 1 candle … end), from the starting balance.
    const meta = run.result.metadata.Quick;
    expect(stake).toHaveLength((meta.backtest_end_ts - meta.backtest_start_ts) / 300);
    expect(stake[0]).toMatchObject({ rate: 1, balance: 1000 });
    // apache-arrow hands timestamps back in ms.
    expect(stake[0].date).toBe(meta.backtest_start_ts * 1000 + 300_000);
    // Coins appear only while a trade holds them, valued at a candle open of their pair.
    const coins = rows.filter((r) => r.currency !== 'USDT');
    expect(new Set(coins.map((r) => r.currency))).toEqual(new Set(['BTC', 'ETH']));
    for (const r of coins) {
      const pair = `${r.currency}/USDT`;
      const candle = candles[pair].find((c) => c[0] === r.date);
      expect(r.rate).toBe(candle![1]);
      expect(r.balance).toBeGreaterThan(0);
    }
  }, 120_000);

  it('--cache finds a 2024.10-style json result beside the zips', async () => {
    const ud = userData('cache');
    const dir = join(ud, 'backtest_results');
    const live = (extra: Partial<BacktestJob> = {}) => job(ud, { fixedTime: undefined, cache: 'day', ...extra });
    const first = await runBacktestJob(live());
    // The same run in 2024.10's layout: plain <stem>.json + .meta.json; the zip removed.
    const old = loadBacktestResult(first.stored!.file);
    const legacy = join(dir, 'backtest-result-2024-01-01_00-00-00.json');
    writeFileSync(legacy, JSON.stringify({ strategy: old.strategy, strategy_comparison: old.strategy_comparison }));
    writeFileSync(metadataFilename(legacy), JSON.stringify(old.metadata));
    unlinkSync(first.stored!.file);
    unlinkSync(first.stored!.metaFile);

    const warnings: string[] = [];
    const again = await runBacktestJob(live(), undefined, (w) => warnings.push(w));
    expect(again.cached).toBe(legacy);
    expect(again.stored).toBeNull();
    expect(warnings).toEqual([`Reusing result of previous backtest ${legacy} (--cache day).`]);
    expect(again.result.strategy.Quick).toEqual(old.strategy.Quick);
  }, 120_000);
});
