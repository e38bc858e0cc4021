import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as S from '../src/schemas/index.ts';

// Hand-written payloads following docs/freqtrade-api.md (§6, §8, §10).
const order = {
  pair: 'ETH/USDT',
  order_id: 'abc-1',
  status: 'closed',
  amount: 0.5,
  safe_price: 2000,
  cost: 1000,
  filled: 0.5,
  remaining: 0,
  ft_order_side: 'buy',
  order_type: 'limit',
  is_open: false,
  order_timestamp: 1_711_800_000_000,
  order_filled_timestamp: 1_711_800_060_000,
  ft_fee_base: null,
  ft_order_tag: 'force_entry',
};

const trade = {
  trade_id: 1,
  pair: 'ETH/USDT',
  base_currency: 'ETH',
  quote_currency: 'USDT',
  is_open: true,
  exchange: 'binance',
  amount: 0.5,
  amount_requested: 0.5,
  stake_amount: 1000,
  max_stake_amount: 1000,
  strategy: 'SampleStrategy',
  enter_tag: 'force_entry',
  timeframe: 5,
  fee_open: 0.001,
  fee_open_cost: 1,
  fee_open_currency: 'USDT',
  fee_close: 0.001,
  fee_close_cost: null,
  fee_close_currency: null,
  open_date: '2024-03-30 12:00:00',
  open_timestamp: 1_711_800_000_000,
  open_fill_date: '2024-03-30 12:01:00',
  open_fill_timestamp: 1_711_800_060_000,
  open_rate: 2000,
  open_rate_requested: 2000,
  open_trade_value: 1001,
  close_date: null,
  close_timestamp: null,
  realized_profit: 0,
  realized_profit_ratio: null,
  close_rate: null,
  close_rate_requested: null,
  close_profit: null,
  close_profit_pct: null,
  close_profit_abs: null,
  profit_ratio: null,
  profit_pct: null,
  profit_abs: null,
  exit_reason: null,
  exit_order_status: null,
  stop_loss_abs: 1800,
  stop_loss_ratio: -0.1,
  stop_loss_pct: -10,
  stoploss_last_update: '2024-03-30 12:01:00',
  stoploss_last_update_timestamp: 1_711_800_060_000,
  initial_stop_loss_abs: 1800,
  initial_stop_loss_ratio: -0.1,
  initial_stop_loss_pct: -10,
  min_rate: 1990,
  max_rate: 2010,
  leverage: 1,
  interest_rate: 0,
  liquidation_price: null,
  is_short: false,
  trading_mode: 'spot',
  funding_fees: 0,
  amount_precision: 0.0001,
  price_precision: 0.01,
  precision_mode: 4,
  has_open_orders: false,
  orders: [order],
};

const openTrade = {
  ...trade,
  profit_fiat: null,
  current_rate: 2010,
  profit_ratio: 0.004,
  profit_pct: 0.4,
  profit_abs: 4,
  total_profit_abs: 4,
  total_profit_fiat: null,
  total_profit_ratio: 0.004,
  stoploss_current_dist: -210,
  stoploss_current_dist_ratio: -0.10447761,
  stoploss_current_dist_pct: -10.45,
  stoploss_entry_dist: -101,
  stoploss_entry_dist_ratio: -0.1009,
};

const rawTrade = {
  ...trade,
  is_open: false,
  close_date: '2024-03-30 13:00:00',
  close_timestamp: 1_711_803_600_000,
  trade_duration_s: 3600,
  trade_duration: 60,
  precision_mode_price: 4,
  contract_size: 1,
  orders: [
    {
      ...order,
      ft_is_entry: true,
      average: 2000,
      order_date: '2024-03-30 12:00:00',
      order_filled_date: null,
      price: 2000,
      funding_fee: 0,
    },
  ],
};

