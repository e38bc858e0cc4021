// A small analysed frame and a WsBotView over it, standing in for the engine's frame store.

import type { EntryMessage } from '../../../src/rpc/messages.ts';
import type { WsBotView } from '../../../src/rpc/ws-protocol.ts';
import type { AnalyzedPair } from '../../../src/strategy/analyze.ts';
import type { Frame } from '../../../src/strategy/types.ts';
import { entryMessageFixture } from '../../support/messages.ts';

export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
export const FIVE_MIN = 5 * 60_000;

/** `n` 5m candles from T0 with an SMA-like column, signal columns and a tag column. */
export function fixtureFrame(n: number, base = 100): Frame {
  const f: Frame = { date: [], open: [], high: [], low: [], close: [], volume: [], columns: {}, tags: {} };
  const sma: (number | null)[] = [];
  const enter: (number | null)[] = [];
  const exit: (number | null)[] = [];
  const tag: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = base + i;
    f.date.push(T0 + i * FIVE_MIN);
    f.open.push(c - 0.5);
    f.high.push(c + 1);
    f.low.push(c - 1);
    f.close.push(c);
    f.volume.push(10 + i);
    sma.push(i < 2 ? null : c - 1);
    enter.push(i % 3 === 0 ? 1 : 0);
    exit.push(i % 4 === 0 ? 1 : null);
    tag.push(i % 3 === 0 ? 'cross' : null);
  }
  f.columns = { sma_fast: sma, enter_long: enter, exit_long: exit };
  f.tags = { enter_tag: tag };
  return f;
}

export class FixtureView implements WsBotView {
  pairs: string[];
  frames = new Map<string, AnalyzedPair>();
  constructor(pairs: string[], candles = 20, lastAnalyzed = T0 + 20 * FIVE_MIN) {
    this.pairs = [...pairs];
    pairs.forEach((p, i) => {
      this.frames.set(p, {
        frame: fixtureFrame(candles, 100 * (i + 1)),
        lastAnalyzed,
        timeframe: '5m',
        candleType: 'spot',
      });
    });
  }
  whitelist(): string[] {
    return this.pairs;
  }
  analyzed(pair: string): AnalyzedPair | undefined {
    return this.frames.get(pair);
  }
}

/** An entry_fill message as the engine publishes it (§10.2). */
export function entryFill(tradeId: number, pair = 'BTC/USDT'): EntryMessage {
  return entryMessageFixture('entry_fill', tradeId, pair);
}
