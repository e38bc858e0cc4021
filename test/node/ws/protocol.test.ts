import { describe, expect, it } from 'vitest';
import { isoformatUtc } from '../../../src/domain/dates.ts';
import type { AnalyzedDfMessage, RpcMessage } from '../../../src/rpc/messages.ts';
import {
  analyzedDfLimit,
  decodeDataFrame,
  encodeDataFrame,
  handleClientFrame,
  shouldDeliver,
  type WsProtocolLog,
} from '../../../src/rpc/ws-protocol.ts';
import { FIVE_MIN, FixtureView, fixtureFrame, T0 } from './fixture.ts';

function recordingLog(): WsProtocolLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(`D ${m}`), warning: (m) => lines.push(`W ${m}`) };
}

const view = () => new FixtureView(['BTC/USDT', 'ETH/USDT']);
const req = (o: unknown) => JSON.stringify(o);

describe('handleClientFrame: malformed and unknown input', () => {
  it('ignores and logs a frame that is not JSON', () => {
    const log = recordingLog();
    expect(handleClientFrame('{not json', view(), log)).toEqual({ replies: [] });
    expect(log.lines.some((l) => l.startsWith('W ') && l.includes('not JSON'))).toBe(true);
  });

  it('ignores JSON that is not an object', () => {
    for (const text of ['[1,2]', '"whitelist"', '42', 'null']) {
      expect(handleClientFrame(text, view())).toEqual({ replies: [] });
    }
  });

  it('ignores unknown or missing request types', () => {
    const log = recordingLog();
    expect(handleClientFrame(req({ type: 'entry_fill' }), view(), log)).toEqual({ replies: [] });
    expect(handleClientFrame(req({ data: ['whitelist'] }), view(), log)).toEqual({ replies: [] });
    expect(log.lines.filter((l) => l.includes('unknown type'))).toHaveLength(2);
  });
});

describe('handleClientFrame: subscribe', () => {
  it('returns the new subscription set (replacement, duplicates folded)', () => {
    const out = handleClientFrame(req({ type: 'subscribe', data: ['whitelist', 'entry_fill', 'whitelist'] }), view());
    expect(out).toEqual({ subscriptions: ['whitelist', 'entry_fill'], replies: [] });
  });

  it('ignores the whole request when any element is not a message type', () => {
    const out = handleClientFrame(req({ type: 'subscribe', data: ['whitelist', 'nope'] }), view());
    expect(out.subscriptions).toBeUndefined();
    expect(out.replies).toEqual([]);
  });

  it('rejects a bare string (freqtrade iterates it per character)', () => {
    expect(handleClientFrame(req({ type: 'subscribe', data: 'whitelist' }), view()).subscriptions).toBeUndefined();
  });

  it('ignores an empty or absent list and non-string elements', () => {
    for (const data of [[], undefined, null, [1], { whitelist: true }]) {
      expect(handleClientFrame(req({ type: 'subscribe', data }), view()).subscriptions).toBeUndefined();
    }
  });
});

describe('handleClientFrame: whitelist', () => {
  it('replies with the current whitelist whatever data says', () => {
    const v = view();
    for (const data of [undefined, null, '', { x: 1 }]) {
      expect(handleClientFrame(req({ type: 'whitelist', data }), v)).toEqual({
        replies: [{ type: 'whitelist', data: ['BTC/USDT', 'ETH/USDT'] }],
      });
    }
  });
});

