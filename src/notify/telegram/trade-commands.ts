// Trade commands: /status [ids|table], /order, /trades, /count, /forceexit, /forcelong /forceshort
// (with freqtrade's inline keyboards), /delete, /cancel_open_order, /reload_trade, /list_custom_data.

import { floatRepr } from '../py-format.ts';
import {
  type CallbackAnswer,
  type CommandContext,
  call,
  type InlineButton,
  MAX_MESSAGE_LENGTH,
  type Reply,
  RpcFailure,
} from './command-context.ts';
import { fmtCoin, formatDate, naturalTime, py, roundValue, shortenDate, tabulate } from './format.ts';

type Trade = Record<string, any>;

const ids = (args: string[]) => args.filter((a) => /^\d{1,12}$/.test(a)).map(Number);

/** freqtrade's _rpc_trade_status: the given trades (open or closed), else the open ones; none → "no active trade". */
async function tradeStatus(ctx: CommandContext, tradeIds: number[]): Promise<Trade[]> {
  let trades: Trade[];
  if (tradeIds.length > 0) {
    const found = await Promise.all(tradeIds.map((id) => ctx.api('GET', `/api/v1/trade/${id}`)));
    trades = found.filter((r) => r.status === 200).map((r) => r.body);
  } else {
    trades = await call(ctx, 'GET', '/api/v1/status');
  }
  if (trades.length === 0) throw new RpcFailure('no active trade');
  return trades;
}

/** Lines joined into messages below Telegram's limit, continued under `continued` (freqtrade's __send_status_msg). */
function chunkLines(lines: string[], continued: string): Reply[] {
  const out: Reply[] = [];
  let msg = '';
  for (const line of lines) {
    if (!line) continue;
    if (msg.length + line.length + 1 < MAX_MESSAGE_LENGTH) msg += `${line}\n`;
    else {
      out.push({ text: msg });
      msg = `${continued}\n${line}\n`;
    }
  }
  out.push({ text: msg });
  return out;
}

const openOrders = (t: Trade) =>
  (t.orders as any[])
    .filter((o) => o.is_open && o.ft_order_side !== 'stoploss')
    .map((o) => `(${o.order_type} ${o.side} rem=${py(o.remaining ?? o.amount - (o.filled ?? 0), '.8f')})`)
    .join(', ');

