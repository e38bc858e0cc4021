import { describe, expect, it } from 'vitest';
import { boundSlices, MAX_BOUND_PARAMETERS, selectByIds } from './bound-parameters.ts';

describe('bound parameter slices', () => {
  it('keeps every slice within D1 limit, counting the statement other parameters', () => {
    const ids = Array.from({ length: 250 }, (_, i) => i + 1);
    expect(boundSlices(ids).map((s) => s.length)).toEqual([100, 100, 50]);
    expect(boundSlices(ids, 1).map((s) => s.length)).toEqual([99, 99, 52]);
    expect(boundSlices(ids, 1).flat()).toEqual(ids);
    expect(boundSlices([])).toEqual([]);
  });

  it('refuses a statement that leaves no room for the list', () => {
    expect(() => boundSlices([1], MAX_BOUND_PARAMETERS)).toThrow(RangeError);
  });

  it('queries each slice in order and concatenates the rows', async () => {
    const seen: number[] = [];
    const rows = await selectByIds([1, 2, 3, 4, 5], 97, async (slice) => {
      seen.push(slice.length);
      return slice.map((id) => id * 10);
    });
    expect(seen).toEqual([3, 2]);
    expect(rows).toEqual([10, 20, 30, 40, 50]);
  });
});
