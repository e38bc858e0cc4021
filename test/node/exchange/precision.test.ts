import { describe, expect, it } from 'vitest';
import {
  amountToPrecision,
  checkMinNotional,
  priceToPrecision,
  roundToStep,
  stepDecimals,
} from '../../../src/domain/precision.ts';
import type { Market } from '../../../src/exchange/port.ts';

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

  it('keeps values that are on the step despite float noise', () => {
    expect(amountToPrecision(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(amountToPrecision(2.9999999999999996, 1)).toBe(3);
    expect(amountToPrecision(1.1 * 3, 0.1)).toBe(3.3);
    expect(amountToPrecision(0.00003, 0.00001)).toBe(0.00003);
    expect(amountToPrecision(4.35, 0.05)).toBe(4.35);
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
    expect(priceToPrecision(1.1 * 3, 0.1, 'ROUND_UP')).toBe(3.3);
    expect(priceToPrecision(1.1 * 3, 0.1, 'ROUND_DOWN')).toBe(3.3);
    expect(priceToPrecision(-1.005, 0.01, 'ROUND_DOWN')).toBe(-1.01);
  });

  it('roundToStep works with non-decimal steps', () => {
    expect(roundToStep(7.4, 0.25)).toBe(7.5);
    expect(roundToStep(7.4, 0.25, 'ROUND_DOWN')).toBe(7.25);
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
