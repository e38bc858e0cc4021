// Worked futures scenarios with leverage tiers, as freqtrade's backtesting uses them: the
// maintenance margin rate and amount of the tier the stake falls in feed the exchange's
// liquidation formula (update_liquidation_prices), and the tiers cap the leverage
// (get_max_leverage). Expected values computed by hand.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import type { LeverageTier } from '../../../src/domain/money/index.ts';
import { bars, btConfig, flat, ScriptedStrategy, T0, type Trade } from './scripted.ts';

const PAIR = 'ETH/USDT:USDT';

const tiers: LeverageTier[] = [
  { minNotional: 0, maxNotional: 1000, maintenanceMarginRate: 0.004, maxLeverage: 20, maintAmt: 0 },
  { minNotional: 1000, maxNotional: 5000, maintenanceMarginRate: 0.01, maxLeverage: 5, maintAmt: 6 },
];

async function run(s: ScriptedStrategy, exchange: string, candles = bars([[100, 100, 100, 100], ...flat(100, 5)])) {
  const config = btConfig({
    trading_mode: 'futures',
    margin_mode: 'isolated',
    exchange: { name: exchange, pair_whitelist: [PAIR] },
  });
  const result = await runBacktest(config, {
    strategies: [s],
    loadCandles: (_p, tf, type) => (tf === '5m' && type !== 'mark' && type !== 'funding_rate' ? candles : []),
    fee: 0.001,
    now: () => T0,
    leverageTiers: { [PAIR]: tiers },
  });
  return result.strategy.ScriptedStrategy as Record<string, any>;
}

describe('backtest leverage tiers', () => {
  it('binance: the short is liquidated at the price of its tier (mmr 0.4 %, maintAmt 0), before its stop', async () => {
    const s = new ScriptedStrategy();
    s.can_short = true;
    s.stoploss = -0.99;
    s.leverage = () => 5;
    s.script = { enterShort: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [110, 119, 109, 115], ...flat(115, 3)]);
    const t: Trade = (await run(s, 'binance', candles)).trades[0];
    // stake 100 → amount 5, margin 100, tier 1 (stake 100 ≥ 0). Binance isolated, short (side −1):
    // (wallet + maintAmt + amount·open) / (amount·mmr + amount) = (100 + 0 + 500) / (0.02 + 5) = 600 / 5.02
    const raw = 600 / 5.02;
    const liq = raw - (raw - 100) * 0.05; // liquidation_buffer 5 % of the distance to the open
    expect(t.leverage).toBe(5);
    expect(t.amount).toBe(5);
    expect(t.stop_loss_abs).toBeCloseTo(119.8, 10); // 100 · (1 + 0.99 / 5): farther than the liquidation
    expect(t.exit_reason).toBe('liquidation');
    expect(t.close_rate).toBeCloseTo(liq, 10);
  });

  it('other exchanges use the generic formula with the tier rate instead of the fixed 1 %', async () => {
    const s = new ScriptedStrategy();
    s.can_short = true;
    s.stoploss = -0.99;
    s.leverage = () => 5;
    s.script = { enterShort: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [105, 119, 104, 110], ...flat(110, 3)]);
    const t: Trade = (await run(s, 'offline', candles)).trades[0];
    // (open + margin/amount) / (1 + mmr + taker fee) = (100 + 20) / (1 + 0.004 + 0.001); the
    // fixed 1 % would give 120 / 1.011 − buffer ≈ 117.76.
    const raw = 120 / 1.005;
    expect(t.exit_reason).toBe('liquidation');
    expect(t.close_rate).toBeCloseTo(raw - (raw - 100) * 0.05, 10);
  });

  it('the tiers cap the leverage the strategy may take (get_max_leverage)', async () => {
    const s = new ScriptedStrategy();
    s.can_short = true;
    const offered: number[] = [];
    s.leverage = (a) => {
      offered.push(a.maxLeverage);
      return 50;
    };
    s.script = { enterLong: [0] };
    const t: Trade = (await run(s, 'offline')).trades[0];
    // stake 100: the next tier's floor 1000 / 5 = 200 > 100, so min(1000 / 100, 20) = 10.
    expect(offered).toEqual([10]);
    expect(t.leverage).toBe(10);
    expect(t.amount).toBe(10); // 100 / 100 · 10
  });
});