function statusLines(t: Trade, config: Record<string, any>): string[] {
  const q = t.quote_currency;
  const positionAdjust = config.position_adjustment_enable === true;
  const maxEntries = config.max_entry_position_adjustment ?? -1;
  const orders = t.orders as any[];
  const lines = [
    `*Trade ID:* \`${t.trade_id}\`${t.is_open ? ` \`(since ${t.open_date})\`` : ''}`,
    `*Current Pair:* ${t.pair}`,
    t.leverage ? `*Direction:* ${t.is_short ? '`Short`' : '`Long`'} \` (${floatRepr(t.leverage)}x)\`` : '',
    `*Amount:* \`${floatRepr(t.amount)} (${fmtCoin(t.stake_amount, q)})\``,
    positionAdjust ? `*Total invested:* \`${fmtCoin(t.max_stake_amount || t.stake_amount, q)}\`` : '',
    t.enter_tag ? `*Enter Tag:* \`${t.enter_tag}\`` : '',
    t.exit_reason ? `*Exit Reason:* \`${t.exit_reason}\`` : '',
  ];
  if (positionAdjust) {
    lines.push(
      `*Number of Entries:* \`${orders.filter((o) => o.ft_order_side === (t.is_short ? 'sell' : 'buy')).length}${maxEntries > 0 ? `/${maxEntries + 1}` : ''}\``,
      `*Number of Exits:* \`${orders.filter((o) => o.ft_order_side === (t.is_short ? 'buy' : 'sell')).length}\``,
    );
  }
  lines.push(
    `*Open Rate:* \`${roundValue(t.open_rate, 8)}\``,
    t.close_rate ? `*Close Rate:* \`${roundValue(t.close_rate, 8)}\`` : '',
    `*Open Date:* \`${t.open_date}\``,
    t.close_date ? `*Close Date:* \`${t.close_date}\`` : '',
    t.is_open ? ` \n*Current Rate:* \`${roundValue(t.current_rate, 8)}\`` : '',
    `${t.is_open ? '*Unrealized Profit:* ' : '*Close Profit: *'}\`${py(t.profit_ratio ?? 0, '.2%')}\` \`(${fmtCoin(t.profit_abs ?? 0, q)})\``,
  );
  if (t.is_open) {
    if (t.realized_profit) {
      lines.push(
        `*Realized Profit:* \`${py(t.realized_profit_ratio ?? 0, '.2%')} (${fmtCoin(t.realized_profit, q)})\``,
        `*Total Profit:* \`${py(t.total_profit_ratio ?? 0, '.2%')} (${fmtCoin(t.total_profit_abs ?? 0, q)})\``,
      );
    }
    lines.push(' ');
    if (t.stop_loss_abs !== t.initial_stop_loss_abs && t.initial_stop_loss_ratio !== null) {
      lines.push(
        `*Initial Stoploss:* \`${py(t.initial_stop_loss_abs, '.8f')}\` \`(${py(t.initial_stop_loss_ratio, '.2%')})\``,
      );
    }
    lines.push(
      `*Stoploss:* \`${roundValue(t.stop_loss_abs, 8)}\` ${t.stop_loss_ratio ? `\`(${py(t.stop_loss_ratio, '.2%')})\`` : ''}`,
      `*Stoploss distance:* \`${roundValue(t.stoploss_current_dist, 8)}\` \`(${py(t.stoploss_current_dist_ratio, '.2%')})\``,
    );
    const oo = openOrders(t);
    if (oo) lines.push(`*Open Order:* \`${oo}\`${t.exit_order_status ? `- \`${t.exit_order_status}\`` : ''}`);
  }
  return lines;
}

/** freqtrade's /status table rows: "ID", pair with open-order marks, age, profit. */
async function statusTableRows(ctx: CommandContext): Promise<{ rows: string[][]; head: string[]; sum: number }> {
  const config = ctx.config() as Record<string, any>;
  const trades: Trade[] = await call(ctx, 'GET', '/api/v1/status');
  if (trades.length === 0) throw new RpcFailure('no active trade');
  const nonspot = (config.trading_mode ?? 'spot') !== 'spot';
  const positionAdjust = config.position_adjustment_enable === true;
  const maxEntries = config.max_entry_position_adjustment ?? -1;
  const fiatOn = Boolean(config.fiat_display_currency);
  let sum = Number.NaN;
  const rows = trades.map((t) => {
    let profitStr: string;
    let profitAbs: number;
    if (t.nr_of_successful_entries > 0) {
      profitAbs = t.profit_abs ?? Number.NaN;
      profitStr = py(t.profit_ratio ?? Number.NaN, '.2%');
    } else {
      profitAbs = 0;
      profitStr = py(0, '.2f');
    }
    // With fiat_display_currency freqtrade converts the profit (a NaN one is left out); else the stake profit.
    const shown = fiatOn ? (t.profit_fiat ?? Number.NaN) : profitAbs;
    if (!fiatOn || !Number.isNaN(shown)) {
      profitStr += ` (${py(shown, '.2f')})`;
      sum = Number.isNaN(sum) ? shown : sum + shown;
    }
    const lev = py(t.leverage ?? 1, '.3g');
    const direction = nonspot ? `${t.is_short ? 'S' : 'L'} ${lev}x` : '';
    const marks = (t.orders as any[])
      .filter((o) => o.is_open)
      .map((o) => (o.ft_order_side === (t.is_short ? 'sell' : 'buy') ? '*' : '**'))
      .join('.');
    const row = [
      `${t.trade_id} ${direction}`,
      t.pair + marks,
      shortenDate(naturalTime(t.open_timestamp, ctx.now())),
      profitStr,
    ];
    if (positionAdjust) row.push(`${t.nr_of_successful_entries}${maxEntries > 0 ? `/${maxEntries + 1}` : ''}`);
    return row;
  });
  const profitCurrency = fiatOn ? config.fiat_display_currency : config.stake_currency;
  const head = [nonspot ? 'ID L/S' : 'ID', 'Pair', 'Since', `Profit (${profitCurrency})`];
  if (positionAdjust) head.push('# Entries');
  return { rows, head, sum };
}

/** /status table: 50 trades per message, a Total line when there are several trades. */
export async function statusTable(ctx: CommandContext): Promise<Reply[]> {
  const { rows, head, sum } = await statusTableRows(ctx);
  const fiat = (ctx.config() as Record<string, any>).fiat_display_currency ?? '';
  const showTotal = !Number.isNaN(sum) && rows.length > 1;
  const count = Math.max(Math.trunc(rows.length / 50 + 0.99), 1);
  const out: Reply[] = [];
  for (let i = 0; i < count; i++) {
    const part: string[][] = rows.slice(i * 50, (i + 1) * 50);
    const last = showTotal && i === count - 1;
    if (last) part.push(['Total', '', '', `${py(sum, '.2f')} ${fiat}`]);
    let message = tabulate(part, head);
    if (last) {
      const lines = message.split('\n');
      message = [...lines.slice(0, -1), lines[1], lines.at(-1)].join('\n');
    }
    out.push({ text: `<pre>${message}</pre>`, parseMode: 'HTML', refresh: 'update_status_table' });
  }
  return out;
}

/** freqtrade's _prepare_order_details over the REST trade's orders (their dates from the *_timestamp fields). */
function orderDetails(t: Trade, now: number): string[] {
  const orders = t.orders as any[];
  const quote = t.quote_currency as string;
  const entrySide = t.is_short ? 'sell' : 'buy';
  const details: string[] = [];
  const firstAvg = orders[0]?.safe_price;
  let nr = 0;
  for (const o of orders) {
    if (o.is_open === true) continue;
    nr++;
    const wording = o.ft_order_side === entrySide ? 'Entry' : 'Exit';
    const amount = o.filled || o.amount;
    const filledAt = o.order_filled_timestamp ? formatDate(o.order_filled_timestamp) : 'None';
    const lines = ['  ', `*${wording} #${nr}:*`];
    if (nr === 1) {
      lines.push(`*Amount:* ${roundValue(amount, 8)} (${fmtCoin(o.cost, quote)})`);
      lines.push(`*Average Price:* ${roundValue(o.safe_price, 8)}`);
    } else {
      if (t.is_open) lines.push(`(${o.order_filled_timestamp ? naturalTime(o.order_filled_timestamp, now) : 'None'})`);
      lines.push(`*Amount:* ${roundValue(amount, 8)} (${fmtCoin(o.cost, quote)})`);
      lines.push(
        `*Average ${wording} Price:* ${roundValue(o.safe_price, 8)} (${py((o.safe_price - firstAvg) / firstAvg, '.2%')} from 1st entry rate)`,
      );
      lines.push(`*Order Filled:* ${filledAt}`);
    }
    details.push(lines.join('\n'));
  }
  return details;
}

