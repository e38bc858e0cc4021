// Real ccxt (binance, swap mode) against the loopback fake USDⓈ-M futures exchange (issue 15 point 4):
// leverage tiers from fetchLeverageTiers, a contract size ≠ 1 converted at the adapter's edge as
// freqtrade's exchange does, and funding fees summed from the exchange's funding history.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingFeesFromCandles } from '../../../src/domain/money/funding.ts';
import type { CcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { type FakeBinanceFutures, startFakeBinanceFutures } from '../../support/fake-binance-futures.ts';
import { connectFuturesCcxt } from '../../support/futures-ccxt.ts';

let fake: FakeBinanceFutures;
let ex: CcxtExchange;
const NOW = Date.UTC(2026, 0, 5, 12);
const SYMBOL = 'ETH/USDT:USDT';

beforeAll(async () => {
  fake = await startFakeBinanceFutures({ now: () => NOW });
  ex = await connectFuturesCcxt(fake);
}, 60_000);
afterAll(async () => {
  await fake?.close();
});

describe('ccxt futures against the fake fapi', () => {
  it('loads the leverage brackets as tiers (fetchLeverageTiers through real ccxt)', () => {
    expect(ex.leverageTiers(SYMBOL)).toEqual([
      { minNotional: 0, maxNotional: 10_000, maintenanceMarginRate: 0.005, maxLeverage: 75, maintAmt: 0 },
      { minNotional: 10_000, maxNotional: 100_000, maintenanceMarginRate: 0.0065, maxLeverage: 50, maintAmt: 15 },
    ]);
    expect(fake.paths()).toContain('GET /fapi/v1/leverageBracket');
  });

  it('shows the market in base currency: 1 contract = 0.1 ETH, so the step and minimum are 0.1 ETH', () => {
    const m = ex.markets()[SYMBOL];
    expect(m).toMatchObject({ contractSize: 0.1, swap: true, linear: true, settle: 'USDT' });
    expect(m.precision.amount).toBe(0.1);
    expect(m.limits.amount).toEqual({ min: 0.1, max: 10_000 });
    // freqtrade scales the cost limit with _contracts_to_amount as well (get_min_pair_stake_amount): 5 → 0.5.
    expect(m.limits.cost.min).toBe(0.5);
  });

  it('sends contracts (amount_to_precision(amount_to_contracts)) and reads orders back in ETH', async () => {
    // 2.37 ETH = 23.7 contracts → 23 contracts on the 1-contract step → 2.3 ETH.
    const order = await ex.createOrder({
      symbol: SYMBOL,
      type: 'market',
      side: 'buy',
      amount: 2.37,
      clientOrderId: 'contract-size-1',
      leverage: 1,
    });
    const sent = fake.orders().at(-1)!;
    expect(sent.origQty).toBe(23);
    expect(order).toMatchObject({ amount: 2.3, filled: 2.3, remaining: 0, status: 'closed', average: 2000 });
    // cumQuote is in USDT already: 23 contracts × 0.1 × 2000.
    expect(order.cost).toBe(4600);
    const again = await ex.fetchOrder(order.id, SYMBOL);
    expect([again.amount, again.filled]).toEqual([2.3, 2.3]);
    const byClientId = await ex.fetchOrderByClientId('contract-size-1', SYMBOL);
    expect(byClientId?.amount).toBe(2.3);
  });

  it('sums the funding payments booked since the trade’s last fill (fetchFundingHistory)', async () => {
    const since = NOW - 20 * 3_600_000;
    fake.addFunding('ETHUSDT', -0.25, since - 3_600_000); // before: not counted
    fake.addFunding('ETHUSDT', -0.4, since + 3_600_000);
    fake.addFunding('ETHUSDT', 0.15, since + 9 * 3_600_000);
    const fees = await ex.fundingFees({ symbol: SYMBOL, amount: 2.3, isShort: false, since });
    expect(fees).toBeCloseTo(-0.25, 12);
    const income = fake.paths().filter((p) => p === 'GET /fapi/v1/income');
    expect(income).toHaveLength(1);
  });

  it('dry-run funding inputs through ccxt: funding-rate candles from fetchFundingRateHistory, mark candles from markPriceKlines', async () => {
    const since = NOW - 20 * 3_600_000; // 2026-01-04 16:00; funding times 16:00, 00:00, 08:00 follow
    const rates = await ex.fetchOHLCV(SYMBOL, '1h', since, undefined, 'funding_rate');
    expect(rates).toEqual([
      [since, 0.0001, 0, 0, 0, 0],
      [since + 8 * 3_600_000, 0.0001, 0, 0, 0, 0],
      [since + 16 * 3_600_000, 0.0001, 0, 0, 0, 0],
    ]);
    const marks = await ex.fetchOHLCV(SYMBOL, '1h', since, undefined, 'mark');
    expect(marks[0]).toEqual([since, 2000, 2000, 2000, 2000, 0]);
    expect(fake.paths()).toContain('GET /fapi/v1/markPriceKlines');
    // A 2.3 ETH long from `since` to now pays 3 × 0.0001 × 2000 × 2.3 = 1.38.
    expect(fundingFeesFromCandles(rates, marks, { amount: 2.3, isShort: false }, since, NOW)).toBeCloseTo(-1.38, 12);
  });
});
