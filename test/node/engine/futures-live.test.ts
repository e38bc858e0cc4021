import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import {
  closedTrades,
  type EngineHarness,
  openTrades,
  ScriptedStrategy,
  startEngine,
  T0,
} from '../../support/engine.ts';
import { type FakeBinanceFutures, startFakeBinanceFutures } from '../../support/fake-binance-futures.ts';

let fake: FakeBinanceFutures;
let h: EngineHarness;
let now = T0;

beforeEach(async () => {
  now = T0;
  fake = await startFakeBinanceFutures({ now: () => now });
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

describe('smoke', () => {
  it('runs', async () => {
    let enter = true;
    const strategy = new ScriptedStrategy(
      { stoploss: -0.1, minimal_roi: { '0': 100 } },
      { long: (f, i) => enter && i === f.date.length - 1 },
    );
    strategy.leverageValue = 3;
    const cfg: ConfigInput = {
      dry_run: false,
      max_open_trades: 1,
      trading_mode: 'futures',
      margin_mode: 'isolated',
      stake_amount: 201,
      trailing_stop: true,
      trailing_stop_positive: 0.02,
      trailing_stop_positive_offset: 0.03,
      trailing_only_offset_is_reached: true,
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      order_types: {
        entry: 'limit',
        exit: 'limit',
        stoploss: 'market',
        stoploss_on_exchange: true,
        stoploss_price_type: 'mark',
        stoploss_on_exchange_interval: 60,
      },
      exchange: {
        name: 'binance',
        key: fake.apiKey,
        secret: fake.secret,
        pair_whitelist: ['ETH/USDT:USDT'],
        ccxt_config: { enableRateLimit: false },
      },
    };
    h = await startEngine(cfg, strategy, { ccxtUrlOverride: fake.url, start: now });
    await tick();
    enter = false;
    await tick();
    const show = async (label: string) => {
      const [tw] = await openTrades(h.database.db);
      const t = tw?.trade;
      console.log(
        label,
        t && {
          amount: t.amount,
          stake: t.stakeAmount,
          open: t.openRate,
          stop: t.stopLoss,
          liq: t.liquidationPrice,
          fund: t.fundingFees,
          fee: t.feeOpen,
        },
        tw?.orders.map((o) => [o.ftOrderSide, o.status, o.orderType, o.amount, o.price, o.stopPrice, o.orderId]),
        fake.algoOrders().map((a) => [a.algoStatus, a.triggerPrice, a.quantity, a.workingType, a.reduceOnly]),
      );
    };
    await show('after entry');
    fake.addFunding('ETHUSDT', -0.06, T0 + 8 * 3_600_000);
    fake.addFunding('ETHUSDT', 0.02, T0 + 16 * 3_600_000);
    now = T0 + 16 * 3_600_000 + 60_000;
    await tick();
    await show('after 16h');
    fake.setPrice('ETHUSDT', 2100);
    await tick();
    await show('2100');
    await tick();
    await show('2100 +1');
    await tick();
    await show('2100 +2');
    fake.setPrice('ETHUSDT', 2080);
    await tick();
    await show('2080');
    const closed = await closedTrades(h);
    console.log(JSON.stringify(closed.map((c) => c.trade)));
    console.log(fake.paths().join(' '));
    console.log(
      h.logs
        .recent(40)
        .map((r) => r[4])
        .join('\n'),
    );
  }, 60_000);
});
