// Report commands: /profit, /balance, /daily /weekly /monthly, /performance, /entries /exits
// /mix_tags, /stats, laid out as freqtrade's telegram.py prints them.

import { floatRepr } from '../py-format.ts';
import { type CommandContext, call, MAX_MESSAGE_LENGTH, type Reply } from './command-context.ts';
import { DUST_PER_COIN, fmtCoin, py, pyRepr, pythonTimedelta, tabulate } from './format.ts';

const SIGMA = '\u03A3';

/** The "Refresh" buttons' callback data → the command they re-run (freqtrade's CallbackQueryHandlers). */
export const REFRESHABLE_REPORTS: Record<string, string> = {
  update_daily: 'daily',
  update_weekly: 'weekly',
  update_monthly: 'monthly',
  update_profit: 'profit',
  update_balance: 'balance',
  update_performance: 'performance',
  update_enter_tag_performance: 'entries',
  update_exit_reason_performance: 'exits',
  update_mix_tag_performance: 'mix_tags',
};

const TIME_UNITS = {
  daily: { header: 'Day', message: 'Daily', message2: 'days', callback: 'update_daily', default: 7, month: false },
  weekly: {
    header: 'Monday',
    message: 'Weekly',
    message2: 'weeks (starting from Monday)',
    callback: 'update_weekly',
    default: 8,
    month: false,
  },
  monthly: {
    header: 'Month',
    message: 'Monthly',
    message2: 'months',
    callback: 'update_monthly',
    default: 6,
    month: true,
  },
} as const;

/** Python's int(text) for a command argument, or undefined when it is none. */
const intArg = (text: string | undefined) => (text && /^\s*[-+]?\d{1,9}\s*$/.test(text) ? Number(text) : undefined);

async function timeUnit(kind: keyof typeof TIME_UNITS, args: string[], ctx: CommandContext): Promise<Reply[]> {
  const unit = TIME_UNITS[kind];
  const config = ctx.config() as Record<string, any>;
  const stake = config.stake_currency as string;
  const fiat = (config.fiat_display_currency as string | undefined) ?? '';
  const timescale = intArg(args[0]) ?? unit.default;
  const stats = await call(ctx, 'GET', `/api/v1/${kind}?timescale=${timescale}`);
  const rows = (stats.data as any[]).map((p) => [
    `${unit.month ? String(p.date).slice(0, 7) : p.date} (${p.trade_count})`,
    fmtCoin(p.abs_profit, stats.stake_currency),
    `${py(p.fiat_value, '.2f')} ${stats.fiat_display_currency}`,
    py(p.rel_profit, '.2%'),
  ]);
  const table = tabulate(rows, [`${unit.header} (count)`, stake, fiat, 'Profit %', 'Trades']);
  const text = `<b>${unit.message} Profit over the last ${timescale} ${unit.message2}</b>:\n<pre>${table}</pre>`;
  return [{ text, parseMode: 'HTML', refresh: unit.callback }];
}

async function profit(args: string[], ctx: CommandContext): Promise<Reply[]> {
  const config = ctx.config() as Record<string, any>;
  const stake = config.stake_currency as string;
  const fiat = (config.fiat_display_currency as string | undefined) ?? '';
  // freqtrade: timescale = int(n) - 1; statistics since the start of today minus that many days.
  const n = intArg(args[0]);
  const timescale = n === undefined ? undefined : n - 1;
  const DAY = 86_400_000;
  const since = timescale === undefined ? '' : `?start_date=${Math.floor(ctx.now() / DAY) * DAY - timescale * DAY}`;
  const s = await call(ctx, 'GET', `/api/v1/profit${since}`);
  let text: string;
  if (s.trade_count === 0) {
    text = `No trades yet.\n*Bot started:* \`${s.bot_start_date}\``;
  } else {
    text =
      s.closed_trade_count > 0
        ? '*ROI:* Closed trades\n' +
          `∙ \`${fmtCoin(s.profit_closed_coin, stake)} (${py(s.profit_closed_ratio_mean, '.2%')}) (${floatRepr(s.profit_closed_percent)} ${SIGMA}%)\`\n` +
          `∙ \`${fmtCoin(s.profit_closed_fiat ?? 0, fiat)}\`\n`
        : '`No closed trade` \n';
    const fiatAll = fiat ? `∙ \`${fmtCoin(s.profit_all_fiat ?? 0, fiat)}\`\n` : '';
    text +=
      '*ROI:* All trades\n' +
      `∙ \`${fmtCoin(s.profit_all_coin, stake)} (${py(s.profit_all_ratio_mean, '.2%')}) (${floatRepr(s.profit_all_percent)} ${SIGMA}%)\`\n` +
      fiatAll +
      `*Total Trade Count:* \`${s.trade_count}\`\n` +
      `*Bot started:* \`${s.bot_start_date}\`\n` +
      `*${timescale ? 'Showing Profit since' : 'First Trade opened'}:* \`${s.first_trade_humanized} (${s.first_trade_date})\`\n` +
      `*Latest Trade opened:* \`${s.latest_trade_humanized} (${s.latest_trade_date})\`\n` +
      `*Win / Loss:* \`${s.winning_trades} / ${s.losing_trades}\`\n` +
      `*Winrate:* \`${py(s.winrate, '.2%')}\`\n` +
      `*Expectancy (Ratio):* \`${py(s.expectancy, '.2f')} (${py(s.expectancy_ratio, '.2f')})\``;
    if (s.closed_trade_count > 0) {
      text +=
        `\n*Avg. Duration:* \`${s.avg_duration}\`\n` +
        `*Best Performing:* \`${s.best_pair}: ${py(s.best_pair_profit_ratio, '.2%')}\`\n` +
        `*Trading volume:* \`${fmtCoin(s.trading_volume, stake)}\`\n` +
        `*Profit factor:* \`${py(s.profit_factor, '.2f')}\`\n` +
        `*Max Drawdown:* \`${py(s.max_drawdown, '.2%')} (${fmtCoin(s.max_drawdown_abs, stake)})\`\n` +
        `    from \`${s.max_drawdown_start} (${fmtCoin(s.drawdown_high, stake)})\`\n` +
        `    to \`${s.max_drawdown_end} (${fmtCoin(s.drawdown_low, stake)})\`\n`;
    }
  }
  return [{ text, refresh: 'update_profit' }];
}

