// Informative timeframes in the backtest (issue 15 point 2): the 1h BTC/USDT candle that opens at
// 01:00 closes at 02:00, so a 5m ETH/USDT strategy sees it from the 01:55 row (the 5m candle that
// closes at 02:00) and enters at the next open, 02:00. With lookahead it would enter at 01:05.

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import { markSignal } from '../../../src/strategy/frame.ts';
import type { Frame, PairMeta, RunMode } from '../../../src/strategy/types.ts';
import { bars, btConfig, ScriptedStrategy, T0 } from './scripted.ts';

const H1 = 3_600_000;

class BtcFilter extends ScriptedStrategy {
  runmodes: RunMode[] = [];
  whitelists: string[][] = [];
  informative = [{ timeframe: '1h', asset: 'BTC/{stake}', populate: (f: Frame) => f }];
  override populateEntryTrend(frame: Frame, meta?: PairMeta): Frame {
    if (meta?.dp) {
      this.runmodes.push(meta.dp.runmode);
      this.whitelists.push(meta.dp.currentWhitelist());
    }
    const btc = frame.columns.btc_usdt_close_1h;
    markSignal(
      frame,
      'enter_long',
      frame.date.map((_, i) => (btc[i] ?? 0) > 150),
      'btc_strong',
    );
    return frame;
  }
}

describe('informative timeframes in the backtest', () => {
  it('loads the informative candles and shows each 1h candle only once it has closed', async () => {
    const strategy = new BtcFilter();
    const eth = bars(Array.from({ length: 48 }, () => [100, 100, 100, 100]));
    const btc = bars(
      [
        [100, 100, 100, 100],
        [100, 200, 100, 200],
        [200, 200, 100, 100],
        [100, 100, 100, 100],
      ],
      T0,
      H1,
    );
    const asked: string[] = [];
    const result = await runBacktest(btConfig(), {
      strategies: [strategy],
      loadCandles: (pair, timeframe, candleType) => {
        asked.push(`${pair} ${timeframe} ${candleType}`);
        if (pair === 'ETH/USDT' && timeframe === '5m') return eth;
        if (pair === 'BTC/USDT' && timeframe === '1h') return btc;
        return [];
      },
      fee: 0.001,
      now: () => T0,
    });
    expect(asked).toContain('BTC/USDT 1h spot');
    expect(strategy.runmodes).toEqual(['backtest']);
    expect(strategy.whitelists).toEqual([['ETH/USDT']]);
    const trades = (result.strategy.BtcFilter as Record<string, any>).trades;
    expect(trades).toHaveLength(1);
    expect(trades[0].open_date).toBe('2024-01-01 02:00:00+00:00');
    expect(trades[0].enter_tag).toBe('btc_strong');
  });
});
