// Bot control and state: /start /stop /stopentry /reload_config, /locks /unlock, /whitelist
// /blacklist /bl_delete, /logs, /edge, /health, /version, /show_config, /marketdir, /help.

import {
  type CommandContext,
  call,
  MAX_MESSAGE_LENGTH,
  type MarketDirection,
  type Reply,
  RpcFailure,
} from './command-context.ts';
import { formatLocalDate, jsonDumps, pyRepr, tabulate } from './format.ts';

const CONTROL_PATHS: Record<string, string> = {
  start: 'start',
  stop: 'stop',
  stopentry: 'stopentry',
  stopbuy: 'stopentry',
  reload_config: 'reload_config',
  reload_conf: 'reload_config',
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/** python-telegram-bot's escape_markdown(text, version=2). */
const escapeMarkdownV2 = (s: string) => s.replace(/[\\_*[\]()~`>#+\-=|{}.!]/g, (c) => `\\${c}`);

async function locks(ctx: CommandContext): Promise<Reply[]> {
  const r = await call(ctx, 'GET', '/api/v1/locks');
  const all = r.locks as any[];
  if (all.length === 0) return [{ text: 'No active locks.', parseMode: 'HTML' }];
  const out: Reply[] = [];
  for (let i = 0; i < all.length; i += 25) {
    const table = tabulate(
      all.slice(i, i + 25).map((l) => [l.id, l.pair, l.lock_end_time, l.reason]),
      ['ID', 'Pair', 'Until', 'Reason'],
    );
    out.push({ text: `<pre>${escapeHtml(table)}</pre>`, parseMode: 'HTML' });
  }
  return out;
}

function blacklistReplies(b: any): Reply[] {
  const errors = Object.values((b.errors ?? {}) as Record<string, { error_msg: string }>).map(
    (e) => `Error: ${e.error_msg}`,
  );
  const list = { text: `Blacklist contains ${b.length} pairs\n\`${(b.blacklist as string[]).join(', ')}\`` };
  return errors.length > 0 ? [{ text: errors.join('\n') }, list] : [list];
}

async function logs(args: string[], ctx: CommandContext): Promise<Reply[]> {
  const limit = args[0] && /^\d{1,6}$/.test(args[0]) ? Number(args[0]) : 10;
  const r = await call(ctx, 'GET', `/api/v1/logs?limit=${limit}`);
  const out: Reply[] = [];
  let msgs = '';
  for (const rec of r.logs as string[][]) {
    const [date, , name, level, message] = rec.map((v) => escapeMarkdownV2(String(v)));
    const msg = `*${date}* ${name}: ${level} \\- \`${message}\``;
    if ((msgs + msg).length + 10 >= MAX_MESSAGE_LENGTH) {
      out.push({ text: msgs, parseMode: 'MarkdownV2' });
      msgs = `${msg}\n`;
    } else msgs += `${msg}\n`;
  }
  if (msgs) out.push({ text: msgs, parseMode: 'MarkdownV2' });
  return out;
}

async function showConfig(ctx: CommandContext): Promise<Reply[]> {
  const v = await call(ctx, 'GET', '/api/v1/show_config');
  const sl = v.trailing_stop
    ? `*Initial Stoploss:* \`${pyRepr(v.stoploss)}\`\n` +
      `*Trailing stop positive:* \`${pyRepr(v.trailing_stop_positive)}\`\n` +
      `*Trailing stop offset:* \`${pyRepr(v.trailing_stop_positive_offset)}\`\n` +
      `*Only trail above offset:* \`${pyRepr(v.trailing_only_offset_is_reached)}\`\n`
    : `*Stoploss:* \`${pyRepr(v.stoploss)}\`\n`;
  const pa = v.position_adjustment_enable
    ? `*Position adjustment:* On\n*Max enter position adjustment:* \`${pyRepr(v.max_entry_position_adjustment)}\`\n`
    : '*Position adjustment:* Off\n';
  const text =
    `*Mode:* \`${v.dry_run ? 'Dry-run' : 'Live'}\`\n` +
    `*Exchange:* \`${v.exchange}\`\n` +
    `*Market: * \`${v.trading_mode}\`\n` +
    `*Stake per trade:* \`${v.stake_amount} ${v.stake_currency}\`\n` +
    `*Max open Trades:* \`${v.max_open_trades}\`\n` +
    `*Minimum ROI:* \`${pyRepr(v.minimal_roi)}\`\n` +
    `*Entry strategy:* \`\`\`\n${jsonDumps(v.entry_pricing)}\`\`\`\n` +
    `*Exit strategy:* \`\`\`\n${jsonDumps(v.exit_pricing)}\`\`\`\n` +
    sl +
    pa +
    `*Timeframe:* \`${v.timeframe}\`\n` +
    `*Strategy:* \`${v.strategy}\`\n` +
    `*Current state:* \`${v.state}\``;
  return [{ text }];
}

const DIRECTIONS: MarketDirection[] = ['long', 'short', 'even', 'none'];

function marketDir(args: string[], ctx: CommandContext): Reply[] {
  const port = ctx.marketDirection;
  if (!port) throw new RpcFailure('Market direction is not available.');
  if (args.length === 1) {
    const next = DIRECTIONS.find((d) => d === args[0]);
    if (!next) {
      throw new RpcFailure('Invalid market direction provided. \nValid market directions: *long, short, even, none*');
    }
    const old = port.get();
    port.set(next);
    return [{ text: `Successfully updated market direction from *${old}* to *${next}*.` }];
  }
  if (args.length === 0) return [{ text: `Currently set market direction: *${port.get()}*` }];
  throw new RpcFailure('Invalid usage of command /marketdir. \nUsage: */marketdir [short |  long | even | none]*');
}

function help(ctx: CommandContext): Reply[] {
  const config = ctx.config() as Record<string, any>;
  let forceEnter =
    '*/forcelong <pair> [<rate>]:* `Instantly buys the given pair. Optionally takes a rate at which to buy (only applies to limit orders).` \n';
  if ((config.trading_mode ?? 'spot') !== 'spot') {
    forceEnter +=
      '*/forceshort <pair> [<rate>]:* `Instantly shorts the given pair. Optionally takes a rate at which to sell (only applies to limit orders).` \n';
  }
  const text =
    '_Bot Control_\n------------\n' +
    '*/start:* `Starts the trader`\n' +
    '*/stop:* `Stops the trader`\n' +
    '*/stopentry:* `Stops entering, but handles open trades gracefully` \n' +
    '*/forceexit <trade_id>|all:* `Instantly exits the given trade or all trades, regardless of profit`\n' +
    '*/fx <trade_id>|all:* `Alias to /forceexit`\n' +
    (config.force_entry_enable ? forceEnter : '') +
    '*/delete <trade_id>:* `Instantly delete the given trade in the database`\n' +
    '*/reload_trade <trade_id>:* `Relade trade from exchange Orders`\n' +
    '*/cancel_open_order <trade_id>:* `Cancels open orders for trade. Only valid when the trade has open orders.`\n' +
    '*/coo <trade_id>|all:* `Alias to /cancel_open_order`\n' +
    '*/whitelist [sorted] [baseonly]:* `Show current whitelist. Optionally in order and/or only displaying the base currency of each pairing.`\n' +
    '*/blacklist [pair]:* `Show current blacklist, or adds one or more pairs to the blacklist.` \n' +
    '*/blacklist_delete [pairs]| /bl_delete [pairs]:* `Delete pair / pattern from blacklist. Will reset on reload_conf.` \n' +
    '*/reload_config:* `Reload configuration file` \n' +
    "*/unlock <pair|id>:* `Unlock this Pair (or this lock id if it's numeric)`\n" +
    '_Current state_\n------------\n' +
    '*/show_config:* `Show running configuration` \n' +
    '*/locks:* `Show currently locked pairs`\n' +
    '*/balance:* `Show bot managed balance per currency`\n' +
    '*/balance total:* `Show account balance per currency`\n' +
    '*/logs [limit]:* `Show latest logs - defaults to 10` \n' +
    '*/count:* `Show number of active trades compared to allowed number of trades`\n' +
    '*/edge:* `Shows validated pairs by Edge if it is enabled` \n' +
    '*/health* `Show latest process timestamp - defaults to 1970-01-01 00:00:00` \n' +
    '*/marketdir [long | short | even | none]:* `Updates the user managed variable that represents the current market direction. If no direction is provided ``the currently set market direction will be output.` \n' +
    '*/list_custom_data <trade_id> <key>:* `List custom_data for Trade ID & Key combo.`\n' +
    '`If no Key is supplied it will list all key-value pairs found for that Trade ID.`\n' +
    '_Statistics_\n------------\n' +
    '*/status <trade_id>|[table]:* `Lists all open trades`\n' +
    '         *<trade_id> :* `Lists one or more specific trades.`\n' +
    '                        `Separate multiple <trade_id> with a blank space.`\n' +
    '         *table :* `will display trades in a table`\n' +
    '                `pending buy orders are marked with an asterisk (*)`\n' +
    '                `pending sell orders are marked with a double asterisk (**)`\n' +
    '*/entries <pair|none>:* `Shows the enter_tag performance`\n' +
    '*/exits <pair|none>:* `Shows the exit reason performance`\n' +
    '*/mix_tags <pair|none>:* `Shows combined entry tag + exit reason performance`\n' +
    '*/trades [limit]:* `Lists last closed trades (limited to 10 by default)`\n' +
    '*/profit [<n>]:* `Lists cumulative profit from all finished trades, over the last n days`\n' +
    '*/performance:* `Show performance of each finished trade grouped by pair`\n' +
    '*/daily <n>:* `Shows profit or loss per day, over the last n days`\n' +
    '*/weekly <n>:* `Shows statistics per week, over the last n weeks`\n' +
    '*/monthly <n>:* `Shows statistics per month, over the last n months`\n' +
    '*/stats:* `Shows Wins / losses by Sell reason as well as Avg. holding durations for buys and sells.`\n' +
    '*/help:* `This help message`\n' +
    '*/version:* `Show version`\n';
  return [{ text, parseMode: 'Markdown' }];
}

/** freqtrade's /health prints the *_loc times: the server's local time zone, None when unset. */
const tsDate = (seconds: number | null) => (seconds === null ? 'None' : formatLocalDate(seconds * 1000));

export async function answerControlCommand(
  command: string,
  args: string[],
  ctx: CommandContext,
): Promise<Reply[] | undefined> {
  if (command in CONTROL_PATHS) {
    const r = await call(ctx, 'POST', `/api/v1/${CONTROL_PATHS[command]}`);
    return [{ text: `Status: \`${r.status}\`` }];
  }
  switch (command) {
    case 'locks':
      return locks(ctx);
    case 'unlock':
    case 'delete_locks': {
      const arg = args[0];
      if (arg)
        await call(
          ctx,
          'POST',
          '/api/v1/locks/delete',
          /^\d{1,12}$/.test(arg) ? { lockid: Number(arg) } : { pair: arg },
        );
      return locks(ctx);
    }
    case 'whitelist': {
      const w = await call(ctx, 'GET', '/api/v1/whitelist');
      let pairs = w.whitelist as string[];
      if (args.includes('sorted')) pairs = [...pairs].sort();
      if (args.includes('baseonly')) pairs = pairs.map((p) => p.split('/')[0]);
      return [{ text: `Using whitelist \`${pyRepr(w.method)}\` with ${w.length} pairs\n\`${pairs.join(', ')}\`` }];
    }
    case 'blacklist':
      return blacklistReplies(
        args.length > 0
          ? await call(ctx, 'POST', '/api/v1/blacklist', { blacklist: args })
          : await call(ctx, 'GET', '/api/v1/blacklist'),
      );
    case 'blacklist_delete':
    case 'bl_delete': {
      const query = args.map((p) => `pairs_to_delete=${encodeURIComponent(p)}`).join('&');
      return blacklistReplies(await call(ctx, 'DELETE', `/api/v1/blacklist${query ? `?${query}` : ''}`));
    }
    case 'logs':
      return logs(args, ctx);
    case 'edge': {
      const pairs = (await call(ctx, 'GET', '/api/v1/edge')) as Record<string, unknown>[];
      const title = '<b>Edge only validated following pairs:</b>';
      if (pairs.length === 0) return [{ text: title, parseMode: 'HTML' }];
      const out: Reply[] = [];
      for (let i = 0; i < pairs.length; i += 25) {
        const chunk = pairs.slice(i, i + 25);
        const keys = Object.keys(chunk[0]);
        const table = tabulate(
          chunk.map((p) => keys.map((k) => p[k] as string | number)),
          keys,
        );
        out.push({ text: `${title}\n<pre>${table}</pre>`, parseMode: 'HTML' });
      }
      return out;
    }
    case 'health': {
      const h = await call(ctx, 'GET', '/api/v1/health');
      return [
        {
          text: `Last process: \`${tsDate(h.last_process_ts)}\`\nInitial bot start: \`${tsDate(h.bot_start_ts)}\`\nLast bot restart: \`${tsDate(h.bot_startup_ts)}\``,
        },
      ];
    }
    case 'version': {
      const [v, c] = await Promise.all([call(ctx, 'GET', '/api/v1/version'), call(ctx, 'GET', '/api/v1/show_config')]);
      const strategy = c.strategy_version === null ? '' : `\n*Strategy version: * \`${c.strategy_version}\``;
      return [{ text: `*Version:* \`${v.version}\`${strategy}` }];
    }
    case 'show_config':
    case 'show_conf':
      return showConfig(ctx);
    case 'marketdir':
      return marketDir(args, ctx);
    case 'help':
      return help(ctx);
    default:
      return undefined;
  }
}
