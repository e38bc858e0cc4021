import { z } from 'zod';
import { int, msTimestamp } from './common.ts';

/** One row of /balance `currencies`. */
export const Balance = z
  .object({
    currency: z.string(),
    free: z.number(),
    balance: z.number(),
    used: z.number(),
    bot_owned: z.number().nullable(),
    est_stake: z.number(),
    est_stake_bot: z.number().nullable(),
    stake: z.string(),
    side: z.string(),
    is_position: z.boolean(),
    position: z.number(),
    is_bot_managed: z.boolean(),
  })
  .meta({ id: 'Balance' });
export type Balance = z.infer<typeof Balance>;

/** GET /balance. */
export const Balances = z
  .object({
    currencies: z.array(Balance),
    total: z.number(),
    total_bot: z.number(),
    symbol: z.string(),
    value: z.number(),
    value_bot: z.number(),
    stake: z.string(),
    note: z.string(),
    starting_capital: z.number(),
    starting_capital_ratio: z.number(),
    starting_capital_pct: z.number(),
    starting_capital_fiat: z.number(),
    starting_capital_fiat_ratio: z.number(),
    starting_capital_fiat_pct: z.number(),
  })
  .meta({ id: 'Balances' });
export type Balances = z.infer<typeof Balances>;

/** GET /count. */
export const Count = z
  .object({ current: int(), max: int().describe('-1 when unlimited'), total_stake: z.number() })
  .meta({ id: 'Count' });
export type Count = z.infer<typeof Count>;

/** GET /profit (also the parts of /profit_all). */
export const Profit = z
  .object({
    profit_closed_coin: z.number(),
    profit_closed_percent_mean: z.number(),
    profit_closed_ratio_mean: z.number(),
    profit_closed_percent_sum: z.number(),
    profit_closed_ratio_sum: z.number(),
    profit_closed_percent: z.number(),
    profit_closed_ratio: z.number(),
    profit_closed_fiat: z.number(),
    profit_all_coin: z.number(),
    profit_all_percent_mean: z.number(),
    profit_all_ratio_mean: z.number(),
    profit_all_percent_sum: z.number(),
    profit_all_ratio_sum: z.number(),
    profit_all_percent: z.number(),
    profit_all_ratio: z.number(),
    profit_all_fiat: z.number(),
    trade_count: int(),
    closed_trade_count: int(),
    first_trade_date: z.string(),
    first_trade_humanized: z.string(),
    first_trade_timestamp: msTimestamp(),
    latest_trade_date: z.string(),
    latest_trade_humanized: z.string(),
    latest_trade_timestamp: msTimestamp(),
    avg_duration: z.string(),
    best_pair: z.string(),
    best_rate: z.number(),
    best_pair_profit_ratio: z.number(),
    winning_trades: int(),
    losing_trades: int(),
    profit_factor: z.number().nullable().describe('null when there are no losing trades'),
    winrate: z.number(),
    expectancy: z.number(),
    expectancy_ratio: z.number(),
    max_drawdown: z.number(),
    max_drawdown_abs: z.number(),
    max_drawdown_start: z.string(),
    max_drawdown_start_timestamp: msTimestamp(),
    max_drawdown_end: z.string(),
    max_drawdown_end_timestamp: msTimestamp(),
    trading_volume: z.number().nullable(),
    bot_start_timestamp: msTimestamp(),
    bot_start_date: z.string(),
    // newer API (~2.43), optional
    best_pair_profit_abs: z.number().nullish(),
    sharpe: z.number().nullish(),
    sortino: z.number().nullish(),
    sqn: z.number().nullish(),
    calmar: z.number().nullish(),
    cagr: z.number().nullish(),
    current_drawdown: z.number().nullish(),
    current_drawdown_abs: z.number().nullish(),
    current_drawdown_high: z.number().nullish(),
    current_drawdown_start: z.string().nullish(),
    current_drawdown_start_timestamp: msTimestamp().nullish(),
  })
  .meta({ id: 'Profit' });
export type Profit = z.infer<typeof Profit>;

/** GET /profit_all (API 2.43). `long`/`short` only outside spot. */
export const ProfitAll = z
  .object({ all: Profit, long: Profit.nullish(), short: Profit.nullish() })
  .meta({ id: 'ProfitAll' });
export type ProfitAll = z.infer<typeof ProfitAll>;

const WinLossDraw = z.object({ wins: int(), losses: int(), draws: int() });

/** GET /stats. Durations are average seconds, null for empty buckets. */
export const Stats = z
  .object({
    exit_reasons: z.record(z.string(), WinLossDraw),
    durations: z.object({
      wins: z.number().nullable(),
      draws: z.number().nullable(),
      losses: z.number().nullable(),
    }),
  })
  .meta({ id: 'Stats' });
export type Stats = z.infer<typeof Stats>;

export const DailyWeeklyMonthlyRecord = z
  .object({
    date: z.string().describe('YYYY-MM-DD'),
    abs_profit: z.number(),
    rel_profit: z.number(),
    starting_balance: z.number(),
    fiat_value: z.number(),
    trade_count: int(),
  })
  .meta({ id: 'DailyWeeklyMonthlyRecord' });
export type DailyWeeklyMonthlyRecord = z.infer<typeof DailyWeeklyMonthlyRecord>;

/** GET /daily, /weekly, /monthly. Newest period first. */
export const DailyWeeklyMonthly = z
  .object({
    data: z.array(DailyWeeklyMonthlyRecord),
    fiat_display_currency: z.string(),
    stake_currency: z.string(),
  })
  .meta({ id: 'DailyWeeklyMonthly' });
export type DailyWeeklyMonthly = z.infer<typeof DailyWeeklyMonthly>;

/** One item of GET /performance. */
export const PerformanceEntry = z
  .object({
    pair: z.string(),
    profit: z.number().describe('percent (compatibility)'),
    profit_ratio: z.number(),
    profit_pct: z.number(),
    profit_abs: z.number(),
    count: int(),
  })
  .meta({ id: 'PerformanceEntry' });
export type PerformanceEntry = z.infer<typeof PerformanceEntry>;

const tagStats = {
  profit_ratio: z.number(),
  profit_pct: z.number(),
  profit_abs: z.number(),
  count: int(),
};

/** One item of GET /entries. */
export const Entry = z.object({ enter_tag: z.string(), ...tagStats }).meta({ id: 'Entry' });
export type Entry = z.infer<typeof Entry>;

/** One item of GET /exits. */
export const Exit = z.object({ exit_reason: z.string(), ...tagStats }).meta({ id: 'Exit' });
export type Exit = z.infer<typeof Exit>;

/** One item of GET /mix_tags (`"<enter_tag> <exit_reason>"`). */
export const MixTag = z.object({ mix_tag: z.string(), ...tagStats }).meta({ id: 'MixTag' });
export type MixTag = z.infer<typeof MixTag>;

export const PerformanceList = z.array(PerformanceEntry).meta({ id: 'PerformanceList' });
export const EntryList = z.array(Entry).meta({ id: 'EntryList' });
export const ExitList = z.array(Exit).meta({ id: 'ExitList' });
export const MixTagList = z.array(MixTag).meta({ id: 'MixTagList' });
