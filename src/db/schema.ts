// The database schema (Drizzle, sqlite-core): one schema for libSQL files, libSQL over HTTP and D1.
// Columns carry everything freqtrade's Trade and Order JSON need. Times are epoch milliseconds.

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Order, PairLock, Trade } from '../domain/trade.ts';

export const trades = sqliteTable(
  'trades',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    exchange: text('exchange').notNull(),
    pair: text('pair').notNull(),
    baseCurrency: text('base_currency').notNull(),
    stakeCurrency: text('stake_currency').notNull(),
    isOpen: integer('is_open', { mode: 'boolean' }).notNull().default(true),
    feeOpen: real('fee_open').notNull().default(0),
    feeOpenCost: real('fee_open_cost'),
    feeOpenCurrency: text('fee_open_currency'),
    feeClose: real('fee_close').notNull().default(0),
    feeCloseCost: real('fee_close_cost'),
    feeCloseCurrency: text('fee_close_currency'),
    openRate: real('open_rate').notNull(),
    openRateRequested: real('open_rate_requested'),
    openTradeValue: real('open_trade_value').notNull().default(0),
    closeRate: real('close_rate'),
    closeRateRequested: real('close_rate_requested'),
    realizedProfit: real('realized_profit').notNull().default(0),
    closeProfit: real('close_profit'),
    closeProfitAbs: real('close_profit_abs'),
    stakeAmount: real('stake_amount').notNull(),
    maxStakeAmount: real('max_stake_amount'),
    amount: real('amount').notNull(),
    amountRequested: real('amount_requested'),
    openDate: integer('open_date').notNull(),
    closeDate: integer('close_date'),
    stopLoss: real('stop_loss').notNull().default(0),
    stopLossPct: real('stop_loss_pct'),
    initialStopLoss: real('initial_stop_loss').default(0),
    initialStopLossPct: real('initial_stop_loss_pct'),
    isStopLossTrailing: integer('is_stop_loss_trailing', { mode: 'boolean' }).notNull().default(false),
    stoplossLastUpdate: integer('stoploss_last_update'),
    maxRate: real('max_rate'),
    minRate: real('min_rate'),
    exitReason: text('exit_reason'),
    exitOrderStatus: text('exit_order_status'),
    strategy: text('strategy').notNull(),
    enterTag: text('enter_tag'),
    timeframe: integer('timeframe'),
    tradingMode: text('trading_mode').notNull().default('spot'),
    amountPrecision: real('amount_precision'),
    pricePrecision: real('price_precision'),
    precisionMode: integer('precision_mode'),
    precisionModePrice: integer('precision_mode_price'),
    contractSize: real('contract_size'),
    leverage: real('leverage').notNull().default(1),
    isShort: integer('is_short', { mode: 'boolean' }).notNull().default(false),
    liquidationPrice: real('liquidation_price'),
    interestRate: real('interest_rate').notNull().default(0),
    fundingFees: real('funding_fees').notNull().default(0),
    /** Sequence for client order ids: trade id + sequence gives a stable, unique id per order. */
    orderSeq: integer('order_seq').notNull().default(0),
    recordVersion: integer('record_version').notNull().default(1),
  },
  (t) => [
    index('trades_is_open_idx').on(t.isOpen, t.id),
    index('trades_pair_idx').on(t.pair, t.isOpen),
    // Covering indexes for the reports (/daily, /profit sums; /performance per pair).
    index('trades_close_date_idx').on(t.isOpen, t.closeDate, t.closeProfitAbs),
    index('trades_performance_idx').on(t.isOpen, t.pair, t.closeProfitAbs, t.closeProfit),
    // The report book's pass in closing order (src/reports/book-pass.ts, forEachClosedTrade).
    index('trades_closed_order_idx').on(
      t.isOpen,
      t.closeDate,
      t.id,
      t.isShort,
      t.pair,
      t.openDate,
      t.closeProfit,
      t.closeProfitAbs,
      t.enterTag,
      t.exitReason,
    ),
  ],
);

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ftTradeId: integer('ft_trade_id')
      .notNull()
      .references(() => trades.id, { onDelete: 'cascade' }),
    ftOrderSide: text('ft_order_side').notNull(), // buy | sell | stoploss
    ftPair: text('ft_pair').notNull(),
    ftIsOpen: integer('ft_is_open', { mode: 'boolean' }).notNull().default(true),
    ftAmount: real('ft_amount').notNull(),
    ftPrice: real('ft_price').notNull(),
    ftCancelReason: text('ft_cancel_reason'),
    ftOrderTag: text('ft_order_tag'),
    /** Exchange order id; null until the exchange accepted the order. */
    orderId: text('order_id'),
    clientOrderId: text('client_order_id').notNull(),
    status: text('status'),
    symbol: text('symbol'),
    orderType: text('order_type'),
    side: text('side'),
    price: real('price'),
    average: real('average'),
    amount: real('amount'),
    filled: real('filled'),
    remaining: real('remaining'),
    cost: real('cost'),
    stopPrice: real('stop_price'),
    orderDate: integer('order_date').notNull(),
    orderFilledDate: integer('order_filled_date'),
    orderUpdateDate: integer('order_update_date'),
    fundingFee: real('funding_fee'),
    ftFeeBase: real('ft_fee_base'),
    feeCost: real('fee_cost'),
    feeCurrency: text('fee_currency'),
    leverage: real('leverage'),
  },
  (t) => [
    index('orders_trade_idx').on(t.ftTradeId, t.id),
    uniqueIndex('orders_client_order_id_idx').on(t.clientOrderId),
    index('orders_open_idx').on(t.ftIsOpen),
    index('orders_volume_idx').on(t.status, t.ftTradeId, t.cost),
  ],
);

