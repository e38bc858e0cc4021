// Time renderings the reports share: Python's timedelta string and humanize's "5 minutes ago".

const pad2 = (n: number) => String(n).padStart(2, '0');

/** str(timedelta(seconds=s)) without the fraction: "1:02:03", "1 day, 0:00:05", "3 days, 4:00:00". */
export function timedeltaString(seconds: number): string {
  const total = Math.floor(Math.max(0, seconds));
  const days = Math.floor(total / 86_400);
  const rest = total % 86_400;
  const clock = `${Math.floor(rest / 3600)}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  if (days === 0) return clock;
  return `${days} ${days === 1 ? 'day' : 'days'}, ${clock}`;
}

function plural(n: number, one: string, unit: string): string {
  return n === 1 ? one : `${n} ${unit}s`;
}

/** How long ago `thenMs` was, worded like python-humanize's naturaltime ("an hour ago"). */
export function humanizeAgo(thenMs: number, nowMs: number): string {
  const future = thenMs > nowMs;
  const s = Math.floor(Math.abs(nowMs - thenMs) / 1000);
  let text: string;
  if (s < 1) return 'now';
  if (s < 60) text = plural(s, 'a second', 'second');
  else if (s < 3600) text = plural(Math.floor(s / 60), 'a minute', 'minute');
  else if (s < 86_400) text = plural(Math.floor(s / 3600), 'an hour', 'hour');
  else {
    const days = Math.floor(s / 86_400);
    const years = Math.floor(days / 365);
    const restDays = days % 365;
    const months = Math.round(restDays / 30.5);
    if (years === 0) {
      if (months === 0 || restDays < 30) text = plural(days, 'a day', 'day');
      else text = plural(months, 'a month', 'month');
    } else if (years === 1) {
      text = months === 0 ? 'a year' : `1 year, ${plural(months, '1 month', 'month')}`;
    } else text = `${years} years`;
  }
  return future ? `${text} from now` : `${text} ago`;
}

export type PeriodUnit = 'days' | 'weeks' | 'months';

export interface PeriodRecord {
  date: string;
  abs_profit: number;
  rel_profit: number;
  starting_balance: number;
  fiat_value: number;
  trade_count: number;
}

const DAY = 86_400_000;

/** Start (ms, UTC) of the period `back` periods before the one containing `now` (weeks start on Monday). */
export function periodStart(now: number, unit: PeriodUnit, back: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const today = Date.UTC(y, m, d.getUTCDate());
  if (unit === 'days') return today - back * DAY;
  if (unit === 'weeks') {
    const monday = today - ((d.getUTCDay() + 6) % 7) * DAY;
    return monday - back * 7 * DAY;
  }
  return Date.UTC(y, m - back, 1);
}
