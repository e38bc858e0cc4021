// The number, date and table formatting freqtrade's Telegram texts use: fmt_coin / round_value,
// Python's format specs (":.2%", ":.8f", "g"), str(timedelta), humanize.naturaltime with
// shorten_date, and tabulate's "simple" table.

import { floatRepr, pyRepr } from '../../domain/python-repr.ts';
import { pyFormat } from '../py-format.ts';

export { pyRepr };

const DECIMALS_PER_COIN: Record<string, number> = { BTC: 8, ETH: 5 };

/** freqtrade's DUST_PER_COIN (balance_dust_level when not configured; 1.0 for other coins). */
export const DUST_PER_COIN: Record<string, number> = { BTC: 0.0001, ETH: 0.01 };

/** Python's `format(value, spec)` for a number. */
export const py = (value: number, spec: string): string => pyFormat(`{v:${spec}}`, { v: value });

/** Python's json.dumps with its default ", " and ": " separators. */
export function jsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonDumps).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${jsonDumps(v)}`)
    .join(', ')}}`;
}

/** freqtrade's round_value: fixed to `decimals`, trailing zeros (and a bare point) stripped. */
export function roundValue(value: number, decimals: number): string {
  const fixed = py(value, `.${decimals}f`);
  return fixed.replace(/0+$/, '').replace(/\.$/, '');
}

/** freqtrade's fmt_coin: rounded to the coin's decimals (3 for most), with the coin name unless told. */
export function fmtCoin(value: number, coin: string, showCoinName = true): string {
  const v = roundValue(value, DECIMALS_PER_COIN[coin] ?? 3);
  return showCoinName ? `${v} ${coin}` : v;
}

