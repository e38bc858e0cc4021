import { z } from 'zod';
import { int } from './common.ts';

/**
 * GET /historic_balance (API 2.48) and the backtest wallet: a table as columns + rows, `__date_ts`
 * (epoch ms) last; `capture_start_ts` (ms) is where recorded data starts (earlier rows are rebuilt).
 */
export const WalletHistory = z
  .object({
    columns: z.array(z.string()),
    length: int(),
    data: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
    capture_start_ts: int().nullable(),
  })
  .meta({ id: 'WalletHistory' });
export type WalletHistory = z.infer<typeof WalletHistory>;

/** Webserver mode: the answer of every route that starts a background job. */
export const BgJobStarted = z.object({ status: z.string(), job_id: z.string() }).meta({ id: 'BgJobStarted' });
export type BgJobStarted = z.infer<typeof BgJobStarted>;

const ProgressTask = z.object({ progress: z.number(), total: z.number(), description: z.string() });

/** GET /background/{job_id} and each entry of GET /background (FreqUI's BackgroundTaskStatus). */
export const BackgroundTaskStatus = z
  .object({
    job_id: z.string(),
    job_category: z.enum(['pairlist', 'download_data', 'backtest', 'lookahead_analysis', 'recursive_analysis']),
    status: z.string(),
    running: z.boolean(),
    progress: z.number().nullable(),
    progress_tasks: z.record(z.string(), ProgressTask).nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'BackgroundTaskStatus' });
export type BackgroundTaskStatus = z.infer<typeof BackgroundTaskStatus>;

export const BackgroundTaskList = z.array(BackgroundTaskStatus).meta({ id: 'BackgroundTaskList' });

/** FreqUI's ExchangeSelectPayload: part of the webserver request bodies. */
const exchangeSelect = {
  exchange: z.string().max(100).nullish(),
  trading_mode: z.enum(['spot', 'margin', 'futures']).nullish(),
  margin_mode: z.enum(['cross', 'isolated', '']).nullish(),
};

/** POST /download_data (candle_types 2.44, prepend_data 2.46). */
export const DownloadDataPayload = z
  .object({
    ...exchangeSelect,
    pairs: z.array(z.string().max(100)).max(1000),
    timeframes: z.array(z.string().max(10)).max(20).nullish(),
    days: int().min(1).max(100_000).nullish(),
    timerange: z.string().max(40).nullish(),
    erase: z.boolean().default(false),
    download_trades: z.boolean().default(false),
    candle_types: z.array(z.string().max(20)).max(10).nullish(),
    prepend_data: z.boolean().default(false),
  })
  .meta({ id: 'DownloadDataPayload' });
export type DownloadDataPayload = z.infer<typeof DownloadDataPayload>;

/** POST /pairlists/evaluate. */
export const PairlistsPayload = z
  .object({
    ...exchangeSelect,
    pairlists: z
      .array(z.object({ method: z.string().max(100) }).catchall(z.unknown()))
      .min(1)
      .max(50),
    blacklist: z.array(z.string().max(100)).max(500),
    stake_currency: z.string().max(20),
  })
  .meta({ id: 'PairlistsPayload' });
export type PairlistsPayload = z.infer<typeof PairlistsPayload>;

/** GET /pairlists/evaluate/{job_id}: the whitelist once done, or the error. */
export const PairlistEvalResponse = z
  .object({
    status: z.string(),
    error: z.string().nullish(),
    result: z.object({ method: z.array(z.string()), length: int(), whitelist: z.array(z.string()) }).nullish(),
  })
  .meta({ id: 'PairlistEvalResponse' });
export type PairlistEvalResponse = z.infer<typeof PairlistEvalResponse>;

const PairlistParameter = z
  .object({
    type: z.enum(['string', 'number', 'boolean', 'option', 'list']),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
    description: z.string(),
    help: z.string(),
    options: z.array(z.string()).optional(),
  })
  .meta({ id: 'PairlistParameter' });

/** GET /pairlists/available. */
export const PairlistsAvailable = z
  .object({
    pairlists: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        is_pairlist_generator: z.boolean(),
        params: z.record(z.string(), PairlistParameter),
      }),
    ),
  })
  .meta({ id: 'PairlistsAvailable' });
export type PairlistsAvailable = z.infer<typeof PairlistsAvailable>;

/** GET /markets (2.42). */
export const Markets = z
  .object({
    markets: z.record(
      z.string(),
      z.object({
        symbol: z.string(),
        base: z.string(),
        quote: z.string(),
        spot: z.boolean(),
        swap: z.boolean(),
        active: z.boolean().optional(),
      }),
    ),
    exchange_id: z.string(),
  })
  .meta({ id: 'Markets' });
export type Markets = z.infer<typeof Markets>;

