// The dry-run broker's stop orders (freqtrade's dry-run stoploss): refused when the book already
// crosses the trigger, holding the coins while open, filled once the ask reaches a sell stop, at
// the bid but never below the order's limit. Real broker over the offline market.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import { DryRunBroker, MemoryDryRunStore } from '../../../src/exchange/dry-run/index.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import { ManualClock } from '../../../src/util/clock.ts';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const MINUTE = 60_000;

async function withCoins(amount: number) {
  const clock = new ManualClock(T0);
  const exchange = new OfflineExchange({ clock, seed: 7 });
  const broker = new DryRunBroker({ exchange, clock, store: new MemoryDryRunStore(), dryRunWallet: 100_000 });
  await broker.createOrder({ symbol: 'ETH/USDT', type: 'market', side: 'buy', amount, clientOrderId: 'buy' });
  return { clock, exchange, broker };
}

describe('dry-run stop orders', () => {
  it('refuses a stop the book already crosses ("would trigger immediately")', async () => {
    const { broker, exchange } = await withCoins(1);
    const t = await exchange.fetchTicker('ETH/USDT');
    const req = { symbol: 'ETH/USDT', side: 'sell' as const, amount: 0.5, clientOrderId: 's1' };
    await expect(broker.createStopOrder({ ...req, stopPrice: t.ask, limitPrice: t.ask * 0.99 })).rejects.toThrow(
      'Could not create dry stoploss order. Stoploss would trigger immediately.',
    );
  });

  it('holds the coins, then fills at the bid (not below the limit) once the ask reaches the trigger', async () => {
    const { broker, exchange, clock } = await withCoins(1);
    const bought = (await broker.fetchBalance()).ETH.free;
    const t0 = await exchange.fetchTicker('ETH/USDT');
    // A trigger 0.2 % under the ask, limit 1 % under the trigger.
    const stopPrice = priceToPrecision(t0.ask * 0.998, 0.01, 'ROUND_UP');
    const limitPrice = priceToPrecision(stopPrice * 0.99, 0.01, 'ROUND_UP');
    const order = await broker.createStopOrder({
      symbol: 'ETH/USDT',
      side: 'sell',
      amount: bought,
      stopPrice,
      limitPrice,
      clientOrderId: 's2',
    });
    expect(order).toMatchObject({ status: 'open', stopPrice, price: limitPrice, filled: 0 });
    expect((await broker.fetchBalance()).ETH).toMatchObject({ free: 0, used: bought });
    // Walk the clock until the offline market's ask reaches the trigger; the fill happens on the next read.
    let filled = order;
    for (let i = 0; i < 2000 && filled.status === 'open'; i++) {
      clock.advance(MINUTE);
      const t = await exchange.fetchTicker('ETH/USDT');
      filled = await broker.fetchOrder(order.id, 'ETH/USDT');
      if (filled.status === 'closed') {
        expect(t.ask).toBeLessThanOrEqual(stopPrice);
        expect(filled.average).toBe(priceToPrecision(Math.max(t.bid, limitPrice), 0.01));
      } else expect(t.ask).toBeGreaterThan(stopPrice);
    }
    expect(filled).toMatchObject({ status: 'closed', filled: order.amount, remaining: 0 });
    expect(filled.fee?.rate).toBe(0.001);
  }, 60_000);

  it('property: a stop never asks for more than requested, lands on the amount step, and needs the coins', async () => {
    const { broker } = await withCoins(2);
    const held = (await broker.fetchBalance()).ETH.free;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.0001, max: 3, noNaN: true }), async (amount) => {
        const req = { symbol: 'ETH/USDT', side: 'sell' as const, amount, stopPrice: 1, limitPrice: 0.99 };
        const clientOrderId = `p${n++}`;
        try {
          const o = await broker.createStopOrder({ ...req, clientOrderId });
          expect(o.amount).toBeLessThanOrEqual(amount);
          expect(Math.abs(o.amount / 0.0001 - Math.round(o.amount / 0.0001))).toBeLessThan(1e-6);
          expect(o.amount).toBeLessThanOrEqual(held);
          await broker.cancelOrder(o.id, 'ETH/USDT');
        } catch (e) {
          // Only what the wallet cannot cover (or what rounds to nothing / below the minimum) is refused.
          expect(String(e)).toMatch(/Need .* ETH|rounds to 0|min/i);
          expect(amount > held || amount < 0.001).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
