// Exit decisions against freqtrade's IStrategy.should_exit / ft_stoploss_reached, worked by hand
// (issue 15 point 1): the order of checks, the stop on the price tick, exit_profit_offset.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/bot/context.ts';
import type { EngineRuntime } from '../../../src/bot/runtime.ts';
import { STRATEGY_DEFAULTS, type TradingSettings } from '../../../src/bot/settings.ts';
import { evaluateExit } from '../../../src/bot/steps/exits.ts';
import type { TradeRow } from '../../../src/db/schema.ts';
import { shouldExit } from '../../../src/domain/money/exit-checks.ts';
import { openTradeValue } from '../../../src/domain/money/index.ts';
import { AnalyzedStore } from '../../../src/strategy/analyze.ts';
import { frameFromCandles, type Strategy } from '../../../src/strategy/types.ts';
import { ScriptedStrategy } from '../../support/engine.ts';

const T0 = Date.UTC(2024, 5, 1);
const MIN = 60_000;

function trade(over: Partial<TradeRow> = {}): TradeRow {
  const openRate = over.openRate ?? 2977.09;
  const amount = over.amount ?? 1;
  return {
    id: 1,
    exchange: 'binance',
    pair: 'ETH/USDT',
    baseCurrency: 'ETH',
    stakeCurrency: 'USDT',
    isOpen: true,
    feeOpen: 0.001,
    feeOpenCost: null,
    feeOpenCurrency: null,
    feeClose: 0.001,
    feeCloseCost: null,
    feeCloseCurrency: null,
    openRate,
    openRateRequested: openRate,
    openTradeValue: openTradeValue(amount, openRate, 0.001, false),
    closeRate: null,
    closeRateRequested: null,
    realizedProfit: 0,
    closeProfit: null,
    closeProfitAbs: null,
    stakeAmount: amount * openRate,
    maxStakeAmount: amount * openRate,
    amount,
    amountRequested: amount,
    openDate: T0,
    closeDate: null,
    stopLoss: 0,
    stopLossPct: null,
    initialStopLoss: null,
    initialStopLossPct: null,
    isStopLossTrailing: false,
    stoplossLastUpdate: null,
    maxRate: null,
    minRate: null,
    exitReason: null,
    exitOrderStatus: null,
    strategy: 'ScriptedStrategy',
    enterTag: null,
    timeframe: 5,
    tradingMode: 'spot',
    amountPrecision: 0.0001,
    pricePrecision: 0.01,
    precisionMode: 4,
    precisionModePrice: 4,
    contractSize: 1,
    leverage: 1,
    isShort: false,
    liquidationPrice: null,
    interestRate: 0,
    fundingFees: 0,
    orderSeq: 1,
    recordVersion: 1,
    ...over,
  };
}

function setup(settings: Partial<TradingSettings>, signal: { enter?: number; exit?: number; tag?: string } = {}) {
  const strategy: Strategy = new ScriptedStrategy(settings);
  const full: TradingSettings = {
    ...STRATEGY_DEFAULTS,
    order_types: { entry: 'limit', exit: 'limit', stoploss: 'market', stoploss_on_exchange: false },
    ...settings,
    strategyName: 'ScriptedStrategy',
    strategyVersion: null,
  };
  const ctx = { settings: full, strategy, config: { trading_mode: 'spot' } } as unknown as EngineContext;
  const frame = frameFromCandles([[T0, 1, 1, 1, 1, 1]]);
  frame.columns.enter_long = [signal.enter ?? 0];
  frame.columns.exit_long = [signal.exit ?? 0];
  frame.tags.exit_tag = [signal.tag ?? null];
  const analyzed = new AnalyzedStore();
  analyzed.set('ETH/USDT', '5m', 'spot', frame, T0);
  const rt = { analyzed } as unknown as EngineRuntime;
  return { ctx, rt };
}

