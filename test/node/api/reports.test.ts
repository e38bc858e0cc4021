// Report building blocks (drawdown, durations, humanized dates, periods, timeranges) and the
// NaN → null rule for an open trade the market cannot price.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import { drawdownOf } from '../../../src/reports/drawdown.ts';
import { periodStart } from '../../../src/reports/periodic.ts';
import { humanizeAgo, timedeltaString } from '../../../src/reports/time.ts';
import { parseTimerange } from '../../../src/reports/timerange.ts';
import { startTestServer } from '../../support/node-server.ts';
import { seedDatabase } from '../../support/seed.ts';

const H = 3_600_000;

describe('report building blocks', () => {
  it('max drawdown on the cumulative closed-profit curve, relative to the starting balance', () => {
    const points = [10, -30, 5, -10, 40].map((profitAbs, i) => ({ date: i * H, profitAbs }));
    // cumulative 10, -20, -15, -25, 15: high 10 at 0, low -25 at 3
    const dd = drawdownOf(points, 1000);
    expect(dd.abs).toBe(35);
    expect(dd.highDate).toBe(0);
    expect(dd.lowDate).toBe(3 * H);
    expect(dd.relative).toBeCloseTo(35 / 1010, 12);
    expect(dd.current.abs).toBe(0);
    expect(drawdownOf([{ date: 0, profitAbs: 5 }], 1000).abs).toBe(0);
    expect(drawdownOf([], 1000).highDate).toBeUndefined();
    const down = drawdownOf(
      [5, -2].map((profitAbs, i) => ({ date: i, profitAbs })),
      100,
    );
    expect(down.current).toEqual({ abs: 2, relative: 2 / 105, high: 5, startDate: 0 });
  });

  it("durations as Python's timedelta and humanized ages", () => {
    expect(timedeltaString(0)).toBe('0:00:00');
    expect(timedeltaString(3723.9)).toBe('1:02:03');
    expect(timedeltaString(86_405)).toBe('1 day, 0:00:05');
    expect(timedeltaString(3 * 86_400 + 4 * 3600)).toBe('3 days, 4:00:00');
    const now = 1_800_000_000_000;
    expect(humanizeAgo(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(humanizeAgo(now - 60_000, now)).toBe('a minute ago');
    expect(humanizeAgo(now - H, now)).toBe('an hour ago');
    expect(humanizeAgo(now - 3 * 24 * H, now)).toBe('3 days ago');
    expect(humanizeAgo(now - 61 * 24 * H, now)).toBe('2 months ago');
    expect(humanizeAgo(now, now)).toBe('now');
  });

  it('period starts: today, Monday of this week, first of the month (UTC)', () => {
    const wed = Date.UTC(2026, 10, 25, 15, 30); // Wednesday 2026-11-25
    expect(periodStart(wed, 'days', 0)).toBe(Date.UTC(2026, 10, 25));
    expect(periodStart(wed, 'days', 1)).toBe(Date.UTC(2026, 10, 24));
    expect(periodStart(wed, 'weeks', 0)).toBe(Date.UTC(2026, 10, 23));
    expect(periodStart(wed, 'weeks', 1)).toBe(Date.UTC(2026, 10, 16));
    expect(periodStart(wed, 'months', 0)).toBe(Date.UTC(2026, 10, 1));
    expect(periodStart(wed, 'months', 11)).toBe(Date.UTC(2025, 11, 1));
  });

  it("freqtrade's timerange syntax", () => {
    expect(parseTimerange('20200101-20200201')).toEqual({ start: Date.UTC(2020, 0, 1), stop: Date.UTC(2020, 1, 1) });
    expect(parseTimerange('20200101-')).toEqual({ start: Date.UTC(2020, 0, 1), stop: undefined });
    expect(parseTimerange('-20200101')).toEqual({ start: undefined, stop: Date.UTC(2020, 0, 1) });
    expect(parseTimerange('1600000000-')).toEqual({ start: 1_600_000_000_000, stop: undefined });
    expect(parseTimerange('1600000000000-1600000001000').stop).toBe(1_600_000_001_000);
    for (const bad of ['2020-', '20201301-', 'abc', '-', '20200101']) {
      expect(() => parseTimerange(bad), bad).toThrow(`Incorrect syntax for timerange "${bad}"`);
    }
    expect(() => parseTimerange('20200201-20200101')).toThrow('Start date is after stop date');
  });
});

describe('an open trade the market cannot price', () => {
  it('renders NaN figures as null in /status and /profit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickhub-nan-'));
    const db = await openDatabase(`file:${join(dir, 'tradesv3.sqlite')}`);
    const seeded = await seedDatabase(db.db, { pairs: ['BTC/USDT', 'NOPE/USDT'], closedTrades: 4, openTrades: 2 });
    db.close();
    const server = await startTestServer({ initial_state: 'stopped' }, { dir });
    try {
      const status = (await (
        await server.fetch('/api/v1/status', { headers: { authorization: server.basic } })
      ).json()) as any[];
      const nope = status.find((t) => t.pair === 'NOPE/USDT');
      expect(nope.trade_id).toBe(seeded.openIds[1]);
      expect(nope.current_rate).toBeNull();
      expect(nope.profit_abs).toBeNull();
      expect(nope.profit_ratio).toBeNull();
      const btc = status.find((t) => t.pair === 'BTC/USDT');
      expect(typeof btc.current_rate).toBe('number');
      const profit = (await (
        await server.fetch('/api/v1/profit', { headers: { authorization: server.basic } })
      ).json()) as any;
      expect(profit.profit_all_coin).toBeNull();
      expect(typeof profit.profit_closed_coin).toBe('number');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
