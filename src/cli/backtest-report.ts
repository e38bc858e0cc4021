// freqtrade's terminal report of a backtest (show_backtest_results): per pair, left open trades,
// enter tags, exit reasons, mixed tags, periodic breakdowns, summary metrics and the strategy
// summary, drawn as rich's heavy-head tables with the title centred above.

import type { BacktestResult } from '../backtest/run.ts';
import { decimalsPerCoin, fmtCoin } from '../backtest/stats.ts';

type Row = (string | number)[];
type Line = Record<string, any>;

export function renderTable(
  title: string,
  headers: string[],
  rows: Row[],
  justify: 'left' | 'right' = 'right',
): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) => (justify === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const rule = (l: string, m: string, r: string, fill: string) =>
    `${l}${widths.map((w) => fill.repeat(w + 2)).join(m)}${r}`;
  const total = widths.reduce((a, w) => a + w + 3, 1);
  const indent = Math.max(0, Math.floor((total - title.length) / 2));
  return [
    `${' '.repeat(indent)}${title}`,
    rule('┏', '┳', '┓', '━'),
    `┃ ${headers.map(pad).join(' ┃ ')} ┃`,
    rule('┡', '╇', '┩', '━'),
    ...cells.map((r) => `│ ${headers.map((_, i) => pad(r[i] ?? '', i)).join(' │ ')} │`),
    rule('└', '┴', '┘', '─'),
  ].join('\n');
}

function lineHeader(first: string[], stake: string, direction: string): string[] {
  return [
    ...first,
    direction,
    'Avg Profit %',
    `Tot Profit ${stake}`,
    'Tot Profit %',
    'Avg Duration',
    'Win  Draw  Loss  Win%',
  ];
}

export function winsDrawsLosses(wins: number, draws: number, losses: number): string {
  const ratio =
    wins > 0 && losses === 0
      ? '100'
      : wins === 0
        ? '0'
        : losses > 0
          ? ((100 / (wins + draws + losses)) * wins).toFixed(1)
          : '100';
  return `${String(wins).padStart(4)}  ${String(draws).padStart(4)}  ${String(losses).padStart(4)}  ${ratio.padStart(4)}`;
}

function lineCells(t: Line, stake: string): Row {
  return [
    t.trades,
    t.profit_mean_pct,
    (t.profit_total_abs as number).toFixed(decimalsPerCoin(stake)),
    t.profit_total_pct,
    t.duration_avg,
    winsDrawsLosses(t.wins, t.draws, t.losses),
  ];
}

function resultsTable(lines: Line[], stake: string, title: string): string {
  return renderTable(
    title,
    lineHeader(['Pair'], stake, 'Trades'),
    lines.map((t) => [t.key, ...lineCells(t, stake)]),
  );
}

function tagTable(kind: 'enter_tag' | 'exit_tag' | 'mix_tag', lines: Line[], stake: string): string {
  const title = kind === 'enter_tag' ? 'Enter Tag' : kind === 'exit_tag' ? 'Exit Reason' : 'Mixed Tag';
  const first = kind === 'mix_tag' ? ['Enter Tag', 'Exit Reason'] : [title];
  const direction = kind === 'enter_tag' ? 'Entries' : kind === 'exit_tag' ? 'Exits' : 'Trades';
  const rows = lines.map((t) => {
    const empty = t.key === null || t.key === undefined || String(t.key).length === 0;
    const key = empty
      ? [kind === 'exit_tag' ? (t.exit_reason ?? 'OTHER') : 'OTHER']
      : Array.isArray(t.key)
        ? t.key
        : kind === 'mix_tag'
          ? [t.key, '']
          : [t.key];
    return [...key.map((k: unknown) => String(k ?? '')), ...lineCells(t, stake)];
  });
  return renderTable(`${title.toUpperCase()} STATS`, lineHeader(first, stake, direction), rows);
}

function periodTable(stats: Line[], stake: string, period: string): string {
  const rows = stats.map((d) => [d.date, fmtCoin(d.profit_abs, stake, false), d.wins, d.draws, d.loses]);
  const name = period.charAt(0).toUpperCase() + period.slice(1);
  return renderTable(
    `${period.toUpperCase()} BREAKDOWN`,
    [name, `Tot Profit ${stake}`, 'Wins', 'Draws', 'Losses'],
    rows,
  );
}

