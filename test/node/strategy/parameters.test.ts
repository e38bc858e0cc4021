import { describe, expect, it } from 'vitest';
import { BaseStrategy } from '../../../src/strategy/base.ts';
import {
  BooleanParameter,
  CategoricalParameter,
  DecimalParameter,
  describeParameters,
  detectParameters,
  IntParameter,
  loadParameters,
  RealParameter,
} from '../../../src/strategy/parameters.ts';
import type { Frame } from '../../../src/strategy/types.ts';

class ParamStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  buy_rsi = new IntParameter(10, 40, { default: 30 });
  buy_factor = new DecimalParameter([0.5, 2], { default: 1.23456, decimals: 2 });
  exit_fast = new RealParameter(0.1, 0.9, { default: 0.5, space: 'sell' });
  sell_mode = new CategoricalParameter(['close', 'ema', 'sma'], { default: 'ema' });
  protect_on = new BooleanParameter({ default: true, space: 'protection', optimize: false });
  sell_fixed = new IntParameter(1, 5, { default: 2, load: false });
  buy_params = { buy_rsi: 25 };
  populateIndicators(f: Frame) {
    return f;
  }
  populateEntryTrend(f: Frame) {
    return f;
  }
  populateExitTrend(f: Frame) {
    return f;
  }
}

describe('strategy parameters', () => {
  it("validates spaces with freqtrade's messages", () => {
    expect(() => new IntParameter([1, 2], 3, { default: 1 })).toThrow('IntParameter space invalid.');
    expect(() => new DecimalParameter([1] as unknown as [number, number], { default: 1 })).toThrow(
      'DecimalParameter space must be [low, high]',
    );
    expect(() => new CategoricalParameter(['a'])).toThrow(
      'CategoricalParameter space must be [a, b, ...] (at least two parameters)',
    );
    expect(new DecimalParameter(0, 1, { default: 0.12345 }).value).toBe(0.123);
    expect(new CategoricalParameter(['x', 'y']).value).toBe('x');
  });

  it('detects by space (explicit space or name prefix), sorted by name', () => {
    const s = new ParamStrategy();
    expect(detectParameters(s, 'buy').map(([n]) => n)).toEqual(['buy_factor', 'buy_rsi']);
    expect(detectParameters(s, 'sell').map(([n]) => n)).toEqual(['exit_fast', 'sell_fixed', 'sell_mode']);
    expect(detectParameters(s, 'protection').map(([n]) => n)).toEqual(['protect_on']);
  });

  it('file values beat buy_params beat defaults; load=false keeps the default; settings come from the file', () => {
    const s = new ParamStrategy();
    const file = JSON.stringify({
      strategy_name: 'ParamStrategy',
      params: {
        buy: { buy_factor: 1.5 },
        sell: { sell_mode: 'sma', sell_fixed: 4 },
        roi: { '0': 0.2, '30': 0.05 },
        stoploss: { stoploss: -0.05 },
        trailing: { trailing_stop: true, trailing_stop_positive: 0.01 },
      },
      ft_stratparam_v: 1,
    });
    const { params, messages } = loadParameters(s, file);
    expect(s.buy_rsi.value).toBe(25);
    expect(s.buy_factor.value).toBe(1.5);
    expect(s.sell_mode.value).toBe('sma');
    expect(s.sell_fixed.value).toBe(2);
    expect(s.stoploss).toBe(-0.05);
    expect(s.minimal_roi).toEqual({ '0': 0.2, '30': 0.05 });
    expect(s.trailing_stop).toBe(true);
    expect(s.trailing_stop_positive).toBe(0.01);
    expect(messages).toContainEqual({ level: 'info', text: 'Strategy Parameter: buy_rsi = 25' });
    expect(messages).toContainEqual({
      level: 'warning',
      text: 'Parameter "sell_fixed" exists, but is disabled. Default value "2" used.',
    });
    expect(params).toEqual(describeParameters(s));
    expect(params).toEqual([
      {
        param_type: 'DecimalParameter',
        name: 'buy_factor',
        space: 'buy',
        load: true,
        optimize: true,
        value: 1.5,
        low: 0.5,
        high: 2,
        decimals: 2,
      },
      {
        param_type: 'IntParameter',
        name: 'buy_rsi',
        space: 'buy',
        load: true,
        optimize: true,
        value: 25,
        low: 10,
        high: 40,
      },
      {
        param_type: 'RealParameter',
        name: 'exit_fast',
        space: 'sell',
        load: true,
        optimize: true,
        value: 0.5,
        low: 0.1,
        high: 0.9,
      },
      {
        param_type: 'IntParameter',
        name: 'sell_fixed',
        space: 'sell',
        load: false,
        optimize: true,
        value: 2,
        low: 1,
        high: 5,
      },
      {
        param_type: 'CategoricalParameter',
        name: 'sell_mode',
        space: 'sell',
        load: true,
        optimize: true,
        value: 'sma',
        opt_range: ['close', 'ema', 'sma'],
      },
      {
        param_type: 'BooleanParameter',
        name: 'protect_on',
        space: 'protection',
        load: true,
        optimize: false,
        value: true,
        opt_range: [true, false],
      },
    ]);
  });

  it('refuses a file of another strategy and ignores one that is not JSON', () => {
    expect(() => loadParameters(new ParamStrategy(), '{"strategy_name": "Other", "params": {}}')).toThrow(
      'Invalid parameter file provided.',
    );
    const s = new ParamStrategy();
    const { messages } = loadParameters(s, '{not json');
    expect(messages[0]).toEqual({ level: 'warning', text: 'Invalid parameter file format.' });
    expect(s.buy_factor.value).toBe(1.23);
  });

  it('refuses a name prefix that contradicts the declared space', () => {
    class Bad extends ParamStrategy {
      buy_wrong = new IntParameter(1, 2, { default: 1, space: 'sell' });
    }
    expect(() => detectParameters(new Bad(), 'buy')).toThrow('Inconclusive parameter name buy_wrong, category: sell.');
  });
});
