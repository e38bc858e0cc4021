// Cross margin on Binance futures (freqtrade 2024.12+: dry_run_liquidation_price with cross_vars): the
// collateral of the whole wallet, less the other positions' maintenance margin, plus their unrealized PnL.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binanceCrossVars, liquidationPrice } from './index.ts';

// The other open positions of the wallet, at their mark prices.
const others = [
  // BTC long 0.01 @ 60000, mark 58000, tier mmr 0.4 %, cum 0: mm 0.01 · 58000 · 0.004 = 2.32, PnL 580 − 600 = −20
  { amount: 0.01, openRate: 60_000, markPrice: 58_000, mmRatio: 0.004, maintAmt: 0 },
  // SOL short 2 @ 150, mark 140, mmr 1 %, cum 0.5: mm 2 · 140 · 0.01 − 0.5 = 2.3; freqtrade's PnL is
  // amount · (mark − open) = 280 − 300 = −20 for a short too (a real short would be up 20)
  { amount: 2, openRate: 150, markPrice: 140, mmRatio: 0.01, maintAmt: 0.5 },
];
const eth = { tradingMode: 'futures' as const, exchange: 'binance', openRate: 2000, amount: 0.5, takerFee: 0.0005 };

describe('Binance cross-margin liquidation (worked by hand)', () => {
  it('cross_vars = Σ PnL − Σ maintenance margin = (−20 − 20) − (2.32 + 2.3) = −44.62', () => {
    expect(binanceCrossVars(others)).toBeCloseTo(-44.62, 12);
    expect(binanceCrossVars([])).toBe(0);
  });

  it('long 0.5 ETH @ 2000, collateral 800: (800 − 44.62 + 0 − 1000) / (0.5 · 0.005 − 0.5) = 491.6984924623…', () => {
    const liq = liquidationPrice({
      ...eth,
      isShort: false,
      walletBalance: 800,
      crossVars: binanceCrossVars(others),
      mmRatio: 0.005,
      maintAmt: 0,
    });
    expect(liq).toBeCloseTo(491.69849246231155, 9);
  });

  it('short 0.5 ETH @ 2000, collateral 800: (800 − 44.62 + 0 + 1000) / (0.5 · 0.005 + 0.5) = 3493.2935323383…', () => {
    const liq = liquidationPrice({
      ...eth,
      isShort: true,
      walletBalance: 800,
      crossVars: binanceCrossVars(others),
      mmRatio: 0.005,
      maintAmt: 0,
    });
    expect(liq).toBeCloseTo(3493.293532338309, 9);
  });

  it('property: the others’ losses and margin bring a long’s liquidation up and a short’s down', () => {
    const arb = fc.record({
      amount: fc.double({ min: 0.001, max: 100, noNaN: true }),
      openRate: fc.double({ min: 1, max: 100_000, noNaN: true }),
      wallet: fc.double({ min: 1, max: 1_000_000, noNaN: true }),
      mmRatio: fc.double({ min: 0.001, max: 0.1, noNaN: true }),
      loss: fc.double({ min: 0.01, max: 10_000, noNaN: true }),
      isShort: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const base = { ...eth, amount: a.amount, openRate: a.openRate, isShort: a.isShort, mmRatio: a.mmRatio };
        const alone = liquidationPrice({ ...base, walletBalance: a.wallet, maintAmt: 0 })!;
        const shared = liquidationPrice({ ...base, walletBalance: a.wallet, maintAmt: 0, crossVars: -a.loss })!;
        // With no other position, cross is the isolated formula on the whole collateral.
        expect(liquidationPrice({ ...base, walletBalance: a.wallet, maintAmt: 0, crossVars: 0 })).toBe(alone);
        return a.isShort ? shared < alone : shared > alone;
      }),
      { numRuns: 300 },
    );
  });
});
