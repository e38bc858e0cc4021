import { z } from 'zod';
import { BODY_BOUNDS, boundedLaxInt, int, msTimestamp } from './common.ts';

/** GET/POST /pair_candles and /pair_history. `data` rows follow `columns`. */
export const PairHistory = z
  .object({
    strategy: z.string(),
    pair: z.string(),
    timeframe: z.string(),
    timeframe_ms: int(),
    columns: z.array(z.string()),
    all_columns: z.array(z.string()),
    data: z.array(z.array(z.unknown())),
    length: int(),
    buy_signals: int(),
    sell_signals: int(),
    enter_long_signals: int(),
    exit_long_signals: int(),
    enter_short_signals: int(),
    exit_short_signals: int(),
    last_analyzed: z.string(),
    last_analyzed_ts: int().describe('seconds'),
    data_start_ts: msTimestamp(),
    data_start: z.string(),
    data_stop: z.string(),
    data_stop_ts: msTimestamp(),
    annotations: z.array(z.unknown()).nullish().describe('newer API'),
  })
  .meta({ id: 'PairHistory' });
export type PairHistory = z.infer<typeof PairHistory>;

/** POST /pair_candles body. */
export const PairCandlesRequest = z
  .object({
    pair: z.string(),
    timeframe: z.string(),
    limit: boundedLaxInt(0, BODY_BOUNDS.limit).nullish(),
    columns: z.array(z.string()).nullish(),
  })
  .meta({ id: 'PairCandlesRequest' });
export type PairCandlesRequest = z.input<typeof PairCandlesRequest>;

/** POST /pair_history body. */
export const PairHistoryRequest = z
  .object({
    pair: z.string(),
    timeframe: z.string(),
    timerange: z.string(),
    strategy: z.string(),
    freqaimodel: z.string().nullish(),
    limit: boundedLaxInt(0, BODY_BOUNDS.limit).nullish().describe('ignored'),
    columns: z.array(z.string()).nullish(),
    live_mode: z.boolean().optional().describe('API 2.42'),
  })
  .meta({ id: 'PairHistoryRequest' });
export type PairHistoryRequest = z.input<typeof PairHistoryRequest>;

const PlotIndicator = z.looseObject({
  color: z.string().optional(),
  type: z.string().optional(),
  fill_to: z.string().optional(),
  plotly: z.record(z.string(), z.unknown()).optional(),
});

/** GET /plot_config: `{}` or `{main_plot, subplots}`. */
export const PlotConfig = z
  .object({
    main_plot: z.record(z.string(), PlotIndicator).optional(),
    subplots: z.record(z.string(), z.record(z.string(), PlotIndicator)).optional(),
  })
  .meta({ id: 'PlotConfig' });
export type PlotConfig = z.infer<typeof PlotConfig>;

/** GET /available_pairs. */
export const AvailablePairs = z
  .object({
    length: int(),
    pairs: z.array(z.string()),
    pair_interval: z.array(z.tuple([z.string(), z.string(), z.string()])),
  })
  .meta({ id: 'AvailablePairs' });
export type AvailablePairs = z.infer<typeof AvailablePairs>;
