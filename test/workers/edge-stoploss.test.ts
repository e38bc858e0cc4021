// Stoploss on exchange inside the bot's Durable Object (workerd, D1): a dry-run trade's stop order
// rests on the simulated exchange, a trailing stop moves it over alarm ticks, and the stop fills
// and closes the trade with exit reason stoploss_on_exchange. /status shows the stop as it moves.
// The object's runtime is rebuilt on a ManualClock (buildRuntime's clock parameter) with this test's
// settings as TICKHUB__… bindings: the offline market is a function of time, so the run is the same
// on every machine and never depends on the wall clock.

import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { buildRuntime, type EdgeRuntime } from '../../src/hosts/worker/runtime.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { Frame } from '../../src/strategy/types.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { api, botStub } from './edge-helpers.ts';

/**
 * 2026-01-05 00:50 UTC: a fixed start where the offline market (seed 42) rises about 0.7 % within
 * 30 minutes of the entry, then falls back: the trailing stop has room to move and to be hit.
 */
const T0 = Date.UTC(2026, 0, 5, 0, 50, 0);
const clock = new ManualClock(T0);

const SETTINGS = {
  TICKHUB__MAX_OPEN_TRADES: '1',
  TICKHUB__STOPLOSS: '-0.05',
  TICKHUB__MINIMAL_ROI: '{"0": 10}',
  TICKHUB__TRAILING_STOP: 'true',
  TICKHUB__TRAILING_STOP_POSITIVE: '0.002',
  TICKHUB__TRAILING_STOP_POSITIVE_OFFSET: '0',
  TICKHUB__ORDER_TYPES__EXIT: 'market',
  TICKHUB__ORDER_TYPES__STOPLOSS: 'limit',
  TICKHUB__ORDER_TYPES__STOPLOSS_ON_EXCHANGE: 'true',
  TICKHUB__ORDER_TYPES__STOPLOSS_ON_EXCHANGE_INTERVAL: '60',
};

interface OrderRow {
  id: number;
  ft_order_side: string;
  ft_is_open: number;
  status: string;
  stop_price: number | null;
  price: number | null;
  average: number | null;
  order_date: number;
  ft_cancel_reason: string | null;
}

async function ordersOf(tradeId: number): Promise<OrderRow[]> {
  const r = await env.DB.prepare('SELECT * FROM orders WHERE ft_trade_id = ? ORDER BY id').bind(tradeId).all();
  return r.results as unknown as OrderRow[];
}

async function statusTrades(): Promise<Record<string, any>[]> {
  const r = await api('/api/v1/status');
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, any>[];
}

/** One alarm tick a minute later on the test's clock. */
async function alarmTick(): Promise<void> {
  clock.advance(60_000);
  expect(await runDurableObjectAlarm(botStub())).toBe(true);
}

