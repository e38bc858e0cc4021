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

/** The trades of one pair, enter tag and exit reason: every grouped report merges these. */
interface FineGroup extends Group {
  pair: string;
  tag: string;
  reason: string;
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
  private readonly fine = new Map<string, FineGroup>();
  /** Coarser groups merged from the fine ones, until the next trade. */
  private readonly merged = new Map<string, Map<string, Group>>();
  private readonly stats = new Map<string | null, Map<Outcome, OutcomeSums>>();
  private readonly periods = new Map<PeriodUnit, Map<number, { sum: number; count: number }>>(
    UNITS.map((u) => [u, new Map()]),
  );
  private day = Number.NaN;
  private starts: number[] = [];

  add(t: ClosedTrade): void {
    const tag = t.enterTag ?? 'Other';
    const reason = t.exitReason ?? 'Other';
    const key = `${t.pair}${MIX}${tag}${MIX}${reason}`;
    let g = this.fine.get(key);
    if (!g) {
      g = { ...newGroup(), pair: t.pair, tag, reason };
      this.fine.set(key, g);
    }
    const abs = t.closeProfitAbs ?? 0;
    g.ratio.add(t.closeProfit ?? 0);
    g.abs.add(abs);
    g.best = g.count === 0 ? abs : Math.max(g.best, abs);
    g.count++;
    this.merged.clear();

    const outcome: Outcome = (t.closeProfit ?? 0) > 0 ? 'wins' : (t.closeProfit ?? 0) < 0 ? 'losses' : 'draws';
    let byOutcome = this.stats.get(t.exitReason);
    if (!byOutcome) {
      byOutcome = new Map();
      this.stats.set(t.exitReason, byOutcome);
    }
    const o = byOutcome.get(outcome) ?? { n: 0, durationMs: 0, durationCount: 0 };
    byOutcome.set(outcome, o);
    o.n++;
    if (t.closeDate !== null) {
      o.durationMs += t.closeDate - t.openDate;
      o.durationCount++;
    }

    if (t.closeDate === null) return;
    const starts = this.startsOf(t.closeDate);
    for (let u = 0; u < UNITS.length; u++) {
      const buckets = this.periods.get(UNITS[u]) as Map<number, { sum: number; count: number }>;
      const start = starts[u];
      const b = buckets.get(start);
      if (b) {
        b.sum += abs;
        b.count++;
      } else buckets.set(start, { sum: 0 + abs, count: 1 });
    }
  }

  /** The day, week and month a close date falls in (trades come in closing order: one day's share them). */
  private startsOf(closeDate: number): number[] {
    const day = Math.floor(closeDate / DAY) * DAY;
    if (day !== this.day) {
      this.day = day;
      this.starts = UNITS.map((unit) => periodStart(day, unit, 0));
    }
    return this.starts;
  }

  /** The fine groups merged by `keyOf` (those of one pair when `pair` is given). */
  private groups(name: string, keyOf: (g: FineGroup) => string, pair?: string): Map<string, Group> {
    const id = `${name}${MIX}${pair ?? ''}${MIX}${pair === undefined}`;
    let map = this.merged.get(id);
    if (!map) {
      map = new Map();
      for (const g of this.fine.values()) {
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
    const exit_reasons: StatsReport['exit_reasons'] = {};
    const dur: Record<Outcome, [number, number]> = { wins: [0, 0], draws: [0, 0], losses: [0, 0] };
    const reasons = [...this.stats.keys()].sort((a, b) =>
      a === b ? 0 : a === null ? -1 : b === null ? 1 : byCodePoint(a, b),
    );
    for (const reason of reasons) {
      const byOutcome = this.stats.get(reason) as Map<Outcome, OutcomeSums>;
      for (const outcome of OUTCOMES) {
        const o = byOutcome.get(outcome);
        if (!o) continue;
        const key = reason ?? 'None';
        const entry = exit_reasons[key] ?? { wins: 0, losses: 0, draws: 0 };
        entry[outcome] += o.n;
        exit_reasons[key] = entry;
        dur[outcome][0] += o.durationMs / 1000;
        dur[outcome][1] += o.durationCount;
      }
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
