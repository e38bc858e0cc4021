// Telegram commands answered from the bot's own REST API (called in-process), so every number a
// chat sees is the number the REST route returns.

import { answerMoreCommand } from './more-commands.ts';

export interface InlineButton {
  text: string;
  callback_data: string;
}

/** A reply: its text, and freqtrade's inline keyboard where freqtrade shows one. */
export interface Reply {
  text: string;
  inline?: InlineButton[][];
}

export type ApiCaller = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

export const DEFAULT_KEYBOARD = [
  ['/daily', '/profit', '/balance'],
  ['/status', '/status table', '/performance'],
  ['/count', '/start', '/stop', '/help'],
];

/** Commands a custom keyboard may hold (freqtrade refuses ones with mandatory arguments). */
const KEYBOARD_COMMANDS = [
  /^\/start$/,
  /^\/stop$/,
  /^\/status$/,
  /^\/status table$/,
  /^\/trades$/,
  /^\/performance$/,
  /^\/buys/,
  /^\/entries/,
  /^\/sells/,
  /^\/exits/,
  /^\/mix_tags/,
  /^\/stats$/,
  /^\/logs$/,
  /^\/bl_delete$/,
  /^\/daily$/,
  /^\/daily \d+$/,
  /^\/weekly$/,
  /^\/weekly \d+$/,
  /^\/monthly$/,
  /^\/monthly \d+$/,
  /^\/profit$/,
  /^\/count$/,
  /^\/locks$/,
  /^\/balance$/,
  /^\/stopbuy$/,
  /^\/stopentry$/,
  /^\/reload_config$/,
  /^\/show_config$/,
  /^\/whitelist$/,
  /^\/whitelist(\ssorted|\sbaseonly)+$/,
  /^\/blacklist$/,
  /^\/health$/,
  /^\/help$/,
  /^\/version$/,
];

export function invalidKeyboardKeys(keyboard: string[][]): string[] {
  return keyboard.flat().filter((k) => !KEYBOARD_COMMANDS.some((re) => re.test(k)));
}

const HELP = [
  '_Bot Control_',
  '/start: Starts the trader',
  '/stop: Stops the trader',
  '/stopentry: Stops entering, but handles open trades gracefully',
  '/forceexit <trade_id>|all: Instantly exits the given trade or all trades',
  '/delete <trade_id>: Deletes a trade from the database (cancels its open orders)',
  '/cancel_open_order <trade_id>: Cancels the open order of a trade',
  '/reload_trade <trade_id>: Reloads a trade from its exchange orders',
  '/reload_config: Reload configuration file',
  '_Current state_',
  '/status [table]: Lists all open trades',
  '/count: Show number of active trades compared to allowed number of trades',
  '/locks: Show currently locked pairs',
  '/whitelist [sorted] [baseonly]: Show current whitelist (sorted, base currencies only)',
  '/blacklist [pair]: Show current blacklist, or adds one or more pairs to the blacklist',
  '/bl_delete <pair> [...]: Removes pairs from the blacklist',
  '/unlock <pair|id>: Releases the locks of a pair, or one lock',
  '_Statistics_',
  '/profit: Lists cumulative profit from all finished trades',
  '/balance: Show bot managed balance per currency',
  '/performance: Show performance of each finished trade grouped by pair',
  '/entries [pair]: Performance of each entry tag (for a pair, or all)',
  '/exits [pair]: Performance of each exit reason (for a pair, or all)',
  '/mix_tags [pair]: Performance of each entry tag and exit reason pair',
  '/stats: Exit reasons (wins/losses) and average holding durations',
  '/daily <n>, /weekly <n>, /monthly <n>: Profit or loss per period',
  '/version: Show version',
].join('\n');

const n = (v: unknown, digits = 8) => (typeof v === 'number' ? Number(v.toFixed(digits)).toString() : String(v));
const pctOf = (ratio: unknown) => (typeof ratio === 'number' ? `${(ratio * 100).toFixed(2)}%` : String(ratio));