const profit = {
  profit_closed_coin: 10,
  profit_closed_percent_mean: 1,
  profit_closed_ratio_mean: 0.01,
  profit_closed_percent_sum: 1,
  profit_closed_ratio_sum: 0.01,
  profit_closed_percent: 1,
  profit_closed_ratio: 0.01,
  profit_closed_fiat: 0,
  profit_all_coin: 12,
  profit_all_percent_mean: 1.2,
  profit_all_ratio_mean: 0.012,
  profit_all_percent_sum: 1.2,
  profit_all_ratio_sum: 0.012,
  profit_all_percent: 1.2,
  profit_all_ratio: 0.012,
  profit_all_fiat: 0,
  trade_count: 2,
  closed_trade_count: 1,
  first_trade_date: '2024-03-30 12:00:00',
  first_trade_humanized: '5 minutes ago',
  first_trade_timestamp: 1_711_800_000_000,
  latest_trade_date: '',
  latest_trade_humanized: '',
  latest_trade_timestamp: 0,
  avg_duration: '1:00:00',
  best_pair: 'ETH/USDT',
  best_rate: 1,
  best_pair_profit_ratio: 0.01,
  winning_trades: 1,
  losing_trades: 0,
  profit_factor: null,
  winrate: 1,
  expectancy: 10,
  expectancy_ratio: 100,
  max_drawdown: 0,
  max_drawdown_abs: 0,
  max_drawdown_start: '',
  max_drawdown_start_timestamp: 0,
  max_drawdown_end: '',
  max_drawdown_end_timestamp: 0,
  trading_volume: 2000,
  bot_start_timestamp: 1_711_700_000_000,
  bot_start_date: '2024-03-29 08:13:20',
};

const lock = {
  id: 1,
  pair: 'ETH/USDT',
  lock_time: '2024-03-30 12:00:00',
  lock_timestamp: 1_711_800_000_000,
  lock_end_time: '2024-03-30 16:00:00',
  lock_end_timestamp: 1_711_814_400_000,
  reason: 'manual',
  side: '*',
  active: true,
};

const tradeMessage = {
  trade_id: 1,
  buy_tag: 'tag',
  enter_tag: 'tag',
  exchange: 'Binance',
  pair: 'ETH/USDT',
  base_currency: 'ETH',
  quote_currency: 'USDT',
  leverage: 1,
  direction: 'Long',
  limit: 2000,
  open_rate: 2000,
  order_type: 'limit',
  stake_amount: 1000,
  stake_currency: 'USDT',
  fiat_currency: null,
  amount: 0.5,
  open_date: '2024-03-30T12:00:00+00:00',
  current_rate: 2001,
  sub_trade: false,
};

const exitMessage = {
  ...tradeMessage,
  gain: 'profit',
  profit_amount: 10,
  profit_ratio: 0.01,
  exit_reason: 'roi',
  close_date: '2024-03-30T13:00:00+00:00',
};

