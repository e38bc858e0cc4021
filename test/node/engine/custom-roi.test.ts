// custom_roi in the dry-run bot on the offline market (issue 15 point 3; freqtrade 2025.4
// min_roi_reached_entry): asked with use_custom_roi only, the lower of it and minimal_roi exits.

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import type { CustomRoiArgs, Strategy } from '../../../src/strategy/types.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function engine(strategy: Strategy, overrides: ConfigInput = {}) {
  const h = await startEngine(
    {
      max_open_trades: 1,
      stake_amount: 100,
      entry_pricing: { price_side: 'other', use_order_book: true },
      exit_pricing: { price_side: 'other', use_order_book: true },
      exchange: { pair_whitelist: ['ETH/USDT'] },
      ...overrides,
    },
    strategy,
  );
  harnesses.push(h);
  return h;
}

describe('custom_roi in the bot', () => {
  it('a custom ROI below the table exits with reason roi, asked with the trade age in minutes', async () => {
    const asked: CustomRoiArgs[] = [];
    // The table never exits (1000 %); custom_roi says "any profit above -100 %" once the trade is 15 minutes old.
    const strategy: Strategy = new ScriptedStrategy(
      { minimal_roi: { '0': 10 }, use_custom_roi: true },
      { long: () => true },
    );
    strategy.customRoi = (args) => {
      asked.push(args);
      return args.tradeDuration >= 15 ? -1 : null;
    };
    const h = await engine(strategy);
    await h.runUntil(async () => (await closedTrades(h)).length > 0);
    const [tw] = await closedTrades(h);
    expect(tw.trade.exitReason).toBe('roi');
    for (const a of asked) {
      expect(a).toMatchObject({ pair: 'ETH/USDT', side: 'long', entryTag: 'scripted_long' });
      expect(a.trade.id).toBe(tw.trade.id);
      expect(a.tradeDuration).toBe(Math.floor((a.currentTime - tw.trade.openDate) / 60_000));
    }
    const firstYes = asked.find((a) => a.tradeDuration >= 15)!;
    const exitOrder = tw.orders.find((o) => o.ftOrderSide === 'sell')!;
    // The exit was placed on the first tick custom_roi allowed it, not before.
    expect(exitOrder.orderDate).toBe(firstYes.currentTime);
    expect(asked.filter((a) => a.currentTime < firstYes.currentTime).every((a) => a.tradeDuration < 15)).toBe(true);
  });

  it('is not asked without use_custom_roi, and a throwing or higher custom ROI leaves the table in force', async () => {
    let calls = 0;
    const off: Strategy = new ScriptedStrategy({ minimal_roi: { '0': 10 } }, { long: () => true });
    off.customRoi = () => {
      calls++;
      return -1;
    };
    const h = await engine(off);
    await h.runUntil(async () => (await openTrades(h.database.db)).some((t) => t.trade.amount > 0));
    await h.run(20);
    expect(calls).toBe(0);
    expect(await closedTrades(h)).toHaveLength(0);

    // custom 1000 % is above the table's -100 %: the table exits; a throw is logged and ignored.
    let n = 0;
    const higher: Strategy = new ScriptedStrategy(
      { minimal_roi: { '0': -1 }, use_custom_roi: true },
      { long: () => true },
    );
    higher.customRoi = () => {
      n++;
      if (n === 1) throw new Error('boom');
      return 10;
    };
    const h2 = await engine(higher);
    await h2.runUntil(async () => (await closedTrades(h2)).length > 0);
    const [tw] = await closedTrades(h2);
    expect(tw.trade.exitReason).toBe('roi');
    expect(n).toBeGreaterThanOrEqual(1);
    expect(
      h2.logs
        .recent(500)
        .map((r) => r[4])
        .some((m) => String(m).includes('custom_roi failed: boom')),
    ).toBe(true);
  });
});
