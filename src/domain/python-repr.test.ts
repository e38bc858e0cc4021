// Python's f"{x:.8g}" (freqtrade's fee log line); expected strings printed by CPython 3.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { general8 } from './python-repr.ts';

describe('general8', () => {
  it('matches CPython', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [0.0001275, '0.0001275'],
      [1e-5, '1e-05'],
      [0.000002, '2e-06'],
      [123456789, '1.2345679e+08'],
      [12345678, '12345678'],
      [100, '100'],
      [0.07497, '0.07497'],
      [1.23456789e-7, '1.2345679e-07'],
      [99.96000000001, '99.96'],
      [0, '0'],
    ];
    for (const [x, want] of cases) expect(general8(x)).toBe(want);
  });

  it('keeps 8 significant digits of the value', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1e15, noNaN: true }), (x) => {
        const back = Number(general8(x));
        expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(x) * 5e-8);
      }),
    );
  });
});