const examples: [string, z.ZodType, unknown][] = [
  ['Ping', S.Ping, { status: 'pong' }],
  ['Version', S.Version, { version: '2024.10-dev-abc' }],
  ['AccessAndRefreshToken', S.AccessAndRefreshToken, { access_token: 'a', refresh_token: 'r' }],
  ['AccessToken', S.AccessToken, { access_token: 'a' }],
  [
    'ShowConfig',
    S.ShowConfig,
    {
      version: '2024.10',
      strategy_version: null,
      api_version: 2.4,
      dry_run: true,
      trading_mode: 'spot',
      short_allowed: false,
      stake_currency: 'USDT',
      stake_amount: 'unlimited',
      available_capital: null,
      stake_currency_decimals: 3,
      max_open_trades: -1,
      minimal_roi: { '0': 0.04, '40': 0.01 },
      stoploss: -0.1,
      stoploss_on_exchange: false,
      trailing_stop: false,
      trailing_stop_positive: null,
      trailing_stop_positive_offset: 0,
      trailing_only_offset_is_reached: false,
      unfilledtimeout: { entry: 10, exit: 10, unit: 'minutes', exit_timeout_count: 0 },
      order_types: { entry: 'limit', exit: 'limit', stoploss: 'market', stoploss_on_exchange: false },
      use_custom_stoploss: false,
      timeframe: '5m',
      timeframe_ms: 300_000,
      timeframe_min: 5,
      exchange: 'binance',
      strategy: 'SampleStrategy',
      force_entry_enable: true,
      exit_pricing: { price_side: 'same' },
      entry_pricing: {},
      bot_name: 'freqtrade',
      state: 'running',
      runmode: 'dry_run',
      position_adjustment_enable: false,
      max_entry_position_adjustment: -1,
    },
  ],
  [
    'Balances',
    S.Balances,
    {
      currencies: [
        {
          currency: 'USDT',
          free: 900,
          balance: 1000,
          used: 100,
          bot_owned: 1000,
          est_stake: 1000,
          est_stake_bot: 1000,
          stake: 'USDT',
          side: 'long',
          is_position: false,
          position: 0,
          is_bot_managed: true,
        },
      ],
      total: 1000,
      total_bot: 1000,
      symbol: '',
      value: 0,
      value_bot: 0,
      stake: 'USDT',
      note: 'Simulated balances',
      starting_capital: 1000,
      starting_capital_ratio: 0,
      starting_capital_pct: 0,
      starting_capital_fiat: 0,
      starting_capital_fiat_ratio: 0,
      starting_capital_fiat_pct: 0,
    },
  ],
  ['Count', S.Count, { current: 1, max: -1, total_stake: 1000 }],
  ['Profit', S.Profit, profit],
  [
    'Profit (newer fields)',
    S.Profit,
    { ...profit, sharpe: 1.2, sortino: null, cagr: 0.5, current_drawdown_start_timestamp: 0 },
  ],
  ['ProfitAll', S.ProfitAll, { all: profit, long: profit, short: null }],
  [
    'Stats',
    S.Stats,
    { exit_reasons: { roi: { wins: 2, losses: 0, draws: 1 } }, durations: { wins: 3600.5, draws: null, losses: null } },
  ],
  [
    'DailyWeeklyMonthly',
    S.DailyWeeklyMonthly,
    {
      data: [
        { date: '2024-03-30', abs_profit: 10, rel_profit: 0.01, starting_balance: 1000, fiat_value: 0, trade_count: 1 },
      ],
      fiat_display_currency: '',
      stake_currency: 'USDT',
    },
  ],
  [
    'PerformanceList',
    S.PerformanceList,
    [{ pair: 'ETH/USDT', profit: 1, profit_ratio: 0.01, profit_pct: 1, profit_abs: 10, count: 1 }],
  ],
  ['EntryList', S.EntryList, [{ enter_tag: 'Other', profit_ratio: 0.01, profit_pct: 1, profit_abs: 10, count: 1 }]],
  ['ExitList', S.ExitList, [{ exit_reason: 'roi', profit_ratio: 0.01, profit_pct: 1, profit_abs: 10, count: 1 }]],
  ['MixTagList', S.MixTagList, [{ mix_tag: 'Other roi', profit_ratio: 0.01, profit_pct: 1, profit_abs: 10, count: 1 }]],
  ['Order', S.Order, order],
  ['Trade', S.Trade, { ...trade, profit_fiat: null }],
  ['OpenTrade', S.OpenTrade, openTrade],
  ['OpenTrade (price lookup failed)', S.OpenTrade, { ...openTrade, current_rate: null, profit_ratio: null }],
  ['OpenTradeList', S.OpenTradeList, [openTrade]],
  ['RawTrade', S.RawTrade, rawTrade],
  ['TradesPage', S.TradesPage, { trades: [rawTrade], trades_count: 1, offset: 0, total_trades: 1 }],
  [
    'DeleteTrade',
    S.DeleteTrade,
    { result: 'success', trade_id: 1, result_msg: 'Deleted trade 1. Closed 1 open orders.', cancel_order_count: 1 },
  ],
  ['ForceEnterResponse (trade)', S.ForceEnterResponse, { ...trade, profit_fiat: null }],
  ['ForceEnterResponse (status)', S.ForceEnterResponse, { status: 'Error entering long trade for pair ETH/USDT.' }],
  ['ResultMsg', S.ResultMsg, { result: 'Created exit order for trade 1.' }],
  ['StatusMsg', S.StatusMsg, { status: 'starting trader ...' }],
  ['Whitelist', S.Whitelist, { whitelist: ['ETH/USDT'], length: 1, method: ['StaticPairList'] }],
  [
    'Blacklist',
    S.Blacklist,
    {
      blacklist: ['BNB/.*'],
      blacklist_expanded: ['BNB/USDT'],
      errors: { 'XRP/USDT': { error_msg: 'Pair XRP/USDT already in pairlist.' } },
      length: 1,
      method: ['StaticPairList'],
    },
  ],
  ['Locks', S.Locks, { lock_count: 1, locks: [lock] }],
  [
    'Logs',
    S.Logs,
    { log_count: 1, logs: [['2024-03-30 12:00:00', 1_711_800_000_000.123, 'freqtrade', 'INFO', 'Bot heartbeat.']] },
  ],
  ['SysInfo', S.SysInfo, { cpu_pct: [12.5, 3], ram_pct: 40.1 }],
  [
    'Health',
    S.Health,
    {
      last_process: '2024-03-30T12:00:00Z',
      last_process_ts: 1_711_800_000,
      bot_start: null,
      bot_start_ts: null,
      bot_startup: '2024-03-30T11:00:00Z',
      bot_startup_ts: 1_711_796_400,
    },
  ],
  [
    'PairHistory',
    S.PairHistory,
    {
      strategy: 'SampleStrategy',
      pair: 'ETH/USDT',
      timeframe: '5m',
      timeframe_ms: 300_000,
      columns: ['date', 'open', 'high', 'low', 'close', 'volume', '__date_ts'],
      all_columns: ['date', 'open', 'high', 'low', 'close', 'volume'],
      data: [['2024-03-30T12:00:00Z', 1, 2, 0.5, 1.5, 100, 1_711_800_000_000]],
      length: 1,
      buy_signals: 0,
      sell_signals: 0,
      enter_long_signals: 0,
      exit_long_signals: 0,
      enter_short_signals: 0,
      exit_short_signals: 0,
      last_analyzed: '2024-03-30T12:05:00Z',
      last_analyzed_ts: 1_711_800_300,
      data_start_ts: 1_711_800_000_000,
      data_start: '2024-03-30 12:00:00+00:00',
      data_stop: '2024-03-30 12:00:00+00:00',
      data_stop_ts: 1_711_800_000_000,
    },
  ],
  ['PlotConfig (empty)', S.PlotConfig, {}],
  [
    'PlotConfig',
    S.PlotConfig,
    { main_plot: { tema: {}, sar: { color: 'white' } }, subplots: { MACD: { macd: { color: 'blue' } } } },
  ],
  ['AvailablePairs', S.AvailablePairs, { length: 1, pairs: ['ETH/USDT'], pair_interval: [['ETH/USDT', '5m', 'spot']] }],
  ['Strategies', S.Strategies, { strategies: ['SampleStrategy'] }],
  [
    'StrategyResponse',
    S.StrategyResponse,
    { strategy: 'SampleStrategy', code: 'class SampleStrategy: ...', timeframe: '5m' },
  ],
  [
    'Exchanges',
    S.Exchanges,
    {
      exchanges: [
        {
          name: 'binance',
          classname: 'binance',
          valid: true,
          supported: true,
          comment: '',
          dex: false,
          is_alias: false,
          alias_for: null,
          trade_modes: [{ trading_mode: 'spot', margin_mode: '' }],
        },
      ],
    },
  ],
  [
    'HyperoptLossList',
    S.HyperoptLossList,
    { loss_functions: [{ name: 'SharpeHyperOptLoss', description: 'Sharpe ratio.' }] },
  ],
  ['FreqaiModels', S.FreqaiModels, { freqaimodels: ['LightGBMRegressor'] }],
  [
    'CustomData',
    S.CustomData,
    [
      {
        trade_id: 1,
        custom_data: [{ key: 'k', type: 'str', value: 'v', created_at: '2024-03-30T12:00:00Z', updated_at: null }],
      },
    ],
  ],
  [
    'HTTPValidationError',
    S.HTTPValidationError,
    { detail: [{ type: 'missing', loc: ['query', 'pair'], msg: 'Field required', input: null }] },
  ],
  ['ErrorDetail', S.ErrorDetail, { detail: 'Trade not found.' }],
  ['RpcError', S.RpcError, { error: 'Error querying /api/v1/edge: Edge is not enabled.' }],
  ['WsSubscribeRequest', S.WsRequest, { type: 'subscribe', data: ['whitelist', 'entry_fill', 'new_candle'] }],
  ['WsWhitelistRequest', S.WsRequest, { type: 'whitelist', data: '' }],
  ['WsAnalyzedDfRequest', S.WsRequest, { type: 'analyzed_df', data: { limit: 10, pair: 'ETH/USDT' } }],
  ['WsStatusMessage', S.WsMessage, { type: 'status', status: 'running' }],
  ['WsRequestErrorMessage', S.WsMessage, { type: 'exception', data: 'Error processing request' }],
  ['WsEntryMessage', S.WsEntryMessage, { type: 'entry_fill', ...tradeMessage }],
  ['WsEntryCancelMessage', S.WsEntryCancelMessage, { type: 'entry_cancel', ...tradeMessage, reason: 'timeout' }],
  [
    'WsExitMessage',
    S.WsExitMessage,
    {
      type: 'exit_fill',
      ...exitMessage,
      current_rate: null,
      order_rate: 2020,
      close_rate: 2020,
      cumulative_profit: 10,
      final_profit_ratio: 0.01,
      is_final_exit: true,
    },
  ],
  ['WsExitCancelMessage', S.WsExitCancelMessage, { type: 'exit_cancel', ...exitMessage, reason: 'timeout' }],
  [
    'WsProtectionMessage',
    S.WsProtectionMessage,
    { type: 'protection_trigger_global', base_currency: null, ...lock, pair: '*', reason: 'cooldown' },
  ],
  ['WsStrategyMessage', S.WsMessage, { type: 'strategy_msg', msg: 'hello' }],
  ['WsWhitelistMessage', S.WsMessage, { type: 'whitelist', data: ['ETH/USDT'] }],
  [
    'WsAnalyzedDfMessage',
    S.WsMessage,
    {
      type: 'analyzed_df',
      data: {
        key: ['ETH/USDT', '5m', 'spot'],
        df: { __type__: 'dataframe', __value__: '{"columns":["date"],"index":[0],"data":[[1711800000000]]}' },
        la: '2024-03-30T12:05:00+00:00',
      },
    },
  ],
  ['WsNewCandleMessage', S.WsMessage, { type: 'new_candle', data: ['ETH/USDT', '5m', 'spot'] }],
];

