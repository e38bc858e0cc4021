import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timerangeBound } from '../domain/dates.ts';
import { parseTimerange } from './timerange.ts';

describe('parseTimerange', () => {
  it('reads every freqtrade form, with hour/minute precision (API 2.50)', () => {
    expect(parseTimerange('20240101-20240201')).toEqual({
      start: Date.UTC(2024, 0, 1),
      stop: Date.UTC(2024, 1, 1),
    });
    expect(parseTimerange('20240101T1230-')).toEqual({ start: Date.UTC(2024, 0, 1, 12, 30), stop: undefined });
    expect(parseTimerange('-20240101T123045')).toEqual({ start: undefined, stop: Date.UTC(2024, 0, 1, 12, 30, 45) });
    expect(parseTimerange('20240101T0000-20240101T0015')).toEqual({
      start: Date.UTC(2024, 0, 1),
      stop: Date.UTC(2024, 0, 1, 0, 15),
    });
    expect(parseTimerange('1704067200-1704070800')).toEqual({ start: 1704067200000, stop: 1704070800000 });
    expect(parseTimerange('1704067200000-')).toEqual({ start: 1704067200000, stop: undefined });
    expect(parseTimerange('')).toEqual({ start: undefined, stop: undefined });
  });

  it("rejects bad syntax and impossible times with freqtrade's messages", () => {
    for (const bad of ['2024-01-01', '20240101T25', '20240101T2400-', '20240101T1260-', '20240230-', '-', 'x-']) {
      expect(() => parseTimerange(bad)).toThrow(`Incorrect syntax for timerange "${bad}"`);
    }
    expect(() => parseTimerange('20240101T1200-20240101T1100')).toThrow(
      'Start date is after stop date for timerange "20240101T1200-20240101T1100"',
    );
  });

  it('writes back what it reads (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444799 }), (seconds) => {
        const ms = seconds * 1000;
        expect(parseTimerange(`${timerangeBound(ms)}-`).start).toBe(ms);
      }),
    );
  });
});
