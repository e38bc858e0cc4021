import { describe, expect, it } from 'vitest';
import { pct, round8, roundHalfEven } from './index.ts';

// Expected values are Python's float(f"{x:.8f}") / round(x, 2), worked out by hand below.
describe('round8 matches Python float(f"{x:.8f}")', () => {
  it('rounds exact binary ties to even, unlike toFixed', () => {
    // 1/512 = 0.001953125 exactly: 195312.5 units of 1e-8 → even 195312
    expect(round8(1 / 512)).toBe(0.00195312);
    expect((1 / 512).toFixed(8)).toBe('0.00195313'); // JS breaks the tie upwards
    // 3/512 = 0.005859375: 585937.5 → even 585938
    expect(round8(3 / 512)).toBe(0.00585938);
    // negative ties mirror: −0.001953125 → −0.00195312
    expect(round8(-1 / 512)).toBe(-0.00195312);
    // 5/1024 = 0.0048828125 has 10 decimals, no tie at 8: 488281.25 → 488281
    expect(round8(5 / 1024)).toBe(0.00488281);
  });

  it('rounds the binary value, not the printed one', () => {
    // 0.123456785 is stored as 0.12345678499999999…: rounds down
    expect(round8(0.123456785)).toBe(0.12345678);
    // 1.000000005 is stored as 1.00000000499999991…: rounds down
    expect(round8(1.000000005)).toBe(1);
    // 0.000000015 is stored as 1.49999999999999996e-8: rounds down to 0.00000001
    expect(round8(0.000000015)).toBe(0.00000001);
  });

  it('handles tiny, huge and non-finite values', () => {
    expect(round8(2.5e-9)).toBe(0);
    expect(round8(5e-324)).toBe(0);
    expect(Object.is(round8(-1e-10), -0)).toBe(true); // Python prints -0.00000000 → -0.0
    expect(round8(1e22)).toBe(1e22);
    expect(round8(0.1 + 0.2)).toBe(0.3); // 0.30000000000000004 → 0.3
    expect(round8(1234567.123456789)).toBe(1234567.12345679);
    expect(round8(Number.NaN)).toBeNaN();
    expect(round8(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps values that already have 8 decimals', () => {
    expect(round8(0.0978022)).toBe(0.0978022);
    expect(round8(97.9)).toBe(97.9);
  });
});

describe('pct matches Python round(ratio * 100, 2)', () => {
  it('ties go to even', () => {
    // 0.00125 · 100 = 0.125 exactly (binary tie): → 0.12; toFixed would say 0.13
    expect(pct(0.00125)).toBe(0.12);
    // 0.375 → 0.38 (37.5 → 38, even)
    expect(roundHalfEven(0.375, 2)).toBe(0.38);
    expect(roundHalfEven(-0.125, 2)).toBe(-0.12);
  });

  it('ordinary values', () => {
    // 0.0978022 · 100 = 9.78022 → 9.78
    expect(pct(0.0978022)).toBe(9.78);
    // 0.12345 · 100 = 12.345 as a float, stored as 12.34500000000000063…: above the tie → 12.35
    expect(pct(0.12345)).toBe(12.35);
    // 0.02675 · 100 = 2.675 as a float, stored as 2.67499999999999982…: below the tie → 2.67
    expect(pct(0.02675)).toBe(2.67);
    expect(pct(-0.5)).toBe(-50);
  });
});
