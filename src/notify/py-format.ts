// Python's str.format as freqtrade applies it to webhook and Discord templates
// ("{pair}", "{limit:8f}", "{profit_ratio:.2%}", "{open_date:%Y-%m-%d %H:%M:%S}"): replacement
// fields with an optional !r/!s/!a conversion and a format spec (fill, align, sign, zero, width,
// grouping, precision, type) for numbers and strings, strftime for the *_date fields.
// Values render as Python would print them: None, True/False, floats as repr ("100.0", "1e-05").

import { floatRepr } from '../domain/python-repr.ts';

/** A field the message does not carry (Python's KeyError). */
export class TemplateKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`'${key}'`);
    this.key = key;
  }
}

/** A malformed template or a spec the value cannot take (Python's ValueError/TypeError). */
export class TemplateFormatError extends Error {}

/** Fields freqtrade sends as Python ints (everything else numeric is a float). */
const INT_FIELDS = new Set(['trade_id', 'id', 'lock_timestamp', 'lock_end_timestamp']);
/** Fields freqtrade sends as datetime objects (ISO strings on our side). */
const DATE_FIELDS = new Set(['open_date', 'close_date']);
const MAX_WIDTH = 1000;
const MAX_PRECISION = 100;

const pad2 = (n: number) => String(n).padStart(2, '0');

export { floatRepr };

function pythonStr(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number')
    return INT_FIELDS.has(key) && Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === 'string') {
    const d = DATE_FIELDS.has(key) ? parseDate(value) : undefined;
    return d ? pythonDateStr(d) : value;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(key, v)).join(', ')}]`;
  return JSON.stringify(value);
}

function pythonRepr(key: string, value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return pythonStr(key, value);
}

function parseDate(iso: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(iso)) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function pythonDateStr(d: Date): string {
  const base = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}+00:00`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** strftime on a UTC datetime (the directives freqtrade users put in templates). */
export function strftime(d: Date, fmt: string): string {
  return fmt.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    const h = d.getUTCHours();
    switch (c) {
      case 'Y':
        return String(d.getUTCFullYear()).padStart(4, '0');
      case 'y':
        return pad2(d.getUTCFullYear() % 100);
      case 'm':
        return pad2(d.getUTCMonth() + 1);
      case 'd':
        return pad2(d.getUTCDate());
      case 'H':
        return pad2(h);
      case 'I':
        return pad2(h % 12 || 12);
      case 'p':
        return h < 12 ? 'AM' : 'PM';
      case 'M':
        return pad2(d.getUTCMinutes());
      case 'S':
        return pad2(d.getUTCSeconds());
      case 'f':
        return String(d.getUTCMilliseconds() * 1000).padStart(6, '0');
      case 'a':
        return DAYS[d.getUTCDay()].slice(0, 3);
      case 'A':
        return DAYS[d.getUTCDay()];
      case 'b':
        return MONTHS[d.getUTCMonth()].slice(0, 3);
      case 'B':
        return MONTHS[d.getUTCMonth()];
      case 'j': {
        const start = Date.UTC(d.getUTCFullYear(), 0, 1);
        return String(Math.floor((d.getTime() - start) / 86_400_000) + 1).padStart(3, '0');
      }
      case 'z':
        return '+0000';
      case 'Z':
        return 'UTC';
      case '%':
        return '%';
      default:
        return whole;
    }
  });
}

interface Spec {
  fill: string;
  align?: '<' | '>' | '^' | '=';
  sign: '+' | '-' | ' ';
  alternate: boolean;
  width: number;
  grouping?: ',' | '_';
  precision?: number;
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new TemplateFormatError(`Invalid format specifier '${spec}'`);
  const width = m[7] ? Number(m[7]) : 0;
  const precision = m[9] !== undefined ? Number(m[9]) : undefined;
  if (width > MAX_WIDTH || (precision ?? 0) > MAX_PRECISION) throw new TemplateFormatError('Too many decimal digits');
  const zero = m[6] === '0';
  return {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: (m[2] as Spec['align']) ?? (zero ? '=' : undefined),
    sign: (m[3] as Spec['sign']) ?? '-',
    alternate: m[5] === '#',
    width,
    grouping: m[8] as Spec['grouping'],
    precision,
    type: m[10] ?? '',
  };
}

