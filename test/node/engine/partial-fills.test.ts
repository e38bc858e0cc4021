// Partial fills: an entry cancelled after a partial fill keeps the trade with what was bought; an
// exit cancelled after a partial fill books the realized part and keeps the rest open.

import { afterEach, describe, expect, it } from 'vitest';
import { applyOrderUpdate } from '../../../src/bot/orders/apply-fills.ts';
import { getTrade, insertOrderQuery, runTradeWrites } from '../../../src/db/repo/trades.ts';
import type { ExchangeOrder } from '../../../src/exchange/port.ts';
import { type EngineHarness, ScriptedStrategy, startEngine } from '../../support/engine.ts';

let h: EngineHarness;
afterEach(async () => h?.close());

function snapshot(
  base: { id: string; symbol: string; side: 'buy' | 'sell'; amount: number; price: number },
  filled: number,
  status: ExchangeOrder['status'],
): ExchangeOrder {
  return {
    id: base.id,
    symbol: base.symbol,
    side: base.side,
    type: 'limit',
    status,
    timestamp: 0,
    price: base.price,
    average: filled > 0 ? base.price : undefined,
    amount: base.amount,
    filled,
    remaining: base.amount - filled,
    cost: filled * base.price,
    fee: { cost: filled * base.price * 0.001, currency: 'USDT', rate: 0.001 },
  };
}

describe('partial fills', () => {
  it('keeps what was filled when the rest of an entry or exit is cancelled', async () => {
    h = await startEngine({ exchange: { pair_whitelist: ['BTC/USDT'] } }, new ScriptedStrategy());
    await h.run(1);
    const placed = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 1000, stakeamount: 100 });
    const entry = placed!.orders[0];
    const amount = entry.amount!;
    const ctx = (h.bot as any).ctx;
    // The exchange reports 40 % filled, then the order is cancelled.
    await applyOrderUpdate(
      ctx,
      placed!,
      entry,
      snapshot({ id: entry.orderId!, symbol: 'BTC/USDT', side: 'buy', amount, price: 1000 }, amount * 0.4, 'canceled'),
      { cancelReason: 'timeout' },
    );
    const afterEntry = (await getTrade(h.database.db, placed!.trade.id))!;
    expect(afterEntry.trade.isOpen).toBe(true);
    expect(afterEntry.trade.amount).toBeCloseTo(amount * 0.4, 10);
    expect(afterEntry.trade.stakeAmount).toBeCloseTo(amount * 0.4 * 1000, 8);
    expect(afterEntry.trade.openRate).toBe(1000);
    expect(h.messages('entry_fill')).toHaveLength(1);

    // An exit for the whole position (recorded as the bot records it) fills half, then is cancelled.
    // The simulated exchange never saw these snapshots, so the exit is recorded directly.
    await runTradeWrites(h.database.db, [
      insertOrderQuery(h.database.db, {
        ftTradeId: placed!.trade.id,
        ftOrderSide: 'sell',
        ftPair: 'BTC/USDT',
        ftIsOpen: true,
        ftAmount: afterEntry.trade.amount,
        ftPrice: 1100,
        clientOrderId: 'test-exit-1',
        orderId: 'exit-1',
        status: 'open',
        symbol: 'BTC/USDT',
        orderType: 'limit',
        side: 'sell',
        price: 1100,
        amount: afterEntry.trade.amount,
        filled: 0,
        remaining: afterEntry.trade.amount,
        cost: 0,
        orderDate: h.clock.now(),
      }),
    ]);
    const withExit = (await getTrade(h.database.db, placed!.trade.id))!;
    const exit = withExit.orders.find((o) => o.ftOrderSide === 'sell')!;
    const held = withExit.trade.amount;
    await applyOrderUpdate(
      ctx,
      withExit,
      exit,
      snapshot(
        { id: exit.orderId!, symbol: 'BTC/USDT', side: 'sell', amount: held, price: 1100 },
        held / 2,
        'canceled',
      ),
      { cancelReason: 'timeout' },
    );
    const afterExit = (await getTrade(h.database.db, placed!.trade.id))!;
    expect(afterExit.trade.isOpen).toBe(true);
    expect(afterExit.trade.amount).toBeCloseTo(held / 2, 10);
    // Realized: half the position sold at 1100 against an open rate of 1000, fees on both sides.
    const q = held / 2;
    expect(afterExit.trade.realizedProfit).toBeCloseTo(q * 1100 * 0.999 - q * 1000 * 1.001, 6);
    expect(h.messages('exit_fill')).toHaveLength(1);
    expect((h.messages('exit_fill')[0] as unknown as { is_final_exit: boolean }).is_final_exit).toBe(false);
  });
});
