// The grouped reports as a fold over the closed trades: /performance (per pair), /entries, /exits,
// /mix_tags (per tag, for all pairs and per pair), /stats (per exit reason and outcome), the
// /daily, /weekly, /monthly buckets and the closed profit sum. Its size grows with the number of
// pairs, tags, reasons and periods, never with the number of trades.
// Sums: the grouped reports are SQL sum()s in freqtrade (SQLite's compensated sum, in the order
// SQLite scans): here they are exact sums rounded once (exact-sum.ts), which does not depend on the
// order trades close in. The period buckets are plain additions in closing order, as freqtrade
// adds a period's profits (its query orders by close date).

import { dateIsoformat } from '../domain/dates.ts';
import { pct } from '../domain/money/index.ts';
import { ExactSum } from './exact-sum.ts';
import type { ClosedTrade } from './profit-fold.ts';
import { type PeriodRecord, type PeriodUnit, periodStart } from './time.ts';

interface Group {
  ratio: ExactSum;
  abs: ExactSum;
  count: number;
  /** max(coalesce(close_profit_abs, 0)): the order /mix_tags lists its groups in. */
  best: number;
}

export interface TagStats {
  profit_ratio: number;
  profit_pct: number;
  profit_abs: number;
  count: number;
}

type Outcome = 'draws' | 'losses' | 'wins';
const OUTCOMES: Outcome[] = ['draws', 'losses', 'wins'];
interface OutcomeSums {
  n: number;
  /** Σ (close_date − open_date) in ms over the dated trades: integers, exact. */
  durationMs: number;
  durationCount: number;
}

export interface StatsReport {
  exit_reasons: Record<string, { wins: number; losses: number; draws: number }>;
  durations: { wins: number | null; draws: number | null; losses: number | null };
}

/** SQLite's BINARY order (UTF-8 bytes, i.e. code points); JS `<` compares UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1; // a surrogate stands for a code point above every BMP one
  }
  return a.length - b.length;
}

const newGroup = (): Group => ({ ratio: new ExactSum(), abs: new ExactSum(), count: 0, best: 0 });

/**
 * The trades of one pair, enter tag and exit reason (as stored: NULL apart from 'Other'): every
 * grouped report merges these, /stats per outcome (draws, losses, wins: OUTCOMES' order).
 */
interface FineGroup extends Group {
  pair: string;
  /** enter_tag and exit_reason with NULL as 'Other' (the tag reports' keys). */
  tag: string;
  reason: string;
  exitReason: string | null;
  outcomes: OutcomeSums[];
}

/** Exact sums merge exactly: a coarser group's sums are its fine groups' sums added up. */
function merge(into: Group, g: Group): void {
  into.ratio.addSum(g.ratio);
  into.abs.addSum(g.abs);
  into.best = into.count === 0 ? g.best : Math.max(into.best, g.best);
  into.count += g.count;
}

const statsOf = (g: Group): TagStats => {
  const ratio = g.ratio.value();
  return { profit_ratio: ratio, profit_pct: pct(ratio), profit_abs: g.abs.value(), count: g.count };
};

/** Groups by profit_abs descending, then by key (a stable answer where SQL leaves ties open). */
function ranked<T>(map: Map<string, Group>, by: (g: Group) => number, build: (key: string, g: Group) => T) {
  const rows = [...map].map(([key, g]) => ({ key, g, v: by(g) }));
  rows.sort((a, b) => (a.v === b.v ? byCodePoint(a.key, b.key) : b.v - a.v));
  return rows.map((r) => build(r.key, r.g));
}

const MIX = '\u0000';
const DAY = 86_400_000;
const UNITS: PeriodUnit[] = ['days', 'weeks', 'months'];

export class GroupedFold {
  /** Fine groups by pair, enter tag, exit reason (nested: no key text built per trade). */
  private readonly fine = new Map<string, Map<string | null, Map<string | null, FineGroup>>>();
  private readonly fineList: FineGroup[] = [];
  /** Coarser groups merged from the fine ones, until the next trade. */
  private readonly merged = new Map<string, Map<string, Group>>();
  private readonly periods = new Map<PeriodUnit, Map<number, { sum: number; count: number }>>(
    UNITS.map((u) => [u, new Map()]),
  );
  private day = Number.NaN;
  /** The day's, week's and month's buckets of the last close date's day. */
  private buckets: { sum: number; count: number }[] = [];

  private fineGroup(pair: string, enterTag: string | null, exitReason: string | null): FineGroup {
    let byTag = this.fine.get(pair);
    if (!byTag) {
      byTag = new Map();
      this.fine.set(pair, byTag);
    }
    let byReason = byTag.get(enterTag);
    if (!byReason) {
      byReason = new Map();
      byTag.set(enterTag, byReason);
    }
    let g = byReason.get(exitReason);
    if (!g) {
      const outcomes = OUTCOMES.map(() => ({ n: 0, durationMs: 0, durationCount: 0 }));
      g = { ...newGroup(), pair, tag: enterTag ?? 'Other', reason: exitReason ?? 'Other', exitReason, outcomes };
      byReason.set(exitReason, g);
      this.fineList.push(g);
    }
    return g;
  }

  add(t: ClosedTrade): void {
    const g = this.fineGroup(t.pair, t.enterTag, t.exitReason);
    const abs = t.closeProfitAbs ?? 0;
    const ratio = t.closeProfit ?? 0;
    g.ratio.add(ratio);
    g.abs.add(abs);
    g.best = g.count === 0 ? abs : Math.max(g.best, abs);
    g.count++;
    if (this.merged.size > 0) this.merged.clear();

    const o = g.outcomes[ratio > 0 ? 2 : ratio < 0 ? 1 : 0] as OutcomeSums;
    o.n++;
    if (t.closeDate === null) return;
    o.durationMs += t.closeDate - t.openDate;
    o.durationCount++;

    const buckets = this.bucketsOf(t.closeDate);
    for (let u = 0; u < buckets.length; u++) {
      const b = buckets[u] as { sum: number; count: number };
      b.sum = b.count === 0 ? 0 + abs : b.sum + abs;
      b.count++;
    }
  }