const layout = (buttons: InlineButton[], cols: number) => {
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += cols) rows.push(buttons.slice(i, i + cols));
  return rows;
};

async function forceExitPicker(ctx: CommandContext): Promise<Reply[]> {
  let rows: string[][];
  try {
    rows = (await statusTableRows(ctx)).rows;
  } catch (e) {
    if (e instanceof RpcFailure) return [{ text: 'No open trade found.' }];
    throw e;
  }
  const buttons = rows.map((r) => ({
    text: `${r[0]} ${r[1]} ${r[2]} ${r[3]}`,
    callback_data: `force_exit__${r[0].trim().split(' ')[0]}`,
  }));
  return [
    {
      text: 'Which trade?',
      inline: [...layout(buttons, 1), [{ text: 'Cancel', callback_data: 'force_exit__cancel' }]],
    },
  ];
}

async function forceExit(tradeId: string, ctx: CommandContext): Promise<Reply[]> {
  if (tradeId === 'cancel') return [];
  try {
    await call(ctx, 'POST', '/api/v1/forceexit', { tradeid: tradeId });
    return [];
  } catch (e) {
    if (e instanceof RpcFailure) return [{ text: e.message }];
    throw e;
  }
}

async function forceEnter(pair: string, price: number | undefined, side: string, ctx: CommandContext) {
  if (pair === 'cancel') return [];
  try {
    await call(ctx, 'POST', '/api/v1/forceenter', { pair, side, ...(price === undefined ? {} : { price }) });
    return [];
  } catch (e) {
    if (e instanceof RpcFailure) return [{ text: e.message, parseMode: 'HTML' as const }];
    throw e;
  }
}

