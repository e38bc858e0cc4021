// Test oracle: src/reports/metrics.ts as it was before the reports were kept (issue 19 point 3).
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

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Standard deviation with `ddof` degrees of freedom removed; NaN when there are too few values. */
export function std(xs: readonly number[], ddof: 0 | 1): number {
  if (xs.length - ddof <= 0) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - ddof));
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

export function riskMetrics(input: RiskInput): RiskMetrics {
  const { profits, startingBalance, firstDate, lastDate } = input;
  if (profits.length === 0 || !startingBalance) return { sharpe: 0, sortino: 0, sqn: 0, calmar: 0, cagr: 0 };
  const returns = profits.map((p) => p / startingBalance);
  const total = returns.reduce((a, b) => a + b, 0);
  const absStd = std(returns, 1);
  const sqn =
    absStd !== 0 && !Number.isNaN(absStd) ? round4(Math.sqrt(returns.length) * (mean(returns) / absStd)) : -100;

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
  const upStd = std(returns, 0);
  const sharpe = upStd !== 0 ? (dailyMean / upStd) * Math.sqrt(365) : -100;
  const downStd = std(
    returns.filter((r) => r < 0),
    0,
  );
  const sortino = downStd !== 0 && !Number.isNaN(downStd) ? (dailyMean / downStd) * Math.sqrt(365) : -100;
  const drawdown = input.maxDrawdownRelative;
  const calmar = drawdown !== 0 ? ((dailyMean * 100) / drawdown) * Math.sqrt(365) : -100;
  return { sharpe, sortino, sqn, calmar, cagr };
}