/** Python's str(timedelta(seconds=s)): "H:MM:SS", "N day(s), H:MM:SS", ".ffffff" when fractional. */
export function pythonTimedelta(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const days = Math.floor(micros / 86_400e6);
  let rest = micros - days * 86_400e6;
  const h = Math.floor(rest / 3600e6);
  rest -= h * 3600e6;
  const m = Math.floor(rest / 60e6);
  rest -= m * 60e6;
  const s = Math.floor(rest / 1e6);
  const frac = rest - s * 1e6;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${frac ? `.${String(frac).padStart(6, '0')}` : ''}`;
  return days === 0 ? clock : `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`;
}

/** Python's round(): halves to even. */
const pyRound = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** humanize.naturaltime (4.x, months on) of the moment `thenMs` seen at `nowMs`: "now", "5 minutes ago", "a day ago". */
export function naturalTime(thenMs: number, nowMs: number): string {
  const past = nowMs >= thenMs;
  const total = Math.floor(Math.abs(nowMs - thenMs) / 1000);
  const allDays = Math.floor(total / 86_400);
  const seconds = total % 86_400;
  let years = Math.floor(allDays / 365);
  const days = allDays % 365;
  const months = pyRound(days / 30.5);
  let delta: string;
  if (years === 0 && days < 1) {
    if (seconds === 0) return 'now';
    if (seconds === 1) delta = 'a second';
    else if (seconds < 60) delta = `${seconds} seconds`;
    else if (seconds < 3600) {
      const minutes = pyRound(seconds / 60);
      delta = minutes === 1 ? 'a minute' : minutes === 60 ? 'an hour' : `${minutes} minutes`;
    } else {
      const hours = pyRound(seconds / 3600);
      delta = hours === 1 ? 'an hour' : hours === 24 ? 'a day' : `${hours} hours`;
    }
  } else if (years === 0) {
    if (days === 1) delta = 'a day';
    else if (months === 0) delta = `${days} days`;
    else if (months === 1) delta = 'a month';
    else if (months === 12) delta = 'a year';
    else delta = `${months} months`;
  } else if (years === 1) {
    if (months === 0 && days === 0) delta = 'a year';
    else if (months === 0) delta = `1 year, ${days} day${days === 1 ? '' : 's'}`;
    else if (months === 1) delta = '1 year, 1 month';
    else if (months === 12) {
      years += 1;
      delta = `${years} years`;
    } else delta = `1 year, ${months} months`;
  } else {
    delta = `${years.toLocaleString('en-US')} years`;
  }
  return past ? `${delta} ago` : `${delta} from now`;
}

/** freqtrade's shorten_date: "5 minutes ago" → "5 min ago", "an hour ago" → "1 h ago". */
export function shortenDate(text: string): string {
  return text
    .replace(/seconds?/g, 'sec')
    .replace(/minutes?/g, 'min')
    .replace(/hours?/g, 'h')
    .replace(/days?/g, 'd')
    .replace(/^an?/, '1');
}

/** "2026-01-05 00:15:00" (freqtrade's DATETIME_PRINT_FORMAT) of epoch milliseconds, UTC. */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** format_date(dt.astimezone(tzlocal())): "%Y-%m-%d %H:%M:%S" in the server's time zone (UTC on Workers). */
export function formatLocalDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(d.getFullYear()).padStart(4, '0')}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}

type Cell = string | number | null | undefined;
type ColumnType = 'int' | 'float' | 'string';

const INT_TEXT = /^[-+]?\d+$/;
const FLOAT_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/i;

function cellType(c: Cell): ColumnType | undefined {
  if (c === null || c === undefined) return undefined;
  if (typeof c === 'number') return Number.isInteger(c) && !Object.is(c, -0) ? 'int' : 'float';
  const t = c.trim();
  if (INT_TEXT.test(t)) return 'int';
  if (FLOAT_TEXT.test(t)) return 'float';
  return 'string';
}

function columnType(cells: Cell[]): ColumnType {
  let type: ColumnType | undefined;
  for (const c of cells) {
    const t = cellType(c);
    if (t === 'string') return 'string';
    if (t === 'float' || (t === 'int' && type === undefined)) type = t;
  }
  return type ?? 'string';
}

function formatCell(c: Cell, type: ColumnType): string {
  if (c === null || c === undefined) return '';
  if (type === 'float') return py(Number(c), 'g');
  // tabulate formats an int column with format(value, ""), which leaves a numeric text as it is.
  if (type === 'int') return String(c);
  return String(c);
}

/** Digits after the decimal point (tabulate's _afterpoint): -1 for integers and texts without a point. */
function afterPoint(text: string): number {
  if (INT_TEXT.test(text)) return -1;
  let pos = text.lastIndexOf('.');
  if (pos < 0) pos = text.toLowerCase().lastIndexOf('e');
  return pos < 0 ? -1 : text.length - pos - 1;
}

/**
 * tabulate(rows, headers, tablefmt="simple"): numeric texts are parsed as numbers and floats
 * printed with "g"; numbers aligned on the decimal point and right-aligned (headers too), texts
 * left-aligned; each column at least its header plus 2 wide; lines right-stripped.
 */
export function tabulate(rows: Cell[][], headers: string[]): string {
  // With rows, extra headers are dropped (tabulate zips them with the columns); missing ones are blank on the left.
  const ncols = rows.length > 0 ? Math.max(...rows.map((r) => r.length)) : headers.length;
  const columns: string[][] = [];
  const numeric: boolean[] = [];
  for (let i = 0; i < ncols; i++) {
    const cells = rows.map((r) => r[i]);
    const type = columnType(cells);
    let texts = cells.map((c) => formatCell(c, type));
    if (type !== 'string') {
      const decimals = texts.map(afterPoint);
      const max = Math.max(...decimals);
      texts = texts.map((t, j) => t + ' '.repeat(max - decimals[j]));
    }
    columns.push(texts);
    numeric.push(type !== 'string');
  }
  const heads = [...Array(Math.max(0, ncols - headers.length)).fill(''), ...headers.slice(0, ncols)];
  const widths = heads.map((h, i) => Math.max(h.length + 2, ...columns[i].map((t) => t.length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [
    line(heads),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((_, j) => line(columns.map((c) => c[j]))),
  ].join('\n');
}
