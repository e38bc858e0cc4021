// The fee rate freqtrade derives from what the exchange charged (calculate_fee_rate,
// fee_detection_from_trades, update_fee), worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeFromTrades, feeRate, feeUpdated, type TradeFees, updateFee } from './fee-rate.ts';

const BTC_USDT = { base: 'BTC', quote: 'USDT' };

const fresh: TradeFees = {
  feeOpen: 0.001,
  feeClose: 0.001,
  feeOpenCost: null,
  feeOpenCurrency: null,
  feeCloseCost: null,
  feeCloseCurrency: null,
};

describe('feeRate (calculate_fee_rate)', () => {
  it('takes the rate the exchange gives', () => {
    expect(feeRate({ cost: 0.5, currency: 'USDT', rate: 0.00075 }, BTC_USDT, 500, 0.01)).toBe(0.00075);
  });

  it('a fee in the base currency is divided by the amount', () => {
    // 0.00001 BTC on 0.01 BTC bought = 0.001
    expect(feeRate({ cost: 0.00001, currency: 'BTC' }, BTC_USDT, 500, 0.01)).toBe(0.001);
  });

  it('a fee in the quote currency is divided by the cost, rounded to 8 decimals', () => {
    // 0.5 USDT on 500 USDT = 0.001; 0.123456789 on 100 = 0.00123456789 → 0.00123457
    expect(feeRate({ cost: 0.5, currency: 'USDT' }, BTC_USDT, 500, 0.01)).toBe(0.001);
    expect(feeRate({ cost: 0.123456789, currency: 'USDT' }, BTC_USDT, 100, 0.002)).toBe(0.00123457);
    expect(feeRate({ cost: 0.5, currency: 'USDT' }, BTC_USDT, 0, 0.01)).toBeNull();
  });

  it('a fee in another currency (BNB) goes through its price in the stake currency', () => {
    // 0.0015 BNB at 400 USDT = 0.6 USDT on a 1000 USDT order = 0.0006
    expect(feeRate({ cost: 0.0015, currency: 'BNB' }, BTC_USDT, 1000, 0.02, 400)).toBe(0.0006);
    // 0.0005 BNB · 400 / 200.4 = 0.000998003992… → 0.000998
    expect(feeRate({ cost: 0.0005, currency: 'BNB' }, BTC_USDT, 200.4, 0.004, 400)).toBe(0.000998);
    // no price known, or no cost: unknown
    expect(feeRate({ cost: 0.0015, currency: 'BNB' }, BTC_USDT, 1000, 0.02)).toBeNull();
    expect(feeRate({ cost: 0.0015, currency: 'BNB' }, BTC_USDT, 0, 0.02, 400)).toBeNull();
  });
});

describe('feeFromTrades (fee_detection_from_trades)', () => {
  it('sums the costs, keeps the last currency and averages the known rates', () => {
    const trades = [
      { amount: 0.006, cost: 300, fees: [{ cost: 0.3, currency: 'USDT' }] }, // 0.001
      { amount: 0.004, cost: 200.4, fees: [{ cost: 0.0005, currency: 'BNB' }] }, // 0.000998
    ];
    const got = feeFromTrades(trades, BTC_USDT, (c) => (c === 'BNB' ? 400 : null));
    expect(got?.cost).toBeCloseTo(0.3005, 12);
    expect(got?.currency).toBe('BNB');
    expect(got?.rate).toBeCloseTo((0.001 + 0.000998) / 2, 15);
  });

  it('a rate that cannot be known stays out of the mean; no fee at all gives nothing', () => {
    const trades = [
      { amount: 0.006, cost: 300, fees: [{ cost: 0.3, currency: 'USDT' }] },
      { amount: 0.004, cost: 200, fees: [{ cost: 0.01, currency: 'XYZ' }] },
    ];
    expect(feeFromTrades(trades, BTC_USDT, () => null)).toEqual({ cost: 0.31, currency: 'XYZ', rate: 0.001 });
    expect(feeFromTrades([{ amount: 1, cost: 2, fees: [] }], BTC_USDT, () => null)).toBeUndefined();
  });
});

describe('updateFee (trade.update_fee)', () => {
  it('the entry sets the open fee and takes its rate as the guess for the close fee, once', () => {
    const first = updateFee(fresh, { cost: 0.5, currency: 'USDT', rate: 0.00075 }, true);
    expect(first).toEqual({ feeOpenCost: 0.5, feeOpenCurrency: 'USDT', feeOpen: 0.00075, feeClose: 0.00075 });
    const after = { ...fresh, ...first };
    expect(feeUpdated(after, true)).toBe(true);
    expect(feeUpdated(after, false)).toBe(false);
    expect(updateFee(after, { cost: 9, currency: 'BNB', rate: 0.0001 }, true)).toEqual({});
  });

  it('the exit sets the close fee only; an unknown rate keeps the rates', () => {
    expect(updateFee(fresh, { cost: 0.0015, currency: 'BNB', rate: 0.0006 }, false)).toEqual({
      feeCloseCost: 0.0015,
      feeCloseCurrency: 'BNB',
      feeClose: 0.0006,
    });
    expect(updateFee(fresh, { cost: 0.2, currency: 'XYZ', rate: null }, true)).toEqual({
      feeOpenCost: 0.2,
      feeOpenCurrency: 'XYZ',
    });
  });
});

describe('properties', () => {
  const money = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
  const rate = fc.double({ min: 0, max: 0.01, noNaN: true });

  it('the rate, times what it applies to, gives back the fee (to the 8-decimal rounding)', () => {
    fc.assert(
      fc.property(money, money, rate, fc.double({ min: 0.01, max: 1000, noNaN: true }), (cost, amount, r, price) => {
        const inQuote = feeRate({ cost: cost * r, currency: 'USDT' }, BTC_USDT, cost, amount);
        const inBase = feeRate({ cost: amount * r, currency: 'BTC' }, BTC_USDT, cost, amount);
        // r·cost of quote paid as BNB at `price`: the same rate as paying it in quote
        const inBnb = feeRate({ cost: (cost * r) / price, currency: 'BNB' }, BTC_USDT, cost, amount, price);
        for (const got of [inQuote, inBase, inBnb]) {
          expect(got).not.toBeNull();
          expect(Math.abs((got as number) - r)).toBeLessThanOrEqual(5e-9 + r * 1e-12);
        }
      }),
    );
  });

  it('each side is updated at most once, whatever fees follow', () => {
    const fee = fc.record({
      cost: money,
      currency: fc.constantFrom('USDT', 'BTC', 'BNB'),
      rate: fc.option(rate, { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fee, fc.boolean()), { minLength: 1, maxLength: 8 }), (updates) => {
        let fees = fresh;
        const firstOf = (entry: boolean) => updates.find(([, e]) => e === entry)?.[0];
        for (const [f, isEntry] of updates) fees = { ...fees, ...updateFee(fees, f, isEntry) };
        const open = firstOf(true);
        const close = firstOf(false);
        expect(fees.feeOpenCurrency).toBe(open?.currency ?? null);
        expect(fees.feeCloseCurrency).toBe(close?.currency ?? null);
        expect(fees.feeOpen).toBe(open?.rate ?? 0.001);
      }),
    );
  });
});