function periodic(kind: 'daily' | 'weekly' | 'monthly', body: any): string {
  const rows = (body.data ?? []) as any[];
  const lines = rows.map(
    (r) => `${r.date}: ${n(r.abs_profit)} ${body.stake_currency} (${pctOf(r.rel_profit)}, ${r.trade_count} trades)`,
  );
  const title = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' }[kind];
  return [
    `*${title} Profit over the last ${rows.length} ${kind === 'daily' ? 'days' : kind === 'weekly' ? 'weeks' : 'months'}*:`,
    ...lines,
  ].join('\n');
}

/** Answers one command line ("/profit", "/daily 3", …), with an inline keyboard where freqtrade has one. */
export async function answerCommand(line: string, api: ApiCaller): Promise<Reply> {
  const [command, ...args] = line.trim().split(/\s+/);
  const name = command.replace(/@.*$/, '').toLowerCase();
  if ((name === '/forceexit' || name === '/forcesell') && args.length === 0) return forceExitPicker(api);
  if ((name === '/forcelong' || name === '/forceshort' || name === '/forcebuy') && args.length === 0) {
    return forceEnterPicker(api, name === '/forceshort' ? 'short' : 'long');
  }
  return { text: await answerText(line, api) };
}

async function forceExitPicker(api: ApiCaller): Promise<Reply> {
  const r = await api('GET', '/api/v1/status');
  const trades = r.status === 200 ? (r.body as any[]) : [];
  if (trades.length === 0) return { text: 'No open trade found.' };
  const buttons = trades.map((t) => [
    { text: `${t.trade_id} ${t.pair} ${pctOf(t.profit_ratio)}`, callback_data: `force_exit__${t.trade_id}` },
  ]);
  return { text: 'Which trade?', inline: [...buttons, [{ text: 'Cancel', callback_data: 'force_exit__cancel' }]] };
}

async function forceEnterPicker(api: ApiCaller, side: 'long' | 'short'): Promise<Reply> {
  const r = await api('GET', '/api/v1/whitelist');
  const pairs = r.status === 200 ? (r.body.whitelist as string[]) : [];
  const buttons = pairs.map((p) => ({ text: p, callback_data: `force_enter__${p}_||_${side}` }));
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
  rows.push([{ text: 'Cancel', callback_data: 'force_enter__cancel' }]);
  return { text: `Which pair to ${side}?`, inline: rows };
}

/** What an inline button press does (freqtrade's force_exit__/force_enter__ callbacks). */
export async function answerCallback(data: string, api: ApiCaller): Promise<string> {
  if (data === 'force_exit__cancel') return 'Force exit canceled.';
  if (data === 'force_enter__cancel') return 'Force enter canceled.';
  const exit = /^force_exit__(\d+)$/.exec(data);
  if (exit) return answerText(`/forceexit ${exit[1]}`, api);
  const enter = /^force_enter__(\S+)_\|\|_(long|short)$/.exec(data);
  if (enter) return answerText(`/force${enter[2]} ${enter[1]}`, api);
  return `Unknown action ${data}.`;
}

