// Risk-adjusted return figures over closed trades (freqtrade's definitions as documented:
// returns are profit_abs / starting balance, annualised with sqrt(365); -100 when undefined).

export interface MetricTrade {
  profitAbs: number;
  closeDate: number;
  openDate: number;
}

const DAY = 86_400_000;

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (ddof 1, as pandas). NaN for fewer than two values. */
function std(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function periodDays(trades: readonly MetricTrade[]): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trades) {
    first = Math.min(first, t.openDate);
    last = Math.max(last, t.closeDate);
  }
  return Math.max(1, Math.floor((last - first) / DAY));
}

export interface RiskMetrics {
  sharpe: number;
  sortino: number;
  sqn: number;
  calmar: number;
  cagr: number;
}

export function riskMetrics(
  trades: readonly MetricTrade[],
  startingBalance: number,
  maxDrawdownRelative: number,
): RiskMetrics {
  if (trades.length === 0 || !startingBalance) return { sharpe: 0, sortino: 0, sqn: 0, calmar: 0, cagr: 0 };
  const returns = trades.map((t) => t.profitAbs / startingBalance);
  const days = periodDays(trades);
  const total = returns.reduce((a, b) => a + b, 0);
  const dailyMean = total / days;

  const upStd = std(returns);
  const sharpe = upStd > 0 ? (dailyMean / upStd) * Math.sqrt(365) : -100;
  const downStd = std(returns.filter((r) => r < 0));
  const sortino = downStd > 0 ? (dailyMean / downStd) * Math.sqrt(365) : -100;
  const absStd = std(trades.map((t) => t.profitAbs));
  const sqn = absStd > 0 ? (Math.sqrt(trades.length) * mean(trades.map((t) => t.profitAbs))) / absStd : -100;
  const calmar = maxDrawdownRelative > 0 ? ((dailyMean * 100) / maxDrawdownRelative) * Math.sqrt(365) : -100;
  const finalBalance = startingBalance * (1 + total);
  const cagr = finalBalance > 0 ? (finalBalance / startingBalance) ** (1 / (days / 365)) - 1 : 0;
  return { sharpe, sortino, sqn, calmar, cagr };
}