/** A force_exit__<id|cancel> press. */
export async function forceExitAction(tradeId: string, ctx: CommandContext): Promise<CallbackAnswer> {
  if (tradeId === 'cancel') return { edit: { text: 'Force exit canceled.' }, send: [] };
  const r = /^\d{1,12}$/.test(tradeId) ? await ctx.api('GET', `/api/v1/trade/${tradeId}`) : { status: 404, body: {} };
  if (r.status !== 200) return { edit: { text: `Trade ${tradeId} not found.` }, send: [] };
  return {
    edit: { text: `Manually exiting Trade #${tradeId}, ${r.body.pair}` },
    send: await forceExit(tradeId, ctx),
  };
}

/** A force_enter__<pair>_||_<side> (or force_enter__cancel) press. */
export async function forceEnterAction(payload: string, ctx: CommandContext): Promise<CallbackAnswer> {
  if (payload === 'cancel') return { edit: { text: 'Force enter canceled.' }, send: [] };
  const [pair, side] = payload.split('_||_');
  if (!pair || (side !== 'long' && side !== 'short')) return { send: [] };
  return {
    edit: { text: `Manually entering ${side} for ${pair}` },
    send: await forceEnter(pair, undefined, side, ctx),
  };
}

const tradeIdArg = (args: string[]) => {
  if (!args[0]) throw new RpcFailure('Trade-id not set.');
  if (!/^\d{1,12}$/.test(args[0])) throw new RpcFailure(`invalid literal for int() with base 10: '${args[0]}'`);
  return Number(args[0]);
};

