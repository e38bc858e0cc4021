import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateProfit, type FilledOrder, recalcFromOrders, type TradingMode, tradeMathFromEntry } from './index.ts';

const amount = fc.double({ min: 0.001, max: 10_000, noNaN: true, noDefaultInfinity: true });
const price = fc.double({ min: 0.0001, max: 100_000, noNaN: true, noDefaultInfinity: true });
const fee = fc.double({ min: 0, max: 0.01, noNaN: true, noDefaultInfinity: true });
const leverage = fc.integer({ min: 1, max: 50 });
const mode = fc.constantFrom<TradingMode>('spot', 'futures');

/** Allowed gap: the 8-decimal rounding plus float error at this magnitude. */
const tolerance = (magnitude: number) => 1e-8 + 1e-14 * Math.abs(magnitude);

describe('money math properties', () => {
  it('a round trip at the same price loses exactly both fees', () => {
    fc.assert(
      fc.property(amount, price, fee, fee, fc.boolean(), (a, p, feeOpen, feeClose, isShort) => {
        const trade = tradeMathFromEntry({ isShort, feeOpen, feeClose, openRate: p, amount: a });
        const value = a * p;
        const expected = -(value * feeOpen + value * feeClose);
        const { profitAbs } = calculateProfit(p, trade);
        expect(Math.abs(profitAbs - expected)).toBeLessThanOrEqual(tolerance(value));
      }),
    );
  });

  it('without fees a long gains what the short loses, ratios included', () => {
    fc.assert(
      fc.property(amount, price, price, leverage, mode, (a, open, close, lev, tradingMode) => {
        const lv = tradingMode === 'spot' ? 1 : lev;
        const entry = { leverage: lv, tradingMode, feeOpen: 0, openRate: open, amount: a };
        const long = calculateProfit(close, tradeMathFromEntry({ ...entry, isShort: false }));
        const short = calculateProfit(close, tradeMathFromEntry({ ...entry, isShort: true }));
        expect(Math.abs(long.profitAbs + short.profitAbs)).toBeLessThanOrEqual(tolerance(a * Math.max(open, close)));
        expect(Math.abs(long.profitRatio + short.profitRatio)).toBeLessThanOrEqual(tolerance(lv * (close / open)));
        // the ratio is the price move times leverage
        expect(Math.abs(long.profitRatio - (close / open - 1) * lv)).toBeLessThanOrEqual(
          tolerance(lv * (close / open)),
        );
      }),
    );
  });

  it('recalc of one entry and one full exit equals calculateProfit', () => {
    fc.assert(
      fc.property(
        amount,
        price,
        price,
        fee,
        leverage,
        mode,
        fc.boolean(),
        (a, open, close, f, lev, tradingMode, isShort) => {
          const lv = tradingMode === 'spot' ? 1 : lev;
          const trade = tradeMathFromEntry({
            isShort,
            leverage: lv,
            tradingMode,
            feeOpen: f,
            openRate: open,
            amount: a,
          });
          const entrySide = isShort ? 'sell' : 'buy';
          const exitSide = isShort ? 'buy' : 'sell';
          const orders: FilledOrder[] = [
            { side: entrySide, isEntry: true, price: open, amountAfterFee: a, fundingFee: 0 },
            { side: exitSide, isEntry: false, price: close, amountAfterFee: a, fundingFee: 0 },
          ];
          const r = recalcFromOrders(trade, orders, { isClosing: true });
          const p = calculateProfit(close, trade);
          expect(r.positionOpen).toBe(false);
          expect(Math.abs((r.closeProfitAbs ?? Number.NaN) - p.profitAbs)).toBeLessThanOrEqual(
            tolerance(a * Math.max(open, close)),
          );
          // close_profit is built from the 8-decimal profit, so its rounding error scales with 1 / stake
          const stakeRounding = (1e-8 * lv) / (a * open * (1 - f));
          expect(Math.abs((r.closeProfit ?? Number.NaN) - p.profitRatio)).toBeLessThanOrEqual(
            tolerance(lv * (close / open)) + stakeRounding,
          );
          expect(r.realizedProfit).toBe(r.closeProfitAbs);
        },
      ),
    );
  });

  it('splitting an exit in two does not change the total profit (no fees)', () => {
    fc.assert(
      fc.property(amount, price, price, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, open, close, part) => {
        const trade = tradeMathFromEntry({ feeOpen: 0, openRate: open, amount: a });
        const buy: FilledOrder = { side: 'buy', isEntry: true, price: open, amountAfterFee: a, fundingFee: 0 };
        const sell = (x: number): FilledOrder => ({
          side: 'sell',
          isEntry: false,
          price: close,
          amountAfterFee: x,
          fundingFee: 0,
        });
        const whole = recalcFromOrders(trade, [buy, sell(a)], { isClosing: true });
        const first = a * part;
        const split = recalcFromOrders(trade, [buy, sell(first), sell(a - first)], {
          isClosing: true,
          roundAmount: (x) => (Math.abs(x) < 1e-9 * a ? 0 : x),
        });
        expect(Math.abs((split.closeProfitAbs ?? 0) - (whole.closeProfitAbs ?? 0))).toBeLessThanOrEqual(
          2 * tolerance(a * Math.max(open, close)),
        );
      }),
    );
  });
});
