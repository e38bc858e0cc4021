import { describe, expect, it } from 'vitest';
import {
  borrowed,
  calcProfitRatio,
  calculateProfit,
  closeTradeValue,
  marginInterest,
  openTradeValue,
  tradeMathFromEntry,
} from './index.ts';

const EPS = 1e-9;

describe('spot long, 10 @ 100, fee 0.1 % both sides, closed @ 110', () => {
  const trade = tradeMathFromEntry({ feeOpen: 0.001, openRate: 100, amount: 10 });

  it('open value pays the fee on top', () => {
    // 10 · 100 = 1000; fee 1000 · 0.001 = 1; long pays 1000 + 1 = 1001
    expect(trade.openTradeValue).toBeCloseTo(1001, 9);
  });

  it('close value has the fee taken off', () => {
    // 10 · 110 = 1100; fee 1100 · 0.001 = 1.1; long receives 1100 − 1.1 = 1098.9
    expect(closeTradeValue(110, 10, trade)).toBeCloseTo(1098.9, 9);
  });

  it('profit and ratio', () => {
    // profit = 1098.9 − 1001 = 97.9
    // ratio  = (1098.9 / 1001 − 1) · 1 = 0.0978021978021978… → 8 decimals: 0.0978022
    const p = calculateProfit(110, trade);
    expect(Math.abs(p.profitAbs - 97.9)).toBeLessThan(EPS);
    expect(p.profitRatio).toBe(0.0978022);
    // no partial exits: total = profit; max stake 1000 carried the 1 fee → 97.9 / 1001
    expect(Math.abs(p.totalProfitAbs - 97.9)).toBeLessThan(EPS);
    expect(p.totalProfitRatio).toBe(0.0978022);
    expect(calcProfitRatio(110, trade)).toBe(0.0978022);
  });

  it('values are exact decimals like freqtrade (no float drift)', () => {
    // 0.1 · 3 is 0.30000000000000004 in floats; in decimal it is 0.3 (+ 0 fee)
    expect(openTradeValue(0.1, 3, 0, false)).toBe(0.3);
    // 1.1 · 1.1 = 1.21 exactly in decimal (1.2100000000000002 in floats)
    expect(openTradeValue(1.1, 1.1, 0, true)).toBe(1.21);
  });
});

describe('futures short, 3× leverage, 3 @ 2000, fee 0.05 %, closed @ 1900, funding −1.5', () => {
  const trade = tradeMathFromEntry({
    isShort: true,
    leverage: 3,
    tradingMode: 'futures',
    feeOpen: 0.0005,
    openRate: 2000,
    amount: 3,
    fundingFees: -1.5,
  });

  it('open value receives the position value minus the fee', () => {
    // 3 · 2000 = 6000; fee 6000 · 0.0005 = 3; short receives 6000 − 3 = 5997
    expect(trade.openTradeValue).toBeCloseTo(5997, 9);
    // margin = 6000 / 3 = 2000
    expect(trade.stakeAmount).toBe(2000);
  });

  it('close value pays fee and the funding that was paid', () => {
    // 3 · 1900 = 5700; fee 5700 · 0.0005 = 2.85; short pays 5700 + 2.85 = 5702.85
    // funding −1.5 (paid) → 5702.85 − (−1.5) = 5704.35
    expect(closeTradeValue(1900, 3, trade)).toBeCloseTo(5704.35, 9);
  });

  it('profit and leveraged ratio', () => {
    // profit = 5997 − 5704.35 = 292.65
    // ratio  = (1 − 5704.35 / 5997) · 3 = 292.65 / 5997 · 3 = 877.95 / 5997 = 0.146398199099… → 0.1463982
    // total ratio = 292.65 / (2000 · (1 − 0.0005)) = 292.65 / 1999 = 0.146398199099… → 0.1463982
    const p = calculateProfit(1900, trade);
    expect(Math.abs(p.profitAbs - 292.65)).toBeLessThan(EPS);
    expect(p.profitRatio).toBe(0.1463982);
    expect(p.totalProfitRatio).toBe(0.1463982);
  });

  it('a price rise loses for the short', () => {
    // close @ 2100: 6300 + 3.15 + 1.5 = 6304.65; profit = 5997 − 6304.65 = −307.65
    const p = calculateProfit(2100, trade);
    expect(Math.abs(p.profitAbs + 307.65)).toBeLessThan(EPS);
  });
});