  /** The day's, week's and month's buckets a close date falls in (trades come in closing order: one day's share them). */
  private bucketsOf(closeDate: number): { sum: number; count: number }[] {
    const day = Math.floor(closeDate / DAY) * DAY;
    if (day !== this.day) {
      this.day = day;
      this.buckets = UNITS.map((unit) => {
        const start = periodStart(day, unit, 0);
        const buckets = this.periods.get(unit) as Map<number, { sum: number; count: number }>;
        let b = buckets.get(start);
        if (!b) {
          b = { sum: 0, count: 0 };
          buckets.set(start, b);
        }
        return b;
      });
    }
    return this.buckets;
  }

  /** The fine groups merged by `keyOf` (those of one pair when `pair` is given). */
  private groups(name: string, keyOf: (g: FineGroup) => string, pair?: string): Map<string, Group> {
    const id = `${name}${MIX}${pair ?? ''}${MIX}${pair === undefined}`;
    let map = this.merged.get(id);
    if (!map) {
      map = new Map();
      for (const g of this.fineList) {
        if (pair !== undefined && g.pair !== pair) continue;
        const key = keyOf(g);
        let into = map.get(key);
        if (!into) {
          into = newGroup();
          map.set(key, into);
        }
        merge(into, g);
      }
      this.merged.set(id, map);
    }
    return map;
  }

  closedProfitSum(): number {
    return (
      this.groups('all', () => '')
        .get('')
        ?.abs.value() ?? 0
    );
  }

  performance() {
    return ranked(
      this.groups('pair', (g) => g.pair),
      (g) => g.abs.value(),
      (pair, g) => {
        const s = statsOf(g);
        return { pair, profit: s.profit_pct, ...s };
      },
    );
  }

  entryTags(pair?: string) {
    return ranked(
      this.groups('tag', (g) => g.tag, pair),
      (g) => g.abs.value(),
      (enter_tag, g) => ({ enter_tag, ...statsOf(g) }),
    );
  }

  exitReasons(pair?: string) {
    return ranked(
      this.groups('reason', (g) => g.reason, pair),
      (g) => g.abs.value(),
      (exit_reason, g) => ({ exit_reason, ...statsOf(g) }),
    );
  }

  mixTags(pair?: string) {
    return ranked(
      this.groups('mix', (g) => `${g.tag}${MIX}${g.reason}`, pair),
      (g) => g.best,
      (key, g) => ({ mix_tag: key.replace(MIX, ' '), ...statsOf(g) }),
    );
  }

  /** /stats, gathered per (exit reason, outcome) in SQL's order (NULL reason first). */
  statsReport(): StatsReport {
    const stats = new Map<string | null, OutcomeSums[]>();
    for (const g of this.fineList) {
      let sums = stats.get(g.exitReason);
      if (!sums) {
        sums = OUTCOMES.map(() => ({ n: 0, durationMs: 0, durationCount: 0 }));
        stats.set(g.exitReason, sums);
      }
      for (let i = 0; i < OUTCOMES.length; i++) {
        const into = sums[i] as OutcomeSums;
        const o = g.outcomes[i] as OutcomeSums;
        into.n += o.n;
        into.durationMs += o.durationMs;
        into.durationCount += o.durationCount;
      }
    }
    const exit_reasons: StatsReport['exit_reasons'] = {};
    const dur: Record<Outcome, [number, number]> = { wins: [0, 0], draws: [0, 0], losses: [0, 0] };
    const reasons = [...stats.keys()].sort((a, b) =>
      a === b ? 0 : a === null ? -1 : b === null ? 1 : byCodePoint(a, b),
    );
    for (const reason of reasons) {
      const sums = stats.get(reason) as OutcomeSums[];
      OUTCOMES.forEach((outcome, i) => {
        const o = sums[i] as OutcomeSums;
        if (o.n === 0) return;
        const key = reason ?? 'None';
        const entry = exit_reasons[key] ?? { wins: 0, losses: 0, draws: 0 };
        entry[outcome] += o.n;
        exit_reasons[key] = entry;
        dur[outcome][0] += o.durationMs / 1000;
        dur[outcome][1] += o.durationCount;
      });
    }
    const avg = (k: Outcome) => (dur[k][1] > 0 ? dur[k][0] / dur[k][1] : null);
    return { exit_reasons, durations: { wins: avg('wins'), draws: avg('draws'), losses: avg('losses') } };
  }

  /** /daily, /weekly, /monthly: see periodic.ts for the balance walk. */
  periodRecords(unit: PeriodUnit, timescale: number, now: number, currentTotal: number): PeriodRecord[] {
    const buckets = this.periods.get(unit) as Map<number, { sum: number; count: number }>;
    let balance = currentTotal;
    const out: PeriodRecord[] = [];
    for (let i = 0; i < timescale; i++) {
      const start = periodStart(now, unit, i);
      const b = buckets.get(start);
      const sum = b?.sum ?? 0;
      balance -= sum;
      out.push({
        date: dateIsoformat(start),
        abs_profit: sum,
        rel_profit: balance > 0 ? Math.round((sum / balance) * 1e8) / 1e8 : 0,
        starting_balance: balance,
        fiat_value: 0,
        trade_count: b?.count ?? 0,
      });
    }
    return out;
  }
}