export const pairLocks = sqliteTable(
  'pairlocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pair: text('pair').notNull(),
    side: text('side').notNull().default('*'),
    reason: text('reason'),
    lockTime: integer('lock_time').notNull(),
    lockEndTime: integer('lock_end_time').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [index('pairlocks_active_idx').on(t.active, t.lockEndTime)],
);

/** Persisted bot state and small settings (bot_state, bot_start_time, runtime blacklist, ...). */
export const kv = sqliteTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Closed candles per (pair, timeframe, candle type). */
export const candles = sqliteTable(
  'candles',
  {
    pair: text('pair').notNull(),
    timeframe: text('timeframe').notNull(),
    candleType: text('candle_type').notNull(),
    ts: integer('ts').notNull(),
    open: real('open').notNull(),
    high: real('high').notNull(),
    low: real('low').notNull(),
    close: real('close').notNull(),
    volume: real('volume').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pair, t.timeframe, t.candleType, t.ts] })],
);

/** Orders of the dry-run broker (the simulated exchange's own book), JSON per order. */
export const simOrders = sqliteTable(
  'sim_orders',
  {
    id: text('id').primaryKey(),
    clientOrderId: text('client_order_id').notNull(),
    symbol: text('symbol').notNull(),
    isOpen: integer('is_open', { mode: 'boolean' }).notNull(),
    data: text('data').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sim_orders_client_idx').on(t.clientOrderId), index('sim_orders_open_idx').on(t.isOpen)],
);

/** freqtrade's trade custom data (key/value per trade). */
export const customData = sqliteTable(
  'trade_custom_data',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ftTradeId: integer('ft_trade_id')
      .notNull()
      .references(() => trades.id, { onDelete: 'cascade' }),
    cdKey: text('cd_key').notNull(),
    cdType: text('cd_type').notNull(),
    cdValue: text('cd_value').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at'),
  },
  (t) => [uniqueIndex('custom_data_trade_key_idx').on(t.ftTradeId, t.cdKey)],
);

/** Every money-moving or control call, append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ts: integer('ts').notNull(),
    username: text('username').notNull(),
    clientIp: text('client_ip').notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    bodyDigest: text('body_digest'),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
  },
  (t) => [index('audit_log_ts_idx').on(t.ts)],
);

/** Failed-login counters (shared by every host instance; used on the edge). */
export const loginFailures = sqliteTable('login_failures', {
  subject: text('subject').primaryKey(), // "ip:1.2.3.4" or "user:name"
  failures: integer('failures').notNull(),
  lockedUntil: integer('locked_until').notNull().default(0),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
});

/** The bot's wallet over time (GET /historic_balance): total, free and used in the stake currency. */
export const walletHistory = sqliteTable(
  'wallet_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    date: integer('date').notNull(),
    currency: text('currency').notNull(),
    totalQuote: real('total_quote').notNull(),
    freeQuote: real('free_quote').notNull(),
    usedQuote: real('used_quote').notNull(),
  },
  (t) => [index('wallet_history_date_idx').on(t.date)],
);

export const schema = {
  trades,
  orders,
  pairLocks,
  kv,
  candles,
  simOrders,
  customData,
  auditLog,
  loginFailures,
  walletHistory,
};

export type TradeRow = typeof trades.$inferSelect;
export type NewTradeRow = typeof trades.$inferInsert;
export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type PairLockRow = typeof pairLocks.$inferSelect;
export type CandleRow = typeof candles.$inferSelect;
export type WalletHistoryRow = typeof walletHistory.$inferSelect;

// The tables produce exactly the domain's records (src/domain/trade.ts): a column added on one side
// only fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [Same<TradeRow, Trade>, Same<OrderRow, Order>, Same<PairLockRow, PairLock>] = [true, true, true];
void sameShapes;
