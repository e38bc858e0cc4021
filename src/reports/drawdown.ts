// Drawdown on the cumulative closed-profit curve (freqtrade's calculate_max_drawdown with a
// starting balance), plus the drawdown the curve is in now.

export interface CurvePoint {
  date: number; // close date, ms
  profitAbs: number;
}

export interface Drawdown {
  /** Largest absolute drop from a running high. */
  abs: number;
  /** That drop relative to the account value at the high (starting balance + profit). */
  relative: number;
  highDate: number | undefined;
  lowDate: number | undefined;
  highValue: number;
  lowValue: number;
  current: { abs: number; relative: number; high: number; startDate: number | undefined };
}

const NONE: Drawdown = {
  abs: 0,
  relative: 0,
  highDate: undefined,
  lowDate: undefined,
  highValue: 0,
  lowValue: 0,
  current: { abs: 0, relative: 0, high: 0, startDate: undefined },
};

/**
 * The drawdown of a curve fed point by point in date order, in fixed memory: the running high and
 * the worst drop so far, with their dates and values. No drawdown (all zero) when it never drops.
 */
export class DrawdownTracker {
  private count = 0;
  private cumulative = 0;
  private high = Number.NEGATIVE_INFINITY;
  private highDate = 0;
  private worst = 0;
  private worstIndex = -1;
  private worstHighDate = 0;
  private worstHighValue = 0;
  private worstLowDate = 0;
  private worstLowValue = 0;

  add(date: number, profitAbs: number): void {
    if (this.count === 0) this.highDate = date;
    this.cumulative += profitAbs;
    if (this.cumulative > this.high) {
      this.high = this.cumulative;
      this.highDate = date;
    }
    const dd = this.cumulative - this.high;
    if (dd < this.worst) {
      this.worst = dd;
      this.worstIndex = this.count;
      this.worstHighDate = this.highDate;
      this.worstHighValue = this.high;
      this.worstLowDate = date;
      this.worstLowValue = this.cumulative;
    }
    this.count++;
  }

  result(startingBalance: number): Drawdown {
    if (this.count === 0) return NONE;
    const relativeAt = (value: number, peak: number) => {
      const top = startingBalance ? startingBalance + peak : peak;
      const now = startingBalance ? startingBalance + value : value;
      return top === 0 ? 0 : (top - now) / top;
    };
    const currentAbs = this.high - this.cumulative;
    const current = {
      abs: currentAbs,
      relative: relativeAt(this.cumulative, this.high),
      high: this.high,
      startDate: currentAbs > 0 ? this.highDate : undefined,
    };
    if (this.worstIndex <= 0) return { ...NONE, current };
    return {
      abs: Math.abs(this.worst),
      relative: relativeAt(this.worstLowValue, this.worstHighValue),
      highDate: this.worstHighDate,
      lowDate: this.worstLowDate,
      highValue: this.worstHighValue,
      lowValue: this.worstLowValue,
      current,
    };
  }
}

/** The drawdown of points sorted by date. */
export function drawdownOf(points: readonly CurvePoint[], startingBalance: number): Drawdown {
  const tracker = new DrawdownTracker();
  for (const p of points) tracker.add(p.date, p.profitAbs);
  return tracker.result(startingBalance);
}
