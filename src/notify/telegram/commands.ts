// freqtrade's Telegram commands, answered from the bot's own REST API (called in process), so every
// number a chat sees is the number the REST route returns. Texts follow freqtrade's telegram.py.

import { type CallbackAnswer, type CommandContext, type Reply, RpcFailure } from './command-context.ts';
import { answerControlCommand } from './control-commands.ts';
import { answerReportCommand, REFRESHABLE_REPORTS } from './report-commands.ts';
import { answerTradeCommand, forceEnterAction, forceExitAction, statusTable } from './trade-commands.ts';

export const DEFAULT_KEYBOARD = [
  ['/daily', '/profit', '/balance'],
  ['/status', '/status table', '/performance'],
  ['/count', '/start', '/stop', '/help'],
];

/** freqtrade's valid keys for a custom keyboard (no commands with mandatory arguments), matched at the start. */
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
  /^\/daily$/,
  /^\/daily \d+$/,
  /^\/profit$/,
  /^\/profit \d+/,
  /^\/stats$/,
  /^\/count$/,
  /^\/locks$/,
  /^\/balance$/,
  /^\/stopbuy$/,
  /^\/stopentry$/,
  /^\/reload_config$/,
  /^\/show_config$/,
  /^\/logs$/,
  /^\/whitelist$/,
  /^\/whitelist(\ssorted|\sbaseonly)+$/,
  /^\/blacklist$/,
  /^\/bl_delete$/,
  /^\/weekly$/,
  /^\/weekly \d+$/,
  /^\/monthly$/,
  /^\/monthly \d+$/,
  /^\/forcebuy$/,
  /^\/forcelong$/,
  /^\/forceshort$/,
  /^\/forcesell$/,
  /^\/forceexit$/,
  /^\/edge$/,
  /^\/health$/,
  /^\/help$/,
  /^\/version$/,
  /^\/marketdir (long|short|even|none)$/,
  /^\/marketdir$/,
];

/** The allowed keys as freqtrade lists them in its error (its regexes without "$"). */
export const KEYBOARD_KEYS_PRINT = KEYBOARD_COMMANDS.map((re) =>
  re.source.slice(1).replace(/\$$/, '').replaceAll('\\/', '/'),
);

export function invalidKeyboardKeys(keyboard: string[][]): string[] {
  return keyboard.flat().filter((k) => !KEYBOARD_COMMANDS.some((re) => re.test(k)));
}

/** Every command tickhub answers (aliases included): freqtrade 2024.10's handler list. */
export const COMMANDS = [
  'status',
  'profit',
  'balance',
  'start',
  'stop',
  'forcesell',
  'forceexit',
  'fx',
  'forcebuy',
  'forcelong',
  'forceshort',
  'reload_trade',
  'trades',
  'delete',
  'coo',
  'cancel_open_order',
  'performance',
  'buys',
  'entries',
  'sells',
  'exits',
  'mix_tags',
  'stats',
  'daily',
  'weekly',
  'monthly',
  'count',
  'locks',
  'unlock',
  'delete_locks',
  'reload_config',
  'reload_conf',
  'show_config',
  'show_conf',
  'stopbuy',
  'stopentry',
  'whitelist',
  'blacklist',
  'blacklist_delete',
  'bl_delete',
  'logs',
  'edge',
  'health',
  'help',
  'version',
  'marketdir',
  'order',
  'list_custom_data',
] as const;

/** The command name of a message ("/status@MyBot table" → "status"), or undefined when it is none of ours. */
export function commandOf(text: string): string | undefined {
  const m = /^\/([A-Za-z0-9_]{1,32})(@\S+)?(\s|$)/.exec(text);
  const name = m?.[1]?.toLowerCase();
  return name && (COMMANDS as readonly string[]).includes(name) ? name : undefined;
}

/** Answers a command line with the messages freqtrade sends for it (none for some: a force exit is notified). */
export async function answerCommand(line: string, ctx: CommandContext): Promise<Reply[]> {
  const [, ...args] = line.trim().split(/\s+/);
  const command = commandOf(line);
  if (!command) return [];
  try {
    return (
      (await answerTradeCommand(command, args, ctx)) ??
      (await answerReportCommand(command, args, ctx)) ??
      (await answerControlCommand(command, args, ctx)) ??
      []
    );
  } catch (e) {
    if (e instanceof RpcFailure) return [{ text: e.message }];
    throw e;
  }
}

/** What an inline button press does: "Refresh" (update_*), force_exit__<id>, force_enter__<pair>_||_<side>. */
export async function answerCallback(data: string, ctx: CommandContext): Promise<CallbackAnswer> {
  try {
    if (data === 'update_status_table') {
      const [first] = await statusTable(ctx);
      return { edit: first, send: [] };
    }
    const report = REFRESHABLE_REPORTS[data];
    if (report) {
      const replies = (await answerReportCommand(report, [], ctx)) ?? [];
      return { edit: replies.at(-1), send: replies.slice(0, -1) };
    }
    if (data === 'update_count') {
      const [count] = (await answerTradeCommand('count', [], ctx)) ?? [];
      return { edit: count, send: [] };
    }
    const exit = /^force_exit__(\S+)/.exec(data);
    if (exit) return await forceExitAction(exit[1].split(' ')[0], ctx);
    const enter = /^force_enter__(\S+)$/.exec(data);
    if (enter) return await forceEnterAction(enter[1], ctx);
    return { send: [] };
  } catch (e) {
    if (e instanceof RpcFailure) return { send: [{ text: e.message }] };
    throw e;
  }
}
