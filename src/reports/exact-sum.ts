// A sum of doubles held exactly (Shewchuk's non-overlapping partials, the algorithm behind
// Python's math.fsum) and rounded once when read. Adding -x undoes adding x bit for bit, and the
// order of the additions never changes the result, so a grouped sum can follow trades closing,
// changing and being deleted in any order without a rescan. SQLite's sum() (what freqtrade's
// grouped reports use) is Kahan–Babuška–Neumaier compensated: it equals this correctly rounded
// sum except when the running error lands within a rounding boundary, which needs values that
// cancel to far below their own magnitude (not money sums; see the property tests).

export class ExactSum {
  private partials: number[] = [];
  /** Infinities and NaN are kept aside (partials must stay finite): their sum is the IEEE one. */
  private special = 0;

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value;
      return;
    }
    let x = value;
    const p = this.partials;
    const n = p.length;
    let kept = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    // Usually one or two partials: write in place, shorten only when partials cancelled.
    if (kept < n - 1) p.length = kept + 1;
    p[kept] = x;
  }

  /** Adds another sum, exactly (its partials add up to its exact value). */
  addSum(other: ExactSum): void {
    for (const p of other.partials) this.add(p);
    if (other.special !== 0) this.special += other.special;
  }

  /** The exact sum rounded to the nearest double (ties to even); 0, never -0, when empty or cancelled. */
  value(): number {
    if (this.special !== 0) return this.special;
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the partials left below: when the rest has the sign of lo,
    // hi + 2·lo decides which way the tie goes (math.fsum's correction).
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi + 0;
  }
}