describe('futures long 5×, 2 @ 1000, fee 0.05 %', () => {
  const trade = tradeMathFromEntry({ leverage: 5, tradingMode: 'futures', feeOpen: 0.0005, openRate: 1000, amount: 2 });

  it('profit ratio is on the margin', () => {
    // open = 2000 + 1 = 2001; close @ 1100 = 2200 − 1.1 = 2198.9; profit = 197.9
    // ratio = (2198.9 / 2001 − 1) · 5 = 989.5 / 2001 = 0.4945027486… → 0.49450275
    // margin = 2000 / 5 = 400; total ratio = 197.9 / (400 · 1.0005) = 197.9 / 400.2 = 0.4945027486… → 0.49450275
    const p = calculateProfit(1100, trade);
    expect(Math.abs(p.profitAbs - 197.9)).toBeLessThan(EPS);
    expect(p.profitRatio).toBe(0.49450275);
    expect(p.totalProfitRatio).toBe(0.49450275);
  });

  it('adds realized profit of earlier exits to the totals', () => {
    // realized 10 + profit 197.9 = 207.9; 207.9 / 400.2 = 0.519490254… → 0.51949025
    const p = calculateProfit(1100, { ...trade, realizedProfit: 10 });
    expect(Math.abs(p.totalProfitAbs - 207.9)).toBeLessThan(EPS);
    expect(p.totalProfitRatio).toBe(0.51949025);
  });

  it('ratio is 0 where freqtrade divides by zero', () => {
    const empty = { ...trade, openTradeValue: 0, maxStakeAmount: 0 };
    const p = calculateProfit(1100, empty);
    expect(p.profitRatio).toBe(0);
    expect(p.totalProfitRatio).toBe(0);
  });
});

describe('margin mode interest', () => {
  const hour = 3_600_000;
  const base = tradeMathFromEntry({
    leverage: 2,
    tradingMode: 'margin',
    feeOpen: 0,
    openRate: 100,
    amount: 1,
    interestRate: 0.0005,
  });

  it('binance: daily rate per started hour on what a long borrowed', () => {
    // borrowed = 1 · 100 · (2 − 1) / 2 = 50; 4.5 h → ceil 5; 50 · 0.0005 · 5 / 24 = 0.005208333…
    const trade = { ...base, exchange: 'binance', openDate: 0, closeDate: 4.5 * hour };
    expect(borrowed(trade)).toBe(50);
    expect(marginInterest(trade).toNumber()).toBeCloseTo(0.125 / 24, 12);
    // close @ 110 without fees: 110 − 0.0052083 = 109.9947916…
    expect(closeTradeValue(110, 1, trade)).toBeCloseTo(110 - 0.125 / 24, 12);
  });

  it('kraken: opening charge plus one per started 4 hours; shorts repay it in base', () => {
    // short borrows the amount: 1; 5 h → 1 + ceil(5 / 4) = 3; 1 · 0.0005 · 3 = 0.0015 base
    const trade = { ...base, isShort: true, exchange: 'kraken', openDate: 0 };
    expect(marginInterest(trade, { now: 5 * hour }).toNumber()).toBeCloseTo(0.0015, 12);
    // buys back 1.0015 @ 100 = 100.15
    expect(closeTradeValue(100, 1, trade, { now: 5 * hour })).toBeCloseTo(100.15, 12);
  });

  it('rejects exchanges without a known formula and missing dates', () => {
    expect(() => closeTradeValue(100, 1, { ...base, exchange: 'okx', openDate: 0, closeDate: hour })).toThrow(
      /not available on okx/,
    );
    expect(() => closeTradeValue(100, 1, { ...base, exchange: 'binance' })).toThrow(/openDate/);
  });

  it('a long without leverage owes nothing', () => {
    const trade = { ...base, leverage: 1, exchange: 'okx' };
    expect(marginInterest(trade).toNumber()).toBe(0);
  });
});
