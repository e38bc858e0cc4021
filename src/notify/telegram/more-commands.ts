// The rest of freqtrade's Telegram commands: /stats, the tag reports (/entries, /exits,
// /mix_tags), and trade/list maintenance (/delete, /cancel_open_order, /reload_trade, /bl_delete,
// /unlock). Each one calls the REST route that serves the same data, so the numbers match it.

import type { ApiCaller } from './commands.ts';

type ApiReply = { status: number; body: any };

const fail = (r: ApiReply) => `Error: ${r.body?.error ?? r.body?.detail ?? r.status}`;
const pctOf = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;
const n = (v: number) => Number(v.toFixed(8)).toString();

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

/** Python's str(timedelta(seconds=s)): "H:MM:SS", "N day(s), H:MM:SS", ".ffffff" when fractional. */
export function pythonTimedelta(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const days = Math.floor(micros / 86_400e6);
  let rest = micros - days * 86_400e6;
  const h = Math.floor(rest / 3600e6);
  rest -= h * 3600e6;
  const m = Math.floor(rest / 60e6);
  rest -= m * 60e6;
  const s = Math.floor(rest / 1e6);
  const frac = rest - s * 1e6;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${frac ? `.${String(frac).padStart(6, '0')}` : ''}`;
  return days === 0 ? clock : `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`;
}

/**
 * A plain-text table as tabulate's default "simple" format prints it: each column at least its
 * header plus 2 wide, numbers right-aligned (header too), text left-aligned.
 */
export function simpleTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length + 2, ...cells.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function statsText(body: any): string {
  const reasons = Object.entries(body.exit_reasons as Record<string, Record<string, number>>).map(([reason, c]) => [
    REASON_NAMES[reason] ?? reason,
    c.wins + c.losses + c.draws,
    c.wins,
    c.losses,
  ]);
  const reasonsMsg =
    reasons.length === 0 ? 'No trades yet.' : simpleTable(['Exit Reason', 'Exits', 'Wins', 'Losses'], reasons);
  const dur = (v: number | null) => (v === null ? 'N/A' : pythonTimedelta(v));
  const durations = simpleTable(
    ['', 'Avg. Duration'],
    [
      ['Wins', dur(body.durations.wins)],
      ['Losses', dur(body.durations.losses)],
    ],
  );
  return `\`\`\`\n${reasonsMsg}\`\`\`\n\`\`\`\n${durations}\`\`\``;
}

const TAG_REPORTS = {
  '/entries': { path: 'entries', field: 'enter_tag', title: 'Entry Tag Performance' },
  '/buys': { path: 'entries', field: 'enter_tag', title: 'Entry Tag Performance' },
  '/exits': { path: 'exits', field: 'exit_reason', title: 'Exit Reason Performance' },
  '/sells': { path: 'exits', field: 'exit_reason', title: 'Exit Reason Performance' },
  '/mix_tags': { path: 'mix_tags', field: 'mix_tag', title: 'Mix Tag Performance' },
} as const;

async function tagReport(command: keyof typeof TAG_REPORTS, pair: string | undefined, api: ApiCaller) {
  const report = TAG_REPORTS[command];
  const query = pair ? `?pair=${encodeURIComponent(pair)}` : '';
  const r = await api('GET', `/api/v1/${report.path}${query}`);
  if (r.status !== 200) return fail(r);
  const stake = (await api('GET', '/api/v1/show_config')).body?.stake_currency ?? '';
  const rows = (r.body as any[]).map(
    (row, i) =>
      `${i + 1}.\t \`${row[report.field]}\t${n(row.profit_abs)} ${stake} (${pctOf(row.profit_ratio)}) (${row.count})\``,
  );
  return [`*${report.title}:*`, ...rows].join('\n');
}

const tradeId = (arg: string | undefined) => (arg && /^\d{1,12}$/.test(arg) ? arg : undefined);

/** Answers one of these commands; undefined when `command` is not one of them. */
export async function answerMoreCommand(command: string, args: string[], api: ApiCaller): Promise<string | undefined> {
  if (command in TAG_REPORTS) return tagReport(command as keyof typeof TAG_REPORTS, args[0], api);
  switch (command) {
    case '/stats': {
      const r = await api('GET', '/api/v1/stats');
      return r.status === 200 ? statsText(r.body) : fail(r);
    }
    case '/delete': {
      const id = tradeId(args[0]);
      if (!id) return 'Trade-id not set.';
      const r = await api('DELETE', `/api/v1/trades/${id}`);
      return r.status === 200
        ? `\`${r.body.result_msg}\`\nPlease make sure to take care of this asset on the exchange manually.`
        : fail(r);
    }
    case '/cancel_open_order':
    case '/coo': {
      const id = tradeId(args[0]);
      if (!id) return 'Trade-id not set.';
      const r = await api('DELETE', `/api/v1/trades/${id}/open-order`);
      return r.status === 200 ? 'Open order canceled.' : fail(r);
    }
    case '/reload_trade': {
      const id = tradeId(args[0]);
      if (!id) return 'Trade-id not set.';
      const r = await api('POST', `/api/v1/trades/${id}/reload`);
      return r.status === 200 ? 'Status: `Reloaded from orders from exchange`' : fail(r);
    }
    case '/bl_delete':
    case '/blacklist_delete': {
      const query = args.map((p) => `pairs_to_delete=${encodeURIComponent(p)}`).join('&');
      const r = await api('DELETE', `/api/v1/blacklist${query ? `?${query}` : ''}`);
      if (r.status !== 200) return fail(r);
      return `Blacklist contains ${r.body.length} pairs\n\`${r.body.blacklist.join(', ')}\``;
    }
    case '/unlock':
    case '/delete_locks': {
      const arg = args[0];
      const body = arg && /^\d{1,12}$/.test(arg) ? { lockid: Number(arg) } : { pair: arg };
      const r = arg ? await api('POST', '/api/v1/locks/delete', body) : await api('GET', '/api/v1/locks');
      if (r.status !== 200) return fail(r);
      const locks = r.body.locks as any[];
      return locks.length === 0
        ? 'No active locks.'
        : locks.map((l) => `${l.pair} until ${l.lock_end_time} (${l.reason ?? ''})`).join('\n');
    }
    default:
      return undefined;
  }
}
