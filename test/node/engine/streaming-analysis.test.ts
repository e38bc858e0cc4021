// The bot's streaming analysis for real (issue 19 point 5): a dry-run bot on the offline market with
// the default MaCrossStrategy keeps each pair's analysed frame between ticks and extends it in place;
// after every tick the frame equals the full analysis (the populate methods) of the candles the
// bot has fed it since its first analysis. A strategy that only inherits `streaming` but overrides a
// populate method is analysed in full every tick.

import { afterEach, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/MaCrossStrategy.ts';
import { columnNames, getColumn, tail } from '../../../src/strategy/frame.ts';
import type { StreamingAnalysis } from '../../../src/strategy/streaming.ts';
import type { Frame } from '../../../src/strategy/types.ts';
import { type EngineHarness, startEngine } from '../../support/engine.ts';

const FIVE = 300_000;
const PAIRS = ['ETH/USDT', 'SOL/USDT'];

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function candlesOf(frame: Frame): Candle[] {
  return frame.date.map((d, i) => [d, frame.open[i], frame.high[i], frame.low[i], frame.close[i], frame.volume[i]]);
}

/** No entries: the test is about analysis only, whatever the market's signals. */
const config = { max_open_trades: 0, exchange: { name: 'offline', pair_whitelist: PAIRS } };

describe('streaming analysis in the bot', () => {
  it('extends each pair’s frame in place, equal to the full analysis of the candles fed since the first tick', async () => {
    const strategy = new MaCrossStrategy();
    const h = await startEngine(config, strategy);
    harnesses.push(h);
    await h.bot.tick();
    const frames = new Map(PAIRS.map((p) => [p, h.bot.analyzed(p)?.frame]));
    const fed = new Map(PAIRS.map((p) => [p, candlesOf(frames.get(p) as Frame)]));
    for (const p of PAIRS) expect(fed.get(p)?.length).toBeGreaterThan(100);
    for (let tick = 0; tick < 4; tick++) {
      h.clock.advance(FIVE);
      await h.bot.tick();
      for (const pair of PAIRS) {
        const frame = h.bot.analyzed(pair)?.frame as Frame;
        expect(frame).toBe(frames.get(pair)); // the same object, extended
        const seen = fed.get(pair) as Candle[];
        const lastSeen = seen[seen.length - 1][0];
        const added = candlesOf(frame).filter((c) => c[0] > lastSeen);
        expect(added).toHaveLength(1);
        seen.push(...added);
        const expected = tail(analyze(new MaCrossStrategy(), seen, { pair, timeframe: '5m' }), frame.date.length);
        expect(columnNames(frame)).toEqual(columnNames(expected));
        for (const name of columnNames(expected))
          expect([name, getColumn(frame, name)]).toEqual([name, getColumn(expected, name)]);
      }
    }
  });

  it('a subclass overriding a populate method gets a new, fully analysed frame each tick', async () => {
    class Quiet extends MaCrossStrategy {
      override populateEntryTrend(frame: Frame): Frame {
        return frame;
      }
    }
    const h = await startEngine(config, new Quiet());
    harnesses.push(h);
    await h.bot.tick();
    const before = h.bot.analyzed('ETH/USDT')?.frame;
    h.clock.advance(FIVE);
    await h.bot.tick();
    const after = h.bot.analyzed('ETH/USDT')?.frame as Frame;
    expect(after).not.toBe(before);
    expect(after.columns.enter_long.every((v) => v === 0)).toBe(true);
    expect(after.columns.ema_fast.some((v) => v !== null)).toBe(true);
  });

  it('a streaming analysis that throws leaves no half-extended frame, and the next tick starts afresh', async () => {
    class Flaky extends MaCrossStrategy {
      failing = false;
      private readonly inner = new MaCrossStrategy().streaming;
      override streaming: StreamingAnalysis = {
        mirrors: MaCrossStrategy.prototype,
        start: (meta) => {
          const pair = this.inner.start(meta);
          return {
            columns: pair.columns,
            row: (frame, i, replace) => {
              if (this.failing) throw new Error('indicator broke');
              return pair.row(frame, i, replace);
            },
          };
        },
      };
    }
    const strategy = new Flaky();
    const h = await startEngine(config, strategy);
    harnesses.push(h);
    await h.bot.tick();
    const first = h.bot.analyzed('ETH/USDT')?.frame;
    expect(first).toBeDefined();
    strategy.failing = true;
    h.clock.advance(FIVE);
    await h.bot.tick();
    expect(h.bot.analyzed('ETH/USDT')).toBeUndefined();
    strategy.failing = false;
    h.clock.advance(FIVE);
    await h.bot.tick();
    const fresh = h.bot.analyzed('ETH/USDT')?.frame as Frame;
    expect(fresh).not.toBe(first);
    const expected = analyze(new MaCrossStrategy(), candlesOf(fresh), { pair: 'ETH/USDT', timeframe: '5m' });
    for (const name of columnNames(expected))
      expect([name, getColumn(fresh, name)]).toEqual([name, getColumn(expected, name)]);
  });
});
