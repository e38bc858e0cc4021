// lookahead-analysis flags a strategy that reads the next candle; recursive-analysis shows an EMA
// moving with the startup length while an SMA does not. The CLI prints freqtrade's table.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { lookaheadAnalysis, recursiveAnalysis } from '../../../src/backtest/analysis.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { BaseStrategy } from '../../../src/strategy/base.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/MaCrossStrategy.ts';
import { markSignal, setColumn, shift } from '../../../src/strategy/frame.ts';
import { ema, sma } from '../../../src/strategy/indicators/index.ts';
import type { Frame } from '../../../src/strategy/types.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { walk as randomWalk } from './scripted.ts';

/** Enters when the NEXT candle closes higher: it reads the future through shift(-1). */
class PeekingStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  populateIndicators(frame: Frame): Frame {
    setColumn(frame, 'next_close', shift(frame.close, -1));
    setColumn(frame, 'sma10', sma(frame.close, 10));
    return frame;
  }
  populateEntryTrend(frame: Frame): Frame {
    const next = frame.columns.next_close;
    markSignal(
      frame,
      'enter_long',
      frame.close.map((c, i) => next[i] !== null && (next[i] as number) > c * 1.002),
    );
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    markSignal(
      frame,
      'exit_long',
      frame.close.map(() => false),
    );
    return frame;
  }
}

/** Candles without wicks: high and low are the body's ends. */
const walk = (n: number, seed: number) => randomWalk(n, seed, [1, 1]);

const dir = mkdtempSync(join(tmpdir(), 'tickhub-bta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lookahead-analysis', () => {
  const data = new Map([['BTC/USDT', walk(1500, 3)]]);

  it('flags the strategy that peeks at the next candle, with the biased indicator and entry signals', () => {
    const r = lookaheadAnalysis(new PeekingStrategy(), data, '5m');
    expect(r.has_bias).toBe(true);
    expect(r.total_signals).toBe(20);
    expect(r.biased_entry_signals).toBe(20);
    expect(r.biased_indicators).toEqual(['next_close']);
  });

  it('finds no bias in MaCrossStrategy', () => {
    const r = lookaheadAnalysis(new MaCrossStrategy(), data, '5m');
    expect(r.total_signals).toBeGreaterThanOrEqual(10);
    expect(r).toMatchObject({
      has_bias: false,
      biased_entry_signals: 0,
      biased_exit_signals: 0,
      biased_indicators: [],
    });
  });
});

describe('recursive-analysis', () => {
  it('an EMA depends on the startup length, an SMA with enough history does not', () => {
    class Both extends PeekingStrategy {
      override populateIndicators(frame: Frame): Frame {
        setColumn(frame, 'ema50', ema(frame.close, 50));
        setColumn(frame, 'sma10', sma(frame.close, 10));
        return frame;
      }
      override populateEntryTrend(frame: Frame): Frame {
        return frame;
      }
    }
    const r = recursiveAnalysis(new Both(), 'BTC/USDT', walk(1500, 5), '5m', [20, 100, 1000]);
    expect(r.startupCandles).toEqual([20, 100, 1000]);
    expect(r.indicators.sma10).toEqual([null, null, null]);
    expect(r.indicators.ema50[0]).not.toBeNull();
    expect(r.indicators.ema50[2]).toBeNull();
  });
});

describe('npm run lookahead-analysis', () => {
  it('loads a user strategy and prints the verdict table', async () => {
    const ud = join(dir, 'ud');
    mkdirSync(join(ud, 'strategies'), { recursive: true });
    writeFileSync(
      join(ud, 'strategies', 'Peek.ts'),
      `import { BaseStrategy, markSignal, setColumn, shift } from '${join(REPO_ROOT, 'src', 'strategy', 'index.ts')}';
export class Peek extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  populateIndicators(frame) { setColumn(frame, 'next_close', shift(frame.close, -1)); return frame; }
  populateEntryTrend(frame) {
    const next = frame.columns.next_close;
    markSignal(frame, 'enter_long', frame.close.map((c, i) => next[i] !== null && next[i] > c * 1.002));
    return frame;
  }
  populateExitTrend(frame) { return frame; }
}
`,
    );
    writePairData(join(ud, 'data', 'offline'), 'BTC/USDT', '5m', 'spot', walk(1500, 3), 'json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'src', 'cli', 'lookahead-analysis.ts'),
        '--user-data-dir',
        ud,
        '--strategy',
        'Peek',
        '--pairs',
        'BTC/USDT',
      ],
      { cwd: dir, timeout: 120_000 },
    );
    expect(stdout).toContain('LOOKAHEAD ANALYSIS');
    expect(stdout).toMatch(/│ +Peek │ +true │ +20 │ +20 │ +0 │ +next_close │/);
  }, 120_000);
});
