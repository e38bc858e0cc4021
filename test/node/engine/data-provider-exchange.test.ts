// dp.ticker, dp.orderbook and dp.market (issue 15 point 2): in the dry-run bot each call is a fresh
// exchange call (here the offline market behind the dry-run broker); in a backtest the ticker is {}
// and the book empty. Strategies await them in async populate methods or bot_loop_start.

import { afterEach, describe, expect, it } from 'vitest';
import { lookaheadAnalysis } from '../../../src/backtest/analysis.ts';
import { runBacktest } from '../../../src/backtest/run.ts';
import { createMarket } from '../../../src/bot/factory.ts';
import type { Market, OrderBookTop, Ticker } from '../../../src/exchange/port.ts';
import { BaseStrategy } from '../../../src/strategy/base.ts';
import type { Frame, PairMeta } from '../../../src/strategy/types.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { type EngineHarness, startEngine } from '../../support/engine.ts';
import { T0 as BT0, bars, btConfig } from '../backtest/scripted.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

interface Seen {
  at: number;
  ticker: Partial<Ticker>;
  book: OrderBookTop;
  market: Market | undefined;
  loopTicker?: Partial<Ticker>;
}

/** A strategy that only reads the exchange through the data provider (no signals). */
abstract class Quiet extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.5;
  populateEntryTrend(frame: Frame): Frame {
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    return frame;
  }
}

class ExchangeReader extends Quiet {
  seen: Seen[] = [];
  loopTickers: Partial<Ticker>[] = [];
  now = () => 0;
  async botLoopStart(): Promise<void> {
    this.loopTickers.push(await this.dpRef!.ticker('BTC/USDT'));
  }
  dpRef?: NonNullable<PairMeta['dp']>;
  async populateIndicators(frame: Frame, meta: PairMeta): Promise<Frame> {
    const dp = meta.dp!;
    this.dpRef = dp;
    const [ticker, book] = await Promise.all([dp.ticker(meta.pair), dp.orderbook(meta.pair, 3)]);
    this.seen.push({ at: this.now(), ticker, book, market: dp.market(meta.pair) });
    frame.columns.last_price = frame.date.map(() => ticker.last ?? null);
    return frame;
  }
}

describe('dp.ticker / dp.orderbook / dp.market in the dry-run bot', () => {
  it('each analysis gets a fresh ticker and book from the offline market, equal to what the market itself returns then', async () => {
    const strategy = new ExchangeReader();
    const h = await startEngine({ exchange: { pair_whitelist: ['ETH/USDT'] } }, strategy);
    harnesses.push(h);
    strategy.now = () => h.clock.now();
    await h.runUntil(async () => strategy.seen.length >= 3, 200, 5 * 60_000);

    // An independent offline market with the same seed, asked at the same instants.
    const clock = new ManualClock(0);
    const twin = await createMarket(h.config, { clock, log: h.logs.logger('twin') });
    await twin.loadMarkets();
    for (const s of strategy.seen) {
      clock.set(s.at);
      const ticker = await twin.fetchTicker('ETH/USDT');
      const book = await twin.fetchOrderBook('ETH/USDT', 3);
      expect(s.ticker).toEqual(ticker);
      expect(s.book).toEqual(book);
      expect(s.book.bids).toHaveLength(3);
      expect(s.book.asks).toHaveLength(3);
      expect(s.market).toEqual(twin.markets()['ETH/USDT']);
    }
    // Fresh: the candle-to-candle tickers differ (the price moves) and carry the call's time.
    expect(new Set(strategy.seen.map((s) => s.ticker.last)).size).toBeGreaterThan(1);
    expect(strategy.seen.map((s) => s.ticker.timestamp)).toEqual(strategy.seen.map((s) => s.at));
    // The analysed frame holds the value the strategy awaited.
    const frame = h.bot.analyzed('ETH/USDT', '5m')?.frame;
    expect(frame?.columns.last_price.at(-1)).toBe(strategy.seen.at(-1)!.ticker.last);
    // bot_loop_start may be async too; an unknown pair is an exchange error: {} as freqtrade.
    expect(strategy.loopTickers.length).toBeGreaterThan(0);
    expect(strategy.loopTickers.at(-1)!.last).toBeGreaterThan(0);
    expect(await strategy.dpRef!.ticker('NOPE/USDT')).toEqual({});
    expect(strategy.dpRef!.market('NOPE/USDT')).toBeUndefined();
  });
});

describe('dp.ticker / dp.orderbook in a backtest', () => {
  it('are empty (no live exchange), and async populate methods are awaited', async () => {
    const got: unknown[] = [];
    class Reader extends Quiet {
      async populateIndicators(frame: Frame, meta: PairMeta): Promise<Frame> {
        got.push(await meta.dp!.ticker('ETH/USDT'), await meta.dp!.orderbook('ETH/USDT', 5));
        got.push(meta.dp!.market('ETH/USDT'));
        return frame;
      }
    }
    const result = await runBacktest(btConfig(), {
      strategies: [new Reader()],
      loadCandles: (pair, timeframe) =>
        pair === 'ETH/USDT' && timeframe === '5m' ? bars(Array.from({ length: 20 }, () => [100, 101, 99, 100])) : [],
      fee: 0.001,
      now: () => BT0,
    });
    expect(got).toEqual([{}, { symbol: 'ETH/USDT', timestamp: 0, bids: [], asks: [] }, undefined]);
    expect(Object.keys(result.strategy)).toHaveLength(1);
  });
});

describe('async populate methods outside the bot and backtest', () => {
  it('lookahead analysis (synchronous) refuses them with a clear error instead of analysing a Promise', () => {
    class Async extends Quiet {
      async populateIndicators(frame: Frame): Promise<Frame> {
        return frame;
      }
    }
    const data = new Map([['ETH/USDT', bars(Array.from({ length: 5 }, () => [100, 101, 99, 100]))]]);
    expect(() => lookaheadAnalysis(new Async(), data, '5m')).toThrow(
      'populateIndicators is async, which only the bot and backtesting support.',
    );
  });
});
