// freqtrade's wallet capture in backtesting (_capture_wallet, releases from 2025): per candle the
// stake currency's total, then each pair's base currency total at the candle's open, zero totals
// left out. Worked by hand on scripted candles.
import { describe, expect, it } from 'vitest';
import type { WalletCaptures } from '../../../src/backtest/wallet-capture.ts';
import { bars, M5, runScenario, ScriptedStrategy, T0 } from './scripted.ts';

const at = (row: number) => T0 + row * M5;

describe('wallet capture', () => {
  it('spot: the free stake while a trade is open, the base amount at each open, the profit after the exit', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    const candles = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [102, 103, 101, 102],
      [104, 105, 103, 104],
      [104, 104, 104, 104],
    ]);
    let wallet: WalletCaptures | undefined;
    const stats = await runScenario(s, candles, undefined, { fee: 0, onWallet: (_name, w) => (wallet = w) });
    expect(stats.total_trades).toBe(1);
    // Signal on row 0: entry at row 1's open 100 with stake 100 → 1 ETH; the exit signal on row 2
    // sells it at row 3's open 104 → +4 USDT.
    // Row 1: 1000 USDT before the entry; no ETH yet (nothing recorded for a zero balance).
    // Rows 2 and 3: 1000 − 100 = 900 USDT free, 1 ETH valued at the candle's open (102, 104).
    // Row 4: 900 + 104 = 1004 USDT, no ETH.
    const rows = wallet!.date.map((d, i) => [d, wallet!.currency[i], wallet!.rate[i], wallet!.balance[i]]);
    expect(rows).toEqual([
      [at(1), 'USDT', 1, 1000],
      [at(2), 'USDT', 1, 900],
      [at(2), 'ETH', 102, 1],
      [at(3), 'USDT', 1, 900],
      [at(3), 'ETH', 104, 1],
      [at(4), 'USDT', 1, 1004],
    ]);
  });

  it('an unfilled limit entry: its stake counts in the stake currency total, no base amount yet', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    // custom entry price 95 below row 1's low: the order waits; row 2's low 94 fills it.
    s.customEntryPrice = () => 95;
    const candles = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [96, 97, 94, 96],
      [96, 96, 96, 96],
    ]);
    let wallet: WalletCaptures | undefined;
    await runScenario(s, candles, undefined, { fee: 0, onWallet: (_name, w) => (wallet = w) });
    const rows = wallet!.date.map((d, i) => [d, wallet!.currency[i], wallet!.rate[i], wallet!.balance[i]]);
    // Row 2 (order still open at the capture): 1000 − 100 tied up + 100 in the open entry order.
    // Row 3: filled at 95 → 100/95 ETH held, 900 USDT free.
    expect(rows).toEqual([
      [at(1), 'USDT', 1, 1000],
      [at(2), 'USDT', 1, 1000],
      [at(3), 'USDT', 1, 900],
      [at(3), 'ETH', 96, 100 / 95],
    ]);
  });
});
