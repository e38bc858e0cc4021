// What every Telegram command module shares: the reply shape, the in-process REST caller and the
// context a command runs in, and freqtrade's RPCException.

import type { Config } from '../../config/schema.ts';

/** Telegram's limit on a message's text (freqtrade's MAX_MESSAGE_LENGTH). */
export const MAX_MESSAGE_LENGTH = 4096;

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