const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function metricsTable(s: Line): string {
  const stake = s.stake_currency as string;
  if (s.trades.length === 0) {
    const stakeText = s.stake_amount === 'unlimited' ? 'unlimited' : fmtCoin(s.stake_amount, stake);
    return `No trades made. Your starting balance was ${fmtCoin(s.starting_balance, stake)}, and your stake was ${stakeText}.`;
  }
  const trades = s.trades as Line[];
  const best = trades.reduce((a, b) => (b.profit_ratio > a.profit_ratio ? b : a));
  const worst = trades.reduce((a, b) => (b.profit_ratio < a.profit_ratio ? b : a));
  const shorts: Row[] =
    s.trade_count_short > 0
      ? [
          ['', ''],
          ['Long / Short', `${s.trade_count_long} / ${s.trade_count_short}`],
          ['Total profit Long %', pct(s.profit_total_long)],
          ['Total profit Short %', pct(s.profit_total_short)],
          ['Absolute profit Long', fmtCoin(s.profit_total_long_abs, stake)],
          ['Absolute profit Short', fmtCoin(s.profit_total_short_abs, stake)],
        ]
      : [];
  const rows: Row[] = [
    ['Backtesting from', s.backtest_start],
    ['Backtesting to', s.backtest_end],
    [
      'Trading Mode',
      `${!s.margin_mode || s.trading_mode === 'spot' ? '' : `${cap(s.margin_mode)} `}${cap(s.trading_mode)}`,
    ],
    ['Max open trades', s.max_open_trades],
    ['', ''],
    ['Total/Daily Avg Trades', `${s.total_trades} / ${s.trades_per_day}`],
    ['Starting balance', fmtCoin(s.starting_balance, stake)],
    ['Final balance', fmtCoin(s.final_balance, stake)],
    ['Absolute profit ', fmtCoin(s.profit_total_abs, stake)],
    ['Total profit %', pct(s.profit_total)],
    ['CAGR %', pct(s.cagr)],
    ['Sortino', s.sortino.toFixed(2)],
    ['Sharpe', s.sharpe.toFixed(2)],
    ['Calmar', s.calmar.toFixed(2)],
    ['Profit factor', s.profit_factor.toFixed(2)],
    ['Expectancy (Ratio)', `${s.expectancy.toFixed(2)} (${s.expectancy_ratio.toFixed(2)})`],
    ['Avg. daily profit %', pct(s.profit_total / s.backtest_days)],
    ['Avg. stake amount', fmtCoin(s.avg_stake_amount, stake)],
    ['Total trade volume', fmtCoin(s.total_volume, stake)],
    ...shorts,
    ['', ''],
    ['Best Pair', s.best_pair ? `${s.best_pair.key} ${pct(s.best_pair.profit_total)}` : ''],
    ['Worst Pair', s.worst_pair ? `${s.worst_pair.key} ${pct(s.worst_pair.profit_total)}` : ''],
    ['Best trade', `${best.pair} ${pct(best.profit_ratio)}`],
    ['Worst trade', `${worst.pair} ${pct(worst.profit_ratio)}`],
    ['Best day', fmtCoin(s.backtest_best_day_abs, stake)],
    ['Worst day', fmtCoin(s.backtest_worst_day_abs, stake)],
    ['Days win/draw/lose', `${s.winning_days} / ${s.draw_days} / ${s.losing_days}`],
    ['Avg. Duration Winners', s.winner_holding_avg],
    ['Avg. Duration Loser', s.loser_holding_avg],
    ['Max Consecutive Wins / Loss', `${s.max_consecutive_wins} / ${s.max_consecutive_losses}`],
    ['Rejected Entry signals', s.rejected_signals],
    ['Entry/Exit Timeouts', `${s.timedout_entry_orders} / ${s.timedout_exit_orders}`],
    ...(s.canceled_entry_orders > 0
      ? [
          ['Canceled Trade Entries', s.canceled_trade_entries],
          ['Canceled Entry Orders', s.canceled_entry_orders],
          ['Replaced Entry Orders', s.replaced_entry_orders],
        ]
      : []),
    ['', ''],
    ['Min balance', fmtCoin(s.csum_min, stake)],
    ['Max balance', fmtCoin(s.csum_max, stake)],
    ['Max % of account underwater', pct(s.max_relative_drawdown)],
    ['Absolute Drawdown (Account)', pct(s.max_drawdown_account)],
    ['Absolute Drawdown', fmtCoin(s.max_drawdown_abs, stake)],
    ['Drawdown high', fmtCoin(s.max_drawdown_high, stake)],
    ['Drawdown low', fmtCoin(s.max_drawdown_low, stake)],
    ['Drawdown Start', s.drawdown_start],
    ['Drawdown End', s.drawdown_end],
    ['Market change', pct(s.market_change)],
  ];
  return renderTable('SUMMARY METRICS', ['Metric', 'Value'], rows, 'left');
}

function strategyTable(lines: Line[], stake: string): string {
  const dd = lines.map((t) => (t.max_drawdown_account * 100).toFixed(2));
  const padAbs = Math.max(...lines.map((t) => String(t.max_drawdown_abs).length));
  const padPct = Math.max(...dd.map((d) => d.length));
  const rows = lines.map((t, i) => [
    t.key,
    t.trades,
    Number(t.profit_mean_pct).toFixed(2),
    (t.profit_total_abs as number).toFixed(decimalsPerCoin(stake)),
    t.profit_total_pct,
    t.duration_avg,
    winsDrawsLosses(t.wins, t.draws, t.losses),
    `${String(t.max_drawdown_abs).padStart(padAbs)} ${stake}  ${dd[i].padStart(padPct)}%`,
  ]);
  return renderTable('STRATEGY SUMMARY', [...lineHeader(['Strategy'], stake, 'Trades'), 'Drawdown'], rows);
}

/** The whole report, as freqtrade prints it after a backtest. */
export function backtestReport(result: BacktestResult, stake: string, breakdown: string[]): string {
  const out: string[] = [];
  let last: Line | undefined;
  for (const [name, s] of Object.entries(result.strategy) as [string, Line][]) {
    last = s;
    out.push(`Result for strategy ${name}`);
    out.push(resultsTable(s.results_per_pair, stake, 'BACKTESTING REPORT'));
    out.push(resultsTable(s.left_open_trades, stake, 'LEFT OPEN TRADES REPORT'));
    out.push(tagTable('enter_tag', s.results_per_enter_tag, stake));
    out.push(tagTable('exit_tag', s.exit_reason_summary, stake));
    out.push(tagTable('mix_tag', s.mix_tag_stats, stake));
    for (const period of breakdown) out.push(periodTable(s.periodic_breakdown?.[period] ?? [], stake, period));
    out.push(metricsTable(s));
    out.push('');
  }
  if (last) {
    out.push(`Backtested ${last.backtest_start} -> ${last.backtest_end} | Max open trades : ${last.max_open_trades}`);
    out.push(strategyTable(result.strategy_comparison as Line[], stake));
  }
  return out.join('\n');
}
