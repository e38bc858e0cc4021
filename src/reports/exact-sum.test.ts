import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from './exact-sum.ts';

// Doubles whose exact sum is an integer once scaled by 2^112: |x| in [2^-60, 2^60] or 0.
const SCALE = 2 ** 112;
const valueArb = fc
  .double({ min: -(2 ** 60), max: 2 ** 60, noNaN: true })
  .filter((x) => x === 0 || Math.abs(x) >= 2 ** -60);

/** The exact sum, rounded once: BigInt holds it exactly, Number() rounds to nearest-even. */
function reference(values: number[]): number {
  let s = 0n;
  for (const x of values) s += BigInt(x * SCALE);
  return Number(s) / SCALE + 0;
}

const sumOf = (values: number[]) => {
  const s = new ExactSum();
  for (const x of values) s.add(x);
  return s.value();
};

describe('ExactSum', () => {
  it('is the correctly rounded sum, in any order, and undoes an addition exactly', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 40 }), fc.array(valueArb, { maxLength: 10 }), (values, removed) => {
        const expected = reference(values);
        expect(sumOf(values)).toBe(expected);
        expect(sumOf([...values].reverse())).toBe(expected);
        const s = new ExactSum();
        for (const x of removed) s.add(x);
        for (const x of values) s.add(x);
        for (const x of removed) s.add(-x);
        expect(s.value()).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('worked examples: where plain addition rounds, and ties to even', () => {
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    expect(sumOf([0.1, 0.2, 0.3])).toBe(0.6);
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    // 2^53 + 1 + 2^-40: the exact value is just above the midpoint, so it rounds up.
    expect(sumOf([2 ** 53, 1, 2 ** -40])).toBe(2 ** 53 + 2);
    expect(sumOf([2 ** 53, 1])).toBe(2 ** 53); // the midpoint itself: to even
    expect(Object.is(sumOf([-0]), 0)).toBe(true);
    expect(sumOf([])).toBe(0);
    expect(sumOf([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });
});
