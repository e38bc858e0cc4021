// A strategy whose signals are scripted per candle index, and candle builders, for the
// backtest's worked scenarios.

import { type BacktestOptions, runBacktest } from '../../../src/backtest/run.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { configSchema } from '../../../src/config/schema.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { BaseStrategy } from '../../../src/strategy/base.ts';
import { markSignal } from '../../../src/strategy/frame.ts';
import type { Frame, Strategy } from '../../../src/strategy/types.ts';

export const T0 = Date.UTC(2024, 0, 1);
export const M5 = 300_000;

/** Candles from [open, high, low, close] rows, 5 minutes apart from T0. */
export function bars(rows: [number, number, number, number][], start = T0, step = M5): Candle[] {
  return rows.map(([o, h, l, c], i) => [start + i * step, o, h, l, c, 100]);
}

export interface Script {
  enterLong?: number[];
  exitLong?: number[];
  enterShort?: number[];
  exitShort?: number[];
}

export class ScriptedStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override minimal_roi: Record<string, number> = { '0': 10 };
  script: Script = {};
  customEntryPrice?: Strategy['customEntryPrice'];
  customStakeAmount?: Strategy['customStakeAmount'];
  adjustTradePosition?: Strategy['adjustTradePosition'];
  leverage?: Strategy['leverage'];
  customExitPrice?: Strategy['customExitPrice'];
  confirmTradeExit?: Strategy['confirmTradeExit'];
  confirmTradeEntry?: Strategy['confirmTradeEntry'];
  checkEntryTimeout?: Strategy['checkEntryTimeout'];
  checkExitTimeout?: Strategy['checkExitTimeout'];
  adjustEntryPrice?: Strategy['adjustEntryPrice'];
  adjustExitPrice?: Strategy['adjustExitPrice'];
  orderFilled?: Strategy['orderFilled'];
  botLoopStart?: Strategy['botLoopStart'];
  botStart?: Strategy['botStart'];
  customStoploss?: Strategy['customStoploss'];
  customRoi?: Strategy['customRoi'];

  populateIndicators(frame: Frame): Frame {
    return frame;
  }

  private mark(frame: Frame, name: 'enter_long' | 'exit_long' | 'enter_short' | 'exit_short', rows?: number[]) {
    markSignal(
      frame,
      name,
      frame.date.map((_, i) => rows?.includes(i) ?? false),
      name.startsWith('enter') ? 'scripted' : undefined,
    );
  }

  populateEntryTrend(frame: Frame): Frame {
    this.mark(frame, 'enter_long', this.script.enterLong);
    this.mark(frame, 'enter_short', this.script.enterShort);
    return frame;
  }

  populateExitTrend(frame: Frame): Frame {
    this.mark(frame, 'exit_long', this.script.exitLong);
    this.mark(frame, 'exit_short', this.script.exitShort);
    return frame;
  }
}

export function btConfig(overrides: ConfigInput = {}) {
  return configSchema.parse({
    stake_currency: 'USDT',
    stake_amount: 100,
    max_open_trades: 1,
    dry_run_wallet: 1000,
    exchange: { pair_whitelist: ['ETH/USDT'] },
    ...overrides,
  });
}

/** A backtest trade or result as the JSON the report gives. */
export type Trade = Record<string, any>;

/** `n` flat candle rows at price `p`. */
export const flat = (p: number, n: number): [number, number, number, number][] =>
  Array.from({ length: n }, () => [p, p, p, p]);

/** One backtest of `strategy` over `candles` (its timeframe only), fee 0.1%; the strategy's result. */
export async function runScenario(
  strategy: ScriptedStrategy,
  candles: Candle[],
  config = btConfig(),
  extra: Partial<BacktestOptions> = {},
): Promise<Record<string, any>> {
  const result = await runBacktest(config, {
    strategies: [strategy],
    loadCandles: (_pair, timeframe, candleType) =>
      timeframe === strategy.timeframe && candleType !== 'mark' && candleType !== 'funding_rate' ? candles : [],
    fee: 0.001,
    now: () => T0,
    ...extra,
  });
  return result.strategy.ScriptedStrategy as Record<string, any>;
}

/**
 * A seeded random walk of `n` candles from T0, 5 minutes apart, starting at 100; high and low are
 * the body's ends times `wicks` ([1, 1]: no wicks).
 */
export function walk(n: number, seed: number, wicks: [number, number] = [1.001, 0.999]): Candle[] {
  let s = seed;
  let p = 100;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 16807) % 2147483647;
    const o = p;
    p *= 1 + (s / 2147483647 - 0.5) * 0.01;
    return [T0 + i * M5, o, Math.max(o, p) * wicks[0], Math.min(o, p) * wicks[1], p, 1] as Candle;
  });
}