describe('handleClientFrame: analyzed_df', () => {
  const rows = (m: AnalyzedDfMessage) => JSON.parse(m.data.df.__value__).data.length;

  it('one reply per whitelist pair with key, encoded df and la', () => {
    const v = new FixtureView(['BTC/USDT', 'ETH/USDT'], 30);
    const { replies } = handleClientFrame(req({ type: 'analyzed_df', data: { limit: 5 } }), v);
    expect(replies).toHaveLength(2);
    const [a, b] = replies as AnalyzedDfMessage[];
    expect(a.type).toBe('analyzed_df');
    expect(a.data.key).toEqual(['BTC/USDT', '5m', 'spot']);
    expect(b.data.key).toEqual(['ETH/USDT', '5m', 'spot']);
    expect(a.data.df.__type__).toBe('dataframe');
    expect(rows(a)).toBe(5);
    expect(a.data.la).toBe(isoformatUtc(T0 + 20 * FIVE_MIN));
    expect(a.data.la).toMatch(/\+00:00$/);
    expect(decodeDataFrame(a.data.df).close.at(-1)).toBe(129);
  });

  it('caps the limit at 1500', () => {
    const v = new FixtureView(['BTC/USDT'], 1600);
    const [a] = handleClientFrame(req({ type: 'analyzed_df', data: { limit: 5000 } }), v)
      .replies as AnalyzedDfMessage[];
    expect(rows(a)).toBe(1500);
  });

  it('defaults to 1500 when data is a non-empty object without limit', () => {
    const v = new FixtureView(['BTC/USDT'], 1600);
    const [a] = handleClientFrame(req({ type: 'analyzed_df', data: { pair: 'BTC/USDT' } }), v)
      .replies as AnalyzedDfMessage[];
    expect(rows(a)).toBe(1500);
  });

  it('sends the whole frame when data is null, absent or {} (freqtrade quirk)', () => {
    const v = new FixtureView(['BTC/USDT'], 1600);
    for (const data of [null, undefined, {}]) {
      const [a] = handleClientFrame(req({ type: 'analyzed_df', data }), v).replies as AnalyzedDfMessage[];
      expect(rows(a)).toBe(1600);
    }
  });

  it('filters on a given pair, even outside the whitelist', () => {
    const v = view();
    v.pairs = ['BTC/USDT'];
    const { replies } = handleClientFrame(req({ type: 'analyzed_df', data: { pair: 'ETH/USDT', limit: 2 } }), v);
    expect(replies.map((r) => (r as AnalyzedDfMessage).data.key[0])).toEqual(['ETH/USDT']);
  });

  it('skips pairs that were never analysed', () => {
    const v = view();
    v.pairs = ['BTC/USDT', 'XRP/USDT', 'ETH/USDT'];
    const { replies } = handleClientFrame(req({ type: 'analyzed_df', data: { limit: 1 } }), v);
    expect(replies.map((r) => (r as AnalyzedDfMessage).data.key[0])).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('answers an exception message when processing fails', () => {
    const log = recordingLog();
    for (const data of [{ limit: 'lots' }, { limit: -3 }, { pair: 42 }]) {
      expect(handleClientFrame(req({ type: 'analyzed_df', data }), view(), log)).toEqual({
        replies: [{ type: 'exception', data: 'Error processing request' }],
      });
    }
    const broken = view();
    broken.analyzed = () => {
      throw new Error('store exploded');
    };
    expect(handleClientFrame(req({ type: 'analyzed_df' }), broken, log).replies).toEqual([
      { type: 'exception', data: 'Error processing request' },
    ]);
    expect(log.lines.some((l) => l.includes('store exploded'))).toBe(true);
  });
});

describe('analyzedDfLimit', () => {
  it('follows freqtrade: null/{} → none, no limit → 1500, cap 1500, 0 → none, numeric strings accepted', () => {
    expect(analyzedDfLimit(null)).toBeUndefined();
    expect(analyzedDfLimit({})).toBeUndefined();
    expect(analyzedDfLimit({ pair: 'X' })).toBe(1500);
    expect(analyzedDfLimit({ limit: 20 })).toBe(20);
    expect(analyzedDfLimit({ limit: 20.7 })).toBe(20);
    expect(analyzedDfLimit({ limit: '30' })).toBe(30);
    expect(analyzedDfLimit({ limit: 99999 })).toBe(1500);
    expect(analyzedDfLimit({ limit: 0 })).toBeUndefined();
    expect(() => analyzedDfLimit({ limit: 'x' })).toThrow();
  });
});

describe('shouldDeliver', () => {
  const fill = { type: 'entry_fill' } as RpcMessage;
  it('delivers only message types in the subscription set', () => {
    expect(shouldDeliver(new Set(['entry_fill', 'whitelist']), fill)).toBe(true);
    expect(shouldDeliver(['entry_fill'], fill)).toBe(true);
    expect(shouldDeliver(new Set(['whitelist']), fill)).toBe(false);
    expect(shouldDeliver([], fill)).toBe(false);
  });
});

describe('encodeDataFrame / decodeDataFrame', () => {
  it('writes pandas split JSON: columns, index, rows with date as epoch ms and NaN as null', () => {
    const f = fixtureFrame(3);
    f.columns.sma_fast[2] = Number.NaN;
    const enc = encodeDataFrame(f);
    expect(enc.__type__).toBe('dataframe');
    expect(typeof enc.__value__).toBe('string');
    const split = JSON.parse(enc.__value__);
    expect(Object.keys(split)).toEqual(['columns', 'index', 'data']);
    expect(split.columns).toEqual([
      'date',
      'open',
      'high',
      'low',
      'close',
      'volume',
      'sma_fast',
      'enter_long',
      'exit_long',
      'enter_tag',
    ]);
    expect(split.index).toEqual([0, 1, 2]);
    expect(split.data[0]).toEqual([T0, 99.5, 101, 99, 100, 10, null, 1, 1, 'cross']);
    expect(split.data[2][6]).toBeNull();
  });

  it('keeps the last rows and their original index under a limit', () => {
    const split = JSON.parse(encodeDataFrame(fixtureFrame(10), 3).__value__);
    expect(split.index).toEqual([7, 8, 9]);
    expect(split.data.map((r: unknown[]) => r[0])).toEqual([T0 + 7 * FIVE_MIN, T0 + 8 * FIVE_MIN, T0 + 9 * FIVE_MIN]);
  });

  it('round-trips a frame', () => {
    const f = fixtureFrame(25);
    expect(decodeDataFrame(encodeDataFrame(f))).toEqual(f);
    expect(decodeDataFrame(encodeDataFrame(f, 4))).toEqual({
      date: f.date.slice(-4),
      open: f.open.slice(-4),
      high: f.high.slice(-4),
      low: f.low.slice(-4),
      close: f.close.slice(-4),
      volume: f.volume.slice(-4),
      columns: Object.fromEntries(Object.entries(f.columns).map(([k, v]) => [k, v.slice(-4)])),
      tags: { enter_tag: f.tags.enter_tag.slice(-4) },
    });
  });

  it('decodes what a Python producer sends (ISO dates tolerated, booleans as 0/1)', () => {
    const value = JSON.stringify({
      columns: ['date', 'open', 'high', 'low', 'close', 'volume', 'enter_long', 'enter_tag'],
      index: [5],
      data: [['2026-01-01T00:05:00.000Z', 1, 2, 0.5, 1.5, 7, true, null]],
    });
    const f = decodeDataFrame({ __type__: 'dataframe', __value__: value });
    expect(f.date).toEqual([T0 + FIVE_MIN]);
    expect(f.columns.enter_long).toEqual([1]);
    expect(f.tags.enter_tag).toEqual([null]);
  });

  it('keeps enter_tag/exit_tag as tags even when all null', () => {
    const f = fixtureFrame(2);
    f.tags = { enter_tag: [null, null], exit_tag: [null, null] };
    expect(decodeDataFrame(encodeDataFrame(f))).toEqual(f);
  });

  it('rejects values that are not encoded dataframes', () => {
    expect(() => decodeDataFrame({ __type__: 'other', __value__: '{}' })).toThrow();
    expect(() => decodeDataFrame(null)).toThrow();
    expect(() => decodeDataFrame({ __type__: 'dataframe', __value__: '{"columns":["open"],"data":[]}' })).toThrow();
  });
});
