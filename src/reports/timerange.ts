// freqtrade's timerange syntax: YYYYMMDD-YYYYMMDD, YYYYMMDD-, -YYYYMMDD, and the same with epoch
// seconds (10 digits) or milliseconds (13 digits). Bounds are ms; undefined = open.

export interface TimeRange {
  start: number | undefined;
  stop: number | undefined;
}

function bound(text: string): number {
  if (text.length === 8) {
    const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
      throw new Error('bad date');
    }
    return ms;
  }
  return text.length === 10 ? Number(text) * 1000 : Number(text);
}

const SYNTAX = /^(\d{8}|\d{10}|\d{13})?-(\d{8}|\d{10}|\d{13})?$/;

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
