import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountToContractPrecision, amountToContracts, contractsToAmount } from './contracts.ts';

describe('contracts ↔ amounts (freqtrade exchange_utils)', () => {
  it('worked examples', () => {
    // OKX-like ETH swap: 1 contract = 0.1 ETH, step 1 contract. 2.37 ETH = 23.7 contracts → 23 → 2.3 ETH.
    expect(amountToContracts(2.37, 0.1)).toBe(23.7);
    expect(amountToContractPrecision(2.37, 1, 0.1)).toBe(2.3);
    // 1 contract = 10 units, step 0.01 contract: 1234.5678 → 123.45678 contracts → 123.45 → 1234.5
    expect(amountToContractPrecision(1234.5678, 0.01, 10)).toBe(1234.5);
    expect(contractsToAmount(3, 0.001)).toBe(0.003);
    // Size 1 / none: unchanged (only the step applies).
    expect(amountToContracts(0.123, 1)).toBe(0.123);
    expect(amountToContracts(0.123, undefined)).toBe(0.123);
    expect(amountToContractPrecision(0.12345, 0.001, null)).toBe(0.123);
    // No step: nothing to truncate.
    expect(amountToContractPrecision(2.37, undefined, 0.1)).toBe(2.37);
  });

  it('property: never more than asked, within one contract step, on the contract grid', () => {
    const sizes = fc.constantFrom(0.001, 0.01, 0.1, 1, 10, 100);
    const steps = fc.constantFrom(0.001, 0.01, 0.1, 1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), steps, sizes, (amount, step, size) => {
        const out = amountToContractPrecision(amount, step, size);
        expect(out).toBeLessThanOrEqual(amount);
        expect(amount - out).toBeLessThanOrEqual(step * size * (1 + 1e-9) + 1e-9);
        // Whole steps up to float resolution: at ~1e12 steps one ulp is already ~1e-4.
        const contracts = amountToContracts(out, size) / step;
        expect(Math.abs(contracts - Math.round(contracts))).toBeLessThan(1e-6 + 4 * Number.EPSILON * contracts);
      }),
    );
  });
});
