import { describe, expect, it } from 'vitest';
import { calculateProfit, type FilledOrder, recalcFromOrders, type TradeMath, tradeMathFromEntry } from './index.ts';

const EPS = 1e-9;

function order(side: 'buy' | 'sell', amount: number, price: number, fundingFee = 0): FilledOrder {
  return { side, isEntry: side === 'buy', price, amountAfterFee: amount, fundingFee };
}

/** Applies a recalc result back onto the trade, as the bot would persist it. */
function apply(trade: TradeMath, orders: FilledOrder[], isClosing = false): TradeMath {
  const r = recalcFromOrders(trade, orders, { isClosing });
  return { ...trade, ...r };
}

describe('DCA then two partial exits (spot, fee 0.1 %)', () => {
  // buy 10 @ 100, buy 10 @ 90, sell 5 @ 110, sell 15 @ 100
  const first = tradeMathFromEntry({ feeOpen: 0.001, openRate: 100, amount: 10 });
  const orders = [order('buy', 10, 100), order('buy', 10, 90), order('sell', 5, 110), order('sell', 15, 100)];

  it('two entries average the open price', () => {
    // amount 10 + 10 = 20; stake 1000 + 900 = 1900; avg 1900 / 20 = 95
    const r = recalcFromOrders(first, orders.slice(0, 2));
    expect(r.positionOpen).toBe(true);
    expect(r.amount).toBe(20);
    expect(r.openRate).toBe(95);
    expect(r.stakeAmount).toBe(1900);
    expect(r.maxStakeAmount).toBe(1900);
    // open value = 20 · 95 · 1.001 = 1901.9
    expect(r.openTradeValue).toBeCloseTo(1901.9, 9);
    // fee cost = 0.001 · 1900 = 1.9
    expect(r.feeOpenCost).toBeCloseTo(1.9, 9);
    expect(r.closeProfit).toBeNull();
  });

  it('the first exit realises profit against the average price', () => {
    // exit 5 @ 110 against avg 95:
    //   open value of 5 @ 95 = 475 + 0.475 = 475.475; close = 550 − 0.55 = 549.45
    //   profit = 549.45 − 475.475 = 73.975
    // total stake (open values of all entries) = 1001 + 900.9 = 1901.9
    // close profit = 73.975 / 1901.9 · 1 = 0.0388953152…
    const r = recalcFromOrders(first, orders.slice(0, 3));
    expect(r.positionOpen).toBe(true);
    expect(Math.abs(r.realizedProfit - 73.975)).toBeLessThan(EPS);
    expect(Math.abs((r.closeProfitAbs ?? 0) - 73.975)).toBeLessThan(EPS);
    expect(r.closeProfit).toBeCloseTo(73.975 / 1901.9, 12);
    // remaining 15 @ 95: stake 1900 − 5 · 95 = 1425; open value 1425 · 1.001 = 1426.425
    expect(r.amount).toBe(15);
    expect(r.openRate).toBe(95);
    expect(r.stakeAmount).toBe(1425);
    expect(r.openTradeValue).toBeCloseTo(1426.425, 9);
    // max stake does not shrink on exits
    expect(r.maxStakeAmount).toBe(1900);
  });

  it('open profit of the rest includes the realised part in the totals', () => {
    // rest 15 @ 100: open 1426.425, close 1500 − 1.5 = 1498.5 → 72.075
    // total = 72.075 + 73.975 = 146.05; / (1900 · 1.001 = 1901.9) = 0.0767916294… → 0.07679163
    const mid = apply(first, orders.slice(0, 3));
    const p = calculateProfit(100, mid);
    expect(Math.abs(p.profitAbs - 72.075)).toBeLessThan(EPS);
    expect(Math.abs(p.totalProfitAbs - 146.05)).toBeLessThan(EPS);
    expect(p.totalProfitRatio).toBe(0.07679163);
  });

  it('closing folds all exits into close_profit over everything put in', () => {
    // second exit 15 @ 100 against avg 95 → 72.075 (as above)
    // close_profit_abs = 73.975 + 72.075 = 146.05
    // close_profit = 146.05 / 1901.9 = 0.0767916294… (check: paid 1001 + 900.9, got 549.45 + 1498.5)
    const r = recalcFromOrders(first, orders, { isClosing: true });
    expect(r.positionOpen).toBe(false);
    expect(Math.abs((r.closeProfitAbs ?? 0) - 146.05)).toBeLessThan(EPS);
    expect(Math.abs(r.realizedProfit - 146.05)).toBeLessThan(EPS);
    expect(r.closeProfit).toBeCloseTo(146.05 / 1901.9, 12);
    // a closed position keeps its last open figures
    expect(r.amount).toBe(first.amount);
  });
});

