// Cross margin in dry-run on the offline market (freqtrade 2024.12+): after each fill every open
// position's liquidation price is estimated from the wallet's collateral (wallets.get_collateral: free
// stake currency plus the positions' collateral), not from the trade's own stake as in isolated mode.

import { afterEach, describe, expect, it } from 'vitest';
import {
  applyLiquidationBuffer,
  liquidationPrice,
  maintenanceRatioAndAmount,
} from '../../../src/domain/money/index.ts';
import { futuresMarkets, offlineLeverageTiers } from '../../../src/exchange/offline/pairs.ts';
import { type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
});

const PAIRS = ['BTC/USDT:USDT', 'ETH/USDT:USDT'];

describe('cross margin in dry-run (offline futures)', () => {
  it('both positions are priced from the shared collateral, refreshed when the second one fills', async () => {
    const strategy = new ScriptedStrategy({ minimal_roi: { '0': 100 }, stoploss: -0.99 }, { long: () => true });
    strategy.leverageValue = 10;
    h = await startEngine(
      {
        trading_mode: 'futures',
        margin_mode: 'cross',
        max_open_trades: 2,
        stake_amount: 45,
        dry_run_wallet: 100,
        entry_pricing: { price_side: 'other', use_order_book: true },
        exchange: { pair_whitelist: PAIRS },
      },
      strategy,
    );
    const filled = async () => {
      const open = await openTrades(h!.database.db);
      return open.length === 2 && open.every((tw) => tw.orders.some((o) => (o.filled ?? 0) > 0));
    };
    await h.runUntil(filled, 20);
    const open = await openTrades(h.database.db);
    const usdt = (await h.bot.exchange.fetchBalance()).USDT;
    // get_collateral: free USDT plus both positions' collateral (their stakes).
    const collateral = usdt.free + open.reduce((s, tw) => s + tw.trade.stakeAmount, 0);
    expect(collateral).toBeGreaterThan(90);
    expect(collateral).toBeLessThanOrEqual(100);
    for (const { trade } of open) {
      const market = futuresMarkets().find((m) => m.symbol === trade.pair)!;
      const tier = maintenanceRatioAndAmount(offlineLeverageTiers(market), trade.stakeAmount)!;
      // The offline market uses freqtrade's generic formula (no cross_vars: those are Binance's).
      const raw = liquidationPrice({
        tradingMode: 'futures',
        exchange: 'offline',
        isShort: false,
        openRate: trade.openRate,
        amount: trade.amount,
        walletBalance: collateral,
        mmRatio: tier.mmRatio,
        takerFee: market.taker,
      })!;
      expect(trade.liquidationPrice).toBeCloseTo(applyLiquidationBuffer(raw, trade.openRate, false, 0.05), 9);
      // The isolated estimate (wallet = the trade's stake, 45) would be much closer to the open rate.
      const isolated = liquidationPrice({
        tradingMode: 'futures',
        exchange: 'offline',
        isShort: false,
        openRate: trade.openRate,
        amount: trade.amount,
        walletBalance: trade.stakeAmount,
        mmRatio: tier.mmRatio,
        takerFee: market.taker,
      })!;
      expect(trade.liquidationPrice!).toBeLessThan(isolated);
    }
  }, 60_000);
});
