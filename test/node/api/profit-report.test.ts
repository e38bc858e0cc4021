// Profit, stats, tag and period reports over hand-made trades with known figures.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewTradeRow, trades } from '../../../src/db/schema.ts';
import { type OpenDatabase, openDatabase } from '../../../src/hosts/node/database.ts';
import { periodicReport } from '../../../src/reports/periodic.ts';
import { profitReport } from '../../../src/reports/profit.ts';
import { statsReport } from '../../../src/reports/stats.ts';
import { entriesReport, exitsReport, mixTagsReport, performanceReport } from '../../../src/reports/tags.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 8); // Monday 08:00 UTC

function closed(
  pair: string,
  openH: number,
  closeH: number,
  abs: number,
  ratio: number,
  tag: string | null,
  reason: string,
): NewTradeRow {
  return {
    exchange: 'offline',
    pair,
    baseCurrency: pair.split('/')[0],
    stakeCurrency: 'USDT',
    isOpen: false,
    openRate: 1,
    stakeAmount: 100,
    amount: 100,
    openDate: T0 + openH * H,
    closeDate: T0 + closeH * H,
    closeRate: 1 + ratio,
    closeProfit: ratio,
    closeProfitAbs: abs,
    realizedProfit: abs,
    exitReason: reason,
    enterTag: tag,
    strategy: 'Test',
  };
}

let db: OpenDatabase;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await db.db
    .insert(trades)
    .values([
      closed('BTC/USDT', 0, 1, 10, 0.1, 'a', 'roi'),
      closed('ETH/USDT', 1, 3, -5, -0.05, null, 'stop_loss'),
      closed('BTC/USDT', 2, 4, 2, 0.02, 'a', 'exit_signal'),
      closed('SOL/USDT', 3, 4.5, -1, -0.01, 'b', 'stop_loss'),
    ]);
});
afterAll(() => db.close());

describe('reports over known trades', () => {
  it('profit: sums, factor, winrate, expectancy, drawdown, durations, best pair', async () => {
    const p = (await profitReport({
      db: db.db,
      now: T0 + 5 * H,
      startingBalance: 1000,
      rate: async () => null,
      botStart: T0,
    })) as Record<string, any>;
    expect(p.profit_closed_coin).toBe(6);
    expect(p.profit_closed_ratio_sum).toBeCloseTo(0.06, 12);
    expect(p.profit_closed_ratio_mean).toBeCloseTo(0.015, 12);
    expect(p.profit_closed_ratio).toBeCloseTo(0.006, 12);
    expect(p.profit_closed_percent).toBe(0.6);
    expect(p.winning_trades).toBe(2);
    expect(p.losing_trades).toBe(2);
    expect(p.profit_factor).toBe(2);
    expect(p.winrate).toBe(0.5);
    expect(p.expectancy).toBe(1.5);
    expect(p.expectancy_ratio).toBe(0.5);
    expect(p.max_drawdown_abs).toBe(5);
    expect(p.max_drawdown).toBeCloseTo(5 / 1010, 12);
    expect(p.max_drawdown_start_timestamp).toBe(T0 + H);
    expect(p.max_drawdown_end_timestamp).toBe(T0 + 3 * H);
    expect(p.max_drawdown_start).toBe('2026-11-23 09:00:00');
    expect(p.current_drawdown_abs).toBe(4);
    expect(p.current_drawdown_start_timestamp).toBe(T0 + H);
    expect(p.avg_duration).toBe('1:37:30');
    expect(p.best_pair).toBe('BTC/USDT');
    expect(p.best_rate).toBe(12);
    expect(p.best_pair_profit_abs).toBe(12);
    expect(p.first_trade_timestamp).toBe(T0);
    expect(p.latest_trade_timestamp).toBe(T0 + 3 * H);
    expect(p.first_trade_humanized).toBe('5 hours ago');
    expect(p.bot_start_date).toBe('2026-11-23 08:00:00');
    expect(p.trade_count).toBe(4);
  });

  it('profit: no losing trade → profit_factor null, expectancy_ratio 100, no drawdown', async () => {
    const p = (await profitReport({
      db: db.db,
      now: T0 + 5 * H,
      startingBalance: 1000,
      rate: async () => null,
      direction: 'short',
    })) as Record<string, any>;
    expect(p.trade_count).toBe(0);
    expect(p.profit_factor).toBeNull();
    expect(p.max_drawdown_abs).toBe(0);
    expect(p.first_trade_date).toBe('');
    expect(p.first_trade_timestamp).toBe(0);
    expect(p.avg_duration).toBe('0:00:00');
  });

  it('stats: outcomes per exit reason and average durations', async () => {
    const s = await statsReport(db.db);
    expect(s.exit_reasons).toEqual({
      roi: { wins: 1, losses: 0, draws: 0 },
      stop_loss: { wins: 0, losses: 2, draws: 0 },
      exit_signal: { wins: 1, losses: 0, draws: 0 },
    });
    expect(s.durations).toEqual({ wins: 1.5 * 3600, draws: null, losses: 1.75 * 3600 });
  });

  it('performance, entries, exits, mix_tags', async () => {
    expect((await performanceReport(db.db)).map((r) => [r.pair, r.profit_abs, r.count])).toEqual([
      ['BTC/USDT', 12, 2],
      ['SOL/USDT', -1, 1],
      ['ETH/USDT', -5, 1],
    ]);
    expect((await entriesReport(db.db)).map((r) => [r.enter_tag, r.count])).toEqual([
      ['a', 2],
      ['b', 1],
      ['Other', 1],
    ]);
    expect((await exitsReport(db.db, 'BTC/USDT')).map((r) => r.exit_reason)).toEqual(['roi', 'exit_signal']);
    const mix = await mixTagsReport(db.db);
    expect(mix.map((m) => m.mix_tag)).toEqual(['a roi', 'a exit_signal', 'b stop_loss', 'Other stop_loss']);
    expect(mix[0].profit_pct).toBe(10);
  });

  it('daily: balance walks back from the current total', async () => {
    const rows = await periodicReport(db.db, 'days', 2, T0 + 5 * H, 1006);
    expect(rows[0]).toEqual({
      date: '2026-11-23',
      abs_profit: 6,
      rel_profit: Math.round((6 / 1000) * 1e8) / 1e8,
      starting_balance: 1000,
      fiat_value: 0,
      trade_count: 4,
    });
    expect(rows[1]).toMatchObject({ date: '2026-11-22', abs_profit: 0, starting_balance: 1000, trade_count: 0 });
    const weeks = await periodicReport(db.db, 'weeks', 1, T0 + 5 * H, 1006);
    expect(weeks[0].date).toBe('2026-11-23');
  });
});