describe('stoploss on exchange in the Durable Object', () => {
  it('places the stop, trails it over alarm ticks, and closes the trade when it fills', async () => {
    await runInDurableObject(botStub(), async (instance: BotObject) => {
      const inner = instance as unknown as { runtime: EdgeRuntime | undefined };
      await instance.ready();
      // The same composition the object uses, on the test's clock and settings.
      const rt = await buildRuntime({ ...env, ...SETTINGS } as never, instance.hub, clock);
      inner.runtime = rt;
      rt.bot.settings.process_only_new_candles = false;
      // Analyse through the populate methods below (the default strategy also has an incremental form).
      Object.defineProperty(rt.bot.strategy, 'streaming', { value: undefined });
      rt.bot.strategy.populateEntryTrend = (frame: Frame, meta: { pair: string }) => {
        const last = frame.date.length - 1;
        // One entry: on the candle that closes at T0 only.
        const when = frame.date.map((d, i) => i === last && d === T0 - 300_000 && meta.pair === 'BTC/USDT');
        return markSignal(frame, 'enter_long', when, 'edge_stop');
      };
      rt.bot.strategy.populateExitTrend = (frame: Frame) =>
        markSignal(
          frame,
          'exit_long',
          frame.date.map(() => false),
        );
      expect(rt.bot.settings.order_types.stoploss_on_exchange).toBe(true);
    });

    // Entry (market, fills at once), then the stop goes on the simulated exchange.
    let tradeId = 0;
    for (let i = 0; i < 5 && tradeId === 0; i++) {
      await alarmTick();
      const [t] = await statusTrades();
      if (t) tradeId = t.trade_id;
    }
    expect(tradeId).toBeGreaterThan(0);
    await alarmTick();
    let [st] = await statusTrades();
    let orders = await ordersOf(tradeId);
    const firstStop = orders.find((o) => o.ft_order_side === 'stoploss')!;
    expect(firstStop).toMatchObject({ ft_is_open: 1, status: 'open' });
    // The order carries the initial stop: 5 % under the open rate, rounded up to the 0.01 tick. The
    // trade's stop already trails (5 % under the current rate) but the order waits for the interval.
    const up = (v: number) => Math.ceil(Number((v * 100).toFixed(6))) / 100;
    expect(st.initial_stop_loss_abs).toBe(up(st.open_rate * 0.95));
    expect(firstStop.stop_price).toBe(st.initial_stop_loss_abs);
    expect(st.stop_loss_abs).toBeGreaterThanOrEqual(firstStop.stop_price!);
    expect(st.stop_loss_abs).toBeLessThan(st.open_rate);
    expect(st.stoploss_last_update_timestamp).toBe(firstStop.order_date);
    expect(st.has_open_orders).toBe(false); // stop orders do not count (freqtrade's has_open_orders)
    expect(st.is_open).toBe(true);

    // Tick until the stop order has filled; every minute, /status agrees with the stop order.
    const stopPrices: number[] = [firstStop.stop_price!];
    let closed: Record<string, any> | undefined;
    for (let i = 0; i < 60 && !closed; i++) {
      await alarmTick();
      orders = await ordersOf(tradeId);
      const open = orders.filter((o) => o.ft_order_side === 'stoploss' && o.ft_is_open);
      expect(open.length).toBeLessThanOrEqual(1);
      const trade = (await (await api(`/api/v1/trade/${tradeId}`)).json()) as Record<string, any>;
      if (!trade.is_open) {
        closed = trade;
        break;
      }
      [st] = await statusTrades();
      expect(st.trade_id).toBe(tradeId);
      expect(st.has_open_orders).toBe(false);
      if (open.length === 1) {
        expect(st.stoploss_last_update_timestamp).toBe(open[0].order_date);
        if (open[0].stop_price !== stopPrices.at(-1)) stopPrices.push(open[0].stop_price!);
        // The trade's stop may run ahead of the order only until the interval (60 s) has passed.
        expect(st.stop_loss_abs).toBeGreaterThanOrEqual(open[0].stop_price!);
      }
    }
    expect(closed).toBeDefined();

    // The trailing stop moved the order up at least once (each replacement: a higher stop).
    expect(stopPrices.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < stopPrices.length; i++) expect(stopPrices[i]).toBeGreaterThan(stopPrices[i - 1]);
    expect(stopPrices.at(-1)!).toBeGreaterThan(stopPrices[0]);

    orders = await ordersOf(tradeId);
    const stops = orders.filter((o) => o.ft_order_side === 'stoploss');
    expect(stops.length).toBe(stopPrices.length);
    for (const s of stops.slice(0, -1)) {
      expect(s).toMatchObject({ status: 'canceled', ft_is_open: 0, ft_cancel_reason: 'stoploss moved' });
    }
    // stoploss_on_exchange_interval: a stop order is replaced only once it is 60 s old.
    for (let i = 1; i < stops.length; i++) {
      expect(stops[i].order_date - stops[i - 1].order_date).toBeGreaterThanOrEqual(60_000);
    }
    const filled = stops.at(-1)!;
    expect(filled).toMatchObject({ status: 'closed', ft_is_open: 0, stop_price: stopPrices.at(-1) });
    // No other exit order: the stop order closed the trade.
    expect(orders.filter((o) => o.ft_order_side === 'sell')).toHaveLength(0);
    expect(closed).toMatchObject({
      is_open: false,
      exit_reason: 'stoploss_on_exchange',
      close_rate: filled.average,
      stop_loss_abs: stopPrices.at(-1),
      has_open_orders: false,
      stoploss_last_update: null,
    });
    // The trail locked a profit above the entry (net of fees it may still be small or negative).
    expect(filled.average!).toBeGreaterThan(closed!.open_rate);
  }, 120_000);
});
