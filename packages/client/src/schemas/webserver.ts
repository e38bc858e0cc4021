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
