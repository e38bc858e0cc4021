// Test oracle: src/reports/drawdown.ts as it was before the reports were kept (issue 19 point 3).
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

/** One pass over points sorted by date. No drawdown (all zero) when the curve never drops. */
export function drawdownOf(points: readonly CurvePoint[], startingBalance: number): Drawdown {
  if (points.length === 0) return NONE;
  let cumulative = 0;
  let high = Number.NEGATIVE_INFINITY;
  let highIndex = 0;
  let worst = 0;
  let worstIndex = -1;
  let worstHighIndex = 0;
  const cumulativeAt: number[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    cumulative += points[i].profitAbs;
    cumulativeAt[i] = cumulative;
    if (cumulative > high) {
      high = cumulative;
      highIndex = i;
    }
    const dd = cumulative - high;
    if (dd < worst) {
      worst = dd;
      worstIndex = i;
      worstHighIndex = highIndex;
    }
  }
  const relativeAt = (value: number, peak: number) => {
    const top = startingBalance ? startingBalance + peak : peak;
    const now = startingBalance ? startingBalance + value : value;
    return top === 0 ? 0 : (top - now) / top;
  };
  const currentAbs = high - cumulative;
  const current = {
    abs: currentAbs,
    relative: relativeAt(cumulative, high),
    high,
    startDate: currentAbs > 0 ? points[highIndex].date : undefined,
  };
  if (worstIndex <= 0) return { ...NONE, current };
  const highValue = cumulativeAt[worstHighIndex];
  const lowValue = cumulativeAt[worstIndex];
  return {
    abs: Math.abs(worst),
    relative: relativeAt(lowValue, highValue),
    highDate: points[worstHighIndex].date,
    lowDate: points[worstIndex].date,
    highValue,
    lowValue,
    current,
  };
}