async function balance(args: string[], ctx: CommandContext): Promise<Reply[]> {
  const config = ctx.config() as Record<string, any>;
  // freqtrade reads "full"; its /help says "/balance total": both are accepted.
  const full = args.includes('full') || args.includes('total');
  const [r, profitSummary] = await Promise.all([
    call(ctx, 'GET', '/api/v1/balance'),
    call(ctx, 'GET', '/api/v1/profit'),
  ]);
  const stake = config.stake_currency as string;
  const dust = config.telegram?.balance_dust_level || (DUST_PER_COIN[stake] ?? 1.0);
  const out: Reply[] = [];
  let output = config.dry_run ? '*Warning:* Simulated balances in Dry Mode.\n' : '';
  output += `Starting capital: \`${fmtCoin(r.starting_capital, stake)}\``;
  output +=
    r.starting_capital_fiat > 0
      ? ` \`, ${fmtCoin(r.starting_capital_fiat, config.fiat_display_currency ?? '')}\`.\n`
      : '.\n';
  let dustBalance = 0;
  let dustCurrencies = 0;
  for (const c of r.currencies as any[]) {
    let line = '';
    if ((c.is_position || c.est_stake > dust) && (full || c.is_bot_managed)) {
      if (c.is_position) {
        line =
          `*${c.currency}:*\n\t\`${c.side}: ${py(c.position, '.8f')}\`\n` +
          `\t\`Est. ${c.stake}: ${fmtCoin(c.est_stake, c.stake, false)}\`\n`;
      } else {
        const est = fmtCoin((full ? c.est_stake : c.est_stake_bot) ?? 0, c.stake, false);
        line =
          `*${c.currency}:*\n` +
          `\t\`Available: ${py(c.free, '.8f')}\`\n` +
          `\t\`Balance: ${py(c.balance, '.8f')}\`\n` +
          `\t\`Pending: ${py(c.used, '.8f')}\`\n` +
          `\t\`Bot Owned: ${py(c.bot_owned ?? 0, '.8f')}\`\n` +
          `\t\`Est. ${c.stake}: ${est}\`\n`;
      }
    } else if (c.est_stake <= dust) {
      dustBalance += c.est_stake;
      dustCurrencies += 1;
    }
    if ((output + line).length >= MAX_MESSAGE_LENGTH) {
      out.push({ text: output });
      output = line;
    } else output += line;
  }
  if (dustBalance > 0) {
    output +=
      `*${dustCurrencies} Other ${dustCurrencies === 1 ? 'Currency' : 'Currencies'} (< ${pyRepr(dust)} ${r.stake}):*\n` +
      `\t\`Est. ${r.stake}: ${fmtCoin(dustBalance, r.stake, false)}\`\n`;
  }
  const tc = profitSummary.trade_count > 0;
  const stakeImprove = tc ? ` \`(${py(r.starting_capital_ratio, '.2%')})\`` : '';
  const fiatVal = tc ? ` \`(${py(r.starting_capital_fiat_ratio, '.2%')})\`` : '';
  output +=
    `\n*Estimated Value${full ? '' : ' (Bot managed assets only)'}*:\n` +
    `\t\`${r.stake}: ${fmtCoin(full ? r.total : r.total_bot, r.stake, false)}\`${stakeImprove}\n` +
    `\t\`${r.symbol}: ${fmtCoin(full ? r.value : r.value_bot, r.symbol, false)}\`${fiatVal}\n`;
  out.push({ text: output, refresh: 'update_balance' });
  return out;
}