function group(intDigits: string, sep: string | undefined): string {
  if (!sep) return intDigits;
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

function expForm(x: number, digits: number, upper: boolean): string {
  const [m, e] = x.toExponential(digits).split('e');
  const n = Number(e);
  const out = `${m}e${n < 0 ? '-' : '+'}${pad2(Math.abs(n))}`;
  return upper ? out.toUpperCase() : out;
}

function generalForm(
  x: number,
  precision: number | undefined,
  alternate: boolean,
  upper: boolean,
  sciFrom = 0,
): string {
  const p = precision === undefined ? 6 : Math.max(precision, 1);
  if (x === 0) return alternate ? (0).toFixed(p - 1) : '0';
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  const out =
    exp >= -4 && exp < p - sciFrom
      ? x.toFixed(Math.max(p - 1 - exp, 0))
      : expForm(x, p - 1, upper).replace(/E/, upper ? 'E' : 'e');
  if (alternate) return out;
  if (out.includes('e') || out.includes('E')) {
    const [m, e] = out.split(/[eE]/);
    return `${trimZeros(m)}${upper ? 'E' : 'e'}${e}`;
  }
  return trimZeros(out);
}

function formatNumber(key: string, x: number, s: Spec): string {
  const isInt = INT_FIELDS.has(key) && Number.isInteger(x);
  let type = s.type;
  if (type === '' && !isInt) type = s.precision === undefined ? 'r' : 'G0';
  if (type === 'n') type = isInt ? 'd' : 'g';
  if (type !== '' && 'bcdoxX'.includes(type) && !isInt) {
    throw new TemplateFormatError(`Unknown format code '${type}' for object of type 'float'`);
  }
  if (type === 's') throw new TemplateFormatError(`Unknown format code 's' for object of type 'float'`);
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  switch (type) {
    case '':
    case 'd':
      body = String(a);
      break;
    case 'r':
      body = floatRepr(a);
      break;
    case 'f':
    case 'F':
      body = Number.isFinite(a) ? a.toFixed(s.precision ?? 6) : floatRepr(a);
      if (s.alternate && !body.includes('.')) body += '.';
      break;
    case 'e':
    case 'E':
      body = expForm(a, s.precision ?? 6, type === 'E');
      break;
    case 'g':
    case 'G':
      body = generalForm(a, s.precision, s.alternate, type === 'G');
      break;
    case 'G0':
      // No type with a precision: 'g', but fixed-point keeps at least one decimal.
      body = generalForm(a, s.precision, s.alternate, false, 1);
      if (/^\d+$/.test(body)) body += '.0';
      break;
    case '%':
      body = `${(a * 100).toFixed(s.precision ?? 6)}%`;
      break;
    case 'x':
      body = `${s.alternate ? '0x' : ''}${a.toString(16)}`;
      break;
    case 'X':
      body = `${s.alternate ? '0X' : ''}${a.toString(16).toUpperCase()}`;
      break;
    case 'o':
      body = `${s.alternate ? '0o' : ''}${a.toString(8)}`;
      break;
    case 'b':
      body = `${s.alternate ? '0b' : ''}${a.toString(2)}`;
      break;
    case 'c':
      body = String.fromCodePoint(a);
      break;
    default:
      throw new TemplateFormatError(`Unknown format code '${type}'`);
  }
  if (s.grouping && /^\d/.test(body)) {
    const [int, ...rest] = body.split(/(?=[.eE%])/);
    body = group(int, s.grouping) + rest.join('');
  }
  const sign = neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
  return align(sign, body, s, '>');
}

function align(sign: string, body: string, s: Spec, defaultAlign: '<' | '>'): string {
  const len = [...sign].length + [...body].length;
  const missing = Math.max(0, s.width - len);
  if (missing === 0) return sign + body;
  const fill = s.fill.repeat(missing);
  switch (s.align ?? defaultAlign) {
    case '<':
      return sign + body + fill;
    case '^': {
      const left = s.fill.repeat(Math.floor(missing / 2));
      return left + sign + body + s.fill.repeat(missing - Math.floor(missing / 2));
    }
    case '=':
      return sign + fill + body;
    default:
      return fill + sign + body;
  }
}

function formatValue(key: string, value: unknown, spec: string): string {
  if (typeof value === 'string' && DATE_FIELDS.has(key)) {
    const d = parseDate(value);
    if (d) return spec === '' ? pythonDateStr(d) : strftime(d, spec);
  }
  if (spec === '') return pythonStr(key, value);
  const s = parseSpec(spec);
  if (typeof value === 'number') return formatNumber(key, value, s);
  if (typeof value === 'boolean' && s.type !== '' && s.type !== 's') return formatNumber(key, value ? 1 : 0, s);
  if (typeof value === 'string') {
    if (s.type !== '' && s.type !== 's')
      throw new TemplateFormatError(`Unknown format code '${s.type}' for object of type 'str'`);
    if (s.sign !== '-') throw new TemplateFormatError('Sign not allowed in string format specifier');
    const text = s.precision === undefined ? value : [...value].slice(0, s.precision).join('');
    return align('', text, s.align === '=' ? { ...s, align: '<' } : s, '<');
  }
  throw new TemplateFormatError(
    `unsupported format string passed to ${value === null ? 'NoneType' : typeof value}.__format__`,
  );
}

/** Formats `template` with the message's fields, as Python's `template.format(**fields)`. */
export function pyFormat(template: string, fields: Record<string, unknown>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '}') {
      if (template[i + 1] !== '}') throw new TemplateFormatError("Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (ch !== '{') {
      const next = template.slice(i).search(/[{}]/);
      const end = next < 0 ? template.length : i + next;
      out += template.slice(i, end);
      i = end;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    if (close < 0) throw new TemplateFormatError("Single '{' encountered in format string");
    const field = template.slice(i + 1, close);
    if (field.includes('{')) throw new TemplateFormatError('Nested replacement fields are not supported');
    const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) throw new TemplateFormatError(`Invalid replacement field '{${field}}'`);
    const key = m[1];
    if (key === '' || /^\d+$/.test(key))
      throw new TemplateFormatError('Replacement index 0 out of range for positional args tuple');
    if (!Object.hasOwn(fields, key)) throw new TemplateKeyError(key);
    const value = fields[key];
    const spec = m[3] ?? '';
    if (m[2] === 'r' || m[2] === 'a') out += formatValue('', pythonRepr(key, value), spec);
    else if (m[2] === 's') out += formatValue('', pythonStr(key, value), spec);
    else out += formatValue(key, value, spec);
    i = close + 1;
  }
  return out;
}
