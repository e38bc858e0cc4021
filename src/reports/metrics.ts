// Risk-adjusted return figures over closed trades, as freqtrade's data/metrics.py computes them for
// /profit: returns are profit_abs / starting balance; the period runs from the first to the last
// trade's open date (whole days, at least 1); ratios are annualised with sqrt(365).
// Sharpe and sortino divide by numpy's np.std (population, ddof 0); SQN by pandas' Series.std
// (sample, ddof 1). Undefined ratios are -100, as freqtrade reports them.

export interface RiskInput {
  /** profit_abs of each closed trade. */
  profits: readonly number[];
  startingBalance: number;
  /** Open date (epoch ms) of the first and of the last trade by id, open trades included. */
  firstDate: number | undefined;
  lastDate: number | undefined;
  /** Relative account drawdown (0..1) of the closed-trade curve. */
  maxDrawdownRelative: number;
}

const DAY = 86_400_000;

/**
 * What the ratios need from the returns (profit_abs / starting balance, in closing order), gathered
 * in two passes because the deviations are taken from the mean: `addReturn` over every return,
 * then `addDeviation` over the same returns in the same order. Fixed size, whatever the count.
 */
export class ReturnMoments {
  n = 0;
  total = 0;
  negN = 0;
  negTotal = 0;
  squaredDeviations = 0;
  negSquaredDeviations = 0;

  addReturn(r: number): void {
    this.n++;
    this.total += r;
    if (r < 0) {
      this.negN++;
      this.negTotal += r;
    }
  }

  addDeviation(r: number): void {
    this.squaredDeviations += (r - this.total / this.n) ** 2;
    if (r < 0) this.negSquaredDeviations += (r - this.negTotal / this.negN) ** 2;
  }

  /** Standard deviation with `ddof` degrees of freedom removed; NaN when there are too few values. */
  std(ddof: 0 | 1): number {
    return this.n - ddof <= 0 ? Number.NaN : Math.sqrt(this.squaredDeviations / (this.n - ddof));
  }

  negStd(): number {
    return this.negN <= 0 ? Number.NaN : Math.sqrt(this.negSquaredDeviations / this.negN);
  }
}

/** Python's round(x, 4) for the magnitudes SQN takes. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export interface RiskMetrics {
  sharpe: number;
  sortino: number;
  sqn: number;
  calmar: number;
  cagr: number;
}

export type RiskPeriod = Omit<RiskInput, 'profits'>;

export function riskMetrics(input: RiskInput): RiskMetrics {
  const moments = new ReturnMoments();
  if (input.startingBalance) {
    for (const p of input.profits) moments.addReturn(p / input.startingBalance);
    for (const p of input.profits) moments.addDeviation(p / input.startingBalance);
  }
  return riskMetricsOf(moments, input);
}

/** The ratios from the returns' moments (both passes done) and the period. */
export function riskMetricsOf(moments: ReturnMoments, period: RiskPeriod): RiskMetrics {
  const { startingBalance, firstDate, lastDate } = period;
  if (moments.n === 0 || !startingBalance) return { sharpe: 0, sortino: 0, sqn: 0, calmar: 0, cagr: 0 };
  const total = moments.total;
  const mean = total / moments.n;
  const absStd = moments.std(1);
  const sqn = absStd !== 0 && !Number.isNaN(absStd) ? round4(Math.sqrt(moments.n) * (mean / absStd)) : -100;

  const wholeDays = firstDate !== undefined && lastDate !== undefined ? Math.floor((lastDate - firstDate) / DAY) : 0;
  const days = Math.max(1, wholeDays);
  const finalBalance = startingBalance * (1 + total);
  const cagr =
    finalBalance < 0 || startingBalance <= 0 ? 0 : (finalBalance / startingBalance) ** (1 / (days / 365)) - 1;
  // freqtrade answers 0 for sharpe, sortino and calmar when the period is empty.
  if (firstDate === undefined || lastDate === undefined || firstDate === lastDate) {
    return { sharpe: 0, sortino: 0, sqn, calmar: 0, cagr };
  }
  const dailyMean = total / days;
  const upStd = moments.std(0);
  const sharpe = upStd !== 0 ? (dailyMean / upStd) * Math.sqrt(365) : -100;
  const downStd = moments.negStd();
  const sortino = downStd !== 0 && !Number.isNaN(downStd) ? (dailyMean / downStd) * Math.sqrt(365) : -100;
  const drawdown = period.maxDrawdownRelative;
  const calmar = drawdown !== 0 ? ((dailyMean * 100) / drawdown) * Math.sqrt(365) : -100;
  return { sharpe, sortino, sqn, calmar, cagr };
}