describe('exit decisions as freqtrade should_exit', () => {
  it('rounds the stop up to the tick from the recorded open rate, and exits at a rate freqtrade exits at', () => {
    // adjust_stop_loss: 2977.09 * (1 - abs(-0.05 / 1)) = 2828.2355000000002; price_to_precision
    // ROUND_UP at 0.01 -> 2828.24. A bid of 2828.24 reaches it (stop_loss >= rate): stop_loss exit.
    const { ctx, rt } = setup({ stoploss: -0.05, minimal_roi: { '0': 10 } });
    const { patch, decisions } = evaluateExit(ctx, rt, trade(), 2828.24, T0 + 10 * MIN);
    expect(patch.stopLoss).toBe(2828.24);
    expect(patch.initialStopLoss).toBe(2828.24);
    expect(decisions).toEqual([{ reason: 'stop_loss', orderType: 'market', exitType: 'stop_loss' }]);
  });

  it('rounds a short stop down to the tick', () => {
    // 2977.09 * (1 + abs(-0.05 / 2)) = 3051.51725 -> ROUND_DOWN at 0.01 -> 3051.51
    const { ctx, rt } = setup({ stoploss: -0.05, minimal_roi: { '0': 10 } });
    const short = trade({ isShort: true, leverage: 2, tradingMode: 'futures' });
    const { patch } = evaluateExit(ctx, rt, short, 3000, T0 + 10 * MIN);
    expect(patch.stopLoss).toBe(3051.51);
  });

  it('takes the exit signal before the stop, and ROI before the trailing stop', () => {
    const { ctx, rt } = setup({ stoploss: -0.05, minimal_roi: { '0': 10 } }, { exit: 1, tag: 'sell_rsi' });
    const { decisions } = evaluateExit(ctx, rt, trade(), 2800, T0 + 10 * MIN);
    expect(decisions).toEqual([
      { reason: 'sell_rsi', orderType: 'limit', exitType: 'exit_signal', exitTag: 'sell_rsi' },
      { reason: 'stop_loss', orderType: 'market', exitType: 'stop_loss' },
    ]);

    // Trailing stop at 3100 * (1 - 0.01) = 3069 -> a bid of 3060 hits it; profit 2.58 % beats ROI 1 %.
    const trailing = setup({
      stoploss: -0.05,
      minimal_roi: { '0': 0.01 },
      trailing_stop: true,
      trailing_stop_positive: 0.01,
      trailing_stop_positive_offset: 0.02,
    });
    const moved = trade({
      stopLoss: 3069,
      stopLossPct: -0.01,
      initialStopLoss: 2828.24,
      initialStopLossPct: -0.05,
      isStopLossTrailing: true,
      maxRate: 3100,
    });
    const out = evaluateExit(trailing.ctx, trailing.rt, moved, 3060, T0 + 10 * MIN);
    expect(out.decisions.map((d) => d.reason)).toEqual(['roi', 'trailing_stop_loss']);
  });

  it('holds an exit signal back until the profit beats exit_profit_offset', () => {
    // profit at 2995: (2995 * 0.999) / (2977.09 * 1.001) - 1 = 0.00401... <= 0.01
    const { ctx, rt } = setup(
      { stoploss: -0.5, minimal_roi: { '0': 10 }, exit_profit_only: true, exit_profit_offset: 0.01 },
      { exit: 1 },
    );
    expect(evaluateExit(ctx, rt, trade(), 2995, T0 + 10 * MIN).decisions).toEqual([]);
    // at 3040: 0.0190... > 0.01
    expect(evaluateExit(ctx, rt, trade(), 3040, T0 + 10 * MIN).decisions).toEqual([
      { reason: 'exit_signal', orderType: 'limit', exitType: 'exit_signal', exitTag: null },
    ]);
  });

  it('asks custom_exit only when no exit signal applies, and uses its reason', () => {
    const { ctx, rt } = setup({ stoploss: -0.5, minimal_roi: { '0': 10 } }, { enter: 1, exit: 1 });
    const asked: number[] = [];
    ctx.strategy.customExit = (args) => {
      asked.push(args.currentRate);
      return 'x'.repeat(300);
    };
    const { decisions } = evaluateExit(ctx, rt, trade(), 3000, T0 + 10 * MIN);
    expect(asked).toEqual([3000]);
    expect(decisions).toEqual([{ reason: 'x'.repeat(255), orderType: 'limit', exitType: 'custom_exit' }]);
  });
});

describe('shouldExit order (property)', () => {
  it('is always: signal or custom exit, stop or liquidation, ROI, trailing stop; each at most once', () => {
    const rank = { exit_signal: 0, custom_exit: 0, stop_loss: 1, liquidation: 1, roi: 2, trailing_stop_loss: 3 };
    fc.assert(
      fc.property(
        fc.record({
          enter: fc.boolean(),
          exit: fc.boolean(),
          useExitSignal: fc.boolean(),
          exitProfitOnly: fc.boolean(),
          exitProfitOffset: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
          currentProfit: fc.double({ min: -1, max: 1, noNaN: true }),
          custom: fc.constantFrom<string | boolean | null>(null, false, true, 'why'),
          stopHit: fc.constantFrom(null, 'stop_loss' as const, 'trailing_stop_loss' as const, 'liquidation' as const),
          roiReached: fc.boolean(),
        }),
        (i) => {
          const exits = shouldExit({ ...i, customExit: () => i.custom });
          const ranks = exits.map((e) => rank[e.exitType]);
          expect([...ranks].sort()).toEqual(ranks);
          expect(new Set(ranks).size).toBe(ranks.length);
          if (i.stopHit) expect(exits.some((e) => e.exitType === i.stopHit)).toBe(true);
          if (i.useExitSignal && i.exit && !i.enter && (!i.exitProfitOnly || i.currentProfit > i.exitProfitOffset)) {
            expect(exits[0].exitType).toBe('exit_signal');
          }
        },
      ),
    );
  });
});
