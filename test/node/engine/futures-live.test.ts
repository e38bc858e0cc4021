// Leveraged futures end to end, live, through real ccxt (binance, swap) against the loopback fake USDⓈ-M
// exchange: a 3x isolated long and a 5x isolated short (margin type and leverage set before each entry,
// contracts of 0.1 ETH, the stop on the exchange as a reduce-only STOP_MARKET algo order with workingType
// from stoploss_price_type, funding from the income history, the liquidation price from the exchange's
// position), and a cross-margin run. Every figure is worked by hand from freqtrade's formulas
// (exchange/binance.py dry_run_liquidation_price, persistence/trade_model.py).

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import {
  closedTrades,
  type EngineHarness,
  openTrades,
  ScriptedStrategy,
  startEngine,
  T0,
} from '../../support/engine.ts';
import {
  DEFAULT_FUTURES_MARKETS,
  type FakeBinanceFutures,
  startFakeBinanceFutures,
} from '../../support/fake-binance-futures.ts';

let fake: FakeBinanceFutures;
let h: EngineHarness;
let now = T0;
const HOUR = 3_600_000;
const ETH = 'ETH/USDT:USDT';
const BTC = 'BTC/USDT:USDT';
const FEE = 0.0002; // ccxt's Binance USDⓈ-M maker fee; freqtrade's execute_entry takes the maker fee
const BUFFER = 0.05; // liquidation_buffer default

afterEach(async () => {
  await h?.close();
  await fake?.close();
});

async function tick(minutes = 1) {
  now += minutes * 60_000;
  h.clock.set(now);
  await h.bot.tick();
}

/** freqtrade's get_liquidation_price buffer: a share of the distance to the open rate, towards it. */
const withBuffer = (liq: number, openRate: number, isShort: boolean) =>
  isShort ? liq - Math.abs(openRate - liq) * BUFFER : liq + Math.abs(openRate - liq) * BUFFER;

/** Routes the bot sent since the previous call. */
let seen = 0;
const newPaths = () => {
  const all = fake.paths();
  const out = all.slice(seen);
  seen = all.length;
  return out;
};

const signals = { long: false, short: false, exitShort: false };
const last = (f: { date: unknown[] }, i: number) => i === f.date.length - 1;

function liveConfig(overrides: ConfigInput): ConfigInput {
  return {
    dry_run: false,
    max_open_trades: 1,
    trading_mode: 'futures',
    margin_mode: 'isolated',
    stake_amount: 201,
    entry_pricing: { price_side: 'other' }, // crosses the spread: the fake fills at its last price
    exit_pricing: { price_side: 'other' },
    ...overrides,
    exchange: {
      name: 'binance',
      key: fake.apiKey,
      secret: fake.secret,
      pair_whitelist: [ETH],
      ccxt_config: { enableRateLimit: false },
      ...(overrides.exchange ?? {}),
    },
  };
}

