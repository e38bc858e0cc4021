// cancel_open_orders_on_exit on the edge: the Durable Object has no process exit, and its alarm stops
// while the bot is stopped, so /stop is where freqtrade's process_stopped runs. A resting dry-run
// entry is cancelled on the simulated exchange and its trade removed (freqtrade's handle_cancel_enter).
// Runtime rebuilt on a ManualClock with this test's settings, as in edge-stoploss.test.ts.

import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { buildRuntime, type EdgeRuntime } from '../../src/hosts/worker/runtime.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { CustomEntryPriceArgs, Frame } from '../../src/strategy/types.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { api, botStub } from './edge-helpers.ts';

const T0 = Date.UTC(2026, 0, 5, 0, 50, 0);
const clock = new ManualClock(T0);

const SETTINGS = {
  TICKHUB__MAX_OPEN_TRADES: '1',
  TICKHUB__CANCEL_OPEN_ORDERS_ON_EXIT: 'true',
  TICKHUB__ORDER_TYPES__ENTRY: 'limit',
  TICKHUB__ENTRY_PRICING__PRICE_SIDE: 'same',
};

async function rows(sql: string): Promise<Record<string, any>[]> {
  return (await env.DB.prepare(sql).all()).results as Record<string, any>[];
}

describe('cancel_open_orders_on_exit in the Durable Object', () => {
  it('/stop cancels the resting entry on the simulated exchange and removes its trade', async () => {
    await runInDurableObject(botStub(), async (instance: BotObject) => {
      await instance.ready();
      const rt = await buildRuntime({ ...env, ...SETTINGS } as never, instance.hub, clock);
      (instance as unknown as { runtime: EdgeRuntime }).runtime = rt;
      const strategy = rt.bot.strategy;
      rt.bot.settings.process_only_new_candles = false;
      Object.defineProperty(strategy, 'streaming', { value: undefined });
      strategy.populateEntryTrend = (frame: Frame, meta: { pair: string }) => {
        const last = frame.date.length - 1;
        const when = frame.date.map((d, i) => i === last && d === T0 - 300_000 && meta.pair === 'BTC/USDT');
        return markSignal(frame, 'enter_long', when, 'parked');
      };
      // 2 % under the bid: the limit entry rests.
      strategy.customEntryPrice = (a: CustomEntryPriceArgs) => a.proposedRate * 0.98;
      expect(rt.config.cancel_open_orders_on_exit).toBe(true);
    });

    clock.advance(60_000);
    expect(await runDurableObjectAlarm(botStub())).toBe(true);
    const [order] = await rows("SELECT * FROM orders WHERE ft_pair = 'BTC/USDT'");
    expect(order).toMatchObject({ ft_order_side: 'buy', ft_is_open: 1, status: 'open' });
    const simBefore = (await rows('SELECT data FROM sim_orders')).map((r) => JSON.parse(r.data).order);
    expect(simBefore.find((o) => o.clientOrderId === order.client_order_id)?.status).toBe('open');

    const stop = await api('/api/v1/stop', { method: 'POST' });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toEqual({ status: 'stopping trader ...' });

    // The trade is gone (its entry never filled) and the simulated exchange has the order cancelled.
    expect(await rows('SELECT id FROM trades')).toHaveLength(0);
    expect(await rows('SELECT id FROM orders')).toHaveLength(0);
    const sim = (await rows('SELECT data FROM sim_orders')).map((r) => JSON.parse(r.data).order);
    expect(sim.find((o) => o.clientOrderId === order.client_order_id)?.status).toBe('canceled');
    expect(await (await api('/api/v1/status')).json()).toEqual([]);
  });
});