describe('recalc details', () => {
  it('funding fees count only on the final exit of a closing trade', () => {
    // futures long 1 @ 100, no fees; funding +2 accrued before the exit
    // closing: close value 1 · 110 + 2 = 112 → profit 12; not closing: 110 → 10
    const trade = tradeMathFromEntry({ tradingMode: 'futures', feeOpen: 0, openRate: 100, amount: 1 });
    const orders = [order('buy', 1, 100), order('sell', 1, 110, 2)];
    const closing = recalcFromOrders(trade, orders, { isClosing: true });
    expect(closing.closeProfitAbs).toBeCloseTo(12, 9);
    expect(closing.fundingFees).toBe(2);
    const replay = recalcFromOrders(trade, orders);
    expect(replay.closeProfitAbs).toBeCloseTo(10, 9);
  });

  it('leverage divides stake and scales close profit', () => {
    // futures long 3×, 3 @ 100 then 3 @ 110 exit, no fees
    // max stake = 300 / 3 = 100; profit 30; close_profit = 30 / 300 · 3 = 0.3
    const trade = tradeMathFromEntry({ leverage: 3, tradingMode: 'futures', feeOpen: 0, openRate: 100, amount: 3 });
    const r = recalcFromOrders(trade, [order('buy', 3, 100), order('sell', 3, 110)], { isClosing: true });
    expect(r.maxStakeAmount).toBe(100);
    expect(r.closeProfit).toBeCloseTo(0.3, 12);
  });

  it('shorts enter with sells', () => {
    // short 2 @ 50 and 2 @ 40 (avg 45), buy back 4 @ 30, no fees: profit (45 − 30) · 4 = 60
    const trade = tradeMathFromEntry({ isShort: true, tradingMode: 'futures', feeOpen: 0, openRate: 50, amount: 2 });
    const sell = (a: number, p: number): FilledOrder => ({
      side: 'sell',
      isEntry: true,
      price: p,
      amountAfterFee: a,
      fundingFee: 0,
    });
    const buy = (a: number, p: number): FilledOrder => ({
      side: 'buy',
      isEntry: false,
      price: p,
      amountAfterFee: a,
      fundingFee: 0,
    });
    const open = recalcFromOrders(trade, [sell(2, 50), sell(2, 40)]);
    expect(open.openRate).toBe(45);
    const r = recalcFromOrders(trade, [sell(2, 50), sell(2, 40), buy(4, 30)], { isClosing: true });
    expect(r.closeProfitAbs).toBeCloseTo(60, 9);
    // total stake 180 → 60 / 180
    expect(r.closeProfit).toBeCloseTo(1 / 3, 12);
  });

  it('the amount rounder decides whether dust keeps the position open', () => {
    const trade = tradeMathFromEntry({ feeOpen: 0, openRate: 100, amount: 1 });
    const orders = [order('buy', 1, 100), order('sell', 0.9999, 110)];
    expect(recalcFromOrders(trade, orders).positionOpen).toBe(true);
    const toThreeDecimals = (a: number) => Math.floor(a * 1000) / 1000;
    expect(recalcFromOrders(trade, orders, { roundAmount: toThreeDecimals }).positionOpen).toBe(false);
  });

  it('the averaged open rate goes through the price rounder', () => {
    // 1 @ 100 + 2 @ 101 → 302 / 3 = 100.6666…; rounded to 2 decimals → 100.67
    const trade = tradeMathFromEntry({ feeOpen: 0, openRate: 100, amount: 1 });
    const r = recalcFromOrders(trade, [order('buy', 1, 100), order('buy', 2, 101)], {
      roundPrice: (p) => Math.round(p * 100) / 100,
    });
    expect(r.openRate).toBe(100.67);
  });

  it('ignores empty fills and keeps earlier profit figures when nothing exited', () => {
    const trade = { ...tradeMathFromEntry({ feeOpen: 0, openRate: 100, amount: 1 }), closeProfit: 0.5 };
    const r = recalcFromOrders(trade, [order('buy', 1, 100), order('sell', 0, 120)]);
    expect(r.amount).toBe(1);
    expect(r.closeProfit).toBe(0.5);
  });
});

describe('leveraged DCA and partial exit: max_stake_amount and total_profit_ratio (freqtrade 2025.4+)', () => {
  // futures long, leverage 3, fee 0.05 %: buy 3 @ 100, buy 3 @ 90, sell 2 @ 110; then valued at 105.
  const first = tradeMathFromEntry({ leverage: 3, tradingMode: 'futures', feeOpen: 0.0005, openRate: 100, amount: 3 });
  const orders = [order('buy', 3, 100), order('buy', 3, 90), order('sell', 2, 110)];

  it('max_stake_amount is the margin: Σ amount · price / leverage (freqtrade 2025.3 dropped the leverage factor)', () => {
    // (3 · 100 + 3 · 90) / 3 = 190; freqtrade 2024.10 stored 570.
    const r = recalcFromOrders(first, orders);
    expect(r.maxStakeAmount).toBe(190);
    // fee_open_cost = fee_open · max_stake_amount = 0.0005 · 190
    expect(Math.abs((r.feeOpenCost ?? 0) - 0.095)).toBeLessThan(EPS);
  });

  it('total_profit_ratio divides by the fee-inclusive margin, without the leverage factor (freqtrade 2025.4)', () => {
    const t = apply(first, orders);
    // realized: 2 · 110 · 0.9995 − 2 · 95 · 1.0005 = 29.795
    expect(Math.abs(t.realizedProfit - 29.795)).toBeLessThan(EPS);
    // at 105: 4 · 105 · 0.9995 − 4 · 95 · 1.0005 = 39.6; total 69.395
    // ratio = 69.395 / (190 · 1.0005) = 0.36505431 (2024.10: 69.395 / 570 · 3 = 0.36523684)
    const p = calculateProfit(105, t);
    expect(Math.abs(p.totalProfitAbs - 69.395)).toBeLessThan(EPS);
    expect(p.totalProfitRatio).toBe(0.36505431);
  });
});