export async function answerTradeCommand(
  command: string,
  args: string[],
  ctx: CommandContext,
): Promise<Reply[] | undefined> {
  const config = ctx.config() as Record<string, any>;
  switch (command) {
    case 'status': {
      if (args.includes('table')) return statusTable(ctx);
      const trades = await tradeStatus(ctx, ids(args));
      return trades.flatMap((t) => chunkLines(statusLines(t, config), `*Trade ID:* \`${t.trade_id}\` - continued`));
    }
    case 'order': {
      const trades = await tradeStatus(ctx, ids(args));
      return trades.flatMap((t) => {
        const details = orderDetails(t, ctx.now());
        return chunkLines(
          [`*Order List for Trade #*\`${t.trade_id}\``, ...details],
          `*Order List for Trade #*\`${t.trade_id}\` - continued`,
        );
      });
    }
    case 'trades': {
      const n = args[0] && /^\d{1,6}$/.test(args[0]) ? Number(args[0]) : 10;
      // freqtrade's _rpc_trade_history(n): the n latest closed trades by close date, newest first (0: all).
      const page = await call(ctx, 'GET', `/api/v1/trades?limit=${n}&order_by_id=false`);
      const closed = page.trades as Trade[];
      const nonspot = (config.trading_mode ?? 'spot') !== 'spot';
      const table = tabulate(
        closed.map((t) => [
          naturalTime(t.close_timestamp, ctx.now()),
          `${t.pair} (#${t.trade_id}${nonspot ? ` ${t.is_short ? 'S' : 'L'}` : ''})`,
          `${py(t.close_profit, '.2%')} (${floatRepr(t.close_profit_abs)})`,
        ]),
        ['Close Date', nonspot ? 'Pair (ID L/S)' : 'Pair (ID)', `Profit (${config.stake_currency})`],
      );
      const text = `<b>${Math.min(closed.length, n)} recent trades</b>:\n${closed.length > 0 ? `<pre>${table}</pre>` : ''}`;
      return [{ text, parseMode: 'HTML' }];
    }
    case 'count': {
      const c = await call(ctx, 'GET', '/api/v1/count');
      const table = tabulate([[c.current, c.max, c.total_stake]], ['current', 'max', 'total stake']);
      return [{ text: `<pre>${table}</pre>`, parseMode: 'HTML', refresh: 'update_count' }];
    }
    case 'forceexit':
    case 'forcesell':
    case 'fx':
      return args[0] ? forceExit(args[0], ctx) : forceExitPicker(ctx);
    case 'forcelong':
    case 'forcebuy':
    case 'forceshort': {
      const side = command === 'forceshort' ? 'short' : 'long';
      if (args[0]) {
        const price = args[1] !== undefined && Number.isFinite(Number(args[1])) ? Number(args[1]) : undefined;
        return forceEnter(args[0], price, side, ctx);
      }
      const whitelist = ((await call(ctx, 'GET', '/api/v1/whitelist')).whitelist as string[]).slice().sort();
      const buttons = whitelist.map((p) => ({ text: p, callback_data: `force_enter__${p}_||_${side}` }));
      return [
        {
          text: 'Which pair?',
          inline: [...layout(buttons, 3), [{ text: 'Cancel', callback_data: 'force_enter__cancel' }]],
        },
      ];
    }
    case 'delete': {
      const body = await call(ctx, 'DELETE', `/api/v1/trades/${tradeIdArg(args)}`);
      return [
        { text: `\`${body.result_msg}\`\nPlease make sure to take care of this asset on the exchange manually.` },
      ];
    }
    case 'coo':
    case 'cancel_open_order':
      await call(ctx, 'DELETE', `/api/v1/trades/${tradeIdArg(args)}/open-order`);
      return [{ text: 'Open order canceled.' }];
    case 'reload_trade':
      await call(ctx, 'POST', `/api/v1/trades/${tradeIdArg(args)}/reload`);
      return [{ text: 'Status: `Reloaded from orders from exchange`' }];
    case 'list_custom_data':
      return listCustomData(args, ctx);
    default:
      return undefined;
  }
}

async function listCustomData(args: string[], ctx: CommandContext): Promise<Reply[]> {
  const tradeId = tradeIdArg(args);
  const key = args[1];
  const query = key === undefined ? '' : `?key=${encodeURIComponent(key)}`;
  const r = await ctx.api('GET', `/api/v1/trades/${tradeId}/custom-data${query}`);
  const entries: any[] = r.status === 200 ? (r.body as any[]).flatMap((t) => t.custom_data) : [];
  if (entries.length === 0) {
    const text = `Didn't find any custom-data entries for Trade ID: \`${tradeId}\`${key === undefined ? '' : ` and Key: \`${key}\`.`}`;
    return [{ text }];
  }
  const date = (iso: string | null) => (iso ? formatDate(Date.parse(iso)) : '');
  const messages = [`Found custom-data entr${entries.length > 1 ? 'ies: ' : 'y: '}`];
  for (const e of entries) {
    messages.push(
      [
        `*Key:* \`${e.key}\``,
        `*ID:* \`${e.id}\``,
        `*Trade ID:* \`${tradeId}\``,
        `*Type:* \`${e.type}\``,
        `*Value:* \`${e.cd_value}\``,
        `*Create Date:* \`${date(e.created_at)}\``,
        `*Update Date:* \`${date(e.updated_at)}\``,
      ].join('\n'),
    );
  }
  return messages.map((text) =>
    text.length > MAX_MESSAGE_LENGTH
      ? { text: `Message dropped because length exceeds maximum allowed characters: ${MAX_MESSAGE_LENGTH}` }
      : { text },
  );
}