describe('schemas accept spec examples', () => {
  it.each(examples)('%s', (_name, schema, payload) => {
    const result = schema.safeParse(payload);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

describe('schemas reject what the spec forbids', () => {
  it('ints must be integers and nullability is exact', () => {
    expect(S.Count.safeParse({ current: 1.5, max: -1, total_stake: 0 }).success).toBe(false);
    expect(S.Trade.safeParse({ ...trade, profit_fiat: null, timeframe: '5m' }).success).toBe(false);
    expect(S.Trade.safeParse({ ...trade, profit_fiat: null, is_short: null }).success).toBe(false);
    expect(S.Trade.safeParse({ ...trade, profit_fiat: null, open_timestamp: 1.5 }).success).toBe(false);
  });

  it('model-filtered schemas drop keys the model does not know, raw ones keep them', () => {
    const parsed = S.OpenTrade.parse({ ...openTrade, trade_duration: 60, orders: [{ ...order, ft_is_entry: true }] });
    expect(parsed).not.toHaveProperty('trade_duration');
    expect(parsed.orders[0]).not.toHaveProperty('ft_is_entry');
    expect(S.RawTrade.parse({ ...rawTrade, future_key: 1 })).toHaveProperty('future_key', 1);
  });
});

describe('request bodies', () => {
  it('ForceEnterRequest: defaults side, coerces numeric strings, keeps unknown keys', () => {
    expect(S.ForceEnterRequest.parse({ pair: 'ETH/USDT', price: '1.5', stakeamount: 20, botId: 'ftbot.1' })).toEqual({
      pair: 'ETH/USDT',
      side: 'long',
      price: 1.5,
      stakeamount: 20,
      botId: 'ftbot.1',
    });
    expect(S.ForceEnterRequest.safeParse({ pair: 'ETH/USDT', side: 'sideways' }).success).toBe(false);
    expect(S.ForceEnterRequest.safeParse({ pair: 'ETH/USDT', ordertype: 'stop' }).success).toBe(false);
    expect(S.ForceEnterRequest.safeParse({ side: 'long' }).success).toBe(false);
  });

  it('ForceExitRequest: tradeid string or int, amount as string like freqtrade-client sends', () => {
    expect(S.ForceExitRequest.parse({ tradeid: '5', ordertype: 'market', amount: '23' })).toEqual({
      tradeid: '5',
      ordertype: 'market',
      amount: 23,
    });
    expect(S.ForceExitRequest.parse({ tradeid: 'all', price: 10 })).toEqual({ tradeid: 'all', price: 10 });
    expect(S.ForceExitRequest.safeParse({ tradeid: 1, amount: 'lots' }).success).toBe(false);
  });

  it('LockAddRequest needs a zone in until', () => {
    expect(S.LockAddRequest.parse([{ pair: 'ETH/USDT', until: '2024-03-30 16:00:00Z' }])).toEqual([
      { pair: 'ETH/USDT', until: '2024-03-30 16:00:00Z', side: '*' },
    ]);
    expect(S.LockAddRequest.safeParse([{ pair: 'ETH/USDT', until: '2024-03-30T16:00:00+02:00' }]).success).toBe(true);
    expect(S.LockAddRequest.safeParse([{ pair: 'ETH/USDT', until: '2024-03-30 16:00:00' }]).success).toBe(false);
  });

  it('other bodies', () => {
    expect(S.BlacklistPayload.safeParse({ blacklist: ['BNB/BTC'] }).success).toBe(true);
    expect(S.DeleteLockRequest.parse({ lockid: '3' })).toEqual({ lockid: 3 });
    expect(S.PairCandlesRequest.parse({ pair: 'ETH/USDT', timeframe: '5m', limit: '10', columns: ['rsi'] })).toEqual({
      pair: 'ETH/USDT',
      timeframe: '5m',
      limit: 10,
      columns: ['rsi'],
    });
    expect(S.PairHistoryRequest.safeParse({ pair: 'ETH/USDT', timeframe: '5m', strategy: 'S' }).success).toBe(false);
    expect(S.WsRequest.safeParse({ type: 'subscribe', data: ['nope'] }).success).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('every schema with an id becomes a named component', () => {
    const app = new OpenAPIHono();
    const ids: string[] = [];
    for (const value of Object.values(S)) {
      if (!(value instanceof z.ZodType)) continue;
      const id = (value.meta() as { id?: string } | undefined)?.id;
      if (!id) continue;
      ids.push(id);
      app.openAPIRegistry.register(id, value);
    }
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'tickhub', version: '0' } });
    const components = doc.components?.schemas ?? {};
    expect(ids.length).toBeGreaterThan(70);
    for (const id of ids) expect(components).toHaveProperty(id);
    const tradeSchema = components.Trade as { properties: Record<string, unknown> };
    expect(tradeSchema.properties.orders).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Order' } });
    expect(tradeSchema.properties.trade_id).toEqual({ type: 'integer' });
  });
});