describe('leveraged futures through real ccxt against the fake Binance USDⓈ-M', () => {
  it('isolated 3x long and 5x short: leverage, stop on exchange placed/moved/filled, funding, liquidation, profits', async () => {
    now = T0;
    fake = await startFakeBinanceFutures({ now: () => now });
    // Binance's USDⓈ-M maker rate on every fill: read back from userTrades, the trade keeps FEE.
    fake.setCommission('BUY', FEE);
    fake.setCommission('SELL', FEE);
    Object.assign(signals, { long: true, short: false, exitShort: false });
    const strategy = new ScriptedStrategy(
      { stoploss: -0.1, minimal_roi: { '0': 100 }, can_short: true },
      {
        long: (f, i) => signals.long && last(f, i),
        short: (f, i) => signals.short && last(f, i),
        exitShort: (f, i) => signals.exitShort && last(f, i),
      },
    );
    strategy.leverageValue = 3;
    h = await startEngine(
      liveConfig({
        trailing_stop: true,
        trailing_stop_positive: 0.02,
        trailing_stop_positive_offset: 0.03,
        trailing_only_offset_is_reached: true,
        order_types: {
          entry: 'limit',
          exit: 'limit',
          stoploss: 'market',
          stoploss_on_exchange: true,
          stoploss_on_exchange_interval: 60,
          stoploss_price_type: 'mark',
        },
      }),
      strategy,
      { ccxtUrlOverride: fake.url, start: now },
    );
    newPaths();

    // 1. Long entry. Margin type, then leverage, then the order (freqtrade's _lev_prep).
    //    amount = 201 · 3 / 2000.01 (the ask) = 0.3014985 → 0.3 ETH on the 0.1 ETH contract step = 3 contracts.
    await tick();
    signals.long = false;
    const entryCalls = newPaths().filter((p) => p.startsWith('POST'));
    expect(entryCalls.slice(0, 3)).toEqual([
      'POST /fapi/v1/marginType',
      'POST /fapi/v1/leverage',
      'POST /fapi/v1/order',
    ]);
    expect(fake.orders()[0]).toMatchObject({
      side: 'BUY',
      type: 'LIMIT',
      origQty: 3,
      price: 2000.01,
      status: 'FILLED',
    });
    expect(fake.orders()[0]).toMatchObject({ leverage: 3, marginType: 'ISOLATED', reduceOnly: false });
    let [tw] = await openTrades(h.database.db);
    // Filled at 2000: stake = 0.3 · 2000 / 3 = 200; open value = 600 · (1 + 0.0002) = 600.12.
    expect(tw.trade).toMatchObject({ amount: 0.3, openRate: 2000, stakeAmount: 200, leverage: 3, feeOpen: FEE });
    expect(tw.trade.openTradeValue).toBeCloseTo(600.12, 9);
    // Liquidation, isolated Binance: (wallet 200 + cum 0 − 0.3 · 2000) / (0.3 · 0.005 − 0.3) = 1340.0335008375…
    // (tier 1: mmr 0.005); read from the exchange's position (fetch_positions), then the 5 % buffer.
    const longLiq = (200 + 0 - 0.3 * 2000) / (0.3 * 0.005 - 0.3);
    expect(longLiq).toBeCloseTo(1340.0335008375209, 9);
    expect(fake.liquidationPrice('ETHUSDT')).toBeCloseTo(longLiq, 9);
    expect(tw.trade.liquidationPrice).toBeCloseTo(withBuffer(longLiq, 2000, false), 6); // 1373.0318257956…
    expect(fake.paths()).toContain('GET /fapi/v3/positionRisk');
    // Stop: freqtrade divides the stoploss by the leverage: 2000 · (1 − 0.1 / 3) = 1933.333… → up to the tick.
    expect(tw.trade.stopLoss).toBe(1933.34);
    await tick(); // the next iteration puts it on the exchange
    let algos = fake.algoOrders();
    expect(algos).toHaveLength(1);
    expect(algos[0]).toMatchObject({
      orderType: 'STOP_MARKET',
      side: 'SELL',
      triggerPrice: 1933.34,
      quantity: 3,
      reduceOnly: true,
      workingType: 'MARK_PRICE',
      algoStatus: 'NEW',
    });

    // 2. Funding booked by the exchange over 16 h: −0.06 then +0.02, summed by the scheduled update.
    fake.addFunding('ETHUSDT', -0.06, T0 + 8 * HOUR);
    fake.addFunding('ETHUSDT', 0.02, T0 + 16 * HOUR);
    now = T0 + 16 * HOUR;
    await tick(2); // past the :01:02 slot
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.fundingFees).toBeCloseTo(-0.04, 12);
    expect(fake.paths()).toContain('GET /fapi/v1/income');

    // 3. Price 2100: the trailing stop (offset 3 % reached) goes to the bid 2099.99 · (1 − 0.02 / 3)
    //    = 2085.990066… → up 2086.00. The order follows on the next iteration (interval 60 s): the old
    //    algo order is cancelled and a new one placed for the same 3 contracts.
    fake.setPrice('ETHUSDT', 2100);
    await tick();
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.stopLoss).toBe(2086);
    await tick();
    algos = fake.algoOrders();
    expect(algos.map((a) => [a.algoStatus, a.triggerPrice, a.quantity])).toEqual([
      ['CANCELED', 1933.34, 3],
      ['NEW', 2086, 3],
    ]);
    // The funding is still the exchange's: a stop order that ended unfilled changes nothing.
    [tw] = await openTrades(h.database.db);
    expect(tw.trade.fundingFees).toBeCloseTo(-0.04, 12);

    // 4. Price 2080: the exchange triggers the stop; its market order fills 3 contracts at 2080.
    fake.setPrice('ETHUSDT', 2080);
    await tick();
    const [long] = await closedTrades(h);
    expect(long.trade).toMatchObject({ exitReason: 'stoploss_on_exchange', closeRate: 2080, isOpen: false });
    // freqtrade's update_trade gives a stoploss order no running funding fee, and the closing recalculation
    // sums the orders' fees: a stop-on-exchange fill closes with funding 0 (2024.10 to 2026.3 alike).
    expect(long.trade.fundingFees).toBe(0);
    // close value 0.3 · 2080 · (1 − 0.0002) = 623.8752; profit 623.8752 − 600.12 = 23.7552;
    // ratio 23.7552 / 600.12 · 3 = 0.11875224955009 (recalc_trade_from_orders).
    expect(long.trade.closeProfitAbs).toBeCloseTo(23.7552, 9);
    expect(long.trade.closeProfit).toBeCloseTo((23.7552 / 600.12) * 3, 9);
    expect(fake.position('ETHUSDT').amount).toBe(0);

    // 5. Short, 5x: leverage set again (margin type already ISOLATED: -4046, ignored).
    //    amount = 201 · 5 / 1999.99 (the bid) = 0.5025 → 0.5 ETH = 5 contracts, filled at 2000.
    fake.setPrice('ETHUSDT', 2000);
    strategy.leverageValue = 5;
    signals.short = true;
    newPaths();
    await tick(5); // signals are read once per new candle
    signals.short = false;
    expect(
      newPaths()
        .filter((p) => p.startsWith('POST'))
        .slice(0, 3),
    ).toEqual(['POST /fapi/v1/marginType', 'POST /fapi/v1/leverage', 'POST /fapi/v1/order']);
    expect(fake.orders().at(-1)).toMatchObject({ side: 'SELL', origQty: 5, leverage: 5, marginType: 'ISOLATED' });
    await tick();
    [tw] = await openTrades(h.database.db);
    const shortFill = tw.orders.find((o) => o.ftOrderSide === 'sell')!.orderFilledDate!;
    // stake 0.5 · 2000 / 5 = 200; open value (short) 1000 · (1 − 0.0002) = 999.8.
    expect(tw.trade).toMatchObject({ isShort: true, amount: 0.5, openRate: 2000, stakeAmount: 200, leverage: 5 });
    expect(tw.trade.openTradeValue).toBeCloseTo(999.8, 9);
    // Liquidation (short): (200 + 0 + 0.5 · 2000) / (0.5 · 0.005 + 0.5) = 1200 / 0.5025 = 2388.0597014925…
    const shortLiq = (200 + 0 + 0.5 * 2000) / (0.5 * 0.005 + 0.5);
    expect(shortLiq).toBeCloseTo(2388.0597014925374, 9);
    expect(tw.trade.liquidationPrice).toBeCloseTo(withBuffer(shortLiq, 2000, true), 6); // 2368.6567164…
    // Stop (short): 2000 · (1 + 0.1 / 5) = 2040 → down to the tick; a reduce-only BUY stop.
    expect(tw.trade.stopLoss).toBe(2040);
    expect(fake.algoOrders().at(-1)).toMatchObject({
      orderType: 'STOP_MARKET',
      side: 'BUY',
      triggerPrice: 2040,
      quantity: 5,
      reduceOnly: true,
      algoStatus: 'NEW',
    });

    // 6. Funding received (+0.05) and paid (−0.01) while short; the exit fetches them first (execute_trade_exit).
    fake.addFunding('ETHUSDT', 0.05, shortFill + 8 * HOUR);
    fake.addFunding('ETHUSDT', -0.01, shortFill + 16 * HOUR);
    now = shortFill + 17 * HOUR;
    fake.setPrice('ETHUSDT', 1950);
    signals.exitShort = true;
    await tick();
    const [, short] = await closedTrades(h);
    expect(short.trade).toMatchObject({ exitReason: 'exit_signal', closeRate: 1950, isOpen: false });
    const exitOrder = fake.orders().at(-1)!;
    expect(exitOrder).toMatchObject({ side: 'BUY', type: 'LIMIT', origQty: 5, price: 1950.01, reduceOnly: true });
    expect(short.trade.fundingFees).toBeCloseTo(0.04, 12);
    // close value (short) 0.5 · 1950 · (1 + 0.0002) − funding 0.04 = 975.155; profit 999.8 − 975.155 = 24.645;
    // ratio 24.645 / 999.8 · 5 = 0.12324964992999.
    expect(short.trade.closeProfitAbs).toBeCloseTo(24.645, 9);
    expect(short.trade.closeProfit).toBeCloseTo((24.645 / 999.8) * 5, 9);
    // The stop order went with the trade.
    expect(fake.algoOrders().at(-1)!.algoStatus).toBe('CANCELED');
    expect(fake.position('ETHUSDT').amount).toBe(0);
    // The exchange's wallet: 10 000 + PnL 24 − 0.04 + 25 + 0.04 − commissions 0.0002 · (600 + 624 + 1000 + 975)
    // = 10 048.3602 = 10 000 + both close_profit_abs − the long's funding −0.04 (which its stop close does not carry).
    expect(fake.wallet()).toBeCloseTo(10_048.3602, 9);
    expect(fake.wallet()).toBeCloseTo(10_000 + long.trade.closeProfitAbs! + short.trade.closeProfitAbs! - 0.04, 9);
  }, 120_000);

  it('fees charged on each fill: read from userTrades into fee_open/fee_close, profit and wallet agree', async () => {
    now = T0;
    fake = await startFakeBinanceFutures({ now: () => now });
    fake.setCommission('BUY', 0.0005);
    fake.setCommission('SELL', 0.0004);
    const exit = { long: false };
    Object.assign(signals, { long: true, short: false, exitShort: false });
    const strategy = new ScriptedStrategy(
      { stoploss: -0.5, minimal_roi: { '0': 100 }, can_short: true },
      {
        long: (f, i) => signals.long && last(f, i),
        exitLong: (f, i) => exit.long && last(f, i),
        short: (f, i) => signals.short && last(f, i),
        exitShort: (f, i) => signals.exitShort && last(f, i),
      },
    );
    strategy.leverageValue = 3;
    h = await startEngine(liveConfig({}), strategy, { ccxtUrlOverride: fake.url, start: now });
    newPaths();

    // Entry: 3 contracts (0.3 ETH) at 2000, 3x. The order reply has no fee, so the bot reads the order's
    // trades (fetchMyTrades → /fapi/v1/userTrades): commission 0.3 · 2000 · 0.0005 = 0.3 USDT.
    await tick();
    signals.long = false;
    expect(newPaths()).toContain('GET /fapi/v1/userTrades');
    expect(fake.trades()).toMatchObject([{ side: 'BUY', qty: 3, quoteQty: 600, maker: false }]);
    expect(fake.trades()[0].commission).toBe(0.3);
    let [tw] = await openTrades(h.database.db);
    // update_fee: rate = round(0.3 / 600, 8) = 0.0005, also fee_close's guess, fee_open_cost 0.3. Then
    // recalc_trade_from_orders sets fee_open_cost = fee_open · max_stake_amount, and max_stake_amount is the
    // margin since freqtrade 2025.3 (0.3 · 2000 / 3 = 200): 0.1, not the 0.3 paid (2024.10: · 600 = 0.3).
    // Open value 600 · 1.0005 = 600.3.
    expect(tw.trade).toMatchObject({ amount: 0.3, openRate: 2000, leverage: 3, stakeAmount: 200 });
    expect(tw.trade).toMatchObject({ feeOpen: 0.0005, feeClose: 0.0005, feeOpenCurrency: 'USDT' });
    expect(tw.trade.maxStakeAmount).toBeCloseTo(200, 9);
    expect(tw.trade.feeOpenCost).toBeCloseTo(0.0005 * 200, 12);
    expect(tw.trade.feeCloseCurrency).toBeNull();
    expect(tw.trade.openTradeValue).toBeCloseTo(600.3, 9);

    // Funding −0.06 paid at 8 h; at 2100 the exit signal sells 3 contracts (limit at the bid 2099.99,
    // filled at 2100): commission 0.3 · 2100 · 0.0004 = 0.252 USDT.
    fake.addFunding('ETHUSDT', -0.06, T0 + 8 * HOUR);
    now = T0 + 9 * HOUR;
    fake.setPrice('ETHUSDT', 2100);
    exit.long = true;
    await tick();
    const [closed] = await closedTrades(h);
    expect(closed.trade).toMatchObject({ exitReason: 'exit_signal', closeRate: 2100, isOpen: false });
    expect(fake.trades().at(-1)).toMatchObject({ side: 'SELL', qty: 3, quoteQty: 630 });
    expect(fake.trades().at(-1)!.commission).toBe(0.252);
    // fee_close = round(0.252 / 630, 8) = 0.0004; fee_open stays 0.0005 (once per side).
    expect(closed.trade).toMatchObject({ feeOpen: 0.0005, feeClose: 0.0004, feeCloseCurrency: 'USDT' });
    expect(closed.trade.feeCloseCost).toBeCloseTo(0.252, 12);
    expect(closed.trade.fundingFees).toBeCloseTo(-0.06, 12);
    // calc_close_trade_value (futures, long): 630 · (1 − 0.0004) + funding −0.06 = 629.688;
    // profit 629.688 − 600.3 = 29.388; ratio 29.388 / 600.3 · 3.
    expect(closed.trade.closeProfitAbs).toBeCloseTo(29.388, 9);
    expect(closed.trade.closeProfit).toBeCloseTo((29.388 / 600.3) * 3, 9);
    // The exchange's wallet: 10 000 − 0.3 − 0.06 + PnL 0.3 · 100 − 0.252 = 10 029.388, the bot's profit.
    expect(fake.wallet()).toBeCloseTo(10_029.388, 9);
    expect(fake.wallet()).toBeCloseTo(10_000 + closed.trade.closeProfitAbs!, 9);

    // A 5x short: the entry is a SELL (0.0003 now), the exit a BUY (0.0001). 5 contracts (0.5 ETH) at 2000:
    // commission 1000 · 0.0003 = 0.3; fee_open 0.0003, fee_open_cost 0.0003 · 200 (margin) = 0.06,
    // open value (short) 1000 · (1 − 0.0003) = 999.7.
    fake.setCommission('SELL', 0.0003);
    fake.setCommission('BUY', 0.0001);
    fake.setPrice('ETHUSDT', 2000);
    exit.long = false;
    strategy.leverageValue = 5;
    signals.short = true;
    await tick(5); // signals are read once per new candle
    signals.short = false;
    [tw] = await openTrades(h.database.db);
    expect(tw.trade).toMatchObject({ isShort: true, amount: 0.5, openRate: 2000, leverage: 5, stakeAmount: 200 });
    expect(tw.trade).toMatchObject({ feeOpen: 0.0003, feeClose: 0.0003, feeOpenCurrency: 'USDT' });
    expect(tw.trade.feeOpenCost).toBeCloseTo(0.06, 12);
    expect(tw.trade.openTradeValue).toBeCloseTo(999.7, 9);
    const shortFill = tw.orders.find((o) => o.ftOrderSide === 'sell')!.orderFilledDate!;

    // Funding +0.05 received; bought back at 1950 (limit at the ask 1950.01): commission 975 · 0.0001 = 0.0975.
    // Close value (short) 975 · 1.0001 − 0.05 = 975.0475; profit 999.7 − 975.0475 = 24.6525.
    fake.addFunding('ETHUSDT', 0.05, shortFill + 8 * HOUR);
    now = shortFill + 9 * HOUR;
    fake.setPrice('ETHUSDT', 1950);
    signals.exitShort = true;
    await tick();
    signals.exitShort = false;
    const [, short] = await closedTrades(h);
    expect(short.trade).toMatchObject({ exitReason: 'exit_signal', closeRate: 1950, isOpen: false });
    expect(short.trade).toMatchObject({ feeOpen: 0.0003, feeClose: 0.0001, feeCloseCurrency: 'USDT' });
    expect(short.trade.feeCloseCost).toBeCloseTo(0.0975, 12);
    expect(short.trade.fundingFees).toBeCloseTo(0.05, 12);
    expect(short.trade.closeProfitAbs).toBeCloseTo(24.6525, 9);
    expect(short.trade.closeProfit).toBeCloseTo((24.6525 / 999.7) * 5, 9);
    // Wallet: 10 029.388 − 0.3 + 0.05 + PnL 0.5 · 50 − 0.0975 = 10 054.0405, both trades' profits.
    expect(fake.wallet()).toBeCloseTo(10_054.0405, 9);
    expect(fake.wallet()).toBeCloseTo(10_000 + closed.trade.closeProfitAbs! + short.trade.closeProfitAbs!, 9);
    expect(
      h.logs
        .recent(500)
        .map((r) => String(r[4]))
        .join('\n'),
    ).not.toContain('Could not update trade fee');
  }, 120_000);

  it('cross margin: CROSSED sent before each entry, every liquidation price from the shared wallet', async () => {
    now = T0;
    const btc = {
      ...DEFAULT_FUTURES_MARKETS[0],
      symbol: 'BTCUSDT',
      base: 'BTC',
      price: 50_000,
      contractSize: 0.001,
    };
    fake = await startFakeBinanceFutures({
      now: () => now,
      balance: 150,
      marginType: 'ISOLATED',
      markets: [DEFAULT_FUTURES_MARKETS[0], btc],
    });
    Object.assign(signals, { long: true, short: false, exitShort: false });
    const strategy = new ScriptedStrategy(
      { stoploss: -0.5, minimal_roi: { '0': 100 } },
      { long: (f, i) => signals.long && last(f, i) },
    );
    strategy.leverageValue = 3;
    h = await startEngine(
      liveConfig({
        margin_mode: 'cross',
        max_open_trades: 2,
        stake_amount: 75,
        exchange: { name: 'binance', pair_whitelist: [ETH, BTC] },
      }),
      strategy,
      { ccxtUrlOverride: fake.url, start: now },
    );
    await tick();
    signals.long = false;
    // Both symbols were switched from ISOLATED to CROSSED before their entries.
    expect(fake.paths().filter((p) => p === 'POST /fapi/v1/marginType')).toHaveLength(2);
    expect(fake.settings('ETHUSDT').marginType).toBe('CROSSED');
    expect(fake.settings('BTCUSDT').marginType).toBe('CROSSED');
    expect(fake.orders().map((o) => [o.symbol, o.origQty, o.marginType, o.leverage])).toEqual([
      ['ETHUSDT', 1, 'CROSSED', 3], // 75 · 3 / 2000.01 = 0.1125 → 0.1 ETH
      ['BTCUSDT', 4, 'CROSSED', 3], // 75 · 3 / 50000.01 = 0.0045 → 0.004 BTC
    ]);
    // freqtrade's cross formula, wallet 150 and the other position's maintenance margin and PnL:
    // ETH: cross_vars = upnl_BTC 0 − mm_BTC (0.004 · 50000 · 0.005 = 1) = −1;
    //      (150 − 1 + 0 − 0.1 · 2000) / (0.1 · 0.005 − 0.1) = −51 / −0.0995 = 512.5628140703…
    // BTC: cross_vars = −(0.1 · 2000 · 0.005) = −1; (150 − 1 − 0.004 · 50000) / (0.004 · 0.005 − 0.004) = 12814.0703517…
    const ethLiq = (150 - 1 + 0 - 0.1 * 2000) / (0.1 * 0.005 - 0.1);
    const btcLiq = (150 - 1 + 0 - 0.004 * 50_000) / (0.004 * 0.005 - 0.004);
    expect(ethLiq).toBeCloseTo(512.5628140703518, 9);
    expect(btcLiq).toBeCloseTo(12814.070351758794, 6);
    let trades = await openTrades(h.database.db);
    const liqOf = (pair: string) => trades.find((t) => t.trade.pair === pair)!.trade.liquidationPrice!;
    expect(liqOf(ETH)).toBeCloseTo(withBuffer(ethLiq, 2000, false), 6);
    expect(liqOf(BTC)).toBeCloseTo(withBuffer(btcLiq, 50_000, false), 5);

    // BTC falls to 45000: on freqtrade's futures schedule (update_all_liquidation_prices) ETH's price
    // moves up: cross_vars = upnl (0.004 · 45000 − 0.004 · 50000 = −20) − mm (0.004 · 45000 · 0.005 = 0.9)
    // = −20.9; (150 − 20.9 − 200) / −0.0995 = 712.5628140703…
    fake.setPrice('BTCUSDT', 45_000);
    now = T0 + 31 * 60_000;
    await tick(1);
    const ethLiqAfter = (150 - 20.9 + 0 - 0.1 * 2000) / (0.1 * 0.005 - 0.1);
    expect(ethLiqAfter).toBeCloseTo(712.5628140703518, 9);
    trades = await openTrades(h.database.db);
    expect(liqOf(ETH)).toBeCloseTo(withBuffer(ethLiqAfter, 2000, false), 6);
  }, 120_000);
});
