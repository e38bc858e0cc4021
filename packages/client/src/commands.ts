import type { TickhubClient } from './client.ts';
import { type OrderTypeValue, RpcMessageType, type Side } from './schemas/index.ts';

/** How a command-line value is typed before it reaches the client method. */
export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'any' | 'list';

export interface ParamSpec {
  name: string;
  type: ParamType;
  doc: string;
  required?: boolean;
  /** Collects every remaining positional argument (a list). */
  rest?: boolean;
}

export type CommandArgs = Record<string, unknown>;

export interface CommandSpec {
  name: string;
  doc: string;
  params: ParamSpec[];
  run(client: TickhubClient, args: CommandArgs): Promise<unknown> | unknown;
}

const p = (name: string, type: ParamType, doc: string, required = false): ParamSpec => ({ name, type, doc, required });

const s = (v: unknown) => v as string;
const n = (v: unknown) => v as number;

const noArgs = (name: string, doc: string, run: (c: TickhubClient) => Promise<unknown>): CommandSpec => ({
  name,
  doc,
  params: [],
  run,
});

const tradeId = p('trade_id', 'integer', 'id of the trade', true);
const tagPair = p('pair', 'string', 'only trades of this pair (default: all pairs)');

/** Every CLI command, mapped to a TickhubClient method (snake_case names as in freqtrade-client). */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'available_pairs',
    doc: 'List the pairs with downloaded candle data.',
    params: [
      p('timeframe', 'string', 'only pairs with data in this timeframe'),
      p('stake_currency', 'string', 'only pairs quoted in this currency'),
      p('candletype', 'string', 'spot, futures, mark, index, premiumIndex or funding_rate'),
    ],
    run: (c, a) => c.available_pairs(s(a.timeframe), s(a.stake_currency), a.candletype as never),
  },
  noArgs('balance', 'Show the account balance per currency.', (c) => c.balance()),
  {
    name: 'blacklist',
    doc: 'Show the blacklist, or add pairs to it.',
    params: [{ name: 'pairs', type: 'list', doc: 'pairs (or wildcards) to add, e.g. BNB/BTC', rest: true }],
    run: (c, a) => c.blacklist(...((a.pairs as string[] | undefined) ?? [])),
  },
  {
    name: 'cancel_open_order',
    doc: 'Cancel the open orders of a trade.',
    params: [tradeId],
    run: (c, a) => c.cancel_open_order(n(a.trade_id)),
  },
  noArgs('count', 'Show the number of open trades and the limit.', (c) => c.count()),
  {
    name: 'custom_data',
    doc: 'Show custom data of a trade, or of all open trades.',
    params: [
      p('trade_id', 'integer', 'id of the trade (default: all open trades)'),
      p('key', 'string', 'only this key'),
      p('limit', 'integer', 'at most this many entries (open trades only)'),
      p('offset', 'integer', 'skip this many entries (open trades only)'),
    ],
    run: (c, a) => c.custom_data(a.trade_id as number | undefined, s(a.key), n(a.limit), n(a.offset)),
  },
  {
    name: 'daily',
    doc: 'Show profit per day.',
    params: [p('days', 'integer', 'number of days (server default 7)')],
    run: (c, a) => c.daily(n(a.days)),
  },
  {
    name: 'delete_blacklist',
    doc: 'Remove pairs from the blacklist.',
    params: [{ name: 'pairs', type: 'list', doc: 'pairs to remove', rest: true, required: true }],
    run: (c, a) => c.delete_blacklist(...(a.pairs as string[])),
  },
  {
    name: 'delete_lock',
    doc: 'Delete (deactivate) a lock by id.',
    params: [p('lock_id', 'integer', 'id of the lock', true)],
    run: (c, a) => c.delete_lock(n(a.lock_id)),
  },
  {
    name: 'delete_locks',
    doc: 'Delete locks by lock id or by pair (POST /locks/delete).',
    params: [p('pair', 'string', 'deactivate the "*" locks of this pair'), p('lockid', 'integer', 'id of the lock')],
    run: (c, a) => c.delete_locks(s(a.pair), n(a.lockid)),
  },
  {
    name: 'delete_trade',
    doc: 'Delete a trade from the database, cancelling its open orders. The position on the exchange stays.',
    params: [tradeId],
    run: (c, a) => c.delete_trade(n(a.trade_id)),
  },
  noArgs('edge', 'Show Edge pair data (if Edge is enabled).', (c) => c.edge()),
  {
    name: 'entries',
    doc: 'Show profit per entry tag.',
    params: [tagPair],
    run: (c, a) => c.entries(s(a.pair)),
  },
  noArgs('exchanges', 'List the supported exchanges.', (c) => c.exchanges()),
  {
    name: 'exits',
    doc: 'Show profit per exit reason.',
    params: [tagPair],
    run: (c, a) => c.exits(s(a.pair)),
  },
  {
    name: 'forcebuy',
    doc: 'Enter a long trade (deprecated alias of forceenter).',
    params: [p('pair', 'string', 'pair to buy, e.g. ETH/BTC', true), p('price', 'number', 'limit price')],
    run: (c, a) => c.forcebuy(s(a.pair), n(a.price)),
  },
  {
    name: 'forceenter',
    doc: 'Enter a trade now (needs force_entry_enable).',
    params: [
      p('pair', 'string', 'pair to enter, e.g. ETH/BTC', true),
      p('side', 'string', "'long' or 'short' (default long)"),
      p('price', 'number', 'limit price (default: configured pricing)'),
      p('order_type', 'string', "'limit' or 'market'"),
      p('stake_amount', 'number', 'stake to use (default: computed by the bot)'),
      p('leverage', 'number', 'leverage (futures)'),
      p('enter_tag', 'string', 'entry tag to store on the trade'),
    ],
    run: (c, a) =>
      c.forceenter(s(a.pair), (a.side as Side | undefined) ?? 'long', n(a.price), {
        order_type: a.order_type as OrderTypeValue | undefined,
        stake_amount: n(a.stake_amount),
        leverage: n(a.leverage),
        enter_tag: s(a.enter_tag),
      }),
  },
  {
    name: 'forceexit',
    doc: 'Exit a trade now, or all open trades with "all".',
    params: [
      p('tradeid', 'any', 'id of the trade, or "all"', true),
      p('ordertype', 'string', "'market' or 'limit' (default: configured)"),
      p('amount', 'number', 'amount to exit (default: all)'),
      p('price', 'number', 'limit price for the exit'),
    ],
    run: (c, a) => c.forceexit(a.tradeid as number | string, a.ordertype as OrderTypeValue, n(a.amount), n(a.price)),
  },
  noArgs('freqaimodels', 'List the available FreqAI models.', (c) => c.freqaimodels()),
  noArgs('health', 'Show when the bot last processed (liveness check).', (c) => c.health()),
  noArgs('hyperoptloss', 'List the available hyperopt loss functions.', (c) => c.hyperoptloss()),
  {
    name: 'lock_add',
    doc: 'Lock a pair until a time (rounded up to the next candle).',
    params: [
      p('pair', 'string', 'pair to lock', true),
      p('until', 'string', 'end of the lock with zone, e.g. "2024-03-30 16:00:00Z"', true),
      p('side', 'string', "'long', 'short' or '*' (default '*')"),
      p('reason', 'string', 'reason to store'),
    ],
    run: (c, a) => c.lock_add(s(a.pair), s(a.until), s(a.side) ?? '*', s(a.reason)),
  },
  noArgs('locks', 'Show the active locks.', (c) => c.locks()),
  {
    name: 'login',
    doc: 'Get an access and a refresh token (HTTP Basic credentials).',
    params: [],
    run: (c) => c.login(),
  },
  {
    name: 'logs',
    doc: 'Show the latest log messages.',
    params: [p('limit', 'integer', 'only the last N messages (default: all)')],
    run: (c, a) => c.logs(n(a.limit)),
  },
  {
    name: 'mix_tags',
    doc: 'Show profit per entry tag and exit reason combination.',
    params: [tagPair],
    run: (c, a) => c.mix_tags(s(a.pair)),
  },
  {
    name: 'monthly',
    doc: 'Show profit per month.',
    params: [p('months', 'integer', 'number of months (server default 3)')],
    run: (c, a) => c.monthly(n(a.months)),
  },
  {
    name: 'pair_candles',
    doc: 'Show the live analyzed candles of a pair.',
    params: [
      p('pair', 'string', 'pair, e.g. ETH/BTC', true),
      p('timeframe', 'string', 'timeframe, e.g. 5m', true),
      p('limit', 'integer', 'only the last N candles'),
      p('columns', 'list', 'comma-separated columns to return'),
    ],
    run: (c, a) => c.pair_candles(s(a.pair), s(a.timeframe), n(a.limit), a.columns as string[] | undefined),
  },
  {
    name: 'pair_history',
    doc: 'Show historic candles analysed by a strategy.',
    params: [
      p('pair', 'string', 'pair, e.g. ETH/BTC', true),
      p('timeframe', 'string', 'timeframe, e.g. 5m', true),
      p('strategy', 'string', 'strategy to analyse with', true),
      p('timerange', 'string', 'timerange, e.g. 20240101-20240201 (default: all data)'),
      p('freqaimodel', 'string', 'FreqAI model'),
      p('columns', 'list', 'comma-separated columns to return'),
    ],
    run: (c, a) =>
      c.pair_history(
        s(a.pair),
        s(a.timeframe),
        s(a.strategy),
        s(a.timerange),
        s(a.freqaimodel),
        a.columns as string[] | undefined,
      ),
  },
  noArgs('pairlists_available', 'List the available pairlist handlers.', (c) => c.pairlists_available()),
  noArgs('pause', 'Pause entries; open trades are still managed. Resume with start.', (c) => c.pause()),
  noArgs('performance', 'Show profit per pair.', (c) => c.performance()),
  noArgs('ping', 'Check that the API answers (GET /ping, no auth).', (c) => c.ping()),
  {
    name: 'plot_config',
    doc: "Show the strategy's plot configuration.",
    params: [p('strategy', 'string', 'strategy name (default: the running one)')],
    run: (c, a) => c.plot_config(s(a.strategy)),
  },
  noArgs('profit', 'Show the profit summary.', (c) => c.profit()),
  noArgs('profit_all', 'Show the profit summary, also split into long and short.', (c) => c.profit_all()),
  noArgs('reload_config', 'Reload the configuration.', (c) => c.reload_config()),
  noArgs('show_config', 'Show the settings relevant to trading.', (c) => c.show_config()),
  noArgs('start', 'Start the bot.', (c) => c.start()),
  noArgs('stats', 'Show exit reasons and average trade durations.', (c) => c.stats()),
  noArgs('status', 'Show the open trades.', (c) => c.status()),
  noArgs('stop', 'Stop the bot. Use start to restart.', (c) => c.stop()),
  noArgs('stopbuy', 'Stop entering new trades (alias of stopentry).', (c) => c.stopbuy()),
  noArgs('stopentry', 'Stop entering new trades; open trades are still managed.', (c) => c.stopentry()),
  noArgs('strategies', 'List the available strategies.', (c) => c.strategies()),
  {
    name: 'strategy',
    doc: 'Show a strategy (source code and settings).',
    params: [p('strategy', 'string', 'strategy class name', true)],
    run: (c, a) => c.strategy(s(a.strategy)),
  },
  {
    name: 'subscribe',
    doc: 'Print message websocket messages, one JSON line each, until interrupted.',
    params: [
      {
        name: 'types',
        type: 'list',
        doc: 'message types, e.g. entry_fill exit_fill whitelist (default: all)',
        rest: true,
      },
      p('token', 'string', 'ws_token (default: api_server.ws_token of the config, else login)'),
      p('count', 'integer', 'stop after this many messages'),
    ],
    run: () => {
      throw new Error('subscribe is handled by the CLI');
    },
  },
  noArgs('sysinfo', 'Show CPU and RAM usage.', (c) => c.sysinfo()),
  {
    name: 'trade',
    doc: 'Show one trade.',
    params: [tradeId],
    run: (c, a) => c.trade(n(a.trade_id)),
  },
  {
    name: 'trade_reload',
    doc: 'Re-sync a trade from the orders on the exchange.',
    params: [tradeId],
    run: (c, a) => c.trade_reload(n(a.trade_id)),
  },
  {
    name: 'trades',
    doc: 'Show closed trades, by id.',
    params: [
      p('limit', 'integer', 'at most this many trades (server default 500)'),
      p('offset', 'integer', 'skip this many trades'),
      p('order_by_id', 'boolean', 'false: latest close first (newer API)'),
    ],
    run: (c, a) => c.trades(n(a.limit), n(a.offset), a.order_by_id as boolean | undefined),
  },
  noArgs('version', 'Show the bot version.', (c) => c.version()),
  {
    name: 'weekly',
    doc: 'Show profit per week.',
    params: [p('weeks', 'integer', 'number of weeks (server default 4)')],
    run: (c, a) => c.weekly(n(a.weeks)),
  },
  noArgs('whitelist', 'Show the current whitelist.', (c) => c.whitelist()),
];

export const ALL_MESSAGE_TYPES: readonly RpcMessageType[] = RpcMessageType.options;

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** `name [a] [b]` with required params bare, optional ones in brackets. */
export function signature(command: CommandSpec): string {
  const parts = command.params.map((param) => {
    const label = param.rest ? `${param.name}...` : param.name;
    return param.required ? `<${label}>` : `[${label}]`;
  });
  return [command.name, ...parts].join(' ');
}

/** Help text listing every command with its parameters. */
export function helpText(only?: CommandSpec): string {
  const lines: string[] = [];
  if (!only) {
    lines.push('Usage: tickhub-client [--config FILE]... [--url URL] <command> [args...] [key=value...]', '');
    lines.push('Possible commands:', '');
  }
  for (const command of only ? [only] : COMMANDS) {
    lines.push(signature(command), `\t${command.doc}`);
    for (const param of command.params) lines.push(`\t:param ${param.name}: ${param.doc}`);
    lines.push('');
  }
  return lines.join('\n');
}
