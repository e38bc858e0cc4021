// freqtrade's Telegram commands, answered from the bot's own REST API (called in process), so every
// number a chat sees is the number the REST route returns. Texts follow freqtrade's telegram.py.

import type { Config } from '../../config/schema.ts';
import { answerControlCommand } from './control-commands.ts';
import { answerReportCommand, REFRESHABLE_REPORTS } from './report-commands.ts';
import { answerTradeCommand, forceEnterAction, forceExitAction, statusTable } from './trade-commands.ts';

export interface InlineButton {
  text: string;
  callback_data: string;
}

export type ParseMode = 'Markdown' | 'HTML' | 'MarkdownV2';

/** One message to send: its text, parse mode, and freqtrade's inline keyboard or "Refresh" button. */
export interface Reply {
  text: string;
  parseMode?: ParseMode;
  inline?: InlineButton[][];
  /** freqtrade's reload_able messages: the callback data of their "Refresh" button. */
  refresh?: string;
}

/** What a button press does: the pressed message edited (freqtrade's edit_message_text), and new messages. */
export interface CallbackAnswer {
  edit?: Reply;
  send: Reply[];
}

export type ApiCaller = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

export type MarketDirection = 'long' | 'short' | 'even' | 'none';

export interface CommandContext {
  api: ApiCaller;
  config: () => Config;
  now: () => number;
  /** The running strategy's market_direction (freqtrade's /marketdir); no REST route serves it. */
  marketDirection?: { get(): MarketDirection; set(direction: MarketDirection): void };
}

/** freqtrade's RPCException: its message is what the chat gets. */
export class RpcFailure extends Error {}

/** A REST answer, or the RpcFailure carrying freqtrade's message ("Error querying <path>: " removed). */
export async function call(
  ctx: CommandContext,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<any> {
  const r = await ctx.api(method, path, body);
  if (r.status === 200) return r.body;
  const error = typeof r.body?.error === 'string' ? r.body.error.replace(/^Error querying \S+: /, '') : undefined;
  const detail = typeof r.body?.detail === 'string' ? r.body.detail : undefined;
  throw new RpcFailure(error ?? detail ?? `HTTP ${r.status}`);
}

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
  const name = m?.[1];
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
