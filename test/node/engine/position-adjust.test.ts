// adjust_trade_position in the dry-run bot on the offline market (issue 15 point 3): a strategy that
// adds to its trade once, then exits half of it. Numbers checked by hand against freqtrade's
// recalc_trade_from_orders: the open rate is the amount-weighted average of the entry fills (to the
// price tick), the partial exit realizes amount·rate·(1−fee) − amount·avg·(1+fee).

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { stopLossFromRatio } from '../../../src/domain/money/index.ts';
import { amountToPrecision, priceToPrecision } from '../../../src/domain/precision.ts';
import type { AdjustPositionArgs, CustomStoplossArgs, Strategy } from '../../../src/strategy/types.ts';
import { type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const config: ConfigInput = {
  max_open_trades: 1,
  stake_amount: 100,
  entry_pricing: { price_side: 'other', use_order_book: true },
  exit_pricing: { price_side: 'other', use_order_book: true },
  exchange: { pair_whitelist: ['ETH/USDT'] },
};

function dcaStrategy(seen: AdjustPositionArgs[], settings: Partial<Strategy> = {}): Strategy {
  const strategy: Strategy = new ScriptedStrategy(
    { minimal_roi: { '0': 10 }, position_adjustment_enable: true, ...settings },
    { long: () => true },
  );
  let exited = false;
  strategy.adjustTradePosition = (args) => {
    seen.push(args);
    if (args.trade.nrOfSuccessfulEntries === 1) return [50, 'dca1'];
    if (!exited) {
      exited = true;
      return [-args.trade.stakeAmount / 2, 'half'];
    }
    return null;
  };
  return strategy;
}

describe('adjust_trade_position in the bot', () => {
  it('adds once, then exits half: orders, amount, averaged open rate and realized profit', async () => {
    const seen: AdjustPositionArgs[] = [];
    const h = await startEngine(config, dcaStrategy(seen));
    harnesses.push(h);
    await h.runUntil(async () => {
      const [tw] = await openTrades(h.database.db);
      return !!tw && tw.orders.filter((o) => o.side === 'sell' && !o.ftIsOpen && (o.filled ?? 0) > 0).length === 1;
    });
    const [tw] = await openTrades(h.database.db);
    const { trade, orders } = tw;
    expect(orders.map((o) => [o.side, o.ftOrderTag])).toEqual([
      ['buy', 'scripted_long'],
      ['buy', 'dca1'],
      ['sell', 'half'],
    ]);
    const [e1, e2, x] = orders;
    const step = trade.amountPrecision!;
    const fee = trade.feeOpen;
    const p1 = e1.average ?? e1.price!;
    const p2 = e2.average ?? e2.price!;
    const px = x.average ?? x.price!;
    // The second entry: a stake of 50 at the rate the strategy saw, truncated to the amount step.
    expect(e2.amount).toBe(amountToPrecision(50 / seen[0].currentEntryRate, step));
    expect(seen[0].currentRate).toBe(seen[0].currentEntryRate);
    const a1 = e1.filled!;
    const a2 = e2.filled!;
    const avg = (p1 * a1 + p2 * a2) / (a1 + a2);
    // The exit: stake/2 of the averaged trade, as amount = |stake·amount/stake_amount|.
    const stakeAfterDca = seen[1].trade.stakeAmount;
    expect(seen[1].trade.amount).toBeCloseTo(a1 + a2, 12);
    // stake_amount = Σ price·amount of the entries (freqtrade's current_stake, not the rounded open rate).
    expect(stakeAfterDca).toBeCloseTo(p1 * a1 + p2 * a2, 9);
    const ax = amountToPrecision(((stakeAfterDca / 2) * (a1 + a2)) / stakeAfterDca, step);
    expect(x.amount).toBe(ax);
    expect(x.filled).toBe(ax);
    expect(trade.amount).toBeCloseTo(a1 + a2 - ax, 12);
    expect(trade.openRate).toBe(priceToPrecision(avg, trade.pricePrecision!));
    // freqtrade's calc_profit rounds to 8 decimals.
    const realized = Number((ax * px * (1 - fee) - ax * avg * (1 + fee)).toFixed(8));
    expect(trade.realizedProfit).toBeCloseTo(realized, 10);
    expect(trade.isOpen).toBe(true);
  });

  it('max_entry_position_adjustment bounds the added entries', async () => {
    const seen: AdjustPositionArgs[] = [];
    const strategy: Strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, position_adjustment_enable: true, max_entry_position_adjustment: 1 },
      { long: () => true },
    );
    strategy.adjustTradePosition = (args) => {
      seen.push(args);
      return 20;
    };
    const h = await startEngine(config, strategy);
    harnesses.push(h);
    await h.runUntil(async () => seen.length >= 6);
    const [tw] = await openTrades(h.database.db);
    // The first entry plus one adjustment (entries counted > 1 stop further ones).
    expect(tw.orders.filter((o) => o.side === 'buy')).toHaveLength(2);
    expect(seen.at(-1)!.trade.nrOfSuccessfulEntries).toBe(2);
  });

  it('is not called without position_adjustment_enable', async () => {
    const seen: AdjustPositionArgs[] = [];
    const h = await startEngine(config, dcaStrategy(seen, { position_adjustment_enable: false }));
    harnesses.push(h);
    await h.runUntil(async () =>
      (await openTrades(h.database.db)).some((t) => t.orders.some((o) => (o.filled ?? 0) > 0)),
    );
    await h.run(5);
    expect(seen).toHaveLength(0);
    const [tw] = await openTrades(h.database.db);
    expect(tw.orders).toHaveLength(1);
  });
});

describe('custom_stoploss after fills (freqtrade after_fill=True)', () => {
  it('runs after each fill at the current exit rate, and may then loosen the stop', async () => {
    const calls: CustomStoplossArgs[] = [];
    const strategy: Strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, position_adjustment_enable: true, use_custom_stoploss: true },
      { long: () => true },
    );
    strategy.customStoploss = (args) => {
      calls.push(args);
      return args.afterFill ? -0.3 : -0.1;
    };
    let added = false;
    strategy.adjustTradePosition = () => {
      if (added || calls.filter((c) => !c.afterFill).length < 2) return null;
      added = true;
      return 50;
    };
    const h = await startEngine(config, strategy);
    harnesses.push(h);
    await h.runUntil(async () => calls.filter((c) => c.afterFill).length >= 2);
    const [tw] = await openTrades(h.database.db);
    const step = tw.trade.pricePrecision!;
    const after = calls.filter((c) => c.afterFill);
    expect(after[0].trade.id).toBe(tw.trade.id);
    // Between fills the regular -0.1 tightened the stop; the second fill's -0.3 loosens it again.
    const regular = calls.filter((c) => !c.afterFill);
    expect(regular.length).toBeGreaterThanOrEqual(2);
    const expected = priceToPrecision(stopLossFromRatio(after[1].currentRate, -0.3, 1, false), step, 'ROUND_UP');
    expect(tw.trade.stopLoss).toBe(expected);
    expect(tw.trade.stopLoss).toBeLessThan(regular.at(-1)!.currentRate * 0.9);
  });
});
