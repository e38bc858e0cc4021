// Rounding that matches Python, so stored numbers equal freqtrade's to the last digit.
//
// Python's float(f"{x:.8f}") and round(x, 2) both round the exact binary value of x,
// breaking exact ties to even. JS toFixed also rounds the exact binary value, but breaks
// exact ties away from zero: (0.125).toFixed(2) is "0.13" where Python gives 0.12.
// Exact ties exist only for dyadic values (x = n / 2^k), which is why they are rare but real
// (1/512 = 0.001953125 is one at 8 decimals). We find them exactly and round them to even.

const TWO_POW_52 = 2 ** 52;
const float64 = new DataView(new ArrayBuffer(8));

/** |x| as mantissa · 2^exponent, both exact. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  float64.setFloat64(0, Math.abs(x));
  const hi = float64.getUint32(0);
  const lo = float64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** When |x|·10^digits is exactly k + 0.5, returns k; otherwise null. */
function tieFloor(x: number, digits: number): bigint | null {
  const scaled = Math.abs(x) * 10 ** digits;
  // Below 2^52 a true tie k + 0.5 is representable, so the float product shows it exactly.
  if (scaled < TWO_POW_52 && scaled - Math.floor(scaled) !== 0.5) return null;
  const { mantissa, exponent } = decompose(x);
  if (exponent >= 0) return null;
  const numerator = mantissa * 10n ** BigInt(digits);
  const shift = BigInt(-exponent);
  const remainder = numerator & ((1n << shift) - 1n);
  if (remainder !== 1n << (shift - 1n)) return null;
  return numerator >> shift;
}

/** Python's float(f"{x:.{digits}f}") (equivalently round(x, digits)) for 0 ≤ digits ≤ 20. */
export function roundHalfEven(x: number, digits: number): number {
  // Above 1e21 toFixed switches to exponent notation; such doubles have no decimals to round.
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  const floor = tieFloor(x, digits);
  if (floor === null) return Number(x.toFixed(digits));
  const even = floor % 2n === 0n ? floor : floor + 1n;
  return Number(`${x < 0 ? '-' : ''}${even}e-${digits}`);
}

/** freqtrade's float(f"{x:.8f}"). */
export function round8(x: number): number {
  return roundHalfEven(x, 8);
}

/** A ratio as a percentage with 2 decimals, like freqtrade's round(ratio * 100, 2). */
export function pct(ratio: number): number {
  return roundHalfEven(ratio * 100, 2);
}
