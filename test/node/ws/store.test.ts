import { describe, expect, it } from 'vitest';
import { mergeFrames, neutraliseSignals, ProducerDataStore } from '../../../src/bot/consumer/store.ts';
import type { Frame } from '../../../src/strategy/types.ts';
import { FIVE_MIN, fixtureFrame, T0 } from './fixture.ts';

function rows(f: Frame, from: number, to: number): Frame {
  const s = <T>(c: T[]) => c.slice(from, to);
  return {
    date: s(f.date),
    open: s(f.open),
    high: s(f.high),
    low: s(f.low),
    close: s(f.close),
    volume: s(f.volume),
    columns: Object.fromEntries(Object.entries(f.columns).map(([k, v]) => [k, s(v)])),
    tags: Object.fromEntries(Object.entries(f.tags).map(([k, v]) => [k, s(v)])),
  };
}

const KEY: [string, string, string] = ['BTC/USDT', '5m', 'spot'];

describe('ProducerDataStore', () => {
  it('unites whitelists in producer order without duplicates', () => {
    const s = new ProducerDataStore(['a', 'b']);
    s.setWhitelist('b', ['ETH/USDT', 'XRP/USDT']);
    s.setWhitelist('a', ['BTC/USDT', 'ETH/USDT']);
    expect(s.whitelist()).toEqual(['BTC/USDT', 'ETH/USDT', 'XRP/USDT']);
    expect(s.producerWhitelist('b')).toEqual(['ETH/USDT', 'XRP/USDT']);
    expect(s.producerWhitelist('c')).toBeUndefined();
  });

  it('keeps frames per producer, pair, timeframe and candle type; "default" when unnamed', () => {
    const s = new ProducerDataStore(['default', 'other']);
    s.addFrame('default', KEY, fixtureFrame(5), T0 + 1);
    s.addFrame('other', KEY, fixtureFrame(3), T0 + 2);
    expect(s.frame('BTC/USDT', '5m', 'spot')?.frame.date).toHaveLength(5);
    expect(s.frame('BTC/USDT', '5m', 'spot', 'other')?.lastAnalyzed).toBe(T0 + 2);
    expect(s.frame('BTC/USDT', '1h', 'spot')).toBeUndefined();
    expect(s.frame('BTC/USDT', '5m', 'futures')).toBeUndefined();
  });

  it('appends contiguous candles and replaces the overlapping ones', () => {
    const full = fixtureFrame(12);
    const s = new ProducerDataStore(['default']);
    expect(s.addFrame('default', KEY, rows(full, 0, 10), T0)).toEqual({ missing: 0 });
    const changed = rows(full, 9, 11);
    changed.close[0] = 999;
    expect(s.addFrame('default', KEY, changed, T0 + 1)).toEqual({ missing: 0 });
    const got = s.frame('BTC/USDT', '5m', 'spot')!.frame;
    expect(got.date).toEqual(full.date.slice(0, 11));
    expect(got.close[9]).toBe(999);
    expect(got.columns.sma_fast).toEqual(full.columns.sma_fast.slice(0, 11));
  });

  it('reports missing candles before a gap, and a later fill closes it', () => {
    const full = fixtureFrame(20);
    const s = new ProducerDataStore(['default']);
    s.addFrame('default', KEY, rows(full, 0, 10), T0);
    expect(s.addFrame('default', KEY, rows(full, 14, 15), T0)).toEqual({ missing: 4 });
    s.addFrame('default', KEY, rows(full, 9, 15), T0);
    expect(s.frame('BTC/USDT', '5m', 'spot')!.frame).toEqual(rows(full, 0, 15));
  });

  it('keeps newer stored rows when an older slice arrives, and caps the length', () => {
    const full = fixtureFrame(30);
    const s = new ProducerDataStore(['default'], 25);
    s.addFrame('default', KEY, full, T0);
    expect(s.frame('BTC/USDT', '5m', 'spot')!.frame.date).toEqual(full.date.slice(-25));
    s.addFrame('default', KEY, rows(full, 10, 12), T0 - 1);
    const f = s.frame('BTC/USDT', '5m', 'spot')!;
    expect(f.frame).toEqual(rows(full, 5, 30));
    expect(f.lastAnalyzed).toBe(T0);
  });
});

describe('mergeFrames', () => {
  it('unites columns, filling absent values with null', () => {
    const a = fixtureFrame(2);
    const b = rows(fixtureFrame(4), 2, 4);
    b.columns = { rsi: [50, 55] };
    b.tags = {};
    const m = mergeFrames(a, b);
    expect(m.date).toEqual([T0, T0 + FIVE_MIN, T0 + 2 * FIVE_MIN, T0 + 3 * FIVE_MIN]);
    expect(m.columns.rsi).toEqual([null, null, 50, 55]);
    expect(m.columns.enter_long).toEqual([1, 0, null, null]);
    expect(m.tags.enter_tag).toEqual(['cross', null, null, null]);
  });
});

describe('neutraliseSignals', () => {
  it('zeroes signal columns and nulls tags, keeping indicators', () => {
    const f = neutraliseSignals(fixtureFrame(4));
    expect(f.columns.enter_long).toEqual([0, 0, 0, 0]);
    expect(f.columns.exit_short).toEqual([0, 0, 0, 0]);
    expect(f.tags.enter_tag).toEqual([null, null, null, null]);
    expect(f.tags.exit_tag).toEqual([null, null, null, null]);
    expect(f.columns.sma_fast).toEqual(fixtureFrame(4).columns.sma_fast);
  });
});
