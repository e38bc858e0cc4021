// The Node job gives a futures backtest on the offline exchange its leverage tiers (the brackets
// the offline futures markets publish, as the live bot gets them): the leverage a strategy asks
// for is capped by freqtrade's get_max_leverage over those tiers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { runBacktestJob } from '../../../src/hosts/node/backtest/job.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { M5, T0 } from './scripted.ts';

const root = mkdtempSync(join(tmpdir(), 'tickhub-btfut-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('futures backtest job on the offline exchange', () => {
  it('caps a 50x request at the first bracket’s 20x (stake 100 < the next bracket’s floor 50000 / 10)', async () => {
    let p = 100;
    const candles: Candle[] = Array.from({ length: 3000 }, (_, i) => {
      const o = p;
      p *= 1 + Math.sin(i / 40) * 0.002;
      return [T0 + i * M5, o, Math.max(o, p) * 1.0005, Math.min(o, p) * 0.9995, p, 1];
    });
    const datadir = join(root, 'data');
    writePairData(datadir, 'BTC/USDT:USDT', '5m', 'futures', candles, 'json');
    mkdirSync(join(root, 'ud', 'strategies'), { recursive: true });
    writeFileSync(
      join(root, 'ud', 'strategies', 'Levered.ts'),
      `import { MaCrossStrategy } from '${join(REPO_ROOT, 'src', 'strategy', 'builtin', 'MaCrossStrategy.ts')}';
export class Levered extends MaCrossStrategy {
  stoploss = -0.99;
  leverage() { return 50; }
}
`,
    );
    const config = configSchema.parse({
      user_data_dir: join(root, 'ud'),
      stake_amount: 100,
      max_open_trades: 1,
      trading_mode: 'futures',
      margin_mode: 'isolated',
      exchange: { name: 'offline', pair_whitelist: ['BTC/USDT:USDT'] },
    });
    const job = await runBacktestJob({
      config,
      strategies: ['Levered'],
      overrides: { fee: 0.001 },
      datadir,
      export: 'none',
    });
    const trades = (job.result.strategy.Levered as Record<string, any>).trades as Record<string, any>[];
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) expect(t.leverage).toBe(20);
  }, 120_000);
});
