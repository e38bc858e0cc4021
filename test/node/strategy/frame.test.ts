import { describe, expect, it } from 'vitest';
import {
  above,
  and,
  below,
  columnNames,
  crossedAbove,
  crossedBelow,
  ensureColumn,
  getColumn,
  lastRow,
  markSignal,
  setColumn,
  shift,
  signalCounts,
  tail,
  toRows,
  where,
} from '../../../src/strategy/frame.ts';
import { type Frame, frameFromCandles } from '../../../src/strategy/types.ts';

function smallFrame(): Frame {
  return frameFromCandles([
    [1000, 1, 2, 0.5, 1.5, 10],
    [2000, 1.5, 3, 1, 2.5, 20],
    [3000, 2.5, 4, 2, 3.5, 30],
    [4000, 3.5, 5, 3, 4.5, 40],
  ]);
}

describe('frame helpers', () => {
  it('setColumn adds a column and rejects a wrong length or an OHLCV name', () => {
    const f = smallFrame();
    setColumn(f, 'x', [1, 2, null, 4]);
    expect(f.columns.x).toEqual([1, 2, null, 4]);
    expect(getColumn(f, 'close')).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(() => setColumn(f, 'y', [1, 2])).toThrow(/2 values, frame has 4 rows/);
    expect(() => setColumn(f, 'close', [1, 2, 3, 4])).toThrow(/OHLCV/);
  });

  it('crossedAbove / crossedBelow against a series and a constant', () => {
    const a = [1, 3, 1, 5, 1, null, 5];
    const b = [2, 2, 2, 2, 2, 2, 2];
    expect(crossedAbove(a, b)).toEqual([false, true, false, true, false, false, false]);
    expect(crossedBelow(a, b)).toEqual([false, false, true, false, true, false, false]);
    expect(crossedAbove(a, 2)).toEqual(crossedAbove(a, b));
    // touching then leaving counts once, like qtpylib (previous <= / >=)
    expect(crossedAbove([1, 2, 3], 2)).toEqual([false, false, true]);
    expect(crossedBelow([3, 2, 1], 2)).toEqual([false, false, true]);
  });

  it('shift moves values later (positive) or earlier (negative) with null fill', () => {
    expect(shift([1, 2, 3, 4])).toEqual([null, 1, 2, 3]);
    expect(shift([1, 2, 3, 4], 2)).toEqual([null, null, 1, 2]);
    expect(shift([1, 2, 3, 4], -1)).toEqual([2, 3, 4, null]);
    expect(shift(['a', 'b'], 5)).toEqual([null, null]);
  });

  it('tail slices every column, tags included, without touching the original', () => {
    const f = smallFrame();
    setColumn(f, 'x', [1, 2, 3, 4]);
    markSignal(f, 'enter_long', [false, false, true, false], 'go');
    const t = tail(f, 2);
    expect(t.date).toEqual([3000, 4000]);
    expect(t.volume).toEqual([30, 40]);
    expect(t.columns.x).toEqual([3, 4]);
    expect(t.columns.enter_long).toEqual([1, 0]);
    expect(t.tags.enter_tag).toEqual(['go', null]);
    expect(tail(f, 10).date).toHaveLength(4);
    expect(tail(f, 0).date).toHaveLength(0);
    expect(f.date).toHaveLength(4);
  });

  it('lastRow gives every column of the last row', () => {
    const f = smallFrame();
    setColumn(f, 'x', [1, 2, 3, 9]);
    markSignal(f, 'exit_long', [false, false, false, true], 'out');
    expect(lastRow(f)).toEqual({
      date: 4000,
      open: 3.5,
      high: 5,
      low: 3,
      close: 4.5,
      volume: 40,
      x: 9,
      exit_long: 1,
      exit_tag: 'out',
    });
    expect(lastRow(frameFromCandles([]))).toBeUndefined();
  });

  it('toRows follows the requested column order and maps NaN/Infinity/missing to null', () => {
    const f = smallFrame();
    setColumn(f, 'x', [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 7]);
    markSignal(f, 'enter_long', [true, false, false, false], 'tag');
    expect(toRows(f, ['x', 'date', 'enter_tag', 'nope'])).toEqual([
      [null, 1000, 'tag', null],
      [null, 2000, null, null],
      [null, 3000, null, null],
      [7, 4000, null, null],
    ]);
    expect(columnNames(f)).toEqual(['date', 'open', 'high', 'low', 'close', 'volume', 'x', 'enter_long', 'enter_tag']);
    expect(toRows(f)[3]).toEqual([4000, 3.5, 5, 3, 4.5, 40, 7, 0, null]);
  });

  it('markSignal sets 1 and the right tag column; signalCounts counts ones', () => {
    const f = smallFrame();
    markSignal(f, 'enter_long', [true, false, true, false], 'a');
    markSignal(f, 'enter_short', [false, true, false, false]);
    markSignal(f, 'exit_short', [false, false, false, true], 'b');
    ensureColumn(f, 'exit_long', null);
    expect(f.tags.enter_tag).toEqual(['a', null, 'a', null]);
    expect(f.tags.exit_tag).toEqual([null, null, null, 'b']);
    expect(signalCounts(f)).toEqual({ enter_long: 2, exit_long: 0, enter_short: 1, exit_short: 1 });
    expect(() => markSignal(f, 'exit_long', [true])).toThrow(RangeError);
  });

  it('where and and build conditions; null rows are false', () => {
    expect(where([1, null, 5, Number.NaN], (v) => v > 0)).toEqual([true, false, true, false]);
    expect(and([true, true, false], [true, false, false])).toEqual([true, false, false]);
    expect(above([1, 3, null, 5], [2, 2, 2, null])).toEqual([false, true, false, false]);
    expect(below([1, 3, null, 5], 2)).toEqual([true, false, false, false]);
  });
});