/** POST /backtest: FreqUI's BacktestPayload (freqtrade's BacktestRequest). */
export const BacktestRequest = z
  .object({
    strategy: z.string().max(100),
    timerange: z.string().max(40).nullish(),
    timeframe: z.string().max(10).nullish(),
    timeframe_detail: z.string().max(10).nullish(),
    max_open_trades: int().min(-1).max(100_000).nullish(),
    stake_amount: z.union([z.string().max(40), z.number().min(0).max(1e15)]).nullish(),
    dry_run_wallet: z.number().min(0).max(1e15).nullish(),
    enable_protections: z.boolean(),
    backtest_cache: z.string().max(20).nullish(),
    freqaimodel: z.string().max(100).nullish(),
    freqai: z.object({ identifier: z.string().max(100) }).nullish(),
  })
  .meta({ id: 'BacktestRequest' });
export type BacktestRequest = z.infer<typeof BacktestRequest>;

/** GET/POST/DELETE /backtest, /backtest/abort, /backtest/history/result (FreqUI's BacktestStatus). */
export const BacktestResponse = z
  .object({
    status: z.string(),
    running: z.boolean(),
    status_msg: z.string(),
    step: z.string(),
    progress: z.number(),
    trade_count: z.number().nullable().optional(),
    backtest_result: z
      .object({
        metadata: z.record(z.string(), z.record(z.string(), z.unknown())),
        strategy: z.record(z.string(), z.record(z.string(), z.unknown())),
        strategy_comparison: z.array(z.record(z.string(), z.unknown())),
      })
      .optional(),
  })
  .meta({ id: 'BacktestResponse' });
export type BacktestResponse = z.infer<typeof BacktestResponse>;

/** GET /backtest/history and the answers of DELETE/PATCH /backtest/history/{file}. */
export const BacktestHistory = z
  .array(
    z.object({
      filename: z.string(),
      strategy: z.string(),
      run_id: z.string(),
      backtest_start_time: int(),
      notes: z.string().optional(),
      backtest_start_ts: int().nullable().optional(),
      backtest_end_ts: int().nullable().optional(),
      timeframe: z.string().nullable().optional(),
      timeframe_detail: z.string().nullable().optional(),
    }),
  )
  .meta({ id: 'BacktestHistory' });
export type BacktestHistory = z.infer<typeof BacktestHistory>;

/** PATCH /backtest/history/{file}: FreqUI also sends run_id and filename (ignored). */
export const BacktestMetadataUpdate = z
  .object({ strategy: z.string().max(100), notes: z.string().max(10_000).default('') })
  .meta({ id: 'BacktestMetadataUpdate' });
export type BacktestMetadataUpdate = z.infer<typeof BacktestMetadataUpdate>;

/** POST /lookahead_analysis (2.49): FreqUI's LookaheadAnalysisPayload. */
export const LookaheadAnalysisPayload = z
  .object({
    strategy: z.string().max(100),
    timeframe: z.string().max(10).nullish(),
    timerange: z.string().max(40).nullish(),
    minimum_trade_amount: int().min(1).max(10_000).nullish(),
    targeted_trade_amount: int().min(1).max(10_000).nullish(),
    lookahead_allow_limit_orders: z.boolean().nullish(),
  })
  .meta({ id: 'LookaheadAnalysisPayload' });
export type LookaheadAnalysisPayload = z.infer<typeof LookaheadAnalysisPayload>;

/** POST /recursive_analysis (2.49): FreqUI's RecursiveAnalysisPayload. */
export const RecursiveAnalysisPayload = z
  .object({
    strategy: z.string().max(100),
    timeframe: z.string().max(10).nullish(),
    timerange: z.string().max(40).nullish(),
    startup_candle: z.array(int().min(1).max(100_000)).max(20).nullish(),
  })
  .meta({ id: 'RecursiveAnalysisPayload' });
export type RecursiveAnalysisPayload = z.infer<typeof RecursiveAnalysisPayload>;

export const LookaheadResult = z.object({
  strategy: z.string(),
  has_bias: z.boolean(),
  total_signals: int(),
  biased_entry_signals: int(),
  biased_exit_signals: int(),
  biased_indicators: z.array(z.string()),
});
export type LookaheadResult = z.infer<typeof LookaheadResult>;

export const RecursiveResult = z.object({
  strategy: z.string(),
  startup_candles: z.array(int()),
  strategy_scc: int(),
  results: z.record(z.string(), z.record(z.string(), z.number())),
});
export type RecursiveResult = z.infer<typeof RecursiveResult>;

/** GET /lookahead_analysis/{job_id} (FreqUI's LookaheadAnalysis); result null until ended. */
export const LookaheadAnalysisResponse = z
  .object({ status: z.string(), running: z.boolean(), status_msg: z.string(), result: LookaheadResult.nullable() })
  .meta({ id: 'LookaheadAnalysisResponse' });
export type LookaheadAnalysisResponse = z.infer<typeof LookaheadAnalysisResponse>;

/** GET /recursive_analysis/{job_id} (FreqUI's RecursiveAnalysis); result null until ended. */
export const RecursiveAnalysisResponse = z
  .object({ status: z.string(), running: z.boolean(), status_msg: z.string(), result: RecursiveResult.nullable() })
  .meta({ id: 'RecursiveAnalysisResponse' });
export type RecursiveAnalysisResponse = z.infer<typeof RecursiveAnalysisResponse>;