async function answerText(line: string, api: ApiCaller): Promise<string> {
  const [rawCommand, ...args] = line.trim().split(/\s+/);
  const command = rawCommand.replace(/@.*$/, '').toLowerCase();
  const fail = (r: { status: number; body: any }) => `Error: ${r.body?.error ?? r.body?.detail ?? r.status}`;
  switch (command) {
    case '/start':
    case '/stop':
    case '/stopentry':
    case '/stopbuy':
    case '/reload_config': {
      const path = {
        '/start': 'start',
        '/stop': 'stop',
        '/stopentry': 'stopentry',
        '/stopbuy': 'stopentry',
        '/reload_config': 'reload_config',
      }[command];
      const r = await api('POST', `/api/v1/${path}`);
      return r.status === 200 ? `Status: \`${r.body.status}\`` : fail(r);
    }
    case '/count': {
      const r = await api('GET', '/api/v1/count');
      if (r.status !== 200) return fail(r);
      return `current: ${r.body.current}\nmax: ${r.body.max}\ntotal stake: ${n(r.body.total_stake)}`;
    }
    case '/profit': {
      const r = await api('GET', '/api/v1/profit');
      if (r.status !== 200) return fail(r);
      const p = r.body;
      return [
        `*ROI:* Closed trades`,
        `∙ \`${n(p.profit_closed_coin)} (${pctOf(p.profit_closed_ratio_mean)})\``,
        `*ROI:* All trades`,
        `∙ \`${n(p.profit_all_coin)} (${pctOf(p.profit_all_ratio_mean)})\``,
        `*Total Trade Count:* \`${p.trade_count}\``,
        `*Closed Trade Count:* \`${p.closed_trade_count}\``,
        `*Winning Trades:* \`${p.winning_trades}\``,
        `*Losing Trades:* \`${p.losing_trades}\``,
        `*Win rate:* \`${pctOf(p.winrate)}\``,
        `*Best Performing:* \`${p.best_pair}: ${pctOf(p.best_pair_profit_ratio)}\``,
      ].join('\n');
    }
    case '/balance': {
      const r = await api('GET', '/api/v1/balance');
      if (r.status !== 200) return fail(r);
      const b = r.body;
      const lines = (b.currencies as any[]).map(
        (c) => `*${c.currency}:* \`${n(c.balance)}\` (est. ${n(c.est_stake)} ${b.stake})`,
      );
      return [...lines, `*Total:* \`${n(b.total)} ${b.stake}\``].join('\n');
    }
    case '/daily':
    case '/weekly':
    case '/monthly': {
      const kind = command.slice(1) as 'daily' | 'weekly' | 'monthly';
      const count =
        args[0] && /^\d+$/.test(args[0]) ? Number(args[0]) : kind === 'daily' ? 7 : kind === 'weekly' ? 8 : 6;
      const r = await api('GET', `/api/v1/${kind}?timescale=${count}`);
      return r.status === 200 ? periodic(kind, r.body) : fail(r);
    }
    case '/status': {
      const r = await api('GET', '/api/v1/status');
      if (r.status !== 200) return fail(r);
      const trades = r.body as any[];
      if (trades.length === 0) return 'No active trade';
      if (args[0] === 'table') {
        return [
          'ID  Pair  Since  Profit',
          ...trades.map((t) => `${t.trade_id}  ${t.pair}  ${t.open_date}  ${pctOf(t.profit_ratio)}`),
        ].join('\n');
      }
      return trades
        .map(
          (t) =>
            `*Trade ID:* \`${t.trade_id}\`\n*Pair:* ${t.pair}\n*Amount:* \`${n(t.amount)}\`\n*Open Rate:* \`${n(t.open_rate)}\`\n*Current Rate:* \`${n(t.current_rate)}\`\n*Current Profit:* \`${pctOf(t.profit_ratio)} (${n(t.profit_abs)})\``,
        )
        .join('\n\n');
    }
    case '/performance': {
      const r = await api('GET', '/api/v1/performance');
      if (r.status !== 200) return fail(r);
      const rows = r.body as any[];
      return [
        '*Performance:*',
        ...rows.map((p, i) => `${i + 1}. \`${p.pair}\t${n(p.profit_abs)} (${pctOf(p.profit_ratio)}) (${p.count})\``),
      ].join('\n');
    }
    case '/locks': {
      const r = await api('GET', '/api/v1/locks');
      if (r.status !== 200) return fail(r);
      const locks = r.body.locks as any[];
      return locks.length === 0
        ? 'No active locks.'
        : locks.map((l) => `${l.pair} until ${l.lock_end_time} (${l.reason ?? ''})`).join('\n');
    }
    case '/whitelist': {
      const r = await api('GET', '/api/v1/whitelist');
      if (r.status !== 200) return fail(r);
      let pairs = r.body.whitelist as string[];
      if (args.includes('sorted')) pairs = [...pairs].sort();
      if (args.includes('baseonly')) pairs = pairs.map((p) => p.split('/')[0]);
      return `Using whitelist \`${r.body.method.join(', ')}\` with ${r.body.length} pairs\n\`${pairs.join(', ')}\``;
    }
    case '/blacklist': {
      const r =
        args.length > 0
          ? await api('POST', '/api/v1/blacklist', { blacklist: args })
          : await api('GET', '/api/v1/blacklist');
      if (r.status !== 200) return fail(r);
      return `Blacklist contains ${r.body.length} pairs\n\`${r.body.blacklist.join(', ')}\``;
    }
    case '/forceexit':
    case '/forcesell': {
      if (!args[0]) return 'Usage: /forceexit <trade_id>|all';
      const r = await api('POST', '/api/v1/forceexit', { tradeid: args[0] });
      return r.status === 200 ? r.body.result : fail(r);
    }
    case '/forcelong':
    case '/forceshort':
    case '/forcebuy': {
      if (!args[0]) return 'Usage: /forcelong <pair> [rate]';
      const side = command === '/forceshort' ? 'short' : 'long';
      const price = args[1] !== undefined && Number.isFinite(Number(args[1])) ? Number(args[1]) : undefined;
      const r = await api('POST', '/api/v1/forceenter', {
        pair: args[0],
        side,
        ...(price === undefined ? {} : { price }),
      });
      return r.status === 200 ? `Force ${side} of ${r.body.pair} placed (trade #${r.body.trade_id}).` : fail(r);
    }
    case '/trades': {
      const limit = args[0] && /^\d+$/.test(args[0]) ? Math.min(Number(args[0]), 50) : 10;
      const r = await api('GET', `/api/v1/trades?limit=${limit}`);
      if (r.status !== 200) return fail(r);
      const closed = (r.body.trades as any[]).filter((t) => !t.is_open);
      return [
        `${closed.length} recent trades:`,
        ...closed.map((t) => `${t.close_date} ${t.pair} ${pctOf(t.profit_ratio)}`),
      ].join('\n');
    }
    case '/logs': {
      const limit = args[0] && /^\d+$/.test(args[0]) ? Math.min(Number(args[0]), 50) : 10;
      const r = await api('GET', `/api/v1/logs?limit=${limit}`);
      if (r.status !== 200) return fail(r);
      return (r.body.logs as any[]).map((l) => `\`${l[0]} ${l[2]} - ${l[3]}\`\n*${l[4]}*`).join('\n');
    }
    case '/health': {
      const r = await api('GET', '/api/v1/health');
      return r.status === 200 ? `Last process: \`${r.body.last_process}\`` : fail(r);
    }
    case '/show_config': {
      const r = await api('GET', '/api/v1/show_config');
      if (r.status !== 200) return fail(r);
      const c = r.body;
      return `*Mode:* ${c.dry_run ? 'Dry-run' : 'Live'}\n*Exchange:* ${c.exchange}\n*Strategy:* ${c.strategy}\n*Stake per trade:* ${c.stake_amount} ${c.stake_currency}\n*Max open trades:* ${c.max_open_trades}\n*Timeframe:* ${c.timeframe}\n*State:* ${c.state}`;
    }
    case '/version': {
      const r = await api('GET', '/api/v1/version');
      return r.status === 200 ? `*Version:* \`${r.body.version}\`` : fail(r);
    }
    case '/help':
      return HELP;
    default:
      return (
        (await answerMoreCommand(command, args, api)) ??
        `Unknown command ${command}. Use /help for the list of commands.`
      );
  }
}
