// Every date rendering freqtrade's wire and logs use, one function per Python rendering, all in UTC.
// Times are epoch milliseconds; Python's microseconds are the milliseconds followed by "000".

interface Parts {
  date: string; // 2024-03-30
  time: string; // 16:00:00
  millis: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function parts(ms: number): Parts {
  const d = new Date(ms);
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: d.getUTCMilliseconds(),
  };
}

/** Python's microseconds suffix: ".120000", or nothing when the fraction is zero (as isoformat/str do). */
const micros = (millis: number) => (millis === 0 ? '' : `.${pad(millis, 3)}000`);

/** strftime(DATETIME_PRINT_FORMAT) = "%Y-%m-%d %H:%M:%S": "2024-03-30 16:00:00" (trade and lock JSON, /profit). */
export function datetimePrintFormat(ms: number): string {
  const p = parts(ms);
  return `${p.date} ${p.time}`;
}

/** date.isoformat() / strftime("%Y-%m-%d"): "2024-03-30" (daily/weekly/monthly rows). */
export function dateIsoformat(ms: number): string {
  return parts(ms).date;
}

/** datetime.isoformat() of an aware UTC datetime, as orjson writes it: "2024-03-30T16:00:00+00:00", ".120000+00:00". */
export function isoformatUtc(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}${micros(p.millis)}+00:00`;
}

/** datetime.isoformat() of a naive datetime (a value read back from the database): "2024-03-30T16:00:00". */
export function isoformatNaive(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}${micros(p.millis)}`;
}

/** An aware UTC datetime in a pydantic v2 response (speedate): "2024-03-30T16:00:00Z", "2024-03-30T16:00:00.120000Z". */
export function pydanticDatetime(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}${micros(p.millis)}Z`;
}

/** str(pandas.Timestamp) of a UTC timestamp: "2017-11-26 08:50:00+00:00", "2017-11-26 08:50:00.120000+00:00". */
export function pandasTimestampString(ms: number): string {
  const p = parts(ms);
  return `${p.date} ${p.time}${micros(p.millis)}+00:00`;
}

/** DataFrame.to_json(date_format="iso") (millisecond unit): "2024-03-30T16:00:00.000Z". */
export function pandasJsonIso(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.time}.${pad(p.millis, 3)}Z`;
}

/** logging's default asctime ("%Y-%m-%d %H:%M:%S,mmm"): "2024-03-30 16:00:00,120" (/logs rows). */
export function loggingAsctime(ms: number): string {
  const p = parts(ms);
  return `${p.date} ${p.time},${pad(p.millis, 3)}`;
}

/** A timerange bound as freqtrade writes it: strftime("%Y%m%d") at midnight, else "%Y%m%dT%H%M" with "%S" when non-zero. */
export function timerangeBound(ms: number): string {
  const p = parts(ms);
  const day = p.date.replaceAll('-', '');
  const [h, mi, s] = p.time.split(':');
  if (p.time === '00:00:00') return day;
  return `${day}T${h}${mi}${s === '00' ? '' : s}`;
}
