// Informative timeframes and the data provider in the dry-run bot on the offline market (issue 15 point 2):
// a 5m strategy merges its own pair's 1h candles and BTC/USDT's 1h candles (BTC/USDT is not traded,
// so the bot must fetch it for the strategy) and enters only on the first pair of dp.currentWhitelist().

import { afterEach, describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/bot/factory.ts';
import { markSignal } from '../../../src/strategy/frame.ts';
import type { Frame, PairMeta, RunMode } from '../../../src/strategy/types.ts';
import { LogHub } from '../../../src/util/logger.ts';
import { type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const HOUR = 3_600_000;
const FIVE = 300_000;

class InformativeStrategy extends ScriptedStrategy {
  whitelists: string[][] = [];
  runmodes: RunMode[] = [];
  /** While ETH/USDT (first in the loop) is analysed: [its last candle, SOL/USDT's last 5m candle from dp]. */
  lastCandles: [number | undefined, number | undefined][] = [];
  informative = [
    { timeframe: '1h', populate: (f: Frame) => f },
    {
      timeframe: '1h',
      asset: 'BTC/{stake}',
      populate: (f: Frame) => {
        f.columns.up = f.close.map((c, i) => (c >= f.open[i] ? 1 : 0));
        return f;
      },
    },
  ];
  constructor() {
    super({ minimal_roi: { '0': 10 } });
  }
  override populateEntryTrend(frame: Frame, meta?: PairMeta): Frame {
    const whitelist = meta?.dp?.currentWhitelist() ?? [];
    this.whitelists.push(whitelist);
    if (meta?.dp) this.runmodes.push(meta.dp.runmode);
    if (meta?.dp && meta.pair === 'ETH/USDT')
      this.lastCandles.push([frame.date.at(-1), meta.dp.getPairDataframe('SOL/USDT').date.at(-1)]);
    const first = meta?.pair === whitelist[0];
    const when = frame.date.map((_, i) => first && frame.columns.btc_usdt_close_1h[i] !== null);
    markSignal(frame, 'enter_long', when, 'informative');
    return frame;
  }
}

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('informative timeframes in the dry-run bot', () => {
  it('merges closed 1h candles of the pair and of BTC/USDT, and trades only dp.currentWhitelist()[0]', async () => {
    const strategy = new InformativeStrategy();
    const h = await startEngine(
      {
        max_open_trades: 2,
        stake_amount: 100,
        exchange: { name: 'offline', pair_whitelist: ['ETH/USDT', 'SOL/USDT'] },
      },
      strategy,
    );
    harnesses.push(h);
    await h.runUntil(async () => (await openTrades(h.database.db)).length > 0);
    await h.run(70); // past the next 1h close, so a fresh 1h candle is merged too
    expect(strategy.runmodes.every((m) => m === 'dry_run')).toBe(true);
    expect(strategy.whitelists.at(-1)).toEqual(['ETH/USDT', 'SOL/USDT']);
    // Every pair's candles are refreshed before any is analysed (freqtrade's dp.refresh).
    expect(strategy.lastCandles.length).toBeGreaterThan(10);
    for (const [own, other] of strategy.lastCandles) expect(other).toBe(own);
    const trades = await openTrades(h.database.db);
    expect(trades.map((tw) => tw.trade.pair)).toEqual(['ETH/USDT']);

    // The same offline market, read directly: the 1h candles the merge must show.
    const market = await createMarket(h.config, { clock: h.clock, log: new LogHub(() => h.clock.now()).logger('t') });
    const now = h.clock.now();
    for (const pair of ['ETH/USDT', 'SOL/USDT']) {
      const analyzed = h.bot.analyzed(pair);
      expect(analyzed).toBeDefined();
      const frame = analyzed!.frame;
      const prefix = { own: '', btc: 'btc_usdt_' };
      const sources = {
        own: await market.fetchOHLCV(pair, '1h', now - 48 * HOUR, 60),
        btc: await market.fetchOHLCV('BTC/USDT', '1h', now - 48 * HOUR, 60),
      };
      for (const key of ['own', 'btc'] as const) {
        const dates = frame.columns[`${prefix[key]}date_1h`];
        const closes = frame.columns[`${prefix[key]}close_1h`];
        for (let i = frame.date.length - 30; i < frame.date.length; i++) {
          // The newest 1h candle closed when this 5m candle closed: no lookahead, not stale.
          const expected = Math.floor((frame.date[i] + FIVE) / HOUR) * HOUR - HOUR;
          expect(dates[i]).toBe(expected);
          expect(closes[i]).toBe(sources[key].find((c) => c[0] === expected)?.[4]);
        }
      }
      expect(frame.columns.btc_usdt_up_1h.at(-1)).toBeTypeOf('number');
    }
  }, 120_000);
});
