// --export signals: freqtrade's backtesting-analysis data (generate_trade_signal_candles for the
// open and close of each trade, generate_rejected_signals for entries refused for want of a slot),
// worked by hand on scripted candles, and the three files written into the result zip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import type { SignalAnalysis } from '../../../src/backtest/signals.ts';
import { configSchema } from '../../../src/config/schema.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { runBacktestJob } from '../../../src/hosts/node/backtest/job.ts';
import { backtestResultFiles, readZipEntry, resultStem } from '../../../src/hosts/node/backtest/results-store.ts';
import { bars, btConfig, M5, ScriptedStrategy, T0 } from './scripted.ts';

const root = mkdtempSync(join(tmpdir(), 'tickhub-signals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const at = (row: number) => T0 + row * M5;

describe('--export signals data', () => {
  it('signal candle before each open, exit candle before each close, rejected candles with pair and tag', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    // Both pairs get the same candles; one slot: ETH/USDT (first in the whitelist) enters at row 1,
    // BTC/USDT's entry on row 1 is rejected.
    const candles = bars([
      [100, 100, 100, 100],
      [101, 101, 101, 101],
      [102, 102, 102, 102],
      [103, 103, 103, 103],
      [104, 104, 104, 104],
    ]);
    const got: Record<string, SignalAnalysis> = {};
    const result = await runBacktest(btConfig({ exchange: { pair_whitelist: ['ETH/USDT', 'BTC/USDT'] } }), {
      strategies: [s],
      loadCandles: () => candles,
      fee: 0.001,
      now: () => T0,
      onSignals: (name, a) => (got[name] = a),
    });
    const stats = result.strategy.ScriptedStrategy as Record<string, any>;
    expect(stats.rejected_signals).toBe(1);
    const a = got.ScriptedStrategy;
    // The ETH trade opened at row 1 (00:05): its signal candle is row 0, the last before the open.
    expect(a.signals['ETH/USDT']).toHaveLength(1);
    expect(a.signals['ETH/USDT'][0]).toMatchObject({ date: at(0), open: 100, close: 100, enter_long: 1 });
    expect(a.signals['ETH/USDT'][0].enter_tag).toBe('scripted');
    expect(a.signals['BTC/USDT']).toEqual([]);
    // It closed at row 3 (exit signal on row 2): the exit candle is row 2.
    expect(a.exited['ETH/USDT']).toHaveLength(1);
    expect(a.exited['ETH/USDT'][0]).toMatchObject({ date: at(2), close: 102, exit_long: 1 });
    // freqtrade keeps the candle the rejected entry would have opened on (row 1), with pair and enter_tag.
    expect(a.rejected).toEqual({
      'BTC/USDT': [expect.objectContaining({ date: at(1), open: 101, pair: 'BTC/USDT', enter_tag: 'scripted' })],
    });
  });

  it('the job writes <stem>_signals/_rejected/_exited.json into the result zip, readable as JSON', async () => {
    let p = 100;
    const candles: Candle[] = Array.from({ length: 3000 }, (_, i) => {
      const o = p;
      p *= 1 + Math.sin(i / 40) * 0.004;
      return [T0 + i * M5, o, Math.max(o, p) * 1.001, Math.min(o, p) * 0.999, p, 1];
    });
    const datadir = join(root, 'data');
    writePairData(datadir, 'BTC/USDT', '5m', 'spot', candles, 'json');
    writePairData(datadir, 'ETH/USDT', '5m', 'spot', candles, 'json');
    const config = configSchema.parse({
      user_data_dir: join(root, 'ud'),
      stake_amount: 100,
      max_open_trades: 1,
      exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT'] },
    });
    const job = await runBacktestJob({
      config,
      strategies: ['MaCrossStrategy'],
      overrides: { fee: 0.001 },
      datadir,
      export: 'signals',
    });
    const stats = job.result.strategy.MaCrossStrategy as Record<string, any>;
    expect(stats.total_trades).toBeGreaterThan(0);
    expect(stats.rejected_signals).toBeGreaterThan(0); // identical pairs, one slot
    const zip = job.stored!.file;
    const stem = resultStem(zip);
    expect(job.stored!.entries.slice(-3)).toEqual([
      `${stem}_signals.json`,
      `${stem}_rejected.json`,
      `${stem}_exited.json`,
    ]);
    const entry = (name: string) => JSON.parse(new TextDecoder().decode(readZipEntry(zip, `${stem}_${name}.json`)));
    const signals = entry('signals');
    const rejected = entry('rejected');
    const exited = entry('exited');
    const rows = Object.values(signals.MaCrossStrategy as Record<string, unknown[]>).flat();
    expect(rows).toHaveLength(stats.total_trades);
    expect(Object.values(exited.MaCrossStrategy as Record<string, unknown[]>).flat()).toHaveLength(stats.total_trades);
    expect(Object.values(rejected.MaCrossStrategy as Record<string, unknown[]>).flat()).toHaveLength(
      stats.rejected_signals,
    );
    // Every signal candle carries the indicators and the entry signal that opened the trade.
    for (const row of rows as Record<string, number>[]) {
      expect(row.enter_long).toBe(1);
      expect(typeof row.ema_fast).toBe('number');
      expect(typeof row.date).toBe('number');
    }
    // The history listing sees the zip, nothing else.
    expect(backtestResultFiles(dirname(zip))).toEqual([zip]);
  }, 120_000);
});