/** Lines appended into messages below Telegram's limit; the last one carries the Refresh button. */
function statLines(head: string, lines: string[], reply: Omit<Reply, 'text'>): Reply[] {
  const out: Reply[] = [];
  let output = head;
  for (const line of lines) {
    if ((output + line).length >= MAX_MESSAGE_LENGTH) {
      out.push({ text: output, parseMode: reply.parseMode });
      output = line;
    } else output += line;
  }
  out.push({ text: output, ...reply });
  return out;
}

const TAG_REPORTS = {
  entries: { path: 'entries', field: 'enter_tag', title: 'Entry Tag Performance', cb: 'update_enter_tag_performance' },
  exits: {
    path: 'exits',
    field: 'exit_reason',
    title: 'Exit Reason Performance',
    cb: 'update_exit_reason_performance',
  },
  mix_tags: { path: 'mix_tags', field: 'mix_tag', title: 'Mix Tag Performance', cb: 'update_mix_tag_performance' },
} as const;

async function tagReport(kind: keyof typeof TAG_REPORTS, pair: string | undefined, ctx: CommandContext) {
  const report = TAG_REPORTS[kind];
  const stake = (ctx.config() as Record<string, any>).stake_currency as string;
  const query = pair ? `?pair=${encodeURIComponent(pair)}` : '';
  const rows = (await call(ctx, 'GET', `/api/v1/${report.path}${query}`)) as any[];
  const lines = rows.map(
    (row, i) =>
      `${i + 1}.\t \`${row[report.field]}\t${fmtCoin(row.profit_abs, stake)} (${py(row.profit_ratio, '.2%')}) (${row.count})\`\n`,
  );
  return statLines(`*${report.title}:*\n`, lines, { parseMode: 'Markdown', refresh: report.cb });
}

/** freqtrade's names for exit reasons in /stats. */
const REASON_NAMES: Record<string, string> = {
  roi: 'ROI',
  stop_loss: 'Stoploss',
  trailing_stop_loss: 'Trail. Stop',
  stoploss_on_exchange: 'Stoploss',
  exit_signal: 'Exit Signal',
  force_exit: 'Force Exit',
  emergency_exit: 'Emergency Exit',
};

async function stats(ctx: CommandContext): Promise<Reply[]> {
  const s = await call(ctx, 'GET', '/api/v1/stats');
  const reasons = Object.entries(s.exit_reasons as Record<string, Record<string, number>>).map(([reason, c]) => [
    REASON_NAMES[reason] ?? reason,
    Object.values(c).reduce((a, b) => a + b, 0),
    c.wins,
    c.losses,
  ]);
  const out: Reply[] = [];
  let reasonsMsg = 'No trades yet.';
  for (let i = 0; i < reasons.length; i += 25) {
    reasonsMsg = tabulate(reasons.slice(i, i + 25), ['Exit Reason', 'Exits', 'Wins', 'Losses']);
    if (reasons.length > 25) {
      out.push({ text: `\`\`\`\n${reasonsMsg}\`\`\``, parseMode: 'Markdown' });
      reasonsMsg = '';
    }
  }
  const dur = (v: number | null) => (v === null ? 'N/A' : pythonTimedelta(v));
  const durations = tabulate(
    [
      ['Wins', dur(s.durations.wins)],
      ['Losses', dur(s.durations.losses)],
    ],
    ['', 'Avg. Duration'],
  );
  out.push({ text: `\`\`\`\n${reasonsMsg}\`\`\`\n\`\`\`\n${durations}\`\`\``, parseMode: 'Markdown' });
  return out;
}

export async function answerReportCommand(
  command: string,
  args: string[],
  ctx: CommandContext,
): Promise<Reply[] | undefined> {
  switch (command) {
    case 'daily':
    case 'weekly':
    case 'monthly':
      return timeUnit(command, args, ctx);
    case 'profit':
      return profit(args, ctx);
    case 'balance':
      return balance(args, ctx);
    case 'performance': {
      const stake = (ctx.config() as Record<string, any>).stake_currency as string;
      const rows = (await call(ctx, 'GET', '/api/v1/performance')) as any[];
      const lines = rows.map(
        (p, i) =>
          `${i + 1}.\t <code>${p.pair}\t${fmtCoin(p.profit_abs, stake)} (${py(p.profit_ratio, '.2%')}) (${p.count})</code>\n`,
      );
      return statLines('<b>Performance:</b>\n', lines, { parseMode: 'HTML', refresh: 'update_performance' });
    }
    case 'entries':
    case 'buys':
      return tagReport('entries', args[0], ctx);
    case 'exits':
    case 'sells':
      return tagReport('exits', args[0], ctx);
    case 'mix_tags':
      return tagReport('mix_tags', args[0], ctx);
    case 'stats':
      return stats(ctx);
    default:
      return undefined;
  }
}
