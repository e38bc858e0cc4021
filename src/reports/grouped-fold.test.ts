import { describe, expect, it } from 'vitest';
import { byCodePoint, GroupedFold } from './grouped-fold.ts';
import type { ClosedTrade } from './profit-fold.ts';

const DAY = 86_400_000;
const WED = Date.UTC(2026, 10, 18, 12); // a Wednesday

let id = 0;
function trade(over: Partial<ClosedTrade>): ClosedTrade {
  id++;
  return {
    id,
    isShort: false,
    pair: 'BTC/USDT',
    openDate: WED - DAY,
    closeDate: WED,
    closeProfit: 0.01,
    closeProfitAbs: 1,
    enterTag: null,
    exitReason: 'roi',
    ...over,
  };
}

describe('GroupedFold', () => {
  it('orders text as SQLite BINARY (UTF-8 bytes): a character above the BMP sorts after U+FFFD', () => {
    // UTF-16 units: '\u{1F600}' starts with 0xD83D, below 0xFFFD; in code points (and UTF-8) it is above.
    expect('\u{1F600}' < '\uFFFD').toBe(true);
    expect(byCodePoint('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect(byCodePoint('a', 'ab')).toBeLessThan(0);
    expect(byCodePoint('b', 'a')).toBeGreaterThan(0);
  });

  it('worked example: sums exact, ties broken by key, /stats in SQL group order, periods by UTC bucket', () => {
    const f = new GroupedFold();
    // 0.1 + 0.2 + 0.3 in any order: the exact sum rounds to 0.6 (plain addition gives 0.6000000000000001).
    f.add(trade({ pair: 'ETH/USDT', closeProfitAbs: 0.1, enterTag: 'dip', exitReason: null }));
    f.add(trade({ pair: 'ETH/USDT', closeProfitAbs: 0.2, enterTag: 'dip', exitReason: 'roi' }));
    f.add(
      trade({ pair: 'ETH/USDT', closeProfitAbs: 0.3, enterTag: 'breakout', exitReason: 'roi', closeProfit: -0.02 }),
    );
    // BTC: the same total as ETH, so /performance breaks the tie by pair.
    f.add(
      trade({
        pair: 'BTC/USDT',
        closeProfitAbs: 0.6,
        closeProfit: 0,
        openDate: WED - 5 * DAY,
        closeDate: WED - 3 * DAY,
      }),
    );
    expect(f.performance().map((p) => [p.pair, p.profit_abs, p.count])).toEqual([
      ['BTC/USDT', 0.6, 1],
      ['ETH/USDT', 0.6, 3],
    ]);
    // /entries: 'Other' (BTC, 0.6) and 'dip' (0.1 + 0.2 → 0.30000000000000004) and 'breakout' (0.3).
    expect(f.entryTags().map((e) => [e.enter_tag, e.profit_abs])).toEqual([
      ['Other', 0.6],
      ['dip', 0.30000000000000004],
      ['breakout', 0.3],
    ]);
    expect(f.entryTags('ETH/USDT').map((e) => e.enter_tag)).toEqual(['dip', 'breakout']);
    expect(f.entryTags('NONE/USDT')).toEqual([]);
    expect(f.closedProfitSum()).toBe(1.2);
    // /mix_tags: by each group's best trade, then tag, then reason.
    expect(f.mixTags().map((m) => m.mix_tag)).toEqual(['Other roi', 'breakout roi', 'dip roi', 'dip Other']);
    // /stats: the NULL reason first (as key "None"), then reasons in BINARY order; outcomes by close_profit.
    const stats = f.statsReport();
    expect(Object.keys(stats.exit_reasons)).toEqual(['None', 'roi']);
    expect(stats.exit_reasons).toEqual({
      None: { wins: 1, losses: 0, draws: 0 },
      roi: { wins: 1, losses: 1, draws: 1 },
    });
    expect(stats.durations).toEqual({ wins: 86_400, draws: 172_800, losses: 86_400 }); // the draw lasted 2 days
    // Periods: Wednesday's day and week hold the three ETH trades; the BTC trade closed on Sunday,
    // the week before (weeks start on Monday).
    const days = f.periodRecords('days', 4, WED, 1000);
    expect(days.map((d) => [d.date, d.abs_profit, d.trade_count])).toEqual([
      ['2026-11-18', 0.6000000000000001, 3], // plain additions in closing order, as freqtrade adds a day
      ['2026-11-17', 0, 0],
      ['2026-11-16', 0, 0],
      ['2026-11-15', 0.6, 1],
    ]);
    expect(days[0].starting_balance).toBe(1000 - 0.6000000000000001);
    const weeks = f.periodRecords('weeks', 2, WED, 1000);
    expect(weeks.map((w) => [w.date, w.trade_count])).toEqual([
      ['2026-11-16', 3],
      ['2026-11-09', 1],
    ]);
  });
});
