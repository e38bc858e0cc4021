// Strategy callbacks in the dry-run bot on the offline market (issue 15 point 3), with freqtrade's
// names and semantics: custom_stake_amount, custom_entry_price, custom_exit_price, confirm_trade_exit.

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { priceToPrecision } from '../../../src/domain/precision.ts';
import type {
  CheckTimeoutArgs,
  ConfirmExitArgs,
  CustomStakeArgs,
  OrderFilledArgs,
  Strategy,
} from '../../../src/strategy/types.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const immediateFills: ConfigInput = {
  entry_pricing: { price_side: 'other', use_order_book: true },
  exit_pricing: { price_side: 'other', use_order_book: true },
};

async function engine(overrides: ConfigInput, strategy: Strategy) {
  const h = await startEngine(
    {
      max_open_trades: 1,
      stake_amount: 100,
      ...immediateFills,
      exchange: { pair_whitelist: ['ETH/USDT'] },
      ...overrides,
    },
    strategy,
  );
  harnesses.push(h);
  return h;
}

const entered = (h: EngineHarness) => async () =>
  (await openTrades(h.database.db)).some((tw) => tw.orders.some((o) => (o.filled ?? 0) > 0));

describe('strategy callbacks in the bot', () => {
  it('custom_stake_amount sets the stake, after the proposed one and its limits', async () => {
    const seen: CustomStakeArgs[] = [];
    const strategy: Strategy = new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true });
    strategy.customStakeAmount = (args) => {
      seen.push(args);
      return 50;
    };
    const h = await engine({}, strategy);
    await h.runUntil(entered(h));
    const [tw] = await openTrades(h.database.db);
    expect(seen[0].proposedStake).toBe(100);
    expect(seen[0].maxStake).toBeGreaterThanOrEqual(100);
    expect(seen[0].minStake).toBeGreaterThan(0);
    // 50 / rate, truncated to the amount step, at the fill price: a little under 50.
    expect(tw.trade.stakeAmount).toBeLessThanOrEqual(50);
    expect(tw.trade.stakeAmount).toBeGreaterThan(49);
  });

  it('custom_entry_price is kept within custom_price_max_distance_ratio of the proposed rate', async () => {
    const proposed: number[] = [];
    const strategy: Strategy = new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true });
    strategy.customEntryPrice = (args) => {
      proposed.push(args.proposedRate);
      return args.proposedRate * 0.5;
    };
    const h = await engine({}, strategy);
    await h.runUntil(async () => (await openTrades(h.database.db)).length > 0);
    const [tw] = await openTrades(h.database.db);
    // get_valid_price: max(min(0.5 p, 1.02 p), 0.98 p) = 0.98 p
    const requested = proposed[0] - proposed[0] * 0.02;
    expect(tw.trade.openRateRequested).toBe(requested);
    expect(tw.orders[0].price).toBe(priceToPrecision(requested, tw.trade.pricePrecision!));
  });

  it('confirm_trade_exit can deny an exit; the bot asks again on the next tick', async () => {
    const asked: ConfirmExitArgs[] = [];
    let allow = false;
    const strategy: Strategy = new ScriptedStrategy({ stoploss: -0.5, minimal_roi: { '0': -1 } }, { long: () => true });
    strategy.confirmTradeExit = (args) => {
      asked.push(args);
      return allow;
    };
    const h = await engine({}, strategy);
    await h.runUntil(async () => asked.length >= 3);
    expect((await closedTrades(h)).length).toBe(0);
    const [open] = await openTrades(h.database.db);
    expect(open.orders.filter((o) => o.ftOrderSide === 'sell')).toHaveLength(0);
    expect(asked[0]).toMatchObject({ pair: 'ETH/USDT', exitReason: 'roi', orderType: 'limit', timeInForce: 'GTC' });
    expect(asked[0].amount).toBe(open.trade.amount);
    allow = true;
    await h.runUntil(async () => (await closedTrades(h)).length > 0);
    const [closed] = await closedTrades(h);
    expect(closed.trade.exitReason).toBe('roi');
  });

  it('custom_exit_price sets the limit of a limit exit, within the allowed distance', async () => {
    const proposed: number[] = [];
    const strategy: Strategy = new ScriptedStrategy({ stoploss: -0.5, minimal_roi: { '0': -1 } }, { long: () => true });
    strategy.customExitPrice = (args) => {
      proposed.push(args.proposedRate);
      expect(args.exitTag).toBe('roi');
      return args.proposedRate * 1.01;
    };
    const h = await engine({}, strategy);
    await h.runUntil(async () => proposed.length > 0);
    const [tw] = await openTrades(h.database.db);
    const exit = tw.orders.find((o) => o.ftOrderSide === 'sell')!;
    expect(exit.ftPrice).toBe(proposed[0] * 1.01);
    expect(exit.price).toBe(priceToPrecision(proposed[0] * 1.01, tw.trade.pricePrecision!));
  });

  it('bot_start once, bot_loop_start every iteration, order_filled for each order that filled', async () => {
    const calls: string[] = [];
    const filled: OrderFilledArgs[] = [];
    const strategy: Strategy = new ScriptedStrategy({ stoploss: -0.5, minimal_roi: { '0': -1 } }, { long: () => true });
    strategy.botStart = () => {
      calls.push('bot_start');
    };
    strategy.botLoopStart = () => {
      calls.push('bot_loop_start');
    };
    strategy.orderFilled = (args) => filled.push(args);
    const h = await engine({}, strategy);
    const ticks = await h.runUntil(async () => (await closedTrades(h)).length > 0);
    expect(calls[0]).toBe('bot_start');
    expect(calls.filter((c) => c === 'bot_start')).toHaveLength(1);
    expect(calls.filter((c) => c === 'bot_loop_start').length).toBeGreaterThanOrEqual(ticks);
    const [tw] = await closedTrades(h);
    const sides = filled.filter((f) => f.trade.id === tw.trade.id).map((f) => f.order.ftOrderSide);
    expect(sides).toEqual(['buy', 'sell']);
    const entry = tw.orders.find((o) => o.ftOrderSide === 'buy')!;
    expect(filled[0].order.filled).toBe(entry.filled);
    expect(filled[0].order.price).toBe(entry.average ?? entry.price);
  });

  it('check_entry_timeout / check_exit_timeout cancel resting orders before unfilledtimeout', async () => {
    const entryChecks: CheckTimeoutArgs[] = [];
    const strategy: Strategy = new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true });
    strategy.customEntryPrice = (a) => a.proposedRate * 0.98; // rests below the book
    strategy.checkEntryTimeout = (a) => {
      entryChecks.push(a);
      return entryChecks.length >= 2;
    };
    const h = await engine({ unfilledtimeout: { entry: 600, exit: 600, unit: 'minutes' } }, strategy);
    await h.runUntil(async () => h.messages('entry_cancel').length > 0);
    expect(entryChecks).toHaveLength(2);
    expect(entryChecks[0].order).toMatchObject({ ftOrderSide: 'buy', status: 'open', filled: 0 });

    const exitChecks: CheckTimeoutArgs[] = [];
    const exiting: Strategy = new ScriptedStrategy({ stoploss: -0.5, minimal_roi: { '0': -1 } }, { long: () => true });
    exiting.customExitPrice = (a) => a.proposedRate * 1.02; // rests above the book
    exiting.checkExitTimeout = (a) => {
      exitChecks.push(a);
      return true;
    };
    const h2 = await engine({ unfilledtimeout: { entry: 600, exit: 600, unit: 'minutes' } }, exiting);
    await h2.runUntil(async () => h2.messages('exit_cancel').length > 0);
    expect(exitChecks[0].order).toMatchObject({ ftOrderSide: 'sell', status: 'open' });
    const [open] = await openTrades(h2.database.db);
    expect(open.trade.isOpen).toBe(true);
  });
});
