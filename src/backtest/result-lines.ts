// The per-key result lines of freqtrade's backtest report (results_per_pair, per enter tag, per
// exit reason, mixed tags, left open) and the periodic breakdown, over trade records.

import { roundHalfEven } from '../domain/money/round.ts';
import { timedeltaString } from '../reports/time.ts';

/** The trade fields the summaries read. */
export interface TradeRecord {
  pair: string;
  profit_ratio: number;
  profit_abs: number;
  trade_duration: number;
  enter_tag: string | null;
  exit_reason: string;
  close_timestamp: number;
  open_timestamp: number;
  is_short: boolean;
  stake_amount: number;
}

export type ResultKey = string | (string | null)[];

export interface ResultLine {
  key: ResultKey;
  trades: number;
  profit_mean: number;
  profit_mean_pct: number;
  profit_sum: number;
  profit_sum_pct: number;
  profit_total_abs: number;
  profit_total: number;
  profit_total_pct: number;
  duration_avg: string;
  wins: number;
  draws: number;
  losses: number;
  winrate: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Python's round(x) on a float: halves to even. */
export function pyRound(x: number): number {
  return roundHalfEven(x, 0);
}

/** str(timedelta(minutes=m)) as pandas/Python print it ("0:35:00", "1 day, 2:00:00"). */
export function minutesString(minutes: number): string {
  return timedeltaString(minutes * 60);
}

export function resultLine(rows: readonly TradeRecord[], startingBalance: number, key: ResultKey): ResultLine {
  const n = rows.length;
  const profitSum = sum(rows.map((r) => r.profit_ratio));
  const totalAbs = sum(rows.map((r) => r.profit_abs));
  const profitTotal = totalAbs / startingBalance;
  const mean = n > 0 ? profitSum / n : 0;
  const wins = rows.filter((r) => r.profit_abs > 0).length;
  return {
    key,
    trades: n,
    profit_mean: mean,
    profit_mean_pct: n > 0 ? roundHalfEven(mean * 100, 2) : 0,
    profit_sum: profitSum,
    profit_sum_pct: roundHalfEven(profitSum * 100, 2),
    profit_total_abs: totalAbs,
    profit_total: profitTotal,
    profit_total_pct: roundHalfEven(profitTotal * 100, 2),
    duration_avg: n > 0 ? minutesString(pyRound(sum(rows.map((r) => r.trade_duration)) / n)) : '0:00',
    wins,
    draws: rows.filter((r) => r.profit_abs === 0).length,
    losses: rows.filter((r) => r.profit_abs < 0).length,
    winrate: n ? wins / n : 0,
  };
}

function byProfitDesc(lines: ResultLine[]): ResultLine[] {
  // Python's sorted is stable, as is Array.prototype.sort.
  return lines.sort((a, b) => b.profit_total_abs - a.profit_total_abs);
}

/** generate_pair_metrics: one line per pair of the pairlist, best first, then TOTAL. */
export function pairMetrics(
  pairlist: readonly string[],
  startingBalance: number,
  rows: readonly TradeRecord[],
  skipEmpty = false,
): ResultLine[] {
  const lines: ResultLine[] = [];
  for (const pair of pairlist) {
    const subset = rows.filter((r) => r.pair === pair);
    if (skipEmpty && subset.length === 0) continue;
    lines.push(resultLine(subset, startingBalance, pair));
  }
  byProfitDesc(lines);
  lines.push(resultLine(rows, startingBalance, 'TOTAL'));
  return lines;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** generate_tag_metrics: pandas groupby (sorted keys, null keys dropped), best first, then TOTAL. */
export function tagMetrics(
  keyOf: (r: TradeRecord) => (string | null)[],
  startingBalance: number,
  rows: readonly TradeRecord[],
): ResultLine[] {
  const groups = new Map<string, { key: (string | null)[]; rows: TradeRecord[] }>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key.some((k) => k === null || k === undefined)) continue;
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) {
      g = { key, rows: [] };
      groups.set(id, g);
    }
    g.rows.push(r);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareKeys(a.key[i] as string, b.key[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
  const lines = sorted.map((g) =>
    resultLine(g.rows, startingBalance, g.key.length === 1 ? (g.key[0] as string) : g.key),
  );
  byProfitDesc(lines);
  lines.push(resultLine(rows, startingBalance, 'TOTAL'));
  return lines;
}

export type Period = 'day' | 'week' | 'month';

const DAY = 86_400_000;

/** The label of the pandas resample bin a close time falls in: the day, the week's Monday, the month's last day. */
export function periodLabel(ts: number, period: Period): number {
  const day = Math.floor(ts / DAY) * DAY;
  if (period === 'day') return day;
  if (period === 'week') {
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
    return weekday === 0 ? day : day + (7 - weekday) * DAY;
  }
  const d = new Date(day);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
}

function nextLabel(label: number, period: Period): number {
  if (period === 'day') return label + DAY;
  if (period === 'week') return label + 7 * DAY;
  const d = new Date(label);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0);
}

/** Bins from the first to the last close, empty ones included (as pandas resample). */
export function resampleByClose(
  rows: readonly TradeRecord[],
  period: Period,
): { label: number; rows: TradeRecord[] }[] {
  if (rows.length === 0) return [];
  const bins = new Map<number, TradeRecord[]>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const label = periodLabel(r.close_timestamp, period);
    first = Math.min(first, label);
    last = Math.max(last, label);
    const list = bins.get(label);
    if (list) list.push(r);
    else bins.set(label, [r]);
  }
  const out: { label: number; rows: TradeRecord[] }[] = [];
  for (let l = first; l <= last; l = nextLabel(l, period)) out.push({ label: l, rows: bins.get(l) ?? [] });
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function periodicBreakdown(rows: readonly TradeRecord[], period: Period) {
  return resampleByClose(rows, period).map(({ label, rows: day }) => {
    const d = new Date(label);
    const wins = day.filter((r) => r.profit_abs > 0).length;
    const draws = day.filter((r) => r.profit_abs === 0).length;
    const loses = day.filter((r) => r.profit_abs < 0).length;
    const trades = wins + draws + loses;
    return {
      date: `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
      date_ts: label,
      profit_abs: roundHalfEven(sum(day.map((r) => r.profit_abs)), 10),
      wins,
      draws,
      loses,
      winrate: trades ? wins / trades : 0,
    };
  });
}
