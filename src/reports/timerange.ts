// freqtrade's timerange syntax: START-STOP, START-, -STOP where a bound is YYYYMMDD, YYYYMMDDTHHMM,
// YYYYMMDDTHHMMSS (UTC; hour/minute precision is API 2.50, what FreqUI sends then), epoch seconds
// (10 digits) or epoch milliseconds (13 digits). Bounds are ms; undefined = open.

export interface TimeRange {
  start: number | undefined;
  stop: number | undefined;
}

const DATE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?$/;

function dateBound(text: string): number {
  const m = DATE.exec(text);
  if (!m) throw new Error('bad date');
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (h > 23 || mi > 59 || s > 59) throw new Error('bad time');
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error('bad date');
  }
  return ms;
}

function bound(text: string): number {
  if (text.length === 10 && /^\d+$/.test(text)) return Number(text) * 1000;
  if (text.length === 13 && /^\d+$/.test(text)) return Number(text);
  return dateBound(text);
}

const PART = String.raw`(\d{8}(?:T\d{4}(?:\d{2})?)?|\d{10}|\d{13})`;
const SYNTAX = new RegExp(`^${PART}?-${PART}?$`);

/** Throws Error with freqtrade's messages on bad syntax or start after stop; '' is unbounded. */
export function parseTimerange(text: string): TimeRange {
  // freqtrade: an empty timerange means all data.
  if (text.trim() === '') return { start: undefined, stop: undefined };
  const m = SYNTAX.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new Error(`Incorrect syntax for timerange "${text}"`);
  let range: TimeRange;
  try {
    range = {
      start: m[1] === undefined ? undefined : bound(m[1]),
      stop: m[2] === undefined ? undefined : bound(m[2]),
    };
  } catch {
    throw new Error(`Incorrect syntax for timerange "${text}"`);
  }
  if (range.start !== undefined && range.stop !== undefined && range.start > range.stop) {
    throw new Error(`Start date is after stop date for timerange "${text}"`);
  }
  return range;
}
