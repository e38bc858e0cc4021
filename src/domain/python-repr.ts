// Python's repr of the values freqtrade prints in its messages: floats as repr() writes them,
// and JSON values as Python holds them after json.load (ints stay ints, dicts as {'k': v}).

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Python's repr of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${pad2(Math.abs(exp))}`;
  }
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** Python's f"{x:.8g}": 8 significant digits, trailing zeros dropped, scientific below 1e-4 and from 1e8. */
export function general8(x: number): string {
  if (!Number.isFinite(x)) return floatRepr(x);
  if (x === 0) return '0';
  const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  const [mantissa, expText] = x.toExponential(7).split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 8) return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${pad2(Math.abs(exp))}`;
  return trim(x.toFixed(7 - exp));
}

/** Python's repr of a str: single quotes, or double quotes when it holds a ' and no ". */
function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/**
 * Python's repr of a JSON value as Python holds it after json.load: ints stay ints, other numbers are
 * floats ("0.04", "1e-05"), dicts "{'0': 0.04}", True/False/None.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === 'string') return strRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}
