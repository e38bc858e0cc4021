import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Market } from '../exchange/port.ts';
import { amountToPrecision, checkMinNotional, priceToPrecision, stepDecimals } from './precision.ts';

const market: Market = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  spot: true,
  swap: false,
  active: true,
  contractSize: 1,
  precision: { amount: 0.00001, price: 0.01 },
  limits: { amount: { min: 0.0001 }, price: {}, cost: { min: 5 }, leverage: {} },
  taker: 0.001,
  maker: 0.001,
};

describe('stepDecimals', () => {
  it('counts the decimals of decimal and binary steps', () => {
    expect(stepDecimals(0.00001)).toBe(5);
    expect(stepDecimals(1e-8)).toBe(8);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(1)).toBe(0);
    expect(stepDecimals(10)).toBe(0);
    expect(() => stepDecimals(0)).toThrow(RangeError);
  });
});

describe('amountToPrecision', () => {
  it('truncates toward zero', () => {
    expect(amountToPrecision(1.23456789, 0.00001)).toBe(1.23456);
    expect(amountToPrecision(0.999999, 0.001)).toBe(0.999);
    expect(amountToPrecision(5.9, 1)).toBe(5);
    expect(amountToPrecision(-1.239, 0.01)).toBe(-1.23);
    expect(amountToPrecision(0.000009, 0.00001)).toBe(0);
  });

  it('truncates the decimal as written, like freqtrade (ccxt TRUNCATE on str(float))', () => {
    expect(amountToPrecision(0.1 + 0.2, 0.1)).toBe(0.3); // "0.30000000000000004" -> 0.3
    expect(amountToPrecision(1.1 * 3, 0.1)).toBe(3.3); // "3.3000000000000003" -> 3.3
    expect(amountToPrecision(0.00003, 0.00001)).toBe(0.00003);
    expect(amountToPrecision(4.35, 0.05)).toBe(4.35);
    // One float step below the grid stays below it: freqtrade never rounds an amount up.
    expect(amountToPrecision(38.529999999999994, 0.01)).toBe(38.52);
    expect(amountToPrecision(2.9999999999999996, 1)).toBe(2);
  });

  it('truncates at any magnitude (issue 15: above ~5e8 steps the old code rounded to nearest)', () => {
    // freqtrade: amount_to_precision(12.345678909, 1e-8, TICK_SIZE) = 12.3456789
    expect(amountToPrecision(12.345678909, 1e-8)).toBe(12.3456789);
    expect(amountToPrecision(123456789.12345679, 0.001)).toBe(123456789.123);
    expect(amountToPrecision(9007199254740.992, 0.01)).toBe(9007199254740.99);
  });

  it('gives results without binary artefacts', () => {
    expect(amountToPrecision(0.70000001, 0.1)).toBe(0.7);
    expect(amountToPrecision(1234.5678, 10)).toBe(1230);
    expect(amountToPrecision(7.3, 0.25)).toBe(7.25);
  });
});

describe('priceToPrecision', () => {
  it('rounds to the nearest tick by default', () => {
    expect(priceToPrecision(60000.004, 0.01)).toBe(60000);
    expect(priceToPrecision(60000.006, 0.01)).toBe(60000.01);
    expect(priceToPrecision(0.1 + 0.2, 0.01)).toBe(0.3);
    expect(priceToPrecision(0.150004, 0.00001)).toBe(0.15);
  });

  it('rounds up or down on request, leaving on-tick prices alone', () => {
    expect(priceToPrecision(1.0001, 0.01, 'ROUND_UP')).toBe(1.01);
    expect(priceToPrecision(1.0099, 0.01, 'ROUND_DOWN')).toBe(1);
    expect(priceToPrecision(3.3, 0.1, 'ROUND_UP')).toBe(3.3);
    expect(priceToPrecision(-1.005, 0.01, 'ROUND_DOWN')).toBe(-1.01);
    expect(priceToPrecision(7.4, 0.25)).toBe(7.5);
    expect(priceToPrecision(7.4, 0.25, 'ROUND_DOWN')).toBe(7.25);
  });

  it('moves any remainder to the next tick, as freqtrade price_to_precision (FtPrecise on str(price))', () => {
    // Long stop 5 % under 2977.09: 2977.09 * (1 - 0.05) = 2828.2355000000002 (issue 15's FreqUI example)
    expect(priceToPrecision(2977.09 * (1 - 0.05), 0.01, 'ROUND_UP')).toBe(2828.24);
    expect(priceToPrecision(2977.09 * (1 - 0.05), 0.01, 'ROUND_DOWN')).toBe(2828.23);
    expect(priceToPrecision(2977.09 * (1 - 0.05), 0.01)).toBe(2828.24);
    // "3.3000000000000003": the remainder 3e-16 is not zero, so freqtrade rounds up to 3.4.
    expect(priceToPrecision(1.1 * 3, 0.1, 'ROUND_UP')).toBe(3.4);
    expect(priceToPrecision(1.1 * 3, 0.1, 'ROUND_DOWN')).toBe(3.3);
  });
});

const ticks = fc.constantFrom(1e-8, 0.00001, 0.001, 0.01, 0.05, 0.25, 0.5, 1, 10);
const onGrid = (value: number, step: number) => new Big(String(value)).mod(String(step)).eq(0);

describe('precision properties', () => {
  it('an amount never grows, stays within one step and lands on the grid', () => {
    const amount = fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(amount, ticks, (a, step) => {
        const r = amountToPrecision(a, step);
        expect(r).toBeLessThanOrEqual(a);
        expect(a - r).toBeLessThan(step * (1 + 1e-9) + Math.abs(a) * 1e-15);
        expect(onGrid(r, step)).toBe(true);
      }),
    );
  });

  it('a price rounded up is never below, rounded down never above, and always on the tick grid', () => {
    const price = fc.double({ min: 1e-6, max: 1e7, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(price, ticks, (p, tick) => {
        const up = priceToPrecision(p, tick, 'ROUND_UP');
        const down = priceToPrecision(p, tick, 'ROUND_DOWN');
        expect(up).toBeGreaterThanOrEqual(p);
        expect(down).toBeLessThanOrEqual(p);
        expect(onGrid(up, tick) && onGrid(down, tick)).toBe(true);
        expect(onGrid(priceToPrecision(p, tick), tick)).toBe(true);
      }),
    );
  });
});

describe('checkMinNotional', () => {
  it('accepts an order above both minimums', () => {
    expect(checkMinNotional(market, 0.001, 60000)).toBeNull();
  });

  it('rejects amounts below the minimum amount', () => {
    expect(checkMinNotional(market, 0.00005, 1_000_000)).toMatch(/below the minimum amount/);
  });

  it('rejects cost below the minimum cost', () => {
    expect(checkMinNotional(market, 0.0001, 40000)).toMatch(/below the minimum cost 5/);
  });

  it('accepts a cost exactly at the minimum despite float noise', () => {
    expect(checkMinNotional(market, 0.1 + 0.2, 50 / 3)).toBeNull();
    expect(checkMinNotional({ ...market, limits: { ...market.limits, amount: {} } }, 0.00001, 500000)).toBeNull();
  });
});
