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

  it('reads each fill’s USDT commission from /fapi/v1/userTrades (order replies have no fee), amounts in ETH', async () => {
    fake.setCommission('BUY', 0.0005);
    fake.setCommission('SELL', 0.0002);
    const walletBefore = fake.wallet();
    const order = (side: 'buy' | 'sell', id: string) =>
      ex.createOrder({ symbol: SYMBOL, type: 'market', side, amount: 0.5, clientOrderId: id, leverage: 1 });
    const buy = await order('buy', 'fee-buy');
    const sell = await order('sell', 'fee-sell');
    expect(buy.fee).toBeUndefined();
    // 5 contracts = 0.5 ETH at 2000 = 1000 USDT: 0.5 USDT at 0.0005, 0.2 USDT at 0.0002; the wallet paid both
    // (the sell reduces the 2000-entry long at 2000: no PnL).
    expect(fake.wallet()).toBeCloseTo(walletBefore - 0.7, 9);
    expect(await ex.fetchOrderTrades(buy.id, SYMBOL, NOW)).toEqual([
      { orderId: buy.id, amount: 0.5, cost: 1000, fees: [{ cost: 0.5, currency: 'USDT', rate: undefined }] },
    ]);
    expect(await ex.fetchOrderTrades(sell.id, SYMBOL, NOW)).toEqual([
      { orderId: sell.id, amount: 0.5, cost: 1000, fees: [{ cost: 0.2, currency: 'USDT', rate: undefined }] },
    ]);
    expect(
      fake
        .trades()
        .slice(-2)
        .map((t) => [t.side, t.commission, t.maker]),
    ).toEqual([
      ['BUY', 0.5, false],
      ['SELL', 0.2, false],
    ]);
    // Trades before since − 5 s (freqtrade's get_trades_for_order window) are not asked for.
    expect(await ex.fetchOrderTrades(buy.id, SYMBOL, NOW + 5_001)).toEqual([]);
    expect(fake.paths()).toContain('GET /fapi/v1/userTrades');
    fake.setCommission('BUY', 0);
    fake.setCommission('SELL', 0);
  });
});
